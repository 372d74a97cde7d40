using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace AsyncGuard.Runtime.Tests
{
    public sealed class AsyncLockTests
    {
        [Fact]
        public async Task Uncontended_acquire_completes_synchronously_and_release_frees()
        {
            var l = new AsyncLock();
            ValueTask<AsyncLock.Releaser> vt = l.LockAsync();
            Assert.True(vt.IsCompletedSuccessfully);
            Assert.True(l.IsHeld);
            (await vt).Dispose();
            Assert.False(l.IsHeld);
        }

        [Fact]
        public async Task TryLock_succeeds_only_when_free()
        {
            var l = new AsyncLock();
            Assert.True(l.TryLock(out var r));
            bool other = await RunUnflowed(() => Task.Run(() => l.TryLock(out _))); // an unrelated flow
            Assert.False(other);
            r.Dispose();
            Assert.True(l.TryLock(out var r2));
            r2.Dispose();
        }

        [Fact]
        public async Task Waiters_are_served_in_fifo_order()
        {
            var l = new AsyncLock(detectReentrancy: false);
            var first = await l.LockAsync();
            var order = new List<int>();
            var tasks = new List<Task>();
            for (int i = 0; i < 5; i++)
            {
                int n = i;
                ValueTask<AsyncLock.Releaser> vt = l.LockAsync();
                tasks.Add(Task.Run(async () =>
                {
                    using (await vt)
                    {
                        lock (order) order.Add(n);
                    }
                }));
            }

            first.Dispose();
            await Task.WhenAll(tasks).WithTimeout();
            Assert.Equal(new[] { 0, 1, 2, 3, 4 }, order);
        }

        [Fact]
        public async Task Releasing_twice_or_a_copy_is_a_no_op()
        {
            var l = new AsyncLock(detectReentrancy: false);
            var r = await l.LockAsync();
            var copy = r;
            r.Dispose();
            var second = await l.LockAsync();
            copy.Dispose(); // stale: must not release the second holder
            r.Dispose();
            Assert.True(l.IsHeld);
            Assert.False(l.TryLock(out _));
            second.Dispose();
            Assert.False(l.IsHeld);
            default(AsyncLock.Releaser).Dispose();
        }

        [Fact]
        public async Task DisposeAsync_releases()
        {
            var l = new AsyncLock();
            await using (await l.LockAsync())
            {
                Assert.True(l.IsHeld);
            }

            Assert.False(l.IsHeld);
        }

        // Issue 15 item 4 changed this expectation: the default lock has no re-entry detection (0 B, the fast path);
        // detection is the opt-in `detectReentrancy: true`.
        [Fact]
        public async Task The_default_lock_does_not_detect_reentry_it_waits()
        {
            var l = new AsyncLock();
            using (await l.LockAsync())
            {
                ValueTask<AsyncLock.Releaser> inner = l.LockAsync(); // waits; awaiting it here would deadlock
                Assert.False(inner.IsCompleted);
                Assert.False(l.TryLock(out _));
                _ = inner;
            }
        }

        // Issue 15 item 4: work forked while the default lock is held, which asks for the lock before the holder
        // releases, waits and then acquires (it must not throw LockRecursionException). Each fork signals once it has
        // asked (and whether its wait was still pending) before the holder releases.
        [Fact]
        public async Task Default_lock_Task_Run_forked_while_held_waits_then_acquires()
        {
            var gate = new AsyncLock();
            var asked = NewSignal();
            Task fork;
            using (await gate.LockAsync())
            {
                fork = Task.Run(() => TakeAfterAskingAsync(gate, asked));
                Assert.False(await asked.Task.WithTimeout(), "the fork's wait completed while the lock was held");
            }

            await fork.WithTimeout();
            Assert.False(gate.IsHeld);
        }

        [Fact]
        public async Task Default_lock_StartNew_forked_while_held_waits_then_acquires()
        {
            var gate = new AsyncLock();
            var asked = NewSignal();
            Task fork;
            using (await gate.LockAsync())
            {
                fork = Task.Factory.StartNew(() => TakeAfterAskingAsync(gate, asked), CancellationToken.None, TaskCreationOptions.None, TaskScheduler.Default).Unwrap();
                Assert.False(await asked.Task.WithTimeout(), "the fork's wait completed while the lock was held");
            }

            await fork.WithTimeout();
            Assert.False(gate.IsHeld);
        }

        [Fact]
        public async Task Default_lock_TaskGroup_child_started_while_held_waits_then_acquires()
        {
            var gate = new AsyncLock();
            var asked = NewSignal();
            Task child;
            await using (var group = new TaskGroup())
            {
                using (await gate.LockAsync())
                {
                    child = group.Start(ct => TakeAfterAskingAsync(gate, asked, ct));
                    Assert.False(await asked.Task.WithTimeout(), "the child's wait completed while the lock was held");
                }
            }

            Assert.True(child.IsCompletedSuccessfully);
            Assert.False(gate.IsHeld);
        }

        [Fact]
        public async Task Default_lock_unawaited_async_local_function_called_while_held_waits_then_acquires()
        {
            var gate = new AsyncLock();
            var asked = NewSignal();
            Task fork;
            using (await gate.LockAsync())
            {
                fork = ForkAsync(); // not awaited before the release
                Assert.False(await asked.Task.WithTimeout(), "the call's wait completed while the lock was held");
            }

            await fork.WithTimeout();
            Assert.False(gate.IsHeld);

            async Task ForkAsync() => await TakeAfterAskingAsync(gate, asked);
        }

        // The opt-in detection documents the other side: a fork made while the lock is held counts as the holder.
        [Fact]
        public async Task Detecting_lock_treats_a_fork_made_while_held_as_the_holder()
        {
            var gate = new AsyncLock(detectReentrancy: true);
            var asked = NewSignal();
            using (await gate.LockAsync())
            {
                Task fork = Task.Run(() => TakeAfterAskingAsync(gate, asked));
                await Assert.ThrowsAsync<LockRecursionException>(() => asked.Task.WithTimeout());
                await Assert.ThrowsAsync<LockRecursionException>(() => fork.WithTimeout());
            }

            // The documented way out: start the work without the holder's execution context; it then waits.
            var unflowed = NewSignal();
            Task waits;
            using (await gate.LockAsync())
            {
                waits = RunUnflowed(() => Task.Run(() => TakeAfterAskingAsync(gate, unflowed)));
                Assert.False(await unflowed.Task.WithTimeout());
            }

            await waits.WithTimeout();
        }

        private static TaskCompletionSource<bool> NewSignal() => new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

        // Asks for the lock, reports whether the wait had already completed (or the exception), then takes the lock.
        private static async Task TakeAfterAskingAsync(AsyncLock gate, TaskCompletionSource<bool> asked, CancellationToken ct = default)
        {
            ValueTask<AsyncLock.Releaser> wait;
            try
            {
                wait = gate.LockAsync(ct);
            }
            catch (Exception e)
            {
                asked.SetException(e);
                throw;
            }

            asked.SetResult(wait.IsCompleted);
            using (await wait)
            {
                Assert.True(gate.IsHeld);
            }
        }

        [Fact]
        public async Task Reentry_from_same_flow_throws_instead_of_deadlocking()
        {
            var l = new AsyncLock(detectReentrancy: true);
            using (await l.LockAsync())
            {
                Assert.Throws<LockRecursionException>(() => { _ = l.LockAsync(); });
                Assert.Throws<LockRecursionException>(() => l.TryLock(out _));
                await InnerAsync(l);
            }

            // After release the same flow may lock again.
            using (await l.LockAsync())
            {
            }

            static async Task InnerAsync(AsyncLock l)
            {
                await Task.Yield();
                await Assert.ThrowsAsync<LockRecursionException>(async () => await l.LockAsync());
            }
        }

        [Fact]
        public async Task Reentry_is_detected_after_a_hand_off_too()
        {
            var l = new AsyncLock(detectReentrancy: true);
            var holder = await l.LockAsync();
            var queued = NewSignal();
            var waiter = RunUnflowed(() => Task.Run(async () =>
            {
                ValueTask<AsyncLock.Releaser> wait = l.LockAsync();
                queued.SetResult(wait.IsCompleted);
                using (await wait) // completed by the hand-off below
                {
                    await Assert.ThrowsAsync<LockRecursionException>(async () => await l.LockAsync());
                }
            }));
            Assert.False(await queued.Task.WithTimeout(), "the waiter must be queued before the release, so the lock is handed off");
            holder.Dispose();
            await waiter.WithTimeout();
        }

        [Fact]
        public async Task Another_flow_waits_rather_than_throwing()
        {
            var l = new AsyncLock(detectReentrancy: true);
            var holder = await l.LockAsync();
            var asked = NewSignal();
            var other = RunUnflowed(() => Task.Run(() => TakeAfterAskingAsync(l, asked)));
            Assert.False(await asked.Task.WithTimeout(), "the other flow's wait completed while the lock was held");
            Assert.False(other.IsCompleted);
            holder.Dispose();
            await other.WithTimeout();
        }

        [Fact]
        public async Task Work_forked_inside_the_lock_counts_as_the_same_flow()
        {
            // Documented limitation: the fork inherits the holder's execution context.
            var l = new AsyncLock(detectReentrancy: true);
            using (await l.LockAsync())
            {
                await Assert.ThrowsAsync<LockRecursionException>(() => Task.Run(async () => await l.LockAsync()));
            }

            // A flow started before the lock was taken waits as usual, even though it asks while the lock is held.
            var go = NewSignal();
            var asked = NewSignal();
            var flowStartedOutside = Task.Run(async () => { await go.Task; await TakeAfterAskingAsync(l, asked); });
            using (await l.LockAsync())
            {
                go.SetResult(true);
                Assert.False(await asked.Task.WithTimeout());
            }

            await flowStartedOutside.WithTimeout();
        }

        private static T RunUnflowed<T>(Func<T> start)
        {
            using (ExecutionContext.SuppressFlow())
            {
                return start();
            }
        }

        [Fact]
        public async Task A_fork_that_takes_the_lock_after_the_parent_released_is_its_own_holder()
        {
            // The fork inherits the parent's context; once the parent has released, the fork's acquire must record
            // the fork, so the parent's next wait is a plain wait and the fork can detect its own re-entry.
            var l = new AsyncLock(detectReentrancy: true);
            var parentReleased = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            var forkHolds = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            var forkMayRelease = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            Task fork;
            using (await l.LockAsync())
            {
                fork = Task.Run(async () =>
                {
                    await parentReleased.Task;
                    using (await l.LockAsync())
                    {
                        await Assert.ThrowsAsync<LockRecursionException>(async () => await l.LockAsync());
                        forkHolds.SetResult(true);
                        await forkMayRelease.Task;
                    }
                });
            }

            parentReleased.SetResult(true);
            await forkHolds.Task.WithTimeout();
            ValueTask<AsyncLock.Releaser> parentWait = l.LockAsync(); // must wait, not throw
            Assert.False(parentWait.IsCompleted);
            forkMayRelease.SetResult(true);
            using (await parentWait) // awaited directly: the hand-off records the holder in the awaiting flow
            {
                await Assert.ThrowsAsync<LockRecursionException>(async () => await l.LockAsync());
            }

            await fork.WithTimeout();
        }

        [Fact]
        public async Task Reentry_is_detected_per_lock_when_several_are_nested()
        {
            var a = new AsyncLock(detectReentrancy: true);
            var b = new AsyncLock(detectReentrancy: true);
            using (await a.LockAsync())
            {
                using (await b.LockAsync())
                {
                    Assert.Throws<LockRecursionException>(() => { _ = a.LockAsync(); });
                    Assert.Throws<LockRecursionException>(() => { _ = b.LockAsync(); });
                }

                Assert.Throws<LockRecursionException>(() => { _ = a.LockAsync(); });
                Assert.True(b.TryLock(out var again)); // b was released: taking it again is fine
                again.Dispose();
            }

            using (await b.LockAsync())
            {
                using (await a.LockAsync())
                {
                }
            }
        }

        [Fact]
        public async Task Lock_without_the_check_waits_on_reentry()
        {
            var l = new AsyncLock(detectReentrancy: false);
            using (await l.LockAsync())
            {
                Assert.False(l.TryLock(out _));
                ValueTask<AsyncLock.Releaser> inner = l.LockAsync(); // waits (would deadlock if awaited here)
                Assert.False(inner.IsCompleted);
                _ = inner;
            }
        }

        [Fact]
        public void Lock_without_the_check_allocates_nothing_uncontended()
        {
            var l = new AsyncLock(); // the default: no re-entry check
            void Cycle()
            {
                l.LockAsync().Result.Dispose();
                Assert.True(l.TryLock(out var r));
                r.Dispose();
            }

            for (int i = 0; i < 100; i++) Cycle();
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 1000; i++) Cycle();
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        [Fact]
        public async Task Reentry_detection_is_off_by_default()
        {
            var l = new AsyncLock();
            using (await l.LockAsync())
            {
                ValueTask<AsyncLock.Releaser> inner = l.LockAsync(); // would deadlock if awaited here
                Assert.False(inner.IsCompleted);
                _ = inner;
            }
        }

        [Fact]
        public async Task Already_cancelled_token_throws_at_once_even_when_free()
        {
            var l = new AsyncLock();
            await TestUtil.AssertCanceled(l.LockAsync(new CancellationToken(true)));
            Assert.False(l.IsHeld);
        }

        [Fact]
        public async Task Cancelled_waiter_does_not_take_the_lock()
        {
            var l = new AsyncLock(detectReentrancy: false);
            var holder = await l.LockAsync();
            using var cts = new CancellationTokenSource();
            var cancelled = l.LockAsync(cts.Token);
            var next = l.LockAsync();
            cts.Cancel();
            await TestUtil.AssertCanceled(cancelled);
            holder.Dispose();
            var r = await next.WithTimeout(); // the lock skipped the cancelled waiter
            r.Dispose();
            Assert.False(l.IsHeld);
        }

        [Fact]
        public async Task Release_does_not_run_the_waiter_inline()
        {
            var l = new AsyncLock(detectReentrancy: false);
            var holder = await l.LockAsync();
            var vt = l.LockAsync();
            await TestUtil.AssertContinuationNotInline(Ignore(vt), holder.Dispose);

            static async ValueTask Ignore(ValueTask<AsyncLock.Releaser> v) => (await v.ConfigureAwait(false)).Dispose();
        }

        [Fact]
        public async Task Dispose_faults_waiters_and_later_calls()
        {
            var l = new AsyncLock(detectReentrancy: false);
            var holder = await l.LockAsync();
            var waiter = l.LockAsync();
            l.Dispose();
            await Assert.ThrowsAsync<ObjectDisposedException>(() => waiter.AsTask().WithTimeout());
            Assert.Throws<ObjectDisposedException>(() => { _ = l.LockAsync(); });
            holder.Dispose();
        }

        [Fact]
        public async Task Awaiting_a_completed_wait_twice_throws()
        {
            var l = new AsyncLock(detectReentrancy: false);
            var holder = await l.LockAsync();
            var vt = l.LockAsync();
            holder.Dispose();
            var r = await vt;
            Assert.Throws<InvalidOperationException>(() => vt.GetAwaiter().GetResult());
            r.Dispose();
        }

        [Fact]
        public async Task Blocking_on_a_pending_wait_throws_and_leaves_the_wait_intact()
        {
            var l = new AsyncLock(detectReentrancy: false);
            var holder = await l.LockAsync();
            var vt = l.LockAsync();
            Assert.Throws<InvalidOperationException>(() => vt.GetAwaiter().GetResult());
            holder.Dispose();
            (await vt.AsTask().WithTimeout()).Dispose();
            Assert.False(l.IsHeld);
        }

        [Fact]
        public void Uncontended_and_hand_off_paths_allocate_nothing()
        {
            var l = new AsyncLock(detectReentrancy: false);
            using var cts = new CancellationTokenSource();
            void Cycle(CancellationToken ct)
            {
                var holder = l.LockAsync(ct).Result;
                var waiter = l.LockAsync(ct);
                holder.Dispose();
                waiter.Result.Dispose();
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

        // Many waiters at once take their nodes from the pool's stack (moved in one piece to the taker), not only
        // from its single spare slot.
        [Fact]
        public void Many_waiters_in_steady_state_allocate_nothing()
        {
            var l = new AsyncLock(detectReentrancy: false);
            var waiters = new ValueTask<AsyncLock.Releaser>[50];
            void Cycle()
            {
                var holder = l.LockAsync().Result;
                for (int i = 0; i < waiters.Length; i++) waiters[i] = l.LockAsync();
                holder.Dispose();
                for (int i = 0; i < waiters.Length; i++) waiters[i].Result.Dispose();
            }

            for (int i = 0; i < 20; i++) Cycle();
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 200; i++) Cycle();
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
            Assert.False(l.IsHeld);
        }
    }
}
