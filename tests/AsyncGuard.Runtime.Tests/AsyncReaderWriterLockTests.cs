using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace AsyncGuard.Runtime.Tests
{
    // Issue 19 item 2. Grants happen inside the releasing (or cancelling) call, and a ValueTask reports its state at
    // once, so every "granted" or "still waiting" check below is exact, with no pause.
    public sealed class AsyncReaderWriterLockTests
    {
        [Fact]
        public async Task Readers_share_and_a_writer_excludes()
        {
            var rw = new AsyncReaderWriterLock();
            ValueTask<AsyncReaderWriterLock.Releaser> r1 = rw.ReadLockAsync();
            ValueTask<AsyncReaderWriterLock.Releaser> r2 = rw.ReadLockAsync();
            Assert.True(r1.IsCompletedSuccessfully && r2.IsCompletedSuccessfully);
            Assert.Equal(2, rw.CurrentReadCount);
            Assert.False(rw.TryWriteLock(out _));
            ValueTask<AsyncReaderWriterLock.Releaser> w = rw.WriteLockAsync();
            TestUtil.AssertPending(w);
            (await r1).Dispose();
            TestUtil.AssertPending(w);
            (await r2).Dispose();
            Assert.True(w.IsCompleted, "the last reader hands the lock to the writer");
            AsyncReaderWriterLock.Releaser writer = await w;
            Assert.True(writer.IsWriter && rw.IsWriteLockHeld);
            Assert.False(rw.TryReadLock(out _));
            writer.Dispose();
            Assert.False(rw.IsWriteLockHeld);
            Assert.True(rw.TryReadLock(out var r3));
            r3.Dispose();
            Assert.Equal(0, rw.CurrentReadCount);
        }

        [Fact]
        public async Task A_waiting_writer_blocks_new_readers()
        {
            var rw = new AsyncReaderWriterLock();
            AsyncReaderWriterLock.Releaser r1 = await rw.ReadLockAsync();
            ValueTask<AsyncReaderWriterLock.Releaser> w = rw.WriteLockAsync();
            ValueTask<AsyncReaderWriterLock.Releaser> r2 = rw.ReadLockAsync();
            TestUtil.AssertPending(w);
            TestUtil.AssertPending(r2);
            Assert.False(rw.TryReadLock(out _));
            r1.Dispose();
            Assert.True(w.IsCompleted);
            TestUtil.AssertPending(r2);
            (await w).Dispose();
            Assert.True(r2.IsCompleted);
            (await r2).Dispose();
        }

        [Fact]
        public async Task Writers_are_served_fifo_and_readers_queued_during_a_write_go_before_the_next_writer()
        {
            var rw = new AsyncReaderWriterLock();
            AsyncReaderWriterLock.Releaser w1 = await rw.WriteLockAsync();
            ValueTask<AsyncReaderWriterLock.Releaser> w2 = rw.WriteLockAsync();
            ValueTask<AsyncReaderWriterLock.Releaser> r = rw.ReadLockAsync();
            ValueTask<AsyncReaderWriterLock.Releaser> w3 = rw.WriteLockAsync();
            w1.Dispose();
            Assert.True(r.IsCompleted, "the readers that queued during the write go first");
            TestUtil.AssertPending(w2);
            (await r).Dispose();
            Assert.True(w2.IsCompleted);
            TestUtil.AssertPending(w3);
            (await w2).Dispose();
            Assert.True(w3.IsCompleted);
            (await w3).Dispose();
            Assert.False(rw.IsWriteLockHeld);
        }

        [Fact]
        public async Task A_cancelled_writer_lets_the_readers_behind_it_in()
        {
            var rw = new AsyncReaderWriterLock();
            AsyncReaderWriterLock.Releaser r1 = await rw.ReadLockAsync();
            using var cts = new CancellationTokenSource();
            ValueTask<AsyncReaderWriterLock.Releaser> w = rw.WriteLockAsync(cts.Token);
            ValueTask<AsyncReaderWriterLock.Releaser> r2 = rw.ReadLockAsync();
            TestUtil.AssertPending(r2);
            cts.Cancel();
            Assert.True(r2.IsCompleted, "the cancellation admits the waiting readers");
            await TestUtil.AssertCanceled(w);
            (await r2).Dispose();
            r1.Dispose();
            Assert.Equal(0, rw.CurrentReadCount);
            await TestUtil.AssertCanceled(rw.ReadLockAsync(new CancellationToken(true)));
            await TestUtil.AssertCanceled(rw.WriteLockAsync(new CancellationToken(true)));
        }

        [Fact]
        public async Task Upgradeable_read_upgrades_without_letting_go_and_blocks_new_readers_meanwhile()
        {
            var rw = new AsyncReaderWriterLock();
            AsyncReaderWriterLock.UpgradeableReleaser u = await rw.UpgradeableReadLockAsync();
            AsyncReaderWriterLock.Releaser reader = await rw.ReadLockAsync(); // ordinary readers still share
            Assert.True(rw.IsUpgradeableReadLockHeld);
            Assert.Equal(2, rw.CurrentReadCount);
            ValueTask<AsyncReaderWriterLock.UpgradeableReleaser> secondUpgradeable = rw.UpgradeableReadLockAsync();
            TestUtil.AssertPending(secondUpgradeable); // one at a time

            ValueTask<AsyncReaderWriterLock.Releaser> upgrade = u.UpgradeToWriteAsync();
            TestUtil.AssertPending(upgrade);
            ValueTask<AsyncReaderWriterLock.Releaser> lateReader = rw.ReadLockAsync();
            TestUtil.AssertPending(lateReader);
            Assert.Throws<InvalidOperationException>(() => { _ = u.UpgradeToWriteAsync(); });
            reader.Dispose();
            Assert.True(upgrade.IsCompleted, "the last other reader hands over to the upgrade");
            AsyncReaderWriterLock.Releaser write = await upgrade;
            Assert.True(rw.IsWriteLockHeld && rw.IsUpgradeableReadLockHeld);
            TestUtil.AssertPending(lateReader);
            write.Dispose(); // back to the upgradeable read lock
            Assert.False(rw.IsWriteLockHeld);
            Assert.True(rw.IsUpgradeableReadLockHeld);
            Assert.True(lateReader.IsCompleted);
            (await lateReader).Dispose();
            TestUtil.AssertPending(secondUpgradeable);
            u.Dispose();
            Assert.True(secondUpgradeable.IsCompleted);
            (await secondUpgradeable).Dispose();
            Assert.Equal(0, rw.CurrentReadCount);
            Assert.Throws<InvalidOperationException>(() => { _ = u.UpgradeToWriteAsync(); });
        }

        [Fact]
        public async Task A_cancelled_upgrade_keeps_the_read_lock_and_lets_readers_in()
        {
            var rw = new AsyncReaderWriterLock();
            AsyncReaderWriterLock.UpgradeableReleaser u = await rw.UpgradeableReadLockAsync();
            AsyncReaderWriterLock.Releaser reader = await rw.ReadLockAsync();
            using var cts = new CancellationTokenSource();
            ValueTask<AsyncReaderWriterLock.Releaser> upgrade = u.UpgradeToWriteAsync(cts.Token);
            ValueTask<AsyncReaderWriterLock.Releaser> lateReader = rw.ReadLockAsync();
            TestUtil.AssertPending(lateReader);
            cts.Cancel();
            await TestUtil.AssertCanceled(upgrade);
            Assert.True(lateReader.IsCompleted);
            Assert.True(rw.IsUpgradeableReadLockHeld);
            (await lateReader).Dispose();
            reader.Dispose();
            using (await u.UpgradeToWriteAsync()) // alone now: at once
            {
                Assert.True(rw.IsWriteLockHeld);
            }

            u.Dispose();
            Assert.Equal(0, rw.CurrentReadCount);
        }

        [Fact]
        public async Task Disposing_a_releaser_twice_or_a_copy_is_a_no_op()
        {
            var rw = new AsyncReaderWriterLock();
            AsyncReaderWriterLock.Releaser r1 = await rw.ReadLockAsync();
            AsyncReaderWriterLock.Releaser r2 = await rw.ReadLockAsync();
            AsyncReaderWriterLock.Releaser copy = r1;
            r1.Dispose();
            r1.Dispose();
            copy.Dispose();
            Assert.Equal(1, rw.CurrentReadCount);
            AsyncReaderWriterLock.Releaser r3 = await rw.ReadLockAsync(); // may reuse r1's slot
            r1.Dispose();
            Assert.Equal(2, rw.CurrentReadCount);
            r2.Dispose();
            r3.Dispose();

            AsyncReaderWriterLock.Releaser w = await rw.WriteLockAsync();
            w.Dispose();
            AsyncReaderWriterLock.Releaser w2 = await rw.WriteLockAsync();
            w.Dispose(); // stale: must not release the second writer
            Assert.True(rw.IsWriteLockHeld);
            w2.Dispose();

            AsyncReaderWriterLock.UpgradeableReleaser u = await rw.UpgradeableReadLockAsync();
            u.Dispose();
            AsyncReaderWriterLock.UpgradeableReleaser u2 = await rw.UpgradeableReadLockAsync();
            u.Dispose();
            Assert.True(rw.IsUpgradeableReadLockHeld);
            u2.Dispose();
            default(AsyncReaderWriterLock.Releaser).Dispose();
            default(AsyncReaderWriterLock.UpgradeableReleaser).Dispose();
            Assert.Equal(0, rw.CurrentReadCount);
        }

        [Fact]
        public void Uncontended_read_and_write_allocate_nothing()
        {
            var rw = new AsyncReaderWriterLock();
            void Cycle()
            {
                rw.ReadLockAsync().Result.Dispose();
                rw.WriteLockAsync().Result.Dispose();
                var a = rw.ReadLockAsync().Result;
                var b = rw.ReadLockAsync().Result;
                a.Dispose();
                b.Dispose();
                rw.UpgradeableReadLockAsync().Result.Dispose();
            }

            for (int i = 0; i < 100; i++) Cycle();
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 1000; i++) Cycle();
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        [Fact]
        public async Task Dispose_faults_every_waiter()
        {
            var rw = new AsyncReaderWriterLock();
            AsyncReaderWriterLock.Releaser w = await rw.WriteLockAsync();
            var r = rw.ReadLockAsync();
            var w2 = rw.WriteLockAsync();
            var u = rw.UpgradeableReadLockAsync();
            rw.Dispose();
            await Assert.ThrowsAsync<ObjectDisposedException>(() => r.WithTimeout());
            await Assert.ThrowsAsync<ObjectDisposedException>(() => w2.WithTimeout());
            await Assert.ThrowsAsync<ObjectDisposedException>(() => u.WithTimeout());
            Assert.Throws<ObjectDisposedException>(() => { _ = rw.ReadLockAsync(); });
            w.Dispose();
        }

        // Stress: readers, writers and upgraders, a third of them with tokens cancelled from other threads at random.
        // Inside, a writer is alone and readers never meet a writer; every wait is granted or cancelled, and the lock
        // ends free.
        [Fact]
        public async Task Exclusion_holds_under_racing_cancellation()
        {
            var rw = new AsyncReaderWriterLock();
            int readers = 0, writers = 0, granted = 0, cancelled = 0;
            const int Workers = 8, Rounds = 300;
            var tasks = new List<Task>();
            for (int w = 0; w < Workers; w++)
            {
                int seed = w;
                tasks.Add(Task.Run(async () =>
                {
                    var random = new Random(seed);
                    for (int i = 0; i < Rounds; i++)
                    {
                        var cts = new CancellationTokenSource(); // not disposed: a racing Cancel may still run
                        if (random.Next(3) == 0)
                        {
                            _ = Task.Run(() => cts.Cancel());
                        }

                        try
                        {
                            switch (random.Next(3))
                            {
                                case 0:
                                    using (await rw.ReadLockAsync(cts.Token))
                                    {
                                        Interlocked.Increment(ref readers);
                                        Assert.Equal(0, Volatile.Read(ref writers));
                                        if (random.Next(2) == 0) await Task.Yield();
                                        Interlocked.Decrement(ref readers);
                                    }

                                    break;
                                case 1:
                                    using (await rw.WriteLockAsync(cts.Token))
                                    {
                                        Assert.Equal(1, Interlocked.Increment(ref writers));
                                        Assert.Equal(0, Volatile.Read(ref readers));
                                        if (random.Next(2) == 0) await Task.Yield();
                                        Interlocked.Decrement(ref writers);
                                    }

                                    break;
                                default:
                                    using (var u = await rw.UpgradeableReadLockAsync(cts.Token))
                                    {
                                        Assert.Equal(0, Volatile.Read(ref writers));
                                        using (await u.UpgradeToWriteAsync(cts.Token))
                                        {
                                            Assert.Equal(1, Interlocked.Increment(ref writers));
                                            Assert.Equal(0, Volatile.Read(ref readers));
                                            if (random.Next(2) == 0) await Task.Yield();
                                            Interlocked.Decrement(ref writers);
                                        }
                                    }

                                    break;
                            }

                            Interlocked.Increment(ref granted);
                        }
                        catch (OperationCanceledException)
                        {
                            Interlocked.Increment(ref cancelled);
                        }
                    }
                }));
            }

            await Task.WhenAll(tasks).WithTimeout(120_000);
            Assert.Equal(Workers * Rounds, granted + cancelled);
            Assert.Equal(0, rw.CurrentReadCount);
            Assert.False(rw.IsWriteLockHeld || rw.IsUpgradeableReadLockHeld);
            Assert.True(rw.TryWriteLock(out var last));
            last.Dispose();
        }
    }
}
