using System;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace AsyncGuard.Runtime.Tests.TaskModel
{
    public sealed class FireAndForgetTests
    {
        [Fact]
        public async Task TheCallbackReceivesTheException()
        {
            var seen = new TaskCompletionSource<Exception>();
            var error = new InvalidOperationException();
            Fail(error).Forget(e => seen.TrySetResult(e));
            Assert.Same(error, await Bounded.Within(seen.Task));
        }

        [Fact]
        public async Task WithoutACallbackTheEventIsRaised()
        {
            var error = new InvalidOperationException();
            var seen = new TaskCompletionSource<Exception>();
            EventHandler<UnobservedErrorEventArgs> handler = (_, e) => { if (e.Exception == error) seen.TrySetResult(e.Exception); };
            FireAndForget.UnobservedErrors += handler;
            try
            {
                Fail(error).Forget();
                Assert.Same(error, await Bounded.Within(seen.Task));
            }
            finally
            {
                FireAndForget.UnobservedErrors -= handler;
            }
        }

        [Fact]
        public async Task AThrowingCallbackGoesToTheEvent()
        {
            var error = new InvalidOperationException();
            var seen = new TaskCompletionSource<Exception>();
            EventHandler<UnobservedErrorEventArgs> handler = (_, e) =>
            {
                if (e.Exception is AggregateException a && a.InnerExceptions[0] == error)
                {
                    seen.TrySetResult(a.InnerExceptions[1]);
                }
            };
            FireAndForget.UnobservedErrors += handler;
            try
            {
                Fail(error).Forget(_ => throw new FormatException());
                Assert.IsType<FormatException>(await Bounded.Within(seen.Task));
            }
            finally
            {
                FireAndForget.UnobservedErrors -= handler;
            }
        }

        // Forget looks at a task in a continuation that runs synchronously with the task's completion, so completing
        // the tasks by hand on this thread (sources without RunContinuationsAsynchronously) means every verdict is in
        // when the completing call returns; the failing task at the end is the control that shows it.
        [Fact]
        public void CancellationAndSuccessAreNotReported()
        {
            int calls = 0;
            var cancelledLater = new TaskCompletionSource();
            var succeededLater = new TaskCompletionSource();
            var valueTaskLater = new TaskCompletionSource<int>();
            Task.FromCanceled(new CancellationToken(true)).Forget(_ => calls++);
            Task.CompletedTask.Forget(_ => calls++);
            cancelledLater.Task.Forget(_ => calls++);
            new ValueTask(succeededLater.Task).Forget(_ => calls++);
            new ValueTask<int>(valueTaskLater.Task).Forget(_ => calls++);
            new ValueTask<int>(3).Forget(_ => calls++);
            ((Task?)null).Forget();
            cancelledLater.SetCanceled();
            succeededLater.SetResult();
            valueTaskLater.SetResult(3);
            Assert.Equal(0, calls);

            var failedLater = new TaskCompletionSource();
            failedLater.Task.Forget(_ => calls++);
            failedLater.SetException(new FormatException());
            Assert.Equal(1, calls);
        }

        [Fact]
        public async Task ValueTaskFailuresAreReported()
        {
            var seen = new TaskCompletionSource<Exception>();
            new ValueTask<int>(Task.FromException<int>(new FormatException())).Forget(e => seen.TrySetResult(e));
            Assert.IsType<FormatException>(await Bounded.Within(seen.Task));
        }

        [Fact]
        public async Task NothingReachesUnobservedTaskException()
        {
            int unobserved = 0;
            EventHandler<UnobservedTaskExceptionEventArgs> handler = (_, e) => { if (e.Exception.InnerException is MarkerException) Interlocked.Increment(ref unobserved); };
            // The control: a faulted task nobody observes. Seeing it reported shows a finalizer pass ran after the tasks
            // below became garbage, so the count is checked after the fact, not after a pause.
            int control = 0;
            EventHandler<UnobservedTaskExceptionEventArgs> controlHandler = (_, e) => { if (e.Exception.InnerException is ControlException) Interlocked.Increment(ref control); };
            TaskScheduler.UnobservedTaskException += handler;
            TaskScheduler.UnobservedTaskException += controlHandler;
            try
            {
                await Produce();
                LeaveUnobserved();
                for (int round = 0; round < 100 && Volatile.Read(ref control) == 0; round++)
                {
                    GC.Collect();
                    GC.WaitForPendingFinalizers();
                    await Task.Yield();
                }

                Assert.True(Volatile.Read(ref control) > 0, "no finalizer pass reported the control task");
                GC.Collect();
                GC.WaitForPendingFinalizers();
                Assert.Equal(0, unobserved);
            }
            finally
            {
                TaskScheduler.UnobservedTaskException -= handler;
                TaskScheduler.UnobservedTaskException -= controlHandler;
            }

            // The inner tasks fail by hand after the runtime took them over; their observing continuations run
            // synchronously inside SetException (no RunContinuationsAsynchronously), so they are done when it returns.
            [MethodImpl(MethodImplOptions.NoInlining)]
            static async Task Produce()
            {
                var forgotten = new TaskCompletionSource();
                forgotten.Task.Forget(_ => { });
                forgotten.SetException(new MarkerException());

                await Assert.ThrowsAnyAsync<Exception>(async () =>
                {
                    await using var g = new TaskGroup(TaskGroupMode.Supervisor);
                    _ = g.Start(_ => Task.FromException(new MarkerException()));
                });

                using var cts = new CancellationTokenSource();
                var shieldedWork = new TaskCompletionSource();
                Task shielded = shieldedWork.Task.Shield(cts.Token);
                cts.Cancel();
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => shielded);
                shieldedWork.SetException(new MarkerException());

                var timedOutWork = new TaskCompletionSource();
                // AsyncGuard's WaitAsync, called explicitly: the BCL's instance method (which the compiler prefers on .NET 6 and
                // later) does not observe the failure of a task it stopped waiting for.
                await Assert.ThrowsAsync<TimeoutException>(() => AsyncTasks.WaitAsync(timedOutWork.Task, TimeSpan.FromMilliseconds(1)));
                timedOutWork.SetException(new MarkerException());
            }

            [MethodImpl(MethodImplOptions.NoInlining)]
            static void LeaveUnobserved() => _ = Task.FromException(new ControlException());
        }

        private static async Task Fail(Exception e, int ms = 5)
        {
            await Task.Delay(ms);
            throw e;
        }

        private sealed class MarkerException : Exception
        {
        }

        private sealed class ControlException : Exception
        {
        }
    }
}
