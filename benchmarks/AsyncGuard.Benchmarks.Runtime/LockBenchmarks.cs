using System;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using NitoLock = Nito.AsyncEx.AsyncLock;
using VsSemaphore = Microsoft.VisualStudio.Threading.AsyncSemaphore;

namespace AsyncGuard.Benchmarks.Runtime
{
    /// <summary>
    /// Lock acquire/release. Hand-off benchmarks let one flow play holder and waiter, so they use an AsyncLock
    /// without re-entry detection (with it on, that pattern is, correctly, a re-entry error). SemaphoreSlim, like
    /// AsyncGuard, resumes waiters asynchronously; here every waiter has completed before it is awaited.
    /// </summary>
    [MemoryDiagnoser]
    [CategoriesColumn]
    [GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
    public class LockBenchmarks
    {
        private const int Waiters = 100;

        private readonly SemaphoreSlim _slim = new SemaphoreSlim(1, 1);
        private readonly AsyncLock _lockDefault = new AsyncLock(); // the default: no re-entry check, allocation-free
        private readonly AsyncLock _lockDetect = new AsyncLock(detectReentrancy: true);
        private readonly AsyncLock _lockNoDetect = new AsyncLock(detectReentrancy: false);
        private readonly NitoLock _nito = new NitoLock();
        private readonly VsSemaphore _vs = new VsSemaphore(1);
        private readonly CancellationTokenSource _cts = new CancellationTokenSource();
        private readonly Task[] _slimWaiters = new Task[Waiters];
        private readonly ValueTask<AsyncLock.Releaser>[] _lockWaiters = new ValueTask<AsyncLock.Releaser>[Waiters];
        private readonly Task<IDisposable>[] _nitoWaiters = new Task<IDisposable>[Waiters];
        private readonly Task<VsSemaphore.Releaser>[] _vsWaiters = new Task<VsSemaphore.Releaser>[Waiters];

        // ---- uncontended acquire + release ----

        [Benchmark(Baseline = true), BenchmarkCategory("Uncontended")]
        public async Task SemaphoreSlim_Uncontended()
        {
            await _slim.WaitAsync();
            _slim.Release();
        }

        [Benchmark, BenchmarkCategory("Uncontended")]
        public async ValueTask AsyncGuard_Uncontended()
        {
            using (await _lockDefault.LockAsync())
            {
            }
        }

        [Benchmark, BenchmarkCategory("Uncontended")]
        public async ValueTask AsyncGuard_Uncontended_ReentryCheck()
        {
            using (await _lockDetect.LockAsync())
            {
            }
        }

        [Benchmark, BenchmarkCategory("Uncontended")]
        public async Task Nito_Uncontended()
        {
            using (await _nito.LockAsync())
            {
            }
        }

        [Benchmark, BenchmarkCategory("Uncontended")]
        public async Task VsThreading_Uncontended()
        {
            using (await _vs.EnterAsync())
            {
            }
        }

        // ---- one waiter hand-off, no token ----

        [Benchmark(Baseline = true), BenchmarkCategory("HandOff")]
        public Task SemaphoreSlim_HandOff() => SlimHandOff(default);

        [Benchmark, BenchmarkCategory("HandOff")]
        public ValueTask AsyncGuard_HandOff() => LockHandOff(default);

        [Benchmark, BenchmarkCategory("HandOff")]
        public Task Nito_HandOff() => NitoHandOff(default);

        [Benchmark, BenchmarkCategory("HandOff")]
        public Task VsThreading_HandOff() => VsHandOff(default);

        // ---- one waiter hand-off, cancellable token ----

        [Benchmark(Baseline = true), BenchmarkCategory("HandOffToken")]
        public Task SemaphoreSlim_HandOffToken() => SlimHandOff(_cts.Token);

        [Benchmark, BenchmarkCategory("HandOffToken")]
        public ValueTask AsyncGuard_HandOffToken() => LockHandOff(_cts.Token);

        [Benchmark, BenchmarkCategory("HandOffToken")]
        public Task Nito_HandOffToken() => NitoHandOff(_cts.Token);

        [Benchmark, BenchmarkCategory("HandOffToken")]
        public Task VsThreading_HandOffToken() => VsHandOff(_cts.Token);

        // ---- 100 queued waiters, handed the lock one after another ----

        [Benchmark(Baseline = true), BenchmarkCategory("Waiters100")]
        public async Task SemaphoreSlim_100Waiters()
        {
            await _slim.WaitAsync();
            for (int i = 0; i < Waiters; i++) _slimWaiters[i] = _slim.WaitAsync();
            _slim.Release();
            for (int i = 0; i < Waiters; i++)
            {
                await _slimWaiters[i];
                _slim.Release();
            }
        }

        [Benchmark, BenchmarkCategory("Waiters100")]
        public async ValueTask AsyncGuard_100Waiters()
        {
            var holder = await _lockNoDetect.LockAsync();
            for (int i = 0; i < Waiters; i++) _lockWaiters[i] = _lockNoDetect.LockAsync();
            holder.Dispose();
            for (int i = 0; i < Waiters; i++) (await _lockWaiters[i]).Dispose();
        }

        [Benchmark, BenchmarkCategory("Waiters100")]
        public async Task Nito_100Waiters()
        {
            var holder = await _nito.LockAsync();
            for (int i = 0; i < Waiters; i++) _nitoWaiters[i] = _nito.LockAsync().AsTask();
            holder.Dispose();
            for (int i = 0; i < Waiters; i++) (await _nitoWaiters[i]).Dispose();
        }

        [Benchmark, BenchmarkCategory("Waiters100")]
        public async Task VsThreading_100Waiters()
        {
            var holder = await _vs.EnterAsync();
            for (int i = 0; i < Waiters; i++) _vsWaiters[i] = _vs.EnterAsync();
            holder.Dispose();
            for (int i = 0; i < Waiters; i++) (await _vsWaiters[i]).Dispose();
        }

        private async Task SlimHandOff(CancellationToken ct)
        {
            await _slim.WaitAsync(ct);
            Task waiter = _slim.WaitAsync(ct);
            _slim.Release();
            await waiter;
            _slim.Release();
        }

        private async ValueTask LockHandOff(CancellationToken ct)
        {
            var holder = await _lockNoDetect.LockAsync(ct);
            var waiter = _lockNoDetect.LockAsync(ct);
            holder.Dispose();
            (await waiter).Dispose();
        }

        private async Task NitoHandOff(CancellationToken ct)
        {
            var holder = await _nito.LockAsync(ct);
            var waiter = _nito.LockAsync(ct).AsTask();
            holder.Dispose();
            (await waiter).Dispose();
        }

        private async Task VsHandOff(CancellationToken ct)
        {
            var holder = await _vs.EnterAsync(ct);
            var waiter = _vs.EnterAsync(ct);
            holder.Dispose();
            (await waiter).Dispose();
        }
    }
}
