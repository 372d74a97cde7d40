using System;
using System.Collections.Generic;
using System.Diagnostics.Tracing;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using AsyncGuard.Internal;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace AsyncGuard.Runtime.Tests
{
    /// <summary>The debug mode is process-wide: its tests run alone, after the parallel ones.</summary>
    [CollectionDefinition(nameof(DebugMode), DisableParallelization = true)]
    public sealed class DebugMode
    {
    }

    /// <summary>
    /// Issue 19 item 4. Every clock is a FakeTimeProvider: a callback is "slow" because it advances the clock, a wait is "long"
    /// because the test advances the clock past the threshold (the timer fires inside Advance), so nothing depends on how busy
    /// the machine is.
    /// </summary>
    [Collection(nameof(DebugMode))]
    public sealed class DebugModeTests : IDisposable
    {
        private readonly List<AsyncGuardDebugReport> _reports = new List<AsyncGuardDebugReport>();
        private readonly FakeTimeProvider _time = new FakeTimeProvider();

        public DebugModeTests()
        {
            AsyncGuardDebug.Disable();
            AsyncGuardDebug.Reported += OnReport;
        }

        public void Dispose()
        {
            AsyncGuardDebug.Reported -= OnReport;
            AsyncGuardDebug.Disable();
        }

        private AsyncGuardDebugOptions Options => new AsyncGuardDebugOptions { TimeProvider = _time, LongWaitThreshold = TimeSpan.FromSeconds(1) };

        private void OnReport(object? sender, AsyncGuardDebugReport report)
        {
            lock (_reports)
            {
                _reports.Add(report);
            }
        }

        private List<AsyncGuardDebugReport> Reports(AsyncGuardDebugReportKind kind, object? subject = null)
        {
            lock (_reports)
            {
                return _reports.Where(r => r.Kind == kind && (subject is null || ReferenceEquals(r.Subject, subject))).ToList();
            }
        }

        // ------------------------------------------------------------------------------------------------ event loop

        [Fact]
        public void SlowCallbackOnTheLoopIsReportedWithItsDurationAndTheStackThatQueuedIt()
        {
            EventLoop.Run(
                async () =>
                {
                    await QueueTheSlowOne();
                    await Task.Yield(); // a quick callback: not reported
                },
                Options);

            AsyncGuardDebugReport report = Assert.Single(Reports(AsyncGuardDebugReportKind.SlowCallback));
            Assert.Equal(TimeSpan.FromMilliseconds(150), report.Duration);
            Assert.Equal(new[] { "AG0101", "AG0102" }, report.RuleIds);
            Assert.Equal("EventLoop", report.Source);
            Assert.Contains(nameof(QueueTheSlowOne), report.Stack);
            Assert.Contains("AG0101", report.ToString());
        }

        private async Task QueueTheSlowOne()
        {
            await Task.Yield(); // posts the rest of this method to the loop from here
            _time.Advance(TimeSpan.FromMilliseconds(150)); // "blocks" the loop for 150 ms of its clock
        }

        [Fact]
        public void ThresholdIsAnOptionAndTheProcessWideSwitchAlsoTimesTheLoop()
        {
            AsyncGuardDebugOptions options = Options;
            options.SlowCallbackThreshold = TimeSpan.FromMilliseconds(20);
            AsyncGuardDebug.Enable(options);
            EventLoop.Run(async () =>
            {
                await Task.Yield();
                _time.Advance(TimeSpan.FromMilliseconds(19));
                await Task.Yield();
                _time.Advance(TimeSpan.FromMilliseconds(20));
            });

            Assert.Equal(TimeSpan.FromMilliseconds(20), Assert.Single(Reports(AsyncGuardDebugReportKind.SlowCallback)).Duration);
        }

        // ------------------------------------------------------------------------------------------------ unobserved failures (AG0201)

        [Fact]
        public void ForgottenTaskWhoseFailureNobodyHandlesIsReportedWithTheStackThatForgotIt()
        {
            AsyncGuardDebug.Enable(Options);
            var failing = new TaskCompletionSource<int>();
            var handled = new TaskCompletionSource<int>();
            ForgetIt(failing.Task);
            handled.Task.Forget(_ => { }); // a callback sees this one: not reported
            failing.SetException(new InvalidOperationException("boom"));
            handled.SetException(new InvalidOperationException("seen"));

            AsyncGuardDebugReport report = Assert.Single(Reports(AsyncGuardDebugReportKind.UnobservedFailure));
            Assert.Equal("Forget", report.Source);
            Assert.Equal(new[] { "AG0201" }, report.RuleIds);
            Assert.Equal("boom", report.Exception!.Message);
            Assert.Contains(nameof(ForgetIt), report.Stack);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void ForgetIt(Task task) => task.Forget();

        [Fact]
        public void TaskGroupDroppedWithoutClosingReportsItsFailedChildrenWithTheStackThatStartedThem()
        {
            DropAGroupWithAFailedChild(_time);
            CloseAGroupWithAFailedChild(_time);
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();

            AsyncGuardDebugReport report = Assert.Single(Reports(AsyncGuardDebugReportKind.UnobservedFailure));
            Assert.Equal("TaskGroup", report.Source);
            Assert.Equal("dropped", report.Exception!.Message);
            Assert.Contains(nameof(StartTheFailingChild), report.Stack);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void DropAGroupWithAFailedChild(FakeTimeProvider time)
        {
            var group = new TaskGroup(TaskGroupMode.Supervisor, new AsyncGuardDebugOptions { TimeProvider = time });
            StartTheFailingChild(group, "dropped");
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void CloseAGroupWithAFailedChild(FakeTimeProvider time)
        {
            var group = new TaskGroup(TaskGroupMode.Supervisor, new AsyncGuardDebugOptions { TimeProvider = time });
            StartTheFailingChild(group, "closed");
            AggregateException error = Assert.Throws<AggregateException>(() => group.DisposeAsync().AsTask().GetAwaiter().GetResult());
            Assert.Equal("closed", error.InnerExceptions.Single().Message);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void StartTheFailingChild(TaskGroup group, string message) => group.Start(_ => Task.FromException(new InvalidOperationException(message)));

        [Fact]
        public async Task GatherThatStoppedWaitingReportsALaterFailureWithTheStackThatHandedItOver()
        {
            AsyncGuardDebug.Enable(Options);
            var late = new TaskCompletionSource<int>();
            var cancelled = new TaskCompletionSource<int>();
            using var cts = new CancellationTokenSource();
            Task gather = GatherThem(new[] { late.Task, cancelled.Task }, cts.Token);
            cts.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => gather);
            Assert.Empty(Reports(AsyncGuardDebugReportKind.UnobservedFailure));

            // The watch is in place once the caller has seen the cancellation, and its continuation runs inline on the thread that
            // fails the task (a plain TaskCompletionSource here): the report is there when SetException returns, under any load.
            late.SetException(new InvalidOperationException("late"));
            cancelled.SetCanceled(); // a cancellation is not a failure
            AsyncGuardDebugReport report = Assert.Single(Reports(AsyncGuardDebugReportKind.UnobservedFailure));
            Assert.Equal("Gather", report.Source);
            Assert.Equal("late", report.Exception!.Message);
            Assert.Contains(nameof(GatherThem), report.Stack);
        }

        // The watch must be in place before anyone can see the Gather give up: the first code to see it (a continuation that
        // runs inline on the thread completing the Gather's task) fails a task, and the report has to be there already. The
        // cancellation comes from a pool thread, whose queued work runs newest first: with the watch registered by a separate
        // continuation of the wait (queued before the caller's) the caller resumed first and the failure went unwatched.
        [Fact]
        public async Task GatherWatchIsInPlaceBeforeTheCallerSeesTheCancellation()
        {
            AsyncGuardDebug.Enable(Options);
            for (int i = 0; i < 200; i++)
            {
                var late = new TaskCompletionSource<int>();
                using var cts = new CancellationTokenSource();
                Task gather = AsyncTasks.Gather(new[] { late.Task }, cts.Token);
                int before = Reports(AsyncGuardDebugReportKind.UnobservedFailure).Count;
                Task<int> seen = gather.ContinueWith(
                    _ =>
                    {
                        late.SetException(new InvalidOperationException("late " + i));
                        return Reports(AsyncGuardDebugReportKind.UnobservedFailure).Count;
                    },
                    CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously,
                    TaskScheduler.Default);
                await Task.Run(() => cts.Cancel());
                Assert.True(before + 1 == await seen, $"iteration {i}: the failure was not reported before the caller went on");
                Assert.True(gather.IsCanceled);
            }
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static Task GatherThem(Task<int>[] tasks, CancellationToken token) => AsyncTasks.Gather(tasks, token);

        [Fact]
        public async Task GatherAwaitedToTheEndReportsNothing()
        {
            AsyncGuardDebug.Enable(Options);
            using var cts = new CancellationTokenSource();
            TaskOutcome<int>[] outcomes = await AsyncTasks.Gather(new[] { Task.FromException<int>(new InvalidOperationException("seen")) }, cts.Token);
            Assert.True(outcomes[0].IsFaulted);
            Assert.Empty(Reports(AsyncGuardDebugReportKind.UnobservedFailure));
        }

        // ------------------------------------------------------------------------------------------------ long waits

        [Fact]
        public async Task LongLockWaitReportsWhereTheHolderAcquiredTheLock()
        {
            AsyncGuardDebug.Enable(Options);
            var gate = new AsyncLock();
            AsyncLock.Releaser held = await HoldTheLock(gate);
            ValueTask<AsyncLock.Releaser> wait = WaitForTheLock(gate);

            _time.Advance(TimeSpan.FromMilliseconds(999));
            Assert.Empty(Reports(AsyncGuardDebugReportKind.LongWait));
            _time.Advance(TimeSpan.FromMilliseconds(1));

            AsyncGuardDebugReport report = Assert.Single(Reports(AsyncGuardDebugReportKind.LongWait, gate));
            Assert.Equal("AsyncLock", report.Source);
            Assert.Equal(TimeSpan.FromSeconds(1), report.Duration);
            Assert.Contains(nameof(WaitForTheLock), report.Stack);
            Assert.Contains(nameof(HoldTheLock), Assert.Single(report.HolderStacks));

            held.Dispose();
            (await wait).Dispose();
            _time.Advance(TimeSpan.FromSeconds(5)); // reported once per wait
            Assert.Single(Reports(AsyncGuardDebugReportKind.LongWait, gate));
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static ValueTask<AsyncLock.Releaser> HoldTheLock(AsyncLock gate) => gate.LockAsync();

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static ValueTask<AsyncLock.Releaser> WaitForTheLock(AsyncLock gate) => gate.LockAsync();

        [Fact]
        public async Task AHandedOverLockReportsWhereItsNewHolderBeganWaiting()
        {
            AsyncGuardDebug.Enable(Options);
            var gate = new AsyncLock();
            AsyncLock.Releaser first = await HoldTheLock(gate);
            ValueTask<AsyncLock.Releaser> second = WaitForTheLock(gate);
            first.Dispose(); // handed to the waiter
            AsyncLock.Releaser secondHeld = await second;
            ValueTask<AsyncLock.Releaser> third = gate.LockAsync();

            _time.Advance(TimeSpan.FromSeconds(1));
            AsyncGuardDebugReport report = Assert.Single(Reports(AsyncGuardDebugReportKind.LongWait, gate));
            string holder = Assert.Single(report.HolderStacks);
            Assert.Contains(nameof(WaitForTheLock), holder);
            Assert.DoesNotContain(nameof(HoldTheLock), holder);
            secondHeld.Dispose();
            (await third).Dispose();
        }

        [Fact]
        public async Task WaitThatEndsBeforeTheThresholdIsNotReported()
        {
            AsyncGuardDebug.Enable(Options);
            var gate = new AsyncLock();
            AsyncLock.Releaser held = await gate.LockAsync();
            ValueTask<AsyncLock.Releaser> wait = gate.LockAsync();
            _time.Advance(TimeSpan.FromMilliseconds(500));
            held.Dispose();
            (await wait).Dispose();
            using var cts = new CancellationTokenSource();
            held = await gate.LockAsync();
            ValueTask<AsyncLock.Releaser> cancelled = gate.LockAsync(cts.Token);
            cts.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.AsTask());
            held.Dispose();
            _time.Advance(TimeSpan.FromSeconds(5));
            Assert.Empty(Reports(AsyncGuardDebugReportKind.LongWait));
        }

        [Fact]
        public async Task LongSemaphoreWaitReportsThePermitHolders()
        {
            AsyncGuardDebug.Enable(Options);
            var semaphore = new AsyncSemaphore(2);
            await TakeAPermit(semaphore);
            Assert.True(semaphore.TryWait());
            semaphore.Release(); // the oldest recorded permit goes (a release does not say whose)
            Assert.True(semaphore.TryWait());
            ValueTask wait = semaphore.WaitAsync();

            _time.Advance(TimeSpan.FromSeconds(1));
            AsyncGuardDebugReport report = Assert.Single(Reports(AsyncGuardDebugReportKind.LongWait, semaphore));
            Assert.Equal("AsyncSemaphore", report.Source);
            Assert.Equal(2, report.HolderStacks.Count);
            Assert.Contains(report.HolderStacks, s => s.Contains(nameof(LongSemaphoreWaitReportsThePermitHolders)));
            semaphore.Release();
            await wait;
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static ValueTask TakeAPermit(AsyncSemaphore semaphore) => semaphore.WaitAsync();

        [Fact]
        public async Task LongReaderWriterWaitReportsTheWriter()
        {
            AsyncGuardDebug.Enable(Options);
            var rw = new AsyncReaderWriterLock();
            AsyncReaderWriterLock.Releaser writer = await TakeTheWriteLock(rw);
            ValueTask<AsyncReaderWriterLock.Releaser> reader = rw.ReadLockAsync();

            _time.Advance(TimeSpan.FromSeconds(1));
            AsyncGuardDebugReport report = Assert.Single(Reports(AsyncGuardDebugReportKind.LongWait, rw));
            string holder = Assert.Single(report.HolderStacks);
            Assert.StartsWith("write lock", holder);
            Assert.Contains(nameof(TakeTheWriteLock), holder);

            writer.Dispose();
            AsyncReaderWriterLock.Releaser read = await reader; // handed over: the reader is now the holder
            ValueTask<AsyncReaderWriterLock.Releaser> writer2 = rw.WriteLockAsync();
            _time.Advance(TimeSpan.FromSeconds(1));
            report = Reports(AsyncGuardDebugReportKind.LongWait, rw).Last();
            Assert.StartsWith("read lock", Assert.Single(report.HolderStacks));
            read.Dispose();
            (await writer2).Dispose();
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static ValueTask<AsyncReaderWriterLock.Releaser> TakeTheWriteLock(AsyncReaderWriterLock rw) => rw.WriteLockAsync();

        [Fact]
        public async Task LongConditionWaitReportsWhoHoldsItsLock()
        {
            AsyncGuardDebug.Enable(Options);
            var condition = new AsyncCondition();
            AsyncLock.Releaser mine = await condition.LockAsync();
            ValueTask waiting = condition.WaitAsync(); // releases the lock while it waits
            AsyncLock.Releaser other = await HoldTheLock(condition.Lock);

            _time.Advance(TimeSpan.FromSeconds(1));
            AsyncGuardDebugReport report = Assert.Single(Reports(AsyncGuardDebugReportKind.LongWait, condition));
            Assert.Equal("AsyncCondition", report.Source);
            Assert.Contains(nameof(HoldTheLock), Assert.Single(report.HolderStacks));

            condition.Notify();
            other.Dispose();
            await waiting;
            mine.Dispose();
        }

        // ------------------------------------------------------------------------------------------------ tracing

        [Fact]
        public void ReportsGoToTheEventSourceUnlessTurnedOff()
        {
            using var listener = new Listener();
            AsyncGuardDebugOptions options = Options;
            AsyncGuardDebug.Enable(options);
            new TaskCompletionSource<int>().Task.ContinueWith(_ => { }).Forget(); // succeeds: nothing
            Task.FromException(new InvalidOperationException("traced")).Forget();
            options.WriteToEventSource = false;
            AsyncGuardDebug.Enable(options);
            Task.FromException(new InvalidOperationException("untraced")).Forget();

            Assert.Equal(2, Reports(AsyncGuardDebugReportKind.UnobservedFailure).Count);
            EventWrittenEventArgs written = Assert.Single(listener.Events, e => e.EventName == "UnobservedFailure");
            Assert.Equal("Forget", written.Payload![0]);
            Assert.Equal("traced", written.Payload[2]);
        }

        private sealed class Listener : EventListener
        {
            public List<EventWrittenEventArgs> Events { get; } = new List<EventWrittenEventArgs>();

            protected override void OnEventSourceCreated(EventSource source)
            {
                if (source.Name == "AsyncGuard-Runtime")
                {
                    EnableEvents(source, EventLevel.Verbose);
                }
            }

            protected override void OnEventWritten(EventWrittenEventArgs e)
            {
                lock (Events)
                {
                    Events.Add(e);
                }
            }
        }

        // ------------------------------------------------------------------------------------------------ off

        [Fact]
        public async Task NothingIsRecordedWhenOff()
        {
            Assert.False(AsyncGuardDebug.IsEnabled);
            var gate = new AsyncLock();
            var semaphore = new AsyncSemaphore(1);
            var rw = new AsyncReaderWriterLock();
            AsyncLock.Releaser held = await gate.LockAsync();
            ValueTask<AsyncLock.Releaser> wait = gate.LockAsync();
            await semaphore.WaitAsync();
            ValueTask permit = semaphore.WaitAsync();
            AsyncReaderWriterLock.Releaser writer = await rw.WriteLockAsync();
            ValueTask<AsyncReaderWriterLock.Releaser> reader = rw.ReadLockAsync();
            EventLoop.Run(async () =>
            {
                await Task.Yield();
                _time.Advance(TimeSpan.FromSeconds(1)); // slow on the fake clock, but nobody measures
            });
            Task.FromException(new InvalidOperationException("not watched")).Forget();
            Task group = TaskGroup.RunAsync(g => { g.Start(_ => Task.FromException(new InvalidOperationException("x"))); return Task.CompletedTask; });
            await Assert.ThrowsAsync<AggregateException>(() => group);
            _time.Advance(TimeSpan.FromSeconds(10));

            Assert.False(DebugHolders.Has(gate.DebugGate));
            held.Dispose();
            (await wait).Dispose();
            semaphore.Release();
            await permit;
            writer.Dispose();
            (await reader).Dispose();
            lock (_reports)
            {
                Assert.Empty(_reports);
            }
        }
    }
}
