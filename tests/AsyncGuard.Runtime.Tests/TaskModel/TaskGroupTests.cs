using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace AsyncGuard.Runtime.Tests.TaskModel
{
    public sealed class TaskGroupTests
    {
        [Fact]
        public async Task DisposalWaitsForEveryChild()
        {
            Task<int> a, b;
            var group = new TaskGroup();
            await using (group)
            {
                a = group.Start(async ct => { await Task.Delay(50, ct); return 1; });
                b = group.Start(async ct => { await Task.Delay(10, ct); return 2; });
            }

            Assert.True(a.IsCompletedSuccessfully && b.IsCompletedSuccessfully);
            Assert.Equal(3, await a + await b);
            Assert.Equal(0, group.RunningCount);
        }

        [Fact]
        public async Task FirstFailureCancelsSiblingsAndOnlyRealFailuresAreThrown()
        {
            Task sibling = Task.CompletedTask;
            var error = await Assert.ThrowsAsync<AggregateException>(() => Bounded.Within(Run()));
            Assert.IsType<InvalidOperationException>(Assert.Single(error.InnerExceptions));
            Assert.True(sibling.IsCanceled);

            async Task Run()
            {
                await using var group = new TaskGroup();
                sibling = group.Start(ct => Task.Delay(Timeout.Infinite, ct));
                _ = group.Start(async ct => { await Task.Delay(20, ct); throw new InvalidOperationException("boom"); });
            }
        }

        [Fact]
        public async Task EveryFailureIsCollected()
        {
            var error = await Assert.ThrowsAsync<AggregateException>(() => Bounded.Within(Run()));
            Assert.Equal(2, error.InnerExceptions.Count);
            Assert.Contains(error.InnerExceptions, e => e is ArgumentException);
            Assert.Contains(error.InnerExceptions, e => e is FormatException);

            static async Task Run()
            {
                using var both = new Barrier(2);
                await using var group = new TaskGroup();
                _ = group.Start(ct => Task.Run(() => { both.SignalAndWait(); throw new ArgumentException(); }));
                _ = group.Start(ct => Task.Run(() => { both.SignalAndWait(); throw new FormatException(); }));
            }
        }

        [Fact]
        public async Task SynchronousThrowIsAFailureOfTheChild()
        {
            var error = await Assert.ThrowsAsync<AggregateException>(async () =>
            {
                await using var group = new TaskGroup();
                Task child = group.Start(_ => throw new NotSupportedException());
                Assert.True(child.IsFaulted);
            });
            Assert.IsType<NotSupportedException>(Assert.Single(error.InnerExceptions));
        }

        [Fact]
        public async Task SupervisorDoesNotCancelSiblings()
        {
            Task<int> sibling = Task.FromResult(0);
            var error = await Assert.ThrowsAsync<AggregateException>(() => Bounded.Within(Run()));
            Assert.IsType<InvalidOperationException>(Assert.Single(error.InnerExceptions));
            Assert.Equal(42, await sibling);

            async Task Run()
            {
                await using var group = new TaskGroup(TaskGroupMode.Supervisor);
                _ = group.Start(_ => Task.FromException(new InvalidOperationException()));
                sibling = group.Start(async ct => { await Task.Delay(50, ct); return 42; });
            }
        }

        [Fact]
        public async Task ParentCancellationCancelsChildrenAndThrowsOperationCanceled()
        {
            using var cts = new CancellationTokenSource();
            Task child = Task.CompletedTask;
            Task run = Run();
            cts.CancelAfter(30);
            var e = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Bounded.Within(run));
            Assert.Equal(cts.Token, e.CancellationToken);
            Assert.True(child.IsCanceled);

            async Task Run()
            {
                await using var group = new TaskGroup(cts.Token);
                child = group.Start(ct => Task.Delay(Timeout.Infinite, ct));
            }
        }

        [Fact]
        public async Task ChildCancelledByItsOwnTimeoutIsAFailure()
        {
            var error = await Assert.ThrowsAsync<AggregateException>(async () =>
            {
                await using var group = new TaskGroup();
                _ = group.Start(_ => Task.FromCanceled(new CancellationToken(true)));
            });
            Assert.IsAssignableFrom<OperationCanceledException>(Assert.Single(error.InnerExceptions));
        }

        [Fact]
        public async Task StartingAfterTheGroupFinishedThrows()
        {
            var group = new TaskGroup();
            _ = group.Start(_ => Task.CompletedTask);
            await group.DisposeAsync();
            Assert.Throws<InvalidOperationException>(() => { _ = group.Start(_ => Task.CompletedTask); });
            await group.DisposeAsync(); // a second disposal is a no-op
        }

        [Fact]
        public async Task AChildMayStartAnotherWhileTheGroupWaits()
        {
            var inner = new TaskCompletionSource<Task>();
            var group = new TaskGroup();
            await using (group)
            {
                _ = group.Start(async ct =>
                {
                    await Task.Delay(30, ct);
                    inner.SetResult(group.Start(ct2 => Task.Delay(30, ct2)));
                });
            }

            Assert.True((await inner.Task).IsCompletedSuccessfully);
        }

        [Fact]
        public async Task RunAsyncCancelsChildrenWhenTheBodyThrows()
        {
            Task child = Task.CompletedTask;
            var error = await Assert.ThrowsAsync<AggregateException>(() => Bounded.Within(TaskGroup.RunAsync(group =>
            {
                child = group.Start(ct => Task.Delay(Timeout.Infinite, ct));
                throw new TimeZoneNotFoundException();
            })));
            Assert.IsType<TimeZoneNotFoundException>(Assert.Single(error.InnerExceptions));
            Assert.True(child.IsCanceled);
        }

        [Fact]
        public async Task ManyChildren()
        {
            int sum = 0;
            await using (var group = new TaskGroup())
            {
                foreach (int i in Enumerable.Range(1, 1000))
                {
                    _ = group.Start(async _ => { await Task.Yield(); Interlocked.Add(ref sum, i); });
                }
            }

            Assert.Equal(500500, sum);
        }
    }
}
