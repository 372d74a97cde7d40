using System;
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

        [Fact]
        public async Task CancellationAndSuccessAreNotReported()
        {
            int calls = 0;
            Task.FromCanceled(new CancellationToken(true)).Forget(_ => calls++);
            Task.CompletedTask.Forget(_ => calls++);
            Task.Delay(10).Forget(_ => calls++);
            new ValueTask(Task.Delay(5)).Forget(_ => calls++);
            new ValueTask<int>(3).Forget(_ => calls++);
            ((Task?)null).Forget();
            await Task.Delay(50);
            Assert.Equal(0, calls);
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
            TaskScheduler.UnobservedTaskException += handler;
            try
            {
                await Produce();
                await Task.Delay(100);
                GC.Collect();
                GC.WaitForPendingFinalizers();
                GC.Collect();
                Assert.Equal(0, unobserved);
            }
            finally
            {
                TaskScheduler.UnobservedTaskException -= handler;
            }

            static async Task Produce()
            {
                Fail(new MarkerException()).Forget(_ => { });
                await Assert.ThrowsAnyAsync<Exception>(async () =>
                {
                    await using var g = new TaskGroup(TaskGroupMode.Supervisor);
                    _ = g.Start(_ => Fail(new MarkerException()));
                });
                using var cts = new CancellationTokenSource();
                Task shielded = Fail(new MarkerException(), 20).Shield(cts.Token);
                cts.Cancel();
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => shielded);
                await Assert.ThrowsAsync<TimeoutException>(() => Fail(new MarkerException(), 30).WithTimeout(TimeSpan.FromMilliseconds(1)));
                await Task.Delay(60);
            }
        }

        private static async Task Fail(Exception e, int ms = 5)
        {
            await Task.Delay(ms);
            throw e;
        }

        private sealed class MarkerException : Exception
        {
        }
    }
}
