using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace AsyncGuard.Runtime.Tests
{
    /// <summary>
    /// Bounded stress runs of <see cref="AsyncBarrier"/> with fixed seeds. Every wait on the workers goes through
    /// WithTimeout, so a lost wake-up fails the test instead of hanging it.
    /// </summary>
    public sealed class BarrierStressTests
    {
        private const int HardTimeoutMs = 30_000;
        private static readonly TimeSpan Budget = TimeSpan.FromSeconds(3); // stop early on a slow machine

        [Theory]
        [InlineData(2)]
        [InlineData(5)]
        public async Task Many_rounds_keep_every_participant_in_the_same_phase(int participants)
        {
            const int Rounds = 2_000;
            var barrier = new AsyncBarrier(participants);
            var arrivals = new int[Rounds];
            var workers = Enumerable.Range(0, participants).Select(w => Task.Run(async () =>
            {
                var rng = new Random(100 + w);
                for (int round = 0; round < Rounds; round++)
                {
                    if (rng.Next(4) == 0)
                    {
                        await Task.Yield(); // vary who arrives last
                    }

                    Interlocked.Increment(ref arrivals[round]);
                    long phase = await barrier.SignalAndWaitAsync();
                    Assert.Equal(round, phase);
                    // Nobody leaves a phase before everybody has arrived in it.
                    Assert.Equal(participants, Volatile.Read(ref arrivals[round]));
                }
            })).ToArray();

            await Task.WhenAll(workers).WithTimeout(HardTimeoutMs);
            Assert.Equal(Rounds, barrier.CurrentPhase);
            Assert.False(barrier.IsBroken);
            Assert.Equal(participants, barrier.ParticipantsRemaining);
        }

        [Fact]
        public async Task A_participant_cancelled_mid_phase_breaks_it_for_all_and_Reset_recovers()
        {
            const int Participants = 4;
            var barrier = new AsyncBarrier(Participants);
            var rng = new Random(4242);
            int broken = 0, completed = 0, episodes = 0;
            var clock = Stopwatch.StartNew();
            while (episodes < 400 && (clock.Elapsed < Budget || episodes < 50))
            {
                episodes++;
                int victim = rng.Next(Participants);
                int mode = rng.Next(4);
                using var cts = new CancellationTokenSource();
                if (mode == 0)
                {
                    cts.Cancel(); // already cancelled on entry
                }

                var tasks = new Task<long>[Participants];
                for (int p = 0; p < Participants; p++)
                {
                    bool isVictim = p == victim;
                    int delay = rng.Next(3);
                    tasks[p] = Task.Run(async () =>
                    {
                        for (int i = 0; i < delay; i++)
                        {
                            await Task.Yield();
                        }

                        return await barrier.SignalAndWaitAsync(isVictim ? cts.Token : default);
                    });
                }

                if (mode == 1)
                {
                    cts.Cancel(); // races with the arrivals
                }
                else if (mode == 2)
                {
                    _ = Task.Run(cts.Cancel);
                }
                else if (mode == 3)
                {
                    cts.CancelAfter(1);
                }

                try
                {
                    await Task.WhenAll(tasks).WithTimeout(HardTimeoutMs);
                }
                catch (Exception e) when (e is not TimeoutException)
                {
                    // The outcomes are checked one by one below.
                }

                // All or nothing: either the phase completed for everyone (the victim arrived last before its
                // cancellation), or the victim was cancelled and every other participant saw the barrier broken.
                if (tasks.All(t => t.Status == TaskStatus.RanToCompletion))
                {
                    Assert.Single(tasks.Select(t => t.Result).Distinct());
                    Assert.False(barrier.IsBroken);
                    completed++;
                }
                else
                {
                    Assert.True(tasks[victim].IsCanceled, $"episode {episodes}: the victim ended {tasks[victim].Status}");
                    for (int p = 0; p < Participants; p++)
                    {
                        if (p != victim)
                        {
                            var error = Assert.IsType<BarrierBrokenException>(tasks[p].Exception?.InnerException);
                            Assert.Contains("broken", error.Message);
                        }
                    }

                    Assert.True(barrier.IsBroken);
                    await Assert.ThrowsAsync<BarrierBrokenException>(() => barrier.SignalAndWaitAsync().AsTask());
                    broken++;
                }

                barrier.Reset();
                Assert.False(barrier.IsBroken);
                Assert.Equal(Participants, barrier.ParticipantsRemaining);
                if (episodes % 10 == 0)
                {
                    // After Reset a clean round works again.
                    var round = Enumerable.Range(0, Participants).Select(_ => barrier.SignalAndWaitAsync().AsTask()).ToArray();
                    long[] phases = await Task.WhenAll(round).WithTimeout(HardTimeoutMs);
                    Assert.Single(phases.Distinct());
                }
            }

            Assert.True(broken > 10, $"too few broken episodes: {broken} of {episodes}");
        }

        [Fact]
        public async Task Abort_racing_with_arrivals_never_hangs_and_Reset_recovers()
        {
            const int Participants = 3;
            var barrier = new AsyncBarrier(Participants);
            var rng = new Random(777);
            var clock = Stopwatch.StartNew();
            for (int episode = 0; episode < 300 && (clock.Elapsed < Budget || episode < 30); episode++)
            {
                var tasks = Enumerable.Range(0, Participants).Select(_ => Task.Run(async () =>
                {
                    await Task.Yield();
                    return await barrier.SignalAndWaitAsync();
                })).ToArray();
                if (rng.Next(2) == 0)
                {
                    await Task.Yield();
                }

                barrier.Abort();
                try
                {
                    await Task.WhenAll(tasks).WithTimeout(HardTimeoutMs);
                }
                catch (BarrierBrokenException)
                {
                }

                // Each participant either finished a phase or saw the barrier broken; nobody is left waiting.
                foreach (var t in tasks)
                {
                    Assert.True(t.IsCompleted);
                    if (!t.IsCompletedSuccessfully)
                    {
                        Assert.IsType<BarrierBrokenException>(t.Exception?.InnerException);
                    }
                }

                Assert.True(barrier.IsBroken);
                barrier.Reset();
                var round = Enumerable.Range(0, Participants).Select(_ => barrier.SignalAndWaitAsync().AsTask()).ToArray();
                Assert.Single((await Task.WhenAll(round).WithTimeout(HardTimeoutMs)).Distinct());
            }
        }
    }
}
