using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace AsyncGuard.Runtime.Tests
{
    public sealed class AsyncBarrierTests
    {
        [Fact]
        public void Constructor_validates()
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => new AsyncBarrier(0));
            var b = new AsyncBarrier(3);
            Assert.Equal(3, b.ParticipantCount);
            Assert.Equal(3, b.ParticipantsRemaining);
            Assert.Equal(0, b.CurrentPhase);
        }

        [Fact]
        public async Task Participants_wait_for_each_other_phase_after_phase()
        {
            var b = new AsyncBarrier(3);
            for (long phase = 0; phase < 3; phase++)
            {
                ValueTask<long> firstWait = b.SignalAndWaitAsync();
                ValueTask<long> secondWait = b.SignalAndWaitAsync();
                TestUtil.AssertPending(firstWait);
                TestUtil.AssertPending(secondWait);
                var first = firstWait.AsTask();
                var second = secondWait.AsTask();
                Assert.Equal(1, b.ParticipantsRemaining);
                ValueTask<long> last = b.SignalAndWaitAsync();
                Assert.True(last.IsCompletedSuccessfully);
                Assert.Equal(phase, await last);
                Assert.Equal(new[] { phase, phase }, await Task.WhenAll(first, second).WithTimeout());
                Assert.Equal(phase + 1, b.CurrentPhase);
            }
        }

        [Fact]
        public async Task Single_participant_never_waits()
        {
            var b = new AsyncBarrier(1);
            Assert.Equal(0, await b.SignalAndWaitAsync());
            Assert.Equal(1, await b.SignalAndWaitAsync());
        }

        [Fact]
        public async Task Cancelled_participant_breaks_the_barrier_for_the_others()
        {
            var b = new AsyncBarrier(3);
            using var cts = new CancellationTokenSource();
            var other = b.SignalAndWaitAsync().AsTask();
            var cancelled = b.SignalAndWaitAsync(cts.Token);
            cts.Cancel();
            await TestUtil.AssertCanceled(cancelled);
            await Assert.ThrowsAsync<BarrierBrokenException>(() => other.WithTimeout());
            Assert.True(b.IsBroken);
            await Assert.ThrowsAsync<BarrierBrokenException>(() => b.SignalAndWaitAsync().AsTask());
        }

        [Fact]
        public async Task Already_cancelled_token_throws_at_once_and_breaks_the_barrier()
        {
            var b = new AsyncBarrier(2);
            var other = b.SignalAndWaitAsync().AsTask();
            await TestUtil.AssertCanceled(b.SignalAndWaitAsync(new CancellationToken(true)));
            await Assert.ThrowsAsync<BarrierBrokenException>(() => other.WithTimeout());
        }

        [Fact]
        public async Task Abort_breaks_and_Reset_repairs()
        {
            var b = new AsyncBarrier(2);
            var waiting = b.SignalAndWaitAsync().AsTask();
            b.Abort();
            await Assert.ThrowsAsync<BarrierBrokenException>(() => waiting.WithTimeout());
            b.Reset();
            Assert.False(b.IsBroken);
            var x = b.SignalAndWaitAsync().AsTask();
            var y = b.SignalAndWaitAsync().AsTask();
            await Task.WhenAll(x, y).WithTimeout();
        }

        [Fact]
        public async Task Dispose_faults_waiters_and_later_waits_throw()
        {
            var b = new AsyncBarrier(3);
            var first = b.SignalAndWaitAsync().AsTask();
            var second = b.SignalAndWaitAsync().AsTask();
            b.Dispose();
            await Assert.ThrowsAsync<ObjectDisposedException>(() => first.WithTimeout());
            await Assert.ThrowsAsync<ObjectDisposedException>(() => second.WithTimeout());
            Assert.Throws<ObjectDisposedException>(() => { _ = b.SignalAndWaitAsync(); });
            b.Dispose(); // idempotent
            b.Abort();
            b.Reset();
            Assert.Throws<ObjectDisposedException>(() => { _ = b.SignalAndWaitAsync(); });
        }

        [Fact]
        public async Task Cancelling_a_waiter_after_dispose_changes_nothing()
        {
            var b = new AsyncBarrier(2);
            using var cts = new CancellationTokenSource();
            var waiting = b.SignalAndWaitAsync(cts.Token).AsTask();
            b.Dispose();
            cts.Cancel(); // the waiter was already failed: the cancellation finds nothing to do
            await Assert.ThrowsAsync<ObjectDisposedException>(() => waiting.WithTimeout());
            Assert.False(b.IsBroken);
        }

        [Fact]
        public async Task Reset_fails_current_waiters_and_starts_a_new_phase()
        {
            var b = new AsyncBarrier(2);
            var waiting = b.SignalAndWaitAsync().AsTask();
            b.Reset();
            await Assert.ThrowsAsync<BarrierBrokenException>(() => waiting.WithTimeout());
            Assert.Equal(1, b.CurrentPhase);
            Assert.Equal(2, b.ParticipantsRemaining);
        }

        [Fact]
        public async Task Last_arrival_does_not_run_the_others_inline()
        {
            var b = new AsyncBarrier(2);
            await TestUtil.AssertContinuationNotInline(Wait(b.SignalAndWaitAsync()), () => b.SignalAndWaitAsync());

            static async ValueTask Wait(ValueTask<long> v) => await v.ConfigureAwait(false);
        }

        [Fact]
        public async Task Many_workers_many_phases()
        {
            var b = new AsyncBarrier(4);
            var workers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
            {
                for (int i = 0; i < 200; i++)
                {
                    Assert.Equal(i, await b.SignalAndWaitAsync());
                }
            }));
            await Task.WhenAll(workers).WithTimeout();
        }
    }
}
