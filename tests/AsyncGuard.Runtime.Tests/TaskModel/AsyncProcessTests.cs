using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using AsyncGuard.Processes;
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

        // No wall-clock bounds: the children sleep for ten minutes, so a run that ends at all (Bounded: 10 s) was
        // ended by the kill, not by the children, and AssertGone checks each child is dead.
        [Fact]
        public async Task CancellationKillsTheWholeTree()
        {
            string pidFile = Path.Combine(Path.GetTempPath(), "ag-tree-" + Guid.NewGuid().ToString("N"));
            using var cts = new CancellationTokenSource();
            Task<ProcessResult> run = AsyncProcess.RunAsync("sh", new[] { "-c", $"sleep 600 & echo $! > {pidFile}; sleep 600 & echo $! >> {pidFile}; wait" }, cancellationToken: cts.Token);
            int[] sleeps = await ReadPids(pidFile, 2);
            Assert.False(run.IsCompleted);
            cts.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Bounded.Within(run));
            await AssertGone(sleeps);
            File.Delete(pidFile);
        }

        [Fact]
        public async Task TimeoutKillsAndThrowsTimeoutException()
        {
            // The run ends (within Bounded's 10 s) although the program sleeps ten minutes: the timeout killed it.
            Task<ProcessResult> run = AsyncProcess.RunAsync("sleep", new[] { "600" }, new ProcessRunOptions { Timeout = TimeSpan.FromMilliseconds(200) });
            await Assert.ThrowsAsync<TimeoutException>(() => Bounded.Within(run));
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

        // The script waits for a go-ahead file before each next line, and the test creates it only after it has
        // received the line before: lines arrive while the process runs, in an order that no sleep decides.
        [Fact]
        public async Task StreamingYieldsLinesAsTheyCome()
        {
            string go = Path.Combine(Path.GetTempPath(), "ag-go-" + Guid.NewGuid().ToString("N"));
            string script = $"echo one; until [ -e {go}1 ]; do sleep 0.01; done; echo two >&2; until [ -e {go}2 ]; do sleep 0.01; done; echo three";
            var lines = new List<ProcessOutputLine>();
            await foreach (ProcessOutputLine line in AsyncProcess.StreamAsync("sh", new[] { "-c", script }).WithCancellation(new CancellationTokenSource(Bounded.Limit).Token))
            {
                lines.Add(line);
                File.WriteAllText(go + lines.Count, "");
            }

            File.Delete(go + "1");
            File.Delete(go + "2");
            File.Delete(go + "3");

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
            await Bounded.Within(ReadFirstLine());
            await AssertGone(new[] { pid }); // the child sleeps ten minutes: it is gone only if it was killed

            async Task ReadFirstLine()
            {
                await foreach (ProcessOutputLine line in AsyncProcess.StreamAsync("sh", new[] { "-c", "sleep 600 & echo $!; wait" }))
                {
                    pid = int.Parse(line.Text);
                    break;
                }
            }
        }

        // Polls (a file has no change notification here) until a deadline far beyond any scheduling delay.
        private static async Task<int[]> ReadPids(string file, int count)
        {
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < Bounded.Limit)
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
                var clock = Stopwatch.StartNew();
                while (!gone && clock.Elapsed < Bounded.Limit)
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
