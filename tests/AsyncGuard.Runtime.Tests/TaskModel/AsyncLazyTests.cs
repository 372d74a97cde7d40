using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace AsyncGuard.Runtime.Tests.TaskModel
{
    public sealed class AsyncLazyTests
    {
        [Fact]
        public async Task TheFactoryRunsOnceForConcurrentCallers()
        {
            int runs = 0;
            var lazy = new AsyncLazy<int>(async () => { Interlocked.Increment(ref runs); await Task.Delay(20); return 7; });
            int[] values = await Bounded.Within(Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => lazy.GetValueAsync()))));
            Assert.All(values, v => Assert.Equal(7, v));
            Assert.Equal(1, runs);
            Assert.True(lazy.IsValueCreated);
            Assert.Equal(7, await lazy);
        }

        [Fact]
        public async Task ACallerCanStopWaitingWithoutCancellingTheFactory()
        {
            var release = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            var lazy = new AsyncLazy<int>(() => release.Task);
            using var cts = new CancellationTokenSource();
            Task<int> first = lazy.GetValueAsync(cts.Token);
            Task<int> second = lazy.GetValueAsync();
            cts.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
            release.SetResult(3);
            Assert.Equal(3, await Bounded.Within(second));
        }

        [Fact]
        public async Task AFailureIsCachedUnlessRetryIsAsked()
        {
            int runs = 0;
            var cached = new AsyncLazy<int>(() => { runs++; return Task.FromException<int>(new FormatException()); });
            await Assert.ThrowsAsync<FormatException>(() => cached.GetValueAsync());
            await Assert.ThrowsAsync<FormatException>(() => cached.GetValueAsync());
            Assert.Equal(1, runs);

            int attempts = 0;
            var retrying = new AsyncLazy<int>(
                async () => { await Task.Yield(); return ++attempts < 3 ? throw new FormatException() : attempts; },
                AsyncLazyOptions.RetryOnFailure);
            await Assert.ThrowsAsync<FormatException>(() => retrying.GetValueAsync());
            await Assert.ThrowsAsync<FormatException>(() => retrying.GetValueAsync());
            Assert.Equal(3, await retrying.GetValueAsync());
            Assert.Equal(3, await retrying.GetValueAsync());
            Assert.Equal(3, attempts);
        }

        [Fact]
        public async Task ExecuteOnCallingThread()
        {
            int thread = -1;
            var lazy = new AsyncLazy<int>(() => { thread = Environment.CurrentManagedThreadId; return Task.FromResult(1); }, AsyncLazyOptions.ExecuteOnCallingThread);
            Task<int> value = lazy.GetValueAsync();
            Assert.Equal(Environment.CurrentManagedThreadId, thread);
            Assert.Equal(1, await value);
            Assert.False(new AsyncLazy<int>(() => Task.FromResult(1)).IsStarted);
        }
    }
}
