using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace AsyncGuard.Runtime.Tests
{
    // Issue 19 item 1. Ordering comes from the lock itself: a waiter cannot return while another flow holds the lock,
    // and it cannot be woken without a notification, so "still pending" checks are exact.
    public sealed class AsyncConditionTests
    {
        [Fact]
        public async Task Dispose_fails_the_waiters_after_they_hold_the_lock_again_and_later_waits_throw()
        {
            var gate = new AsyncLock();
            var changed = new AsyncCondition(gate);
            AsyncLock.Releaser mine = await gate.LockAsync();
            ValueTask wait = changed.WaitAsync();
            Assert.False(gate.IsHeld, "WaitAsync released the lock");
            changed.Dispose();
            await Assert.ThrowsAsync<ObjectDisposedException>(() => wait.WithTimeout());
            Assert.True(gate.IsHeld, "the waiter holds the lock again before it sees the exception");
            Assert.Throws<ObjectDisposedException>(() => { _ = changed.WaitAsync(); });
            Assert.True(gate.IsHeld, "a wait refused at once never lets the lock go");
            Assert.Equal(0, changed.NotifyAll());
            changed.Dispose(); // idempotent
            mine.Dispose();
            Assert.False(gate.IsHeld);
        }

        [Fact]
        public async Task Wait_releases_the_lock_and_holds_it_again_after_a_notification()
        {
            var gate = new AsyncLock();
            var changed = new AsyncCondition(gate);
            Assert.Same(gate, changed.Lock);
            AsyncLock.Releaser mine = await gate.LockAsync();
            ValueTask wait = changed.WaitAsync();
            Assert.False(gate.IsHeld, "WaitAsync released the lock");
            Assert.False(wait.IsCompleted);

            using (await gate.LockAsync()) // free at once: the waiter let it go
            {
                Assert.Equal(1, changed.Notify());
                Assert.False(wait.IsCompleted, "the waiter cannot return while the notifier holds the lock");
            }

            await wait.WithTimeout();
            Assert.True(gate.IsHeld, "the waiter holds the lock again");
            mine.Dispose(); // the releaser of the first acquisition releases the renewed one
            Assert.False(gate.IsHeld);
            mine.Dispose(); // still a no-op the second time
            Assert.True(gate.TryLock(out var again));
            mine.Dispose(); // and it never releases a later holder
            Assert.True(gate.IsHeld);
            again.Dispose();
        }

        [Fact]
        public async Task A_cancelled_wait_holds_the_lock_again_before_it_reports_the_cancellation()
        {
            var gate = new AsyncLock();
            var changed = new AsyncCondition(gate);
            AsyncLock.Releaser mine = await gate.LockAsync();
            using var cts = new CancellationTokenSource();
            ValueTask wait = changed.WaitAsync(cts.Token);
            AsyncLock.Releaser other = await gate.LockAsync();
            cts.Cancel();
            Assert.False(wait.IsCompleted, "the cancelled waiter must first get the lock back");
            other.Dispose();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait.WithTimeout());
            Assert.True(gate.IsHeld);
            Assert.Equal(0, changed.Notify()); // the cancelled waiter is gone
            mine.Dispose();
            Assert.False(gate.IsHeld);

            // An already-cancelled token fails at once and never lets the lock go.
            using (await gate.LockAsync())
            {
                ValueTask cancelled = changed.WaitAsync(new CancellationToken(true));
                Assert.True(cancelled.IsCompleted);
                Assert.True(gate.IsHeld);
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.AsTask());
            }

            Assert.False(gate.IsHeld);
        }

        [Fact]
        public async Task Waiting_or_notifying_without_the_lock_throws()
        {
            var changed = new AsyncCondition();
            Assert.Throws<InvalidOperationException>(() => { _ = changed.WaitAsync(); });
            Assert.Throws<InvalidOperationException>(() => { _ = changed.WaitAsync(() => true); });
            Assert.Throws<InvalidOperationException>(() => changed.Notify());
            Assert.Throws<InvalidOperationException>(() => changed.NotifyAll());
            using (await changed.LockAsync())
            {
                Assert.Equal(0, changed.Notify());
                Assert.Equal(0, changed.NotifyAll());
                Assert.Throws<ArgumentOutOfRangeException>(() => changed.Notify(0));
            }
        }

        [Fact]
        public async Task Notify_wakes_waiters_in_fifo_order()
        {
            var changed = new AsyncCondition();
            var waiters = new List<Task>();
            for (int i = 0; i < 3; i++)
            {
                var queued = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                waiters.Add(Task.Run(async () =>
                {
                    using (await changed.LockAsync())
                    {
                        ValueTask wait = changed.WaitAsync();
                        queued.SetResult(true); // queued: WaitAsync enqueues before it returns
                        await wait;
                    }
                }));
                await queued.Task.WithTimeout();
            }

            using (await changed.LockAsync())
            {
                Assert.Equal(1, changed.Notify());
            }

            await waiters[0].WithTimeout();
            Assert.False(waiters[1].IsCompleted || waiters[2].IsCompleted, "only the oldest waiter was notified");
            using (await changed.LockAsync())
            {
                Assert.Equal(1, changed.Notify());
            }

            await waiters[1].WithTimeout();
            Assert.False(waiters[2].IsCompleted);
            using (await changed.LockAsync())
            {
                Assert.Equal(1, changed.NotifyAll());
            }

            await waiters[2].WithTimeout();
            Assert.False(changed.Lock.IsHeld);
        }

        [Fact]
        public async Task A_notification_skips_a_cancelled_waiter_and_goes_to_the_next()
        {
            var changed = new AsyncCondition();
            using var cts = new CancellationTokenSource();
            var firstQueued = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            var secondQueued = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            Task first = Task.Run(async () =>
            {
                using (await changed.LockAsync())
                {
                    ValueTask wait = changed.WaitAsync(cts.Token);
                    firstQueued.SetResult(true);
                    await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait.AsTask());
                    Assert.True(changed.Lock.IsHeld);
                }
            });
            await firstQueued.Task.WithTimeout();
            Task second = Task.Run(async () =>
            {
                using (await changed.LockAsync())
                {
                    ValueTask wait = changed.WaitAsync();
                    secondQueued.SetResult(true);
                    await wait;
                }
            });
            await secondQueued.Task.WithTimeout();

            using (await changed.LockAsync())
            {
                cts.Cancel();
                Assert.Equal(1, changed.Notify()); // the first waiter is cancelled: the second one gets it
            }

            await Task.WhenAll(first, second).WithTimeout();
            Assert.False(changed.Lock.IsHeld);
        }

        [Fact]
        public async Task Wait_with_a_predicate_loops_until_it_holds()
        {
            var changed = new AsyncCondition();
            bool ready = false;
            int checks = 0;
            var checkedTwice = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            Task waiter = Task.Run(async () =>
            {
                using (await changed.LockAsync())
                {
                    await changed.WaitAsync(() =>
                    {
                        if (++checks == 2)
                        {
                            checkedTwice.SetResult(true);
                        }

                        return ready;
                    });
                    Assert.True(ready);
                    Assert.True(changed.Lock.IsHeld);
                }
            });

            // Wait until the waiter is queued (it released the lock inside WaitAsync), then wake it with the predicate false.
            while (true)
            {
                using (await changed.LockAsync())
                {
                    if (changed.Notify() == 1)
                    {
                        break;
                    }
                }

                await Task.Yield();
            }

            await checkedTwice.Task.WithTimeout(); // woken, predicate still false: it waits again
            using (await changed.LockAsync())     // taken only once the waiter waits again
            {
                ready = true;
                Assert.Equal(1, changed.Notify());
            }

            await waiter.WithTimeout();
            Assert.Equal(3, checks);

            using (await changed.LockAsync())
            {
                Assert.True(changed.WaitAsync(() => true).IsCompletedSuccessfully); // already true: no wait, lock kept
                Assert.True(changed.Lock.IsHeld);
            }
        }

        [Fact]
        public async Task Waiting_twice_keeps_the_first_releaser_valid()
        {
            var changed = new AsyncCondition();
            Task waiter = Task.Run(async () =>
            {
                AsyncLock.Releaser mine = await changed.LockAsync();
                await changed.WaitAsync();
                await changed.WaitAsync();
                Assert.True(changed.Lock.IsHeld);
                mine.Dispose();
                Assert.False(changed.Lock.IsHeld);
            });
            for (int woken = 0; woken < 2;)
            {
                using (await changed.LockAsync())
                {
                    woken += changed.Notify();
                }

                await Task.Yield();
            }

            await waiter.WithTimeout();
        }

        // Stress: waiters whose tokens are cancelled by other threads at random, against a notifier. Every wait
        // either returns because it took exactly one notification or reports its cancellation; either way the
        // waiter holds the lock again. So the notifications handed out equal the waits that returned normally.
        [Fact]
        public async Task Notifications_are_never_lost_under_racing_cancellation()
        {
            var changed = new AsyncCondition();
            const int Waiters = 6, Rounds = 300;
            int returned = 0, cancelled = 0, notified = 0, finished = 0;
            var tasks = new List<Task>();
            for (int w = 0; w < Waiters; w++)
            {
                int seed = w;
                tasks.Add(Task.Run(async () =>
                {
                    var random = new Random(seed);
                    for (int i = 0; i < Rounds; i++)
                    {
                        var cts = new CancellationTokenSource(); // not disposed: a racing Cancel may still run
                        using (await changed.LockAsync())
                        {
                            ValueTask wait = changed.WaitAsync(cts.Token);
                            if (random.Next(3) == 0)
                            {
                                _ = Task.Run(() => cts.Cancel());
                            }

                            try
                            {
                                await wait;
                                Interlocked.Increment(ref returned);
                            }
                            catch (OperationCanceledException)
                            {
                                Interlocked.Increment(ref cancelled);
                            }

                            Assert.True(changed.Lock.IsHeld);
                        }
                    }

                    Interlocked.Increment(ref finished);
                }));
            }

            Task notifier = Task.Run(async () =>
            {
                while (Volatile.Read(ref finished) < Waiters)
                {
                    using (await changed.LockAsync())
                    {
                        Interlocked.Add(ref notified, changed.Notify());
                    }

                    await Task.Yield();
                }
            });

            await Task.WhenAll(tasks).WithTimeout(120_000);
            await notifier.WithTimeout();
            Assert.Equal(Waiters * Rounds, returned + cancelled);
            Assert.Equal(notified, returned);
            Assert.False(changed.Lock.IsHeld);
        }
    }

    [CollectionDefinition(nameof(AllocationMeasurements), DisableParallelization = true)]
    public sealed class AllocationMeasurements
    {
    }

    // Waiters resume on pool threads, so the count is process-wide: this collection runs alone.
    [Collection(nameof(AllocationMeasurements))]
    public sealed class AsyncConditionAllocationTests
    {
        [Fact]
        public async Task A_wait_and_notify_cycle_allocates_nothing_in_steady_state()
        {
            var changed = new AsyncCondition();

            // The harness itself is a pooled ValueTask method, so only the condition's own allocations count.
            [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
            async ValueTask Cycle()
            {
                AsyncLock.Releaser mine = await changed.LockAsync();
                ValueTask wait = changed.WaitAsync();
                using (await changed.LockAsync())
                {
                    changed.Notify();
                }

                await wait;
                mine.Dispose();
            }

            for (int i = 0; i < 2000; i++) await Cycle();

            // The count is process-wide, so something unrelated (the thread pool adding a thread on a busy machine)
            // can show up in one measurement: the cycle is allocation-free if any of five measurements says so.
            const int Cycles = 2000;
            var measured = new List<long>();
            for (int attempt = 0; attempt < 5; attempt++)
            {
                long before = GC.GetTotalAllocatedBytes(precise: true);
                for (int i = 0; i < Cycles; i++) await Cycle();
                long perCycle = (GC.GetTotalAllocatedBytes(precise: true) - before) / Cycles;
                if (perCycle == 0)
                {
                    return;
                }

                measured.Add(perCycle);
            }

            Assert.Fail($"B per wait in five measurements: {string.Join(", ", measured)}");
        }
    }
}
