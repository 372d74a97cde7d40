using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace AsyncGuard.Runtime.Tests.TaskModel
{
    public sealed class AsyncTasksTests
    {
        private static async Task<int> After(int ms, int value)
        {
            await Task.Delay(ms);
            return value;
        }

        private static async Task<int> FailAfter(int ms)
        {
            await Task.Delay(ms);
            throw new InvalidOperationException("failed " + ms);
        }

        [Fact]
        public async Task GatherReturnsOutcomesInInputOrder()
        {
            TaskOutcome<int>[] outcomes = await Bounded.Within(AsyncTasks.Gather(After(40, 1), FailAfter(10), Task.FromCanceled<int>(new CancellationToken(true)), After(0, 4)));
            Assert.Equal(1, outcomes[0].Value);
            Assert.True(outcomes[1].IsFaulted);
            Assert.IsType<InvalidOperationException>(outcomes[1].Exception);
            Assert.True(outcomes[2].IsCanceled);
            Assert.Equal(4, outcomes[3].Value);
        }

        [Fact]
        public async Task GatherWithoutValues()
        {
            TaskOutcome[] outcomes = await AsyncTasks.Gather(Task.Delay(10), Task.FromException(new FormatException()));
            Assert.True(outcomes[0].IsSucceeded);
            Assert.IsType<FormatException>(outcomes[1].Exception);
        }

        [Fact]
        public async Task GatherStopsWaitingOnCancellation()
        {
            using var cts = new CancellationTokenSource(30);
            var never = new TaskCompletionSource<int>();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Bounded.Within(AsyncTasks.Gather(new[] { never.Task }, cts.Token)));
        }

        [Fact]
        public async Task WhenAllThrowsEveryFailure()
        {
            var error = await Assert.ThrowsAsync<AggregateException>(() => AsyncTasks.WaitAllAsync(FailAfter(10), FailAfter(20), After(5, 1)));
            Assert.Equal(2, error.InnerExceptions.Count);
            Assert.Equal(new[] { 1, 2 }, await AsyncTasks.WaitAllAsync(After(10, 1), After(0, 2)));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => AsyncTasks.WaitAllAsync(Task.FromCanceled(new CancellationToken(true))));
        }

        // The wait tests complete their tasks by hand (a task that must stay pending never completes), so which task
        // is done first does not depend on timers on a busy machine.
        [Fact]
        public async Task WaitFirstCompleted()
        {
            var slow = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            var fast = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            Task<WaitResult<Task<int>>> wait = AsyncTasks.WaitUntilAsync(new[] { slow.Task, fast.Task }, WaitMode.FirstCompleted);
            Assert.False(wait.IsCompleted);
            fast.SetResult(2);
            WaitResult<Task<int>> r = await Bounded.Within(wait);
            Assert.Same(fast.Task, Assert.Single(r.Done));
            Assert.Same(slow.Task, Assert.Single(r.Pending));
        }

        [Fact]
        public async Task WaitFirstExceptionIgnoresCancellationAndSuccess()
        {
            var ok = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            var cancelled = Task.FromCanceled<int>(new CancellationToken(true));
            var failing = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            var slow = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            Task<WaitResult<Task<int>>> wait = AsyncTasks.WaitUntilAsync(new[] { ok.Task, cancelled, failing.Task, slow.Task }, WaitMode.FirstException);
            ok.SetResult(1);
            Assert.False(wait.IsCompleted, "a success or a cancellation ended a FirstException wait");
            failing.SetException(new InvalidOperationException());
            WaitResult<Task<int>> r = await Bounded.Within(wait);
            Assert.Contains(failing.Task, r.Done);
            Assert.Contains(ok.Task, r.Done);
            Assert.Equal(new[] { slow.Task }, r.Pending);
            _ = failing.Task.Exception;
        }

        [Fact]
        public async Task WaitAllCompletedAndTimeoutReturnsPartialSets()
        {
            WaitResult<Task<int>> all = await AsyncTasks.WaitUntilAsync(new[] { After(10, 1), After(20, 2) }, WaitMode.AllCompleted);
            Assert.Equal(2, all.Done.Count);
            var slow = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            Task<int> done = Task.FromResult(1);
            WaitResult<Task<int>> partial = await Bounded.Within(AsyncTasks.WaitUntilAsync(new[] { done, slow.Task }, WaitMode.AllCompleted, TimeSpan.FromMilliseconds(50)));
            Assert.Same(done, Assert.Single(partial.Done));
            Assert.Same(slow.Task, Assert.Single(partial.Pending));
        }

        [Fact]
        public async Task AsCompletedYieldsInCompletionOrder()
        {
            // Completed by hand, one after the other, so the order does not depend on timers on a busy machine.
            var sources = new[] { NewSource(), NewSource(), NewSource() };
            var order = new List<int>();
            await using var completed = AsyncTasks.AsCompleted(new[] { sources[2].Task, sources[0].Task, sources[1].Task }).GetAsyncEnumerator();
            for (var i = 0; i < sources.Length; i++)
            {
                sources[i].SetResult(i + 1);
                Assert.True(await Bounded.Within(completed.MoveNextAsync().AsTask()));
                order.Add(await completed.Current);
            }

            Assert.False(await Bounded.Within(completed.MoveNextAsync().AsTask()));
            Assert.Equal(new[] { 1, 2, 3 }, order);

            static TaskCompletionSource<int> NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        [Fact]
        public async Task ShieldKeepsTheWorkRunning()
        {
            var gate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            using var cts = new CancellationTokenSource();
            Task<int> shielded = gate.Task.Shield(cts.Token);
            cts.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => shielded);
            gate.SetResult(5);
            Assert.Equal(5, await gate.Task);
            Assert.Equal(7, await Task.FromResult(7).Shield(cts.Token));
        }

        [Fact]
        public async Task WaitAsyncOnATask()
        {
            // Called as a static method: on net10.0 `task.WaitAsync(timeout)` binds to the BCL's instance method, and this
            // test is about AsyncGuard's (what netstandard2.0 callers get).
            var never = new TaskCompletionSource<int>();
            await Assert.ThrowsAsync<TimeoutException>(() => Bounded.Within(AsyncTasks.WaitAsync(never.Task, TimeSpan.FromMilliseconds(30))));
            var value = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            Task<int> valueWithin = AsyncTasks.WaitAsync(value.Task, TimeSpan.FromDays(1));
            value.SetResult(1);
            Assert.Equal(1, await Bounded.Within(valueWithin));
            var failure = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            Task<int> failureWithin = AsyncTasks.WaitAsync(failure.Task, TimeSpan.FromDays(1));
            failure.SetException(new InvalidOperationException());
            await Assert.ThrowsAsync<InvalidOperationException>(() => Bounded.Within(failureWithin));
        }

        [Fact]
        public async Task RunWithTimeoutCancelsTheWork()
        {
            bool sawCancellation = false;
            await Assert.ThrowsAsync<TimeoutException>(() => Bounded.Within(AsyncTasks.RunWithTimeoutAsync(async ct =>
            {
                try
                {
                    await Task.Delay(Timeout.Infinite, ct);
                }
                catch (OperationCanceledException)
                {
                    sawCancellation = true;
                    throw;
                }
            }, TimeSpan.FromMilliseconds(30))));
            Assert.True(sawCancellation);
        }

        [Fact]
        public async Task CallerCancellationIsNotATimeout()
        {
            using var cts = new CancellationTokenSource(20);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => AsyncTasks.RunWithTimeoutAsync(ct => Task.Delay(5000, ct), TimeSpan.FromSeconds(30), cts.Token));
        }

        // The deadlines run on a fake clock: they fire inside FakeTimeProvider.Advance, exactly when the test moves
        // time past them, however busy the machine is.
        [Fact]
        public async Task TimeoutScopeCanBeRescheduled()
        {
            var time = new FakeTimeProvider();
            using (var later = new TimeoutScope(TimeSpan.FromMilliseconds(50), time))
            {
                later.Reschedule(TimeSpan.FromSeconds(5));
                time.Advance(TimeSpan.FromSeconds(1)); // well past the first deadline
                Assert.False(later.Token.IsCancellationRequested, "the first deadline still fired after Reschedule");
                time.Advance(TimeSpan.FromSeconds(4));
                Assert.True(later.Expired);
                Assert.Throws<InvalidOperationException>(() => later.Reschedule(TimeSpan.FromSeconds(1)));
            }

            using (var sooner = new TimeoutScope(TimeSpan.FromHours(1), time))
            {
                sooner.Reschedule(TimeSpan.FromSeconds(1));
                time.Advance(TimeSpan.FromMilliseconds(999));
                Assert.False(sooner.Token.IsCancellationRequested);
                time.Advance(TimeSpan.FromMilliseconds(1));
                Assert.True(sooner.Expired);
            }

            using (var never = new TimeoutScope(TimeSpan.FromSeconds(1), time))
            {
                never.Reschedule(Timeout.InfiniteTimeSpan);
                time.Advance(TimeSpan.FromDays(1));
                Assert.False(never.Token.IsCancellationRequested);
            }

            // RunAsync returns the body's value when the deadline was moved out of the way, and turns the deadline's
            // cancellation into TimeoutException.
            int value = await TimeoutScope.RunAsync(TimeSpan.FromMilliseconds(50), time, async scope =>
            {
                scope.Reschedule(TimeSpan.FromSeconds(5));
                time.Advance(TimeSpan.FromSeconds(1));
                await Task.Yield();
                return scope.Token.IsCancellationRequested ? -1 : 9;
            });
            Assert.Equal(9, value);
            await Assert.ThrowsAsync<TimeoutException>(() => Bounded.Within(TimeoutScope.RunAsync(TimeSpan.FromSeconds(1), time, async scope =>
            {
                Task wait = Task.Delay(Timeout.Infinite, scope.Token);
                time.Advance(TimeSpan.FromSeconds(1));
                await wait;
            })));

            // On the system clock a zero timeout expires by itself; wait for the token rather than for a period.
            using var expired = new TimeoutScope(TimeSpan.Zero);
            await Bounded.Within(Task.Delay(Timeout.Infinite, expired.Token).ContinueWith(_ => { }, TaskScheduler.Default));
            Assert.True(expired.Expired);
            Assert.Throws<InvalidOperationException>(() => expired.Reschedule(TimeSpan.FromSeconds(1)));
        }

        [Fact]
        public async Task TimeoutScopeCallerCancellationIsNotExpiry()
        {
            var time = new FakeTimeProvider();
            using var cts = new CancellationTokenSource();
            using var scope = new TimeoutScope(TimeSpan.FromSeconds(1), time, cts.Token);
            cts.Cancel();
            Assert.True(scope.Token.IsCancellationRequested);
            Assert.False(scope.Expired);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => TimeoutScope.RunAsync(TimeSpan.FromSeconds(1), time, ct => Task.Delay(Timeout.Infinite, ct.Token), cts.Token));
        }

        [Fact]
        public async Task ForEachRespectsTheConcurrencyLimit()
        {
            int running = 0, peak = 0, count = 0;
            await Bounded.Within(AsyncTasks.ForEachAsync(Enumerable.Range(0, 50), 4, async (i, ct) =>
            {
                int now = Interlocked.Increment(ref running);
                InterlockedMax(ref peak, now);
                await Task.Delay(5, ct);
                Interlocked.Decrement(ref running);
                Interlocked.Increment(ref count);
            }));
            Assert.Equal(50, count);
            Assert.InRange(peak, 1, 4);
        }

        [Fact]
        public async Task ForEachFailureCancelsTheRestAndAggregates()
        {
            int started = 0;
            var error = await Assert.ThrowsAsync<AggregateException>(() => Bounded.Within(AsyncTasks.ForEachAsync(Enumerable.Range(0, 1000), 3, async (i, ct) =>
            {
                Interlocked.Increment(ref started);
                if (i == 5)
                {
                    throw new ArithmeticException();
                }

                await Task.Delay(10, ct);
            })));
            Assert.IsType<ArithmeticException>(Assert.Single(error.InnerExceptions));
            Assert.True(started < 100, "stopped taking elements after the failure");
        }

        [Fact]
        public async Task ForEachOverAnAsyncSourceAndCallerCancellation()
        {
            int sum = 0;
            await AsyncTasks.ForEachAsync(Source(20), 3, (i, ct) => { Interlocked.Add(ref sum, i); return default; });
            Assert.Equal(190, sum);

            using var cts = new CancellationTokenSource(30);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Bounded.Within(AsyncTasks.ForEachAsync(Source(100000), 2, async (i, ct) => await Task.Delay(1, ct), cts.Token)));

            static async IAsyncEnumerable<int> Source(int n)
            {
                for (int i = 0; i < n; i++)
                {
                    await Task.Yield();
                    yield return i;
                }
            }
        }

        [Fact]
        public async Task ToThreadRunsOnADedicatedThread()
        {
            bool pooled = await AsyncTasks.ToThread(_ => Thread.CurrentThread.IsThreadPoolThread);
            Assert.False(pooled);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => AsyncTasks.ToThread(_ => 1, new CancellationToken(true)));
            await Assert.ThrowsAsync<DivideByZeroException>(() => AsyncTasks.ToThread(_ => throw new DivideByZeroException()));
        }

        private static void InterlockedMax(ref int target, int value)
        {
            int current;
            while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
            {
            }
        }
    }
}
