using System;
using System.Collections.Generic;
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

        public static void Run()
        {
            var slim = new SemaphoreSlim(1, 1);
            var lockDefault = new AsyncLock(detectReentrancy: false);
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
                    ("AsyncLock(detectReentrancy: false)", async () => { using (await lockDefault.LockAsync()) { } }),
                    ("AsyncLock() (re-entry check)", async () => { using (await lockDetect.LockAsync()) { } }),
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

            Console.WriteLine($"| Scenario | Method | CPU time per op (min of {Rounds} rounds) | Ratio |");
            Console.WriteLine("|---|---|---:|---:|");
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
                    Console.WriteLine($"| {(c == 0 ? group : "")} | {cases[c].Name} | {best[c]:N1} ns | {best[c] / best[0]:F2} |");
                }
            }
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
