using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace AsyncGuard.Runtime.Tests
{
    public sealed class AsyncQueueTests
    {
        [Fact]
        public async Task Fifo_order_and_count()
        {
            var q = new AsyncQueue<int>();
            Assert.Null(q.Capacity);
            for (int i = 0; i < 20; i++) Assert.True(q.TryEnqueue(i));
            await q.EnqueueAsync(20);
            Assert.Equal(21, q.Count);
            for (int i = 0; i < 10; i++) Assert.Equal(i, await q.DequeueAsync());
            for (int i = 10; i < 21; i++) { Assert.True(q.TryDequeue(out int v)); Assert.Equal(i, v); }
            Assert.False(q.TryDequeue(out _));
            Assert.Equal(0, q.Count);
        }

        [Fact]
        public async Task Waiting_consumer_gets_the_item_directly()
        {
            var q = new AsyncQueue<string>();
            ValueTask<string> consumer = q.DequeueAsync();
            TestUtil.AssertPending(consumer);
            Assert.True(q.TryEnqueue("x"));
            Assert.Equal("x", await consumer.WithTimeout());
            Assert.Equal(0, q.Count);
        }

        [Fact]
        public async Task Bounded_queue_makes_producers_wait_in_fifo_order()
        {
            var q = new AsyncQueue<int>(capacity: 2);
            Assert.Equal(2, q.Capacity);
            Assert.Throws<ArgumentOutOfRangeException>(() => new AsyncQueue<int>(0));
            await q.EnqueueAsync(1);
            await q.EnqueueAsync(2);
            Assert.False(q.TryEnqueue(99));
            ValueTask p3 = q.EnqueueAsync(3);
            ValueTask p4 = q.EnqueueAsync(4);
            TestUtil.AssertPending(p3);
            TestUtil.AssertPending(p4);
            Assert.Equal(1, await q.DequeueAsync());
            Assert.True(p3.IsCompleted, "the oldest producer gets the room");
            TestUtil.AssertPending(p4);
            await p3.WithTimeout();
            Assert.Equal(2, await q.DequeueAsync());
            await p4.WithTimeout();
            Assert.Equal(3, await q.DequeueAsync());
            Assert.Equal(4, await q.DequeueAsync());
        }

        [Fact]
        public async Task Already_cancelled_token_throws_at_once()
        {
            var q = new AsyncQueue<int>();
            q.TryEnqueue(1);
            await TestUtil.AssertCanceled(q.DequeueAsync(new CancellationToken(true)));
            await TestUtil.AssertCanceled(q.EnqueueAsync(2, new CancellationToken(true)));
            await TestUtil.AssertCanceled(q.WaitAllDoneAsync(new CancellationToken(true)));
            Assert.Equal(1, q.Count);
        }

        [Fact]
        public async Task Cancelled_consumer_loses_no_item()
        {
            var q = new AsyncQueue<int>();
            using var cts = new CancellationTokenSource();
            var cancelled = q.DequeueAsync(cts.Token);
            var next = q.DequeueAsync().AsTask();
            cts.Cancel();
            await TestUtil.AssertCanceled(cancelled);
            q.TryEnqueue(7);
            Assert.Equal(7, await next.WithTimeout());
        }

        [Fact]
        public async Task Cancelled_producer_adds_nothing()
        {
            var q = new AsyncQueue<int>(capacity: 1);
            q.TryEnqueue(1);
            using var cts = new CancellationTokenSource();
            var p = q.EnqueueAsync(2, cts.Token);
            cts.Cancel();
            await TestUtil.AssertCanceled(p);
            Assert.Equal(1, await q.DequeueAsync());
            Assert.False(q.TryDequeue(out _));
            Assert.Equal(1, q.UnfinishedCount);
        }

        [Fact]
        public async Task Complete_drains_then_signals_completion()
        {
            var q = new AsyncQueue<int>(capacity: 2);
            q.TryEnqueue(1);
            q.TryEnqueue(2);
            var blockedProducer = q.EnqueueAsync(3).AsTask();
            q.Complete();
            q.Complete(); // idempotent
            Assert.True(q.IsCompleted);
            await Assert.ThrowsAsync<QueueCompletedException>(() => blockedProducer.WithTimeout());
            Assert.False(q.TryEnqueue(4));
            await Assert.ThrowsAsync<QueueCompletedException>(() => q.EnqueueAsync(4).AsTask());
            Assert.False(q.Completion.IsCompleted);
            Assert.Equal(1, await q.DequeueAsync());
            Assert.Equal(2, await q.DequeueAsync());
            await q.Completion.WithTimeout();
            await Assert.ThrowsAsync<QueueCompletedException>(() => q.DequeueAsync().AsTask());
        }

        [Fact]
        public async Task Complete_wakes_waiting_consumers()
        {
            var q = new AsyncQueue<int>();
            var c = q.DequeueAsync().AsTask();
            var completion = q.Completion;
            q.Complete();
            await Assert.ThrowsAsync<QueueCompletedException>(() => c.WithTimeout());
            await completion.WithTimeout();
        }

        [Fact]
        public async Task ReadAllAsync_yields_everything_then_ends()
        {
            var q = new AsyncQueue<int>();
            var producer = Task.Run(async () =>
            {
                for (int i = 0; i < 100; i++)
                {
                    await q.EnqueueAsync(i);
                    if (i % 10 == 0) await Task.Yield();
                }

                q.Complete();
            });
            var seen = new List<int>();
            await foreach (int v in q.ReadAllAsync())
            {
                seen.Add(v);
            }

            await producer.WithTimeout();
            Assert.Equal(Enumerable.Range(0, 100), seen);
        }

        [Fact]
        public async Task ReadAllAsync_honours_cancellation()
        {
            var q = new AsyncQueue<int>();
            using var cts = new CancellationTokenSource();
            await using IAsyncEnumerator<int> reader = q.ReadAllAsync(cts.Token).GetAsyncEnumerator();
            ValueTask<bool> next = reader.MoveNextAsync();
            TestUtil.AssertPending(next);
            cts.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next.WithTimeout());
        }

        [Fact]
        public async Task MarkDone_and_WaitAllDoneAsync_track_work()
        {
            var q = new AsyncQueue<int>();
            Assert.True(q.WaitAllDoneAsync().IsCompletedSuccessfully);
            Assert.Throws<InvalidOperationException>(() => q.MarkDone());
            q.TryEnqueue(1);
            q.TryEnqueue(2);
            Assert.Equal(2, q.UnfinishedCount);
            ValueTask allDone = q.WaitAllDoneAsync();
            await q.DequeueAsync();
            q.MarkDone();
            TestUtil.AssertPending(allDone);
            await q.DequeueAsync();
            q.MarkDone();
            await allDone.WithTimeout();
            Assert.Equal(0, q.UnfinishedCount);
        }

        [Fact]
        public async Task Enqueue_does_not_run_the_consumer_inline()
        {
            var q = new AsyncQueue<int>();
            await TestUtil.AssertContinuationNotInline(Wait(q.DequeueAsync()), () => q.TryEnqueue(1));
            var bounded = new AsyncQueue<int>(1);
            bounded.TryEnqueue(0);
            await TestUtil.AssertContinuationNotInline(bounded.EnqueueAsync(1), () => bounded.TryDequeue(out _));

            static async ValueTask Wait(ValueTask<int> v) => await v.ConfigureAwait(false);
        }

        [Fact]
        public void Steady_state_pairs_allocate_nothing()
        {
            var q = new AsyncQueue<int>();
            using var cts = new CancellationTokenSource();
            void Cycle(CancellationToken ct)
            {
                var waiting = q.DequeueAsync(ct);      // hand-off to a waiting consumer
                q.EnqueueAsync(1, ct).GetAwaiter().GetResult();
                waiting.GetAwaiter().GetResult();
                q.TryEnqueue(2);                      // item already queued
                q.DequeueAsync(ct).GetAwaiter().GetResult();
                q.MarkDone();
                q.MarkDone();
            }

            for (int i = 0; i < 100; i++) Cycle(cts.Token);
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 1000; i++)
            {
                Cycle(default);
                Cycle(cts.Token);
            }

            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }

    public sealed class AsyncStackTests
    {
        [Fact]
        public async Task Lifo_order_with_capacity_and_completion()
        {
            var s = new AsyncStack<int>(capacity: 3);
            Assert.Equal(3, s.Capacity);
            s.TryPush(1);
            s.TryPush(2);
            await s.PushAsync(3);
            Assert.False(s.TryPush(4));
            var waitingProducer = s.PushAsync(4).AsTask();
            Assert.Equal(3, await s.PopAsync());
            await waitingProducer.WithTimeout();
            Assert.Equal(4, await s.PopAsync());
            Assert.True(s.TryPop(out int two));
            Assert.Equal(2, two);
            s.Complete();
            var rest = new List<int>();
            await foreach (int v in s.ReadAllAsync()) rest.Add(v);
            Assert.Equal(new[] { 1 }, rest);
            await s.Completion.WithTimeout();
            Assert.Equal(4, s.UnfinishedCount);
            for (int i = 0; i < 4; i++) s.MarkDone();
            await s.WaitAllDoneAsync().WithTimeout();
            Assert.True(s.IsCompleted);
            Assert.Equal(0, s.Count);
        }

        [Fact]
        public async Task Cancelled_consumer_loses_no_item()
        {
            var s = new AsyncStack<int>();
            using var cts = new CancellationTokenSource();
            var c = s.PopAsync(cts.Token);
            cts.Cancel();
            await TestUtil.AssertCanceled(c);
            s.TryPush(5);
            Assert.Equal(5, await s.PopAsync());
        }
    }

    public sealed class AsyncPriorityQueueTests
    {
        [Fact]
        public async Task Smallest_priority_first_and_fifo_among_equals()
        {
            var q = new AsyncPriorityQueue<string, int>();
            q.TryEnqueue("c1", 3);
            q.TryEnqueue("a1", 1);
            q.TryEnqueue("c2", 3);
            await q.EnqueueAsync("b", 2);
            q.TryEnqueue("a2", 1);
            q.TryEnqueue("c3", 3);
            var result = new List<string>();
            while (q.TryDequeue(out string? s)) result.Add(s);
            Assert.Equal(new[] { "a1", "a2", "b", "c1", "c2", "c3" }, result);
        }

        [Fact]
        public void Random_priorities_come_out_sorted_and_stable()
        {
            var rng = new Random(1234);
            var q = new AsyncPriorityQueue<int, int>();
            var expected = new List<(int Priority, int Seq)>();
            for (int i = 0; i < 2000; i++)
            {
                int p = rng.Next(50);
                q.TryEnqueue(i, p);
                expected.Add((p, i));
                if (i % 7 == 0 && q.TryDequeue(out int got))
                {
                    var best = expected.OrderBy(e => e.Priority).ThenBy(e => e.Seq).First();
                    Assert.Equal(best.Seq, got);
                    expected.Remove(best);
                }
            }

            foreach (var e in expected.OrderBy(e => e.Priority).ThenBy(e => e.Seq))
            {
                Assert.True(q.TryDequeue(out int got));
                Assert.Equal(e.Seq, got);
            }
        }

        // The heap has one loop per comparison kind (int priorities packed with the arrival into one key, long
        // compared directly, other types through the default comparer, and a custom comparer): each must give
        // (priority, arrival) order.
        [Fact]
        public void Every_comparison_kind_gives_priority_then_arrival_order()
        {
            Check(new AsyncPriorityQueue<int, int>(), p => p, Comparer<int>.Default);
            Check(new AsyncPriorityQueue<int, long>(), p => (long)p * 1_000_000_007L, Comparer<long>.Default);
            Check(new AsyncPriorityQueue<int, string>(StringComparer.Ordinal), p => p.ToString("D3"), StringComparer.Ordinal);
            Check(new AsyncPriorityQueue<int, double>(), p => p / 3.0, Comparer<double>.Default);
            var reversed = Comparer<int>.Create((a, b) => b.CompareTo(a));
            Check(new AsyncPriorityQueue<int, int>(reversed), p => p, reversed);

            static void Check<TP>(AsyncPriorityQueue<int, TP> q, Func<int, TP> priority, IComparer<TP> order)
            {
                var rng = new Random(99);
                var model = new List<(TP Priority, int Seq)>();
                int seq = 0;
                for (int round = 0; round < 3000; round++)
                {
                    if (rng.Next(3) != 0 || model.Count == 0)
                    {
                        TP p = priority(rng.Next(40));
                        q.TryEnqueue(seq, p);
                        model.Add((p, seq++));
                        continue;
                    }

                    var best = model.OrderBy(e => e.Priority, order).ThenBy(e => e.Seq).First();
                    Assert.True(q.TryDequeue(out int got));
                    Assert.Equal(best.Seq, got);
                    model.Remove(best);
                }

                Assert.Equal(model.Count, q.Count);
                foreach (var e in model.OrderBy(e => e.Priority, order).ThenBy(e => e.Seq))
                {
                    Assert.True(q.TryDequeue(out int got));
                    Assert.Equal(e.Seq, got);
                }

                Assert.False(q.TryDequeue(out _));
            }
        }

        [Fact]
        public void Extreme_int_priorities_keep_their_order_in_packed_keys()
        {
            var q = new AsyncPriorityQueue<string, int>();
            int[] priorities = { int.MaxValue, 0, int.MinValue, -1, 1, int.MaxValue, int.MinValue, -1, 0 };
            for (int i = 0; i < priorities.Length; i++) q.TryEnqueue(priorities[i] + "#" + i, priorities[i]);
            var result = new List<string>();
            while (q.TryDequeue(out string? s)) result.Add(s);
            Assert.Equal(
                new[] { "-2147483648#2", "-2147483648#6", "-1#3", "-1#7", "0#1", "0#8", "1#4", "2147483647#0", "2147483647#5" },
                result);
        }

        // Packed keys hold the arrival number in 32 bits; when they run out the numbers are reissued in key order.
        // Items added before and after that point, with takes in between, must still leave by (priority, arrival).
        [Fact]
        public void Arrival_numbers_are_reissued_without_changing_the_order()
        {
            var store = new AsyncGuard.Internal.PriorityStore<int, int>(Comparer<int>.Default);
            store.NextSequence = AsyncGuard.Internal.PriorityStore<int, int>.ArrivalLimit - 40;
            var rng = new Random(7);
            var model = new List<(int Priority, int Seq)>();
            for (int seq = 0; seq < 200; seq++)
            {
                int p = rng.Next(-3, 4);
                store.Add((seq, p));
                model.Add((p, seq));
                if (seq % 3 == 0)
                {
                    var best = model.OrderBy(e => e.Priority).ThenBy(e => e.Seq).First();
                    Assert.True(store.TryTake(out int got));
                    Assert.Equal(best.Seq, got);
                    model.Remove(best);
                }
            }

            Assert.True(store.NextSequence < 200, "the arrival numbers were reissued");
            foreach (var e in model.OrderBy(e => e.Priority).ThenBy(e => e.Seq))
            {
                Assert.True(store.TryTake(out int got));
                Assert.Equal(e.Seq, got);
            }

            Assert.False(store.TryTake(out _));
        }

        [Fact]
        public void Steady_state_pairs_allocate_nothing()
        {
            var q = new AsyncPriorityQueue<int, int>();
            void Cycle(int i)
            {
                for (int k = 0; k < 20; k++) q.TryEnqueue(k, (k * 7919 + i) % 13);
                for (int k = 0; k < 20; k++) _ = q.DequeueAsync().Result;
                var waiting = q.DequeueAsync();
                q.TryEnqueue(i, i);
                _ = waiting.Result;
            }

            for (int i = 0; i < 100; i++) Cycle(i);
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 1000; i++) Cycle(i);
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        [Fact]
        public async Task Custom_comparer_and_capacity()
        {
            var q = new AsyncPriorityQueue<string, int>(2, Comparer<int>.Create((a, b) => b.CompareTo(a)));
            Assert.Equal(2, q.Capacity);
            q.TryEnqueue("low", 1);
            q.TryEnqueue("high", 9);
            Assert.False(q.TryEnqueue("mid", 5));
            var p = q.EnqueueAsync("mid", 5).AsTask();
            Assert.Equal("high", await q.DequeueAsync());
            await p.WithTimeout();
            Assert.Equal("mid", await q.DequeueAsync());
            Assert.Equal("low", await q.DequeueAsync());
        }

        [Fact]
        public async Task Waiting_consumer_completion_and_work_tracking()
        {
            var q = new AsyncPriorityQueue<int, int>();
            var c = q.DequeueAsync().AsTask();
            q.TryEnqueue(42, 0);
            Assert.Equal(42, await c.WithTimeout());
            q.MarkDone();
            await q.WaitAllDoneAsync().WithTimeout();
            using var cts = new CancellationTokenSource();
            var cancelled = q.DequeueAsync(cts.Token);
            cts.Cancel();
            await TestUtil.AssertCanceled(cancelled);
            q.TryEnqueue(1, 1);
            q.Complete();
            Assert.False(q.IsCompleted == false);
            var all = new List<int>();
            await foreach (int v in q.ReadAllAsync()) all.Add(v);
            Assert.Equal(new[] { 1 }, all);
            await q.Completion.WithTimeout();
            Assert.Equal(0, q.Count);
            Assert.Equal(1, q.UnfinishedCount);
        }
    }
}
