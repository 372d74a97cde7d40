using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace AsyncGuard.Runtime.Tests.TaskModel
{
    public sealed class AsyncProcessTests
    {
        [Fact]
        public async Task RunsAProgramAndCapturesItsOutput()
        {
            ProcessResult r = await AsyncProcess.RunAsync("echo", new[] { "hello", "world" });
            Assert.Equal("hello world\n", r.StandardOutput);
            Assert.Equal(0, r.ExitCode);
            Assert.True(r.Succeeded);
            Assert.True(r.Duration > TimeSpan.Zero);
        }

        [Fact]
        public async Task ArgumentsArePassedVerbatimWithoutAShell()
        {
            ProcessResult r = await AsyncProcess.RunAsync("sh", new[] { "-c", "printf '%s|' \"$@\"", "_", "a b", "c\"d", "", "$HOME", "e\\\\\"f" });
            Assert.Equal("a b|c\"d||$HOME|e\\\\\"f|", r.StandardOutput);
        }

        [Fact]
        public void TheNetStandardCommandLineRoundTrips()
        {
            var args = new List<string> { "-c", "printf '%s|' \"$@\"", "_", "a b", "c\"d", "", "tail\\", "x\\\"y", "tab\there" };
            var info = new ProcessStartInfo("sh", CommandLine.Join(args)) { RedirectStandardOutput = true, UseShellExecute = false };
            using Process p = Process.Start(info)!;
            string output = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            Assert.Equal(string.Join("|", args.GetRange(3, args.Count - 3)) + "|", output);
        }

        [Fact]
        public async Task StandardInputErrorAndExitCode()
        {
            ProcessResult cat = await AsyncProcess.RunAsync("cat", null, new ProcessRunOptions { StandardInput = "line 1\nline 2\n" });
            Assert.Equal("line 1\nline 2\n", cat.StandardOutput);

            ProcessResult failing = await AsyncProcess.RunAsync("sh", new[] { "-c", "echo out; echo err >&2; exit 3" });
            Assert.Equal(3, failing.ExitCode);
            Assert.Equal("out\n", failing.StandardOutput);
            Assert.Equal("err\n", failing.StandardError);
            var e = Assert.Throws<ProcessExitException>(() => failing.EnsureSuccess());
            Assert.Equal(3, e.ExitCode);

            ProcessResult noInput = await Bounded.Within(AsyncProcess.RunAsync("cat"));
            Assert.Equal(string.Empty, noInput.StandardOutput);
        }

        [Fact]
        public async Task LargeOutputOnBothStreamsDoesNotDeadlock()
        {
            ProcessResult r = await Bounded.Within(AsyncProcess.RunAsync("sh", new[] { "-c", "yes err 2>/dev/null | head -n 100000 >&2; yes out 2>/dev/null | head -n 100000" }));
            Assert.Equal(400000, r.StandardOutput.Length);
            Assert.Equal(400000, r.StandardError.Length);
        }

        [Fact]
        public async Task EnvironmentAndWorkingDirectory()
        {
            var options = new ProcessRunOptions { WorkingDirectory = Path.GetTempPath() };
            options.Environment["AG_TEST_VALUE"] = "v 1";
            options.Environment["HOME"] = null;
            ProcessResult r = await AsyncProcess.RunAsync("sh", new[] { "-c", "echo \"$AG_TEST_VALUE\"; echo \"${HOME-unset}\"; pwd" }, options);
            string[] lines = r.StandardOutput.Split('\n');
            Assert.Equal("v 1", lines[0]);
            Assert.Equal("unset", lines[1]);
            Assert.Equal(Path.GetFullPath(Path.GetTempPath()).TrimEnd('/'), lines[2].TrimEnd('/'));
        }

        [Fact]
        public async Task AMissingProgramGivesAClearException()
        {
            var e = await Assert.ThrowsAsync<FileNotFoundException>(() => AsyncProcess.RunAsync("no-such-program-ag-4711"));
            Assert.Contains("no-such-program-ag-4711", e.Message);
            await Assert.ThrowsAsync<DirectoryNotFoundException>(() => AsyncProcess.RunAsync("echo", null, new ProcessRunOptions { WorkingDirectory = "/no/such/dir/ag" }));
        }

        [Fact]
        public async Task CancellationKillsTheWholeTreeWithinASecond()
        {
            string pidFile = Path.Combine(Path.GetTempPath(), "ag-tree-" + Guid.NewGuid().ToString("N"));
            using var cts = new CancellationTokenSource();
            Task<ProcessResult> run = AsyncProcess.RunAsync("sh", new[] { "-c", $"sleep 30 & echo $! > {pidFile}; sleep 30 & echo $! >> {pidFile}; wait" }, cancellationToken: cts.Token);
            int[] sleeps = await ReadPids(pidFile, 2);
            var clock = Stopwatch.StartNew();
            cts.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Bounded.Within(run));
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"took {clock.Elapsed}");
            await AssertGone(sleeps);
            File.Delete(pidFile);
        }

        [Fact]
        public async Task TimeoutKillsAndThrowsTimeoutException()
        {
            var clock = Stopwatch.StartNew();
            await Assert.ThrowsAsync<TimeoutException>(() => Bounded.Within(AsyncProcess.RunAsync("sleep", new[] { "30" }, new ProcessRunOptions { Timeout = TimeSpan.FromMilliseconds(200) })));
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
        }

        [Fact]
        public async Task TheManualTreeKillOfNetStandardWorks()
        {
            string pidFile = Path.Combine(Path.GetTempPath(), "ag-tree-" + Guid.NewGuid().ToString("N"));
            var info = new ProcessStartInfo("sh", new[] { "-c", $"(sleep 30 & echo $! >> {pidFile}; wait) & sleep 30 & echo $! >> {pidFile}; wait" }) { UseShellExecute = false };
            using Process root = Process.Start(info)!;
            int[] sleeps = await ReadPids(pidFile, 2);
            ProcessTree.KillManually(root.Id);
            Assert.True(root.WaitForExit(2000));
            await AssertGone(sleeps);
            File.Delete(pidFile);
        }

        [Fact]
        public void StatLinesWithOddCommandNamesParse()
        {
            Assert.True(ProcessTree.TryParseStatParent("123 (a b) c)) S 77 123 123 0 -1", out int ppid));
            Assert.Equal(77, ppid);
            Assert.False(ProcessTree.TryParseStatParent("garbage", out _));
            Assert.Equal(new List<int> { 2, 4, 3 }, ProcessTree.Descendants(1, new Dictionary<int, int> { [2] = 1, [3] = 2, [4] = 1, [5] = 9 }));
        }

        [Fact]
        public async Task StreamingYieldsLinesAsTheyCome()
        {
            var lines = new List<ProcessOutputLine>();
            await foreach (ProcessOutputLine line in AsyncProcess.StreamAsync("sh", new[] { "-c", "echo one; sleep 0.1; echo two >&2; sleep 0.1; echo three" }))
            {
                lines.Add(line);
            }

            Assert.Equal(new[] { "one", "two", "three" }, lines.ConvertAll(l => l.Text));
            Assert.True(lines[1].IsError);

            await Assert.ThrowsAsync<ProcessExitException>(async () =>
            {
                await foreach (ProcessOutputLine _ in AsyncProcess.StreamAsync("sh", new[] { "-c", "echo x; exit 4" }))
                {
                }
            });
        }

        [Fact]
        public async Task StoppingTheStreamEarlyKillsTheProcess()
        {
            int pid = 0;
            var clock = Stopwatch.StartNew();
            await foreach (ProcessOutputLine line in AsyncProcess.StreamAsync("sh", new[] { "-c", "sleep 30 & echo $!; wait" }))
            {
                pid = int.Parse(line.Text);
                break;
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
            await AssertGone(new[] { pid });
        }

        private static async Task<int[]> ReadPids(string file, int count)
        {
            for (int i = 0; i < 200; i++)
            {
                if (File.Exists(file))
                {
                    string[] lines = File.ReadAllText(file).Split('\n', StringSplitOptions.RemoveEmptyEntries);
                    if (lines.Length >= count)
                    {
                        return Array.ConvertAll(lines, int.Parse);
                    }
                }

                await Task.Delay(10);
            }

            throw new TimeoutException("the shell did not start its children");
        }

        private static async Task AssertGone(IEnumerable<int> pids)
        {
            foreach (int pid in pids)
            {
                // Killed processes may linger briefly as zombies until reaped: count those as gone.
                bool gone = false;
                for (int i = 0; i < 100 && !gone; i++)
                {
                    string stat = $"/proc/{pid}/stat";
                    gone = !File.Exists(stat) || ReadState(stat) is 'Z' or 'X' or '?';
                    if (!gone)
                    {
                        await Task.Delay(10);
                    }
                }

                Assert.True(gone, $"process {pid} is still alive");
            }

            static char ReadState(string path)
            {
                try
                {
                    string s = File.ReadAllText(path);
                    return s[s.LastIndexOf(')') + 2];
                }
                catch (IOException)
                {
                    return '?';
                }
            }
        }
    }
}
