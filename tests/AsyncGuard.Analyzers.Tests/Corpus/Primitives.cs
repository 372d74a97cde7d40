using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Corpus.Primitives
{
    public class Semaphores
    {
        private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);
        private readonly AsyncGuard.AsyncSemaphore _permits = new AsyncGuard.AsyncSemaphore(2);
        private int _count;

        private static void Work() { }

        private static Task WorkAsync() => Task.CompletedTask;

        public async Task Unprotected(CancellationToken ct)
        {
            await _gate.WaitAsync(ct);
            // comment kept
            _count++;
            await WorkAsync();
            _gate.Release();
            Work();
        }

        public void Synchronous()
        {
            _gate.Wait();
            Work();
            _gate.Release();
        }

        public async Task AcquiredInsideTry(CancellationToken ct)
        {
            try
            {
                await _gate.WaitAsync(ct).ConfigureAwait(false);
                Work();
            }
            finally
            {
                _gate.Release();
            }
        }

        public async Task TwoInARow()
        {
            await _permits.WaitAsync();
            Work();
            _permits.Release();
            await _gate.WaitAsync();
            _gate.Release();
        }

        public async Task LocalUsedAfter()
        {
            await _gate.WaitAsync();
            var n = _count;
            _gate.Release();
            Console.WriteLine(n);
        }

        public async Task ReleaseInBranch(bool b)
        {
            await _gate.WaitAsync();
            if (b)
            {
                _gate.Release();
            }
        }

        public Func<Task> InLambda() => async () =>
        {
            await _gate.WaitAsync();
            Work();
            _gate.Release();
        };
    }

    public class Releasers
    {
        private readonly AsyncGuard.AsyncLock _lock = new AsyncGuard.AsyncLock();
        private readonly List<int> _items = new List<int>();

        public async Task Discarded(CancellationToken ct)
        {
            await _lock.LockAsync(ct);
            _items.Add(1);
        }

        public async Task DiscardAssigned()
        {
            _ = await _lock.LockAsync().ConfigureAwait(false);
            _items.Clear();
        }

        public async Task NeverDisposed()
        {
            var held = await _lock.LockAsync();
            _items.Add(2);
        }

        public async Task DisposedLater()
        {
            var held = await _lock.LockAsync();
            _items.Add(3);
            held.Dispose();
            _items.Add(4);
        }

        public async Task DisposedLaterWithLocalUsedAfter()
        {
            var held = await _lock.LockAsync();
            var n = _items.Count;
            held.Dispose();
            Console.WriteLine(n);
        }

        public async Task TwoInOneBlock(AsyncGuard.AsyncLock other)
        {
            await _lock.LockAsync();
            await other.LockAsync();
            _items.Add(5);
        }

        public async Task InSwitch(int k)
        {
            switch (k)
            {
                case 1:
                    await _lock.LockAsync();
                    break;
            }
        }
    }

    public class ThreadAffine
    {
        private readonly object _gate = new object();
        private readonly Mutex _mutex = new Mutex();
        private readonly ReaderWriterLockSlim _rw = new ReaderWriterLockSlim();

        public async Task MonitorAcrossAwait()
        {
            Monitor.Enter(_gate);
            try
            {
                await Task.Delay(1);
            }
            finally
            {
                Monitor.Exit(_gate);
            }
        }

        public async Task MutexAcrossAwait()
        {
            _mutex.WaitOne();
            await Task.Yield();
            _mutex.ReleaseMutex();
        }

        public async Task ReaderWriterAcrossAwait()
        {
            _rw.EnterWriteLock();
            try
            {
                await Task.Yield();
            }
            finally
            {
                _rw.ExitWriteLock();
            }
        }
    }
}

namespace Corpus.Primitives
{
    // AG0403's fix (switch the field to AsyncLock) on its shapes, and fields it must leave alone.
    public class ThreadAffineFixes
    {
        private readonly object _gate = new object();
        private object _taken = new();
        private readonly Lock _lock = new Lock();
        private readonly object _mixed = new object();
        private int _value;

        public async Task EnterTryFinally(CancellationToken ct)
        {
            // comment kept
            Monitor.Enter(_gate);
            try
            {
                await Task.Delay(1, ct).ConfigureAwait(false);
                _value++;
            }
            finally
            {
                Monitor.Exit(_gate);
            }
        }

        public async Task LockStatementElsewhere()
        {
            lock (_gate)
            {
                _value--;
            }

            await Task.Yield();
        }

        public async Task<int> LockTaken()
        {
            bool lockTaken = false;
            try
            {
                Monitor.Enter(_taken, ref lockTaken);
                await Task.Yield();
                return _value;
            }
            finally
            {
                if (lockTaken)
                {
                    Monitor.Exit(_taken);
                }
            }
        }

        public async Task ThreadingLock()
        {
            _lock.Enter();
            try
            {
                await Task.Yield();
            }
            finally
            {
                _lock.Exit();
            }
        }

        public async Task ThreadingLockScope()
        {
            using (_lock.EnterScope())
            {
                _value = 0;
            }

            await Task.Yield();
        }

        public async Task Mixed()
        {
            Monitor.Enter(_mixed);
            try
            {
                await Task.Yield();
            }
            finally
            {
                Monitor.Exit(_mixed);
            }
        }

        public void MixedSync()
        {
            lock (_mixed)
            {
                _value = 1;
            }
        }
    }
}

namespace AsyncGuard
{
    // Stand-ins with the runtime's metadata names, so AG0402 applies in this corpus.
    public sealed class AsyncLock
    {
        public ValueTask<Releaser> LockAsync(CancellationToken cancellationToken = default) => default;

        public readonly struct Releaser : IDisposable, IAsyncDisposable
        {
            public void Dispose() { }

            public ValueTask DisposeAsync() => default;
        }
    }

    public sealed class AsyncSemaphore
    {
        public AsyncSemaphore(int initialCount) { }

        public ValueTask WaitAsync(CancellationToken cancellationToken = default) => default;

        public int Release(int releaseCount = 1) => 0;
    }
}
