using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace AsyncGuard.Runtime.Tests
{
    /// <summary>
    /// Time-bounded stress runs with fixed seeds and random cancellation. Each run has a hard timeout that fails
    /// the test, so a deadlock or a lost wake-up shows up as a failure, not a hang.
    /// </summary>
    public sealed class StressTests
    {
        private static readonly TimeSpan RunFor = TimeSpan.FromMilliseconds(1500);
        private const int HardTimeoutMs = 30_000;
        private const int MaxItemsPerProducer = 400_000;
        private const int MinWork = 2_000; // keep going past RunFor until this much was done, so a loaded machine still tests something

        private sealed class QueueUnderTest
        {
            public required Func<int, CancellationToken, ValueTask> EnqueueAsync { get; init; }
            public required Func<int, bool> TryEnqueue { get; init; }
            public required Func<CancellationToken, ValueTask<int>> DequeueAsync { get; init; }
            public required Func<(bool, int)> TryDequeue { get; init; }
            public required Action Complete { get; init; }
            public required Action MarkDone { get; init; }
            public required Func<ValueTask> WaitAllDoneAsync { get; init; }
            public required Func<int> Count { get; init; }
        }

        private static QueueUnderTest Make(string kind, int capacity)
        {
            switch (kind)
            {
                case "fifo":
                {
                    var q = capacity > 0 ? new AsyncQueue<int>(capacity) : new AsyncQueue<int>();
                    return new QueueUnderTest
                    {
                        EnqueueAsync = q.EnqueueAsync, TryEnqueue = q.TryEnqueue, DequeueAsync = q.DequeueAsync,
                        TryDequeue = () => (q.TryDequeue(out int v), v), Complete = q.Complete, MarkDone = q.MarkDone,
                        WaitAllDoneAsync = () => q.WaitAllDoneAsync(), Count = () => q.Count,
                    };
                }

                case "lifo":
                {
                    var q = capacity > 0 ? new AsyncStack<int>(capacity) : new AsyncStack<int>();
                    return new QueueUnderTest
                    {
                        EnqueueAsync = q.PushAsync, TryEnqueue = q.TryPush, DequeueAsync = q.PopAsync,
                        TryDequeue = () => (q.TryPop(out int v), v), Complete = q.Complete, MarkDone = q.MarkDone,
                        WaitAllDoneAsync = () => q.WaitAllDoneAsync(), Count = () => q.Count,
                    };
                }

                default:
                {
                    var q = capacity > 0 ? new AsyncPriorityQueue<int, int>(capacity) : new AsyncPriorityQueue<int, int>();
                    return new QueueUnderTest
                    {
                        EnqueueAsync = (v, ct) => q.EnqueueAsync(v, v % 7, ct), TryEnqueue = v => q.TryEnqueue(v, v % 7),
                        DequeueAsync = q.DequeueAsync, TryDequeue = () => (q.TryDequeue(out int v), v),
                        Complete = q.Complete, MarkDone = q.MarkDone, WaitAllDoneAsync = () => q.WaitAllDoneAsync(),
                        Count = () => q.Count,
                    };
                }
            }
        }

        /// <summary>Returns a token that is, at random: none, already cancelled, cancelled right after the call starts, or a little later.</summary>
        private static CancellationTokenSource? PickCancellation(Random rng, out int mode)
        {
            mode = rng.Next(10);
            if (mode >= 4)
            {
                return null;
            }

            var cts = new CancellationTokenSource();
            if (mode == 0)
            {
                cts.Cancel();
            }

            return cts;
        }

        private static async Task CancelPerMode(CancellationTokenSource? cts, int mode)
        {
            if (cts is null)
            {
                return;
            }

            if (mode == 1)
            {
                cts.Cancel(); // races with a concurrent hand-off
            }
            else if (mode == 2)
            {
                await Task.Yield();
                cts.Cancel();
            }
            else if (mode == 3)
            {
                _ = Task.Run(cts.Cancel);
            }
        }

        [Theory]
        [InlineData("fifo", 1, 0)]
        [InlineData("fifo", 2, 8)]
        [InlineData("lifo", 3, 4)]
        [InlineData("priority", 4, 8)]
        public async Task Producers_and_consumers_with_random_cancellation_deliver_every_item_exactly_once(string kind, int seed, int capacity)
        {
            const int producers = 3, consumers = 3;
            var q = Make(kind, capacity);
            var seen = new int[producers * MaxItemsPerProducer];
            var produced = new int[producers];
            long consumed = 0, cancellations = 0;
            var stopAt = Stopwatch.StartNew();

            var producerTasks = Enumerable.Range(0, producers).Select(p => Task.Run(async () =>
            {
                var rng = new Random((seed * 100) + p);
                int k = 0;
                while ((stopAt.Elapsed < RunFor || k < MinWork) && k < MaxItemsPerProducer)
                {
                    int item = (p * MaxItemsPerProducer) + k;
                    if (rng.Next(5) == 0 && q.TryEnqueue(item))
                    {
                        k++;
                        continue;
                    }

                    var cts = PickCancellation(rng, out int mode);
                    try
                    {
                        ValueTask pending = q.EnqueueAsync(item, cts?.Token ?? default);
                        await CancelPerMode(cts, mode);
                        await pending;
                        k++; // accepted exactly once; a cancelled enqueue is retried with the same item
                    }
                    catch (OperationCanceledException)
                    {
                        Interlocked.Increment(ref cancellations);
                    }
                    finally
                    {
                        cts?.Dispose();
                    }
                }

                produced[p] = k;
            })).ToArray();

            var consumerTasks = Enumerable.Range(0, consumers).Select(c => Task.Run(async () =>
            {
                var rng = new Random((seed * 100) + 50 + c);
                while (true)
                {
                    int item;
                    if (rng.Next(5) == 0)
                    {
                        var (ok, v) = q.TryDequeue();
                        if (!ok)
                        {
                            continue;
                        }

                        item = v;
                    }
                    else
                    {
                        var cts = PickCancellation(rng, out int mode);
                        try
                        {
                            ValueTask<int> pending = q.DequeueAsync(cts?.Token ?? default);
                            await CancelPerMode(cts, mode);
                            item = await pending;
                        }
                        catch (OperationCanceledException)
                        {
                            Interlocked.Increment(ref cancellations);
                            continue;
                        }
                        catch (QueueCompletedException)
                        {
                            return;
                        }
                        finally
                        {
                            cts?.Dispose();
                        }
                    }

                    Interlocked.Increment(ref seen[item]);
                    Interlocked.Increment(ref consumed);
                    q.MarkDone();
                }
            })).ToArray();

            await Task.WhenAll(producerTasks).WithTimeout(HardTimeoutMs);
            q.Complete();
            await Task.WhenAll(consumerTasks).WithTimeout(HardTimeoutMs);
            await q.WaitAllDoneAsync().WithTimeout(HardTimeoutMs);

            Assert.Equal(produced.Sum(), Interlocked.Read(ref consumed));
            for (int p = 0; p < producers; p++)
            {
                for (int k = 0; k < produced[p]; k++)
                {
                    int count = seen[(p * MaxItemsPerProducer) + k];
                    if (count != 1)
                    {
                        Assert.Fail($"item {p}/{k} was dequeued {count} times");
                    }
                }
            }

            Assert.Equal(0, q.Count());
            Assert.True(produced.Sum() >= producers * MinWork, $"too little work done: {produced.Sum()}");
            Assert.True(Interlocked.Read(ref cancellations) > 100, $"too few cancellations: {cancellations}");
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public async Task AsyncLock_keeps_mutual_exclusion_under_contention_with_random_cancellation(bool detectReentrancy)
        {
            var l = new AsyncLock(detectReentrancy);
            int inside = 0, violations = 0;
            long shared = 0, acquisitions = 0, cancellations = 0;
            var clock = Stopwatch.StartNew();
            var workers = Enumerable.Range(0, 6).Select(w => Task.Run(async () =>
            {
                var rng = new Random(700 + w);
                while (clock.Elapsed < RunFor || Volatile.Read(ref acquisitions) < MinWork)
                {
                    var cts = PickCancellation(rng, out int mode);
                    AsyncLock.Releaser releaser;
                    try
                    {
                        var pending = l.LockAsync(cts?.Token ?? default);
                        await CancelPerMode(cts, mode);
                        releaser = await pending;
                    }
                    catch (OperationCanceledException)
                    {
                        Interlocked.Increment(ref cancellations);
                        continue;
                    }
                    finally
                    {
                        cts?.Dispose();
                    }

                    using (releaser)
                    {
                        if (Interlocked.Increment(ref inside) != 1)
                        {
                            Interlocked.Increment(ref violations);
                        }

                        long read = shared;
                        if (rng.Next(8) == 0)
                        {
                            await Task.Yield(); // hold the lock across an await
                        }

                        shared = read + 1;
                        Volatile.Write(ref acquisitions, acquisitions + 1); // under the lock
                        Interlocked.Decrement(ref inside);
                    }
                }
            })).ToArray();

            await Task.WhenAll(workers).WithTimeout(HardTimeoutMs);
            Assert.Equal(0, violations);
            Assert.Equal(acquisitions, shared);
            Assert.False(l.IsHeld);
            Assert.True(l.TryLock(out var r), "a lock hand-off was lost");
            r.Dispose();
            Assert.True(acquisitions >= MinWork, $"too little work done: {acquisitions}");
            Assert.True(cancellations > 100, $"too few cancellations: {cancellations}");
        }

        [Fact]
        public async Task AsyncSemaphore_never_exceeds_its_count_and_loses_no_permit()
        {
            const int permits = 3;
            var s = new AsyncSemaphore(permits, permits);
            int inside = 0, maxInside = 0;
            long acquisitions = 0, cancellations = 0;
            var clock = Stopwatch.StartNew();
            var workers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
            {
                var rng = new Random(900 + w);
                while (clock.Elapsed < RunFor || Interlocked.Read(ref acquisitions) < MinWork)
                {
                    var cts = PickCancellation(rng, out int mode);
                    try
                    {
                        var pending = s.WaitAsync(cts?.Token ?? default);
                        await CancelPerMode(cts, mode);
                        await pending;
                    }
                    catch (OperationCanceledException)
                    {
                        Interlocked.Increment(ref cancellations);
                        continue;
                    }
                    finally
                    {
                        cts?.Dispose();
                    }

                    int now = Interlocked.Increment(ref inside);
                    int seenMax;
                    while (now > (seenMax = Volatile.Read(ref maxInside)) && Interlocked.CompareExchange(ref maxInside, now, seenMax) != seenMax)
                    {
                    }

                    if (rng.Next(8) == 0)
                    {
                        await Task.Yield();
                    }

                    Interlocked.Increment(ref acquisitions);
                    Interlocked.Decrement(ref inside);
                    s.Release(1);
                }
            })).ToArray();

            await Task.WhenAll(workers).WithTimeout(HardTimeoutMs);
            Assert.True(maxInside <= permits, $"{maxInside} holders at once");
            Assert.Equal(permits, s.CurrentCount);
            Assert.True(acquisitions >= MinWork, $"too little work done: {acquisitions}");
            Assert.True(cancellations > 100, $"too few cancellations: {cancellations}");
        }
    }
}
