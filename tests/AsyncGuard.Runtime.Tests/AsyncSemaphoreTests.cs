using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace AsyncGuard.Runtime.Tests
{
    public sealed class AsyncSemaphoreTests
    {
        [Fact]
        public void Constructor_validates_counts()
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => new AsyncSemaphore(-1));
            Assert.Throws<ArgumentOutOfRangeException>(() => new AsyncSemaphore(2, 1));
            Assert.Throws<ArgumentOutOfRangeException>(() => new AsyncSemaphore(0, 0));
            var s = new AsyncSemaphore(1, 3);
            Assert.Equal(1, s.CurrentCount);
            Assert.Equal(3, s.MaxCount);
        }

        [Fact]
        public async Task WaitAsync_takes_permits_and_then_waits()
        {
            var s = new AsyncSemaphore(2);
            Assert.True(s.WaitAsync().IsCompletedSuccessfully);
            Assert.True(s.WaitAsync().IsCompletedSuccessfully);
            Assert.Equal(0, s.CurrentCount);
            ValueTask third = s.WaitAsync();
            TestUtil.AssertPending(third);
            Assert.Equal(0, s.Release());
            await third.WithTimeout();
            Assert.Equal(0, s.CurrentCount);
        }

        [Fact]
        public void TryWait_takes_only_available_permits()
        {
            var s = new AsyncSemaphore(1);
            Assert.True(s.TryWait());
            Assert.False(s.TryWait());
            s.Release();
            Assert.True(s.TryWait());
        }

        [Fact]
        public async Task Release_n_wakes_waiters_in_fifo_order_and_keeps_the_rest()
        {
            var s = new AsyncSemaphore(0);
            var order = new List<int>();
            var tasks = new List<Task>();
            for (int i = 0; i < 3; i++)
            {
                int n = i;
                var vt = s.WaitAsync();
                tasks.Add(Task.Run(async () => { await vt; lock (order) order.Add(n); }));
            }

            Assert.Equal(0, s.Release(5));
            await Task.WhenAll(tasks).WithTimeout();
            Assert.Equal(3, order.Count);
            Assert.Equal(2, s.CurrentCount);

            var fifo = new AsyncSemaphore(0);
            ValueTask a = fifo.WaitAsync();
            ValueTask b = fifo.WaitAsync();
            fifo.Release();
            Assert.True(a.IsCompleted, "the oldest waiter gets the permit");
            TestUtil.AssertPending(b);
            await a.WithTimeout();
            fifo.Release();
            await b.WithTimeout();
        }

        [Fact]
        public void Release_past_maximum_throws_and_changes_nothing()
        {
            var s = new AsyncSemaphore(1, 2);
            Assert.Throws<SemaphoreFullException>(() => s.Release(2));
            Assert.Equal(1, s.CurrentCount);
            s.Release();
            Assert.Throws<SemaphoreFullException>(() => s.Release());
            Assert.Throws<ArgumentOutOfRangeException>(() => s.Release(0));
        }

        [Fact]
        public async Task Already_cancelled_token_throws_at_once_even_with_free_permits()
        {
            var s = new AsyncSemaphore(1);
            await TestUtil.AssertCanceled(s.WaitAsync(new CancellationToken(true)));
            Assert.Equal(1, s.CurrentCount);
        }

        [Fact]
        public async Task Cancelled_waiter_loses_no_permit()
        {
            var s = new AsyncSemaphore(0);
            using var cts = new CancellationTokenSource();
            var cancelled = s.WaitAsync(cts.Token);
            var next = s.WaitAsync().AsTask();
            cts.Cancel();
            await TestUtil.AssertCanceled(cancelled);
            s.Release();
            await next.WithTimeout();
            s.Release();
            Assert.Equal(1, s.CurrentCount);
        }

        [Fact]
        public async Task Cancelling_waiters_anywhere_in_the_list_keeps_the_others_in_fifo_order()
        {
            var s = new AsyncSemaphore(0);
            var rng = new Random(77);
            var sources = new CancellationTokenSource[200];
            var waits = new Task[200];
            for (int i = 0; i < waits.Length; i++)
            {
                sources[i] = new CancellationTokenSource();
                waits[i] = s.WaitAsync(sources[i].Token).AsTask();
            }

            var cancelled = new HashSet<int>();
            foreach (int i in Enumerable.Range(0, 200).OrderBy(_ => rng.Next()).Take(100))
            {
                sources[i].Cancel(); // head, tail and middle removals of the linked list
                cancelled.Add(i);
            }

            for (int i = 0; i < waits.Length; i++)
            {
                if (cancelled.Contains(i))
                {
                    await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waits[i].WithTimeout());
                    continue;
                }

                Assert.False(waits[i].IsCompleted);
                s.Release();
                await waits[i].WithTimeout();
            }

            Assert.Equal(0, s.CurrentCount);
            foreach (var cts in sources) cts.Dispose();
        }

        [Fact]
        public async Task Release_does_not_run_the_waiter_inline()
        {
            var s = new AsyncSemaphore(0);
            await TestUtil.AssertContinuationNotInline(s.WaitAsync(), () => s.Release());
        }

        [Fact]
        public async Task Dispose_faults_waiters()
        {
            var s = new AsyncSemaphore(0);
            var w = s.WaitAsync().AsTask();
            s.Dispose();
            await Assert.ThrowsAsync<ObjectDisposedException>(() => w.WithTimeout());
            Assert.Throws<ObjectDisposedException>(() => s.TryWait());
        }

        [Fact]
        public void Uncontended_and_hand_off_paths_allocate_nothing()
        {
            var s = new AsyncSemaphore(1);
            using var cts = new CancellationTokenSource();
            void Cycle(CancellationToken ct)
            {
                s.WaitAsync(ct).GetAwaiter().GetResult();
                var waiter = s.WaitAsync(ct);
                s.Release();
                waiter.GetAwaiter().GetResult();
                s.Release();
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
}
