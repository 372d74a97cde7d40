using System;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace AsyncGuard.Runtime.Tests
{
    public sealed class AsyncManualResetEventTests
    {
        [Fact]
        public async Task Set_releases_all_waiters_and_stays_set_until_reset()
        {
            var e = new AsyncManualResetEvent();
            Assert.False(e.IsSet);
            ValueTask aWait = e.WaitAsync();
            ValueTask bWait = e.WaitAsync();
            TestUtil.AssertPending(aWait);
            TestUtil.AssertPending(bWait);
            e.Set();
            Assert.True(aWait.IsCompleted && bWait.IsCompleted, "Set completes every waiter before it returns");
            await Task.WhenAll(aWait.AsTask(), bWait.AsTask()).WithTimeout();
            Assert.True(e.IsSet);
            Assert.True(e.WaitAsync().IsCompletedSuccessfully);
            e.Reset();
            Assert.False(e.IsSet);
            ValueTask afterReset = e.WaitAsync();
            TestUtil.AssertPending(afterReset);
            e.Set();
            await afterReset.WithTimeout();
        }

        [Fact]
        public void Initial_state_is_honoured()
        {
            Assert.True(new AsyncManualResetEvent(true).WaitAsync().IsCompletedSuccessfully);
        }

        [Fact]
        public async Task Cancellation()
        {
            var e = new AsyncManualResetEvent(true);
            await TestUtil.AssertCanceled(e.WaitAsync(new CancellationToken(true)));
            e.Reset();
            using var cts = new CancellationTokenSource();
            var w = e.WaitAsync(cts.Token);
            var other = e.WaitAsync().AsTask();
            cts.Cancel();
            await TestUtil.AssertCanceled(w);
            e.Set();
            await other.WithTimeout();
        }

        [Fact]
        public async Task Set_does_not_run_waiters_inline()
        {
            var e = new AsyncManualResetEvent();
            await TestUtil.AssertContinuationNotInline(e.WaitAsync(), e.Set);
        }

        [Fact]
        public async Task Dispose_faults_waiters()
        {
            var e = new AsyncManualResetEvent();
            var w = e.WaitAsync().AsTask();
            e.Dispose();
            await Assert.ThrowsAsync<ObjectDisposedException>(() => w.WithTimeout());
            Assert.Throws<ObjectDisposedException>(() => { _ = e.WaitAsync(); });
        }
    }

    public sealed class AsyncAutoResetEventTests
    {
        [Fact]
        public async Task Each_set_releases_exactly_one_waiter_in_fifo_order()
        {
            var e = new AsyncAutoResetEvent();
            ValueTask a = e.WaitAsync();
            ValueTask b = e.WaitAsync();
            e.Set();
            Assert.True(a.IsCompleted, "the oldest waiter is released by the first Set");
            TestUtil.AssertPending(b);
            await a.WithTimeout();
            Assert.False(e.IsSet);
            e.Set();
            await b.WithTimeout();
            Assert.False(e.IsSet);
        }

        [Fact]
        public void Set_without_waiters_lets_one_later_wait_through()
        {
            var e = new AsyncAutoResetEvent();
            e.Set();
            e.Set(); // coalesces
            Assert.True(e.IsSet);
            Assert.True(e.WaitAsync().IsCompletedSuccessfully);
            Assert.False(e.WaitAsync().IsCompleted);
        }

        [Fact]
        public void Reset_clears_a_pending_signal()
        {
            var e = new AsyncAutoResetEvent(initialState: true);
            Assert.True(e.IsSet);
            e.Reset();
            Assert.False(e.WaitAsync().IsCompleted);
        }

        [Fact]
        public async Task Cancelled_waiter_does_not_consume_the_signal()
        {
            var e = new AsyncAutoResetEvent(initialState: true);
            await TestUtil.AssertCanceled(e.WaitAsync(new CancellationToken(true)));
            Assert.True(e.IsSet);
            e.Reset();
            using var cts = new CancellationTokenSource();
            var w = e.WaitAsync(cts.Token);
            cts.Cancel();
            await TestUtil.AssertCanceled(w);
            e.Set();
            Assert.True(e.IsSet);
        }

        [Fact]
        public async Task Set_does_not_run_the_waiter_inline()
        {
            var e = new AsyncAutoResetEvent();
            await TestUtil.AssertContinuationNotInline(e.WaitAsync(), e.Set);
        }

        [Fact]
        public async Task Dispose_faults_waiters()
        {
            var e = new AsyncAutoResetEvent();
            var w = e.WaitAsync().AsTask();
            e.Dispose();
            await Assert.ThrowsAsync<ObjectDisposedException>(() => w.WithTimeout());
        }
    }
}
