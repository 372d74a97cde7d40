using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace AsyncGuard.Benchmarks.Runtime
{
    /// <summary>
    /// A load-tolerant cross-check of the BenchmarkDotNet ratios (`-- --cpu-compare`, Linux only): the same
    /// scenarios as the suite, timed by the thread's CPU clock, so time spent descheduled by other processes does not
    /// count, and interleaved (baseline, candidate, baseline, ...) over many short rounds keeping each one's minimum,
    /// so a burst of load hits both sides. It reports no allocations; BenchmarkDotNet's column is the reference.
    /// Only scenarios that finish on the measuring thread are included (SemaphoreSlim's hand-off with a token
    /// resumes through the thread pool, whose CPU time this clock would not see).
    /// </summary>
    internal static class CpuTimeCompare
    {
        private const int Rounds = 40;

        /// <summary>Times every scenario in this process and prints the table.</summary>
        public static void Run()
        {
            Console.WriteLine($"| Scenario | Method | CPU time per op (min of {Rounds} rounds) | Ratio |");
            Console.WriteLine("|---|---|---:|---:|");
            foreach (var row in MeasureAll())
            {
                Console.WriteLine($"| {(row.IsBaseline ? row.Group : "")} | {row.Method} | {row.Nanoseconds:N1} ns | {row.Ratio:F2} |");
            }
        }

        /// <summary>
        /// Runs the comparison in <paramref name="processes"/> fresh processes, one after the other, and prints the
        /// median of each ratio with its range. One process is not enough on a VM: tiered compilation gives each
        /// process its own optimized code, and the same scenario's ratio can differ by a third between processes.
        /// </summary>
        public static void RunInProcesses(int processes)
        {
            var ratios = new Dictionary<(string Group, string Method), List<double>>();
            var order = new List<(string Group, string Method)>();
            for (int p = 0; p < processes; p++)
            {
                foreach (string line in RunChild())
                {
                    string[] cells = line.Split('\t');
                    var key = (cells[0], cells[1]);
                    if (!ratios.TryGetValue(key, out var list))
                    {
                        ratios[key] = list = new List<double>();
                        order.Add(key);
                    }

                    list.Add(double.Parse(cells[2], CultureInfo.InvariantCulture));
                }
            }

            Console.WriteLine($"| Scenario | Method | Median ratio of {processes} processes | Lowest | Highest |");
            Console.WriteLine("|---|---|---:|---:|---:|");
            string? lastGroup = null;
            foreach (var key in order)
            {
                var list = ratios[key];
                list.Sort();
                double median = list.Count % 2 == 1 ? list[list.Count / 2] : (list[(list.Count / 2) - 1] + list[list.Count / 2]) / 2;
                Console.WriteLine($"| {(key.Group == lastGroup ? "" : key.Group)} | {key.Method} | {median:F2} | {list[0]:F2} | {list[list.Count - 1]:F2} |");
                lastGroup = key.Group;
            }
        }

        /// <summary>The child side of <see cref="RunInProcesses"/>: one tab-separated line (scenario, method, ratio) per case.</summary>
        public static void RunAsChild()
        {
            foreach (var row in MeasureAll())
            {
                Console.WriteLine(string.Join("\t", row.Group, row.Method, row.Ratio.ToString("R", CultureInfo.InvariantCulture)));
            }
        }

        private static List<string> RunChild()
        {
            // Under `dotnet run` the process is the app host; under `dotnet x.dll` it is the dotnet host.
            string host = Environment.ProcessPath ?? "dotnet";
            bool viaDotnet = Path.GetFileNameWithoutExtension(host) == "dotnet";
            var start = new ProcessStartInfo(host)
            {
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            if (viaDotnet)
            {
                start.ArgumentList.Add(typeof(CpuTimeCompare).Assembly.Location);
            }

            start.ArgumentList.Add("--cpu-compare-child");
            using var child = Process.Start(start) ?? throw new InvalidOperationException("Could not start the measuring process.");
            var lines = new List<string>();
            string? line;
            while ((line = child.StandardOutput.ReadLine()) != null)
            {
                if (line.Length > 0)
                {
                    lines.Add(line);
                }
            }

            child.WaitForExit();
            if (child.ExitCode != 0)
            {
                throw new InvalidOperationException($"The measuring process exited with {child.ExitCode}.");
            }

            return lines;
        }

        private static List<(string Group, string Method, double Nanoseconds, double Ratio, bool IsBaseline)> MeasureAll()
        {
            var slim = new SemaphoreSlim(1, 1);
            var lockDefault = new AsyncLock();
            var lockDetect = new AsyncLock(detectReentrancy: true);
            var lockNoDetect = new AsyncLock(detectReentrancy: false);
            var queue = new AsyncQueue<int>();
            var channel = Channel.CreateUnbounded<int>(new UnboundedChannelOptions { AllowSynchronousContinuations = false });
            var priority = new AsyncPriorityQueue<int, int>();
            var prioritized = Channel.CreateUnboundedPrioritized(new UnboundedPrioritizedChannelOptions<int> { AllowSynchronousContinuations = false });
            var rng = new Random(42);
            var priorities = new int[100];
            for (int i = 0; i < priorities.Length; i++) priorities[i] = rng.Next(1000);
            var slimWaiters = new Task[100];
            var lockWaiters = new ValueTask<AsyncLock.Releaser>[100];

            var groups = new (string Group, int Ops, (string Name, Func<ValueTask> Body)[] Cases)[]
            {
                ("Uncontended", 50_000, new (string, Func<ValueTask>)[]
                {
                    ("SemaphoreSlim", async () => { await slim.WaitAsync(); slim.Release(); }),
                    ("AsyncLock() (default, no re-entry check)", async () => { using (await lockDefault.LockAsync()) { } }),
                    ("AsyncLock(detectReentrancy: true) (re-entry check)", async () => { using (await lockDetect.LockAsync()) { } }),
                }),
                ("Waiters100", 500, new (string, Func<ValueTask>)[]
                {
                    ("SemaphoreSlim", async () =>
                    {
                        await slim.WaitAsync();
                        for (int i = 0; i < 100; i++) slimWaiters[i] = slim.WaitAsync();
                        slim.Release();
                        for (int i = 0; i < 100; i++) { await slimWaiters[i]; slim.Release(); }
                    }),
                    ("AsyncLock", async () =>
                    {
                        var h = await lockNoDetect.LockAsync();
                        for (int i = 0; i < 100; i++) lockWaiters[i] = lockNoDetect.LockAsync();
                        h.Dispose();
                        for (int i = 0; i < 100; i++) (await lockWaiters[i]).Dispose();
                    }),
                }),
                ("ItemQueued", 50_000, new (string, Func<ValueTask>)[]
                {
                    ("Channel (unbounded)", async () => { channel.Writer.TryWrite(1); await channel.Reader.ReadAsync(); }),
                    ("AsyncQueue", async () => { queue.TryEnqueue(1); await queue.DequeueAsync(); }),
                }),
                ("WaitingConsumer", 50_000, new (string, Func<ValueTask>)[]
                {
                    ("Channel (unbounded)", async () => { var r = channel.Reader.ReadAsync(); channel.Writer.TryWrite(1); await r; }),
                    ("AsyncQueue", async () => { var r = queue.DequeueAsync(); queue.TryEnqueue(1); await r; }),
                }),
                ("Priority100", 500, new (string, Func<ValueTask>)[]
                {
                    ("Channel (prioritized)", async () =>
                    {
                        for (int i = 0; i < priorities.Length; i++) prioritized.Writer.TryWrite(priorities[i]);
                        for (int i = 0; i < priorities.Length; i++) await prioritized.Reader.ReadAsync();
                    }),
                    ("AsyncPriorityQueue", async () =>
                    {
                        for (int i = 0; i < priorities.Length; i++) priority.TryEnqueue(priorities[i], priorities[i]);
                        for (int i = 0; i < priorities.Length; i++) await priority.DequeueAsync();
                    }),
                }),
            };

            var rows = new List<(string Group, string Method, double Nanoseconds, double Ratio, bool IsBaseline)>();
            foreach (var (group, ops, cases) in groups)
            {
                // Warm up first: tiered compilation recompiles hot methods on a background thread after a delay,
                // and a round measured before that would time unoptimized code.
                for (int warmup = 0; warmup < 3; warmup++)
                {
                    foreach (var (_, body) in cases)
                    {
                        Measure(body, ops / 4);
                    }

                    Thread.Sleep(150);
                }

                var best = new double[cases.Length];
                Array.Fill(best, double.MaxValue);
                for (int round = 0; round < Rounds; round++)
                {
                    for (int c = 0; c < cases.Length; c++)
                    {
                        best[c] = Math.Min(best[c], Measure(cases[c].Body, ops));
                    }
                }

                for (int c = 0; c < cases.Length; c++)
                {
                    rows.Add((group, cases[c].Name, best[c], best[c] / best[0], c == 0));
                }
            }

            return rows;
        }

        private static double Measure(Func<ValueTask> body, int ops)
        {
            long start = ThreadCpuNanoseconds();
            for (int i = 0; i < ops; i++)
            {
                body().GetAwaiter().GetResult(); // every scenario completes synchronously
            }

            return (double)(ThreadCpuNanoseconds() - start) / ops;
        }

        private const int ClockThreadCpuTime = 3; // CLOCK_THREAD_CPUTIME_ID on Linux

        [StructLayout(LayoutKind.Sequential)]
        private struct TimeSpec
        {
            public long Seconds;
            public long Nanoseconds;
        }

        [DllImport("libc", EntryPoint = "clock_gettime")]
        private static extern int ClockGetTime(int clock, out TimeSpec time);

        private static long ThreadCpuNanoseconds()
        {
            if (ClockGetTime(ClockThreadCpuTime, out TimeSpec t) != 0)
            {
                throw new PlatformNotSupportedException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed; --cpu-compare needs Linux.");
            }

            return (t.Seconds * 1_000_000_000) + t.Nanoseconds;
        }
    }
}
