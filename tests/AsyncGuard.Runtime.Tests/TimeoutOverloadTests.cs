using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace AsyncGuard.Runtime.Tests
{
    // Issue 19 item 5: TimeSpan timeouts beside the token on AsyncLock.LockAsync and AsyncSemaphore.WaitAsync.
    // A wait that must time out is one that nobody ever satisfies, so its outcome does not depend on the clock; a wait
    // that must succeed gets a timeout of a day.
    public sealed class TimeoutOverloadTests
    {
        private static readonly TimeSpan Day = TimeSpan.FromDays(1);
        private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(20);

        [Fact]
        public async Task Lock_with_a_timeout_takes_a_free_lock_at_once()
        {
            var l = new AsyncLock();
            ValueTask<AsyncLock.Releaser> vt = l.LockAsync(Day);
            Assert.True(vt.IsCompletedSuccessfully);
            (await vt).Dispose();
            ValueTask<AsyncLock.Releaser> zero = l.LockAsync(TimeSpan.Zero);
            Assert.True(zero.IsCompletedSuccessfully);
            (await zero).Dispose();
            (await l.LockAsync(Timeout.InfiniteTimeSpan)).Dispose();
            Assert.False(l.IsHeld);
        }

        [Fact]
        public async Task Lock_timeout_throws_TimeoutException_and_takes_nothing()
        {
            var l = new AsyncLock();
            var holder = await l.LockAsync();
            ValueTask<AsyncLock.Releaser> zero = l.LockAsync(TimeSpan.Zero);
            Assert.True(zero.IsCompleted);
            await Assert.ThrowsAsync<TimeoutException>(() => zero.AsTask());

            await Assert.ThrowsAsync<TimeoutException>(() => l.LockAsync(Short).WithTimeout());
            Assert.True(l.IsHeld);
            ValueTask<AsyncLock.Releaser> next = l.LockAsync();
            holder.Dispose();
            (await next.WithTimeout()).Dispose(); // the timed-out waiter did not take the lock on its way out
            Assert.False(l.IsHeld);
        }

        [Fact]
        public async Task Lock_timed_wait_acquires_when_released_before_the_timeout()
        {
            var l = new AsyncLock();
            var holder = await l.LockAsync();
            ValueTask<AsyncLock.Releaser> timed = l.LockAsync(Day);
            TestUtil.AssertPending(timed);
            holder.Dispose();
            using (await timed.WithTimeout())
            {
                Assert.True(l.IsHeld);
            }

            Assert.False(l.IsHeld);
        }

        [Fact]
        public async Task Lock_timed_wait_cancelled_by_its_token_is_cancelled_not_timed_out()
        {
            var l = new AsyncLock();
            var holder = await l.LockAsync();
            using var cts = new CancellationTokenSource();
            ValueTask<AsyncLock.Releaser> timed = l.LockAsync(Day, cts.Token);
            cts.Cancel();
            await TestUtil.AssertCanceled(timed);
            await TestUtil.AssertCanceled(l.LockAsync(Day, new CancellationToken(true)));
            holder.Dispose();
            Assert.Throws<ArgumentOutOfRangeException>(() => { _ = l.LockAsync(TimeSpan.FromMilliseconds(-2)); });
        }

        [Fact]
        public void Lock_timed_hand_off_allocates_nothing_in_steady_state()
        {
            var l = new AsyncLock();
            void Cycle()
            {
                var holder = l.LockAsync(Day).Result;
                var waiter = l.LockAsync(Day);
                holder.Dispose();
                waiter.Result.Dispose();
            }

            for (int i = 0; i < 100; i++) Cycle();
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 1000; i++) Cycle();
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        // Timeouts racing hand-offs: each timed wait either gets the lock (and is then the only holder) or times out
        // having taken nothing; the lock ends free and every granted wait was counted once.
        [Fact]
        public async Task Lock_timeouts_racing_releases_never_lose_or_duplicate_the_lock()
        {
            var l = new AsyncLock();
            int inside = 0, granted = 0, timedOut = 0;
            var workers = new List<Task>();
            for (int w = 0; w < 8; w++)
            {
                int seed = w;
                workers.Add(Task.Run(async () =>
                {
                    var random = new Random(seed);
                    for (int i = 0; i < 200; i++)
                    {
                        try
                        {
                            using (await l.LockAsync(TimeSpan.FromMilliseconds(random.Next(0, 3))))
                            {
                                Assert.Equal(1, Interlocked.Increment(ref inside));
                                Interlocked.Increment(ref granted);
                                if (random.Next(4) == 0) await Task.Yield();
                                Interlocked.Decrement(ref inside);
                            }
                        }
                        catch (TimeoutException)
                        {
                            Interlocked.Increment(ref timedOut);
                        }
                    }
                }));
            }

            await Task.WhenAll(workers).WithTimeout(60_000);
            Assert.Equal(8 * 200, granted + timedOut);
            Assert.False(l.IsHeld);
            Assert.True(l.TryLock(out var r));
            r.Dispose();
        }

        [Fact]
        public async Task Semaphore_with_a_timeout_returns_true_for_a_permit_and_false_after_the_timeout()
        {
            var s = new AsyncSemaphore(1);
            ValueTask<bool> free = s.WaitAsync(Day);
            Assert.True(free.IsCompletedSuccessfully);
            Assert.True(await free);
            ValueTask<bool> zero = s.WaitAsync(TimeSpan.Zero);
            Assert.True(zero.IsCompletedSuccessfully);
            Assert.False(await zero);
            Assert.False(await s.WaitAsync(Short).WithTimeout());
            Assert.Equal(0, s.CurrentCount);

            ValueTask<bool> timed = s.WaitAsync(Day);
            TestUtil.AssertPending(timed);
            s.Release();
            Assert.True(await timed.WithTimeout());
            Assert.Equal(0, s.CurrentCount);
            s.Release();
            Assert.Equal(1, s.CurrentCount); // the timed-out wait took no permit
        }

        [Fact]
        public async Task Semaphore_timed_wait_cancellation_and_dispose()
        {
            var s = new AsyncSemaphore(0);
            using var cts = new CancellationTokenSource();
            ValueTask<bool> timed = s.WaitAsync(Day, cts.Token);
            cts.Cancel();
            await TestUtil.AssertCanceled(timed);
            ValueTask<bool> disposed = s.WaitAsync(Day);
            s.Dispose();
            await Assert.ThrowsAsync<ObjectDisposedException>(() => disposed.WithTimeout());
        }

        [Fact]
        public void Semaphore_timed_hand_off_allocates_nothing_in_steady_state()
        {
            var s = new AsyncSemaphore(1);
            void Cycle()
            {
                Assert.True(s.WaitAsync(Day).Result);
                var waiter = s.WaitAsync(Day);
                s.Release();
                Assert.True(waiter.Result);
                s.Release();
            }

            for (int i = 0; i < 100; i++) Cycle();
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 1000; i++) Cycle();
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        [Fact]
        public async Task Semaphore_timeouts_racing_releases_never_lose_a_permit()
        {
            var s = new AsyncSemaphore(2, 2);
            int inside = 0, granted = 0, timedOut = 0;
            var workers = new List<Task>();
            for (int w = 0; w < 8; w++)
            {
                int seed = w;
                workers.Add(Task.Run(async () =>
                {
                    var random = new Random(seed);
                    for (int i = 0; i < 200; i++)
                    {
                        if (await s.WaitAsync(TimeSpan.FromMilliseconds(random.Next(0, 3))))
                        {
                            Assert.InRange(Interlocked.Increment(ref inside), 1, 2);
                            Interlocked.Increment(ref granted);
                            if (random.Next(4) == 0) await Task.Yield();
                            Interlocked.Decrement(ref inside);
                            s.Release();
                        }
                        else
                        {
                            Interlocked.Increment(ref timedOut);
                        }
                    }
                }));
            }

            await Task.WhenAll(workers).WithTimeout(60_000);
            Assert.Equal(8 * 200, granted + timedOut);
            Assert.Equal(2, s.CurrentCount);
        }
    }
}
