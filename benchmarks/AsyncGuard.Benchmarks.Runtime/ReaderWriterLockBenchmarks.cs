using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using DotNextRw = DotNext.Threading.AsyncReaderWriterLock;
using NitoRw = Nito.AsyncEx.AsyncReaderWriterLock;
using VsRw = Microsoft.VisualStudio.Threading.AsyncReaderWriterLock;

namespace AsyncGuard.Benchmarks.Runtime
{
    /// <summary>
    /// Uncontended read and write acquire + release, AsyncGuard against Microsoft.VisualStudio.Threading's,
    /// DotNext's and Nito's reader-writer locks (issue 19: target at most a tenth of vs-threading's write time, the
    /// fastest of the four, 0 B). Not yet measured: figures need a quiet machine.
    /// Run: dotnet run -c Release -- --filter '*ReaderWriterLockBenchmarks*' --job short --inProcess
    /// </summary>
    [MemoryDiagnoser]
    [CategoriesColumn]
    [GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
    public class ReaderWriterLockBenchmarks
    {
        private readonly AsyncReaderWriterLock _guard = new AsyncReaderWriterLock();
        private readonly VsRw _vs = new VsRw();
        private readonly DotNextRw _dotNext = new DotNextRw();
        private readonly NitoRw _nito = new NitoRw();

        [Benchmark(Baseline = true), BenchmarkCategory("Write")]
        public async Task VsThreading_Write()
        {
            using (await _vs.WriteLockAsync())
            {
            }
        }

        [Benchmark, BenchmarkCategory("Write")]
        public async ValueTask AsyncGuard_Write()
        {
            using (await _guard.WriteLockAsync())
            {
            }
        }

        [Benchmark, BenchmarkCategory("Write")]
        public async ValueTask DotNext_Write()
        {
            await _dotNext.EnterWriteLockAsync(CancellationToken.None);
            _dotNext.Release();
        }

        [Benchmark, BenchmarkCategory("Write")]
        public async Task Nito_Write()
        {
            using (await _nito.WriterLockAsync())
            {
            }
        }

        [Benchmark(Baseline = true), BenchmarkCategory("Read")]
        public async Task VsThreading_Read()
        {
            using (await _vs.ReadLockAsync())
            {
            }
        }

        [Benchmark, BenchmarkCategory("Read")]
        public async ValueTask AsyncGuard_Read()
        {
            using (await _guard.ReadLockAsync())
            {
            }
        }

        [Benchmark, BenchmarkCategory("Read")]
        public async ValueTask DotNext_Read()
        {
            await _dotNext.EnterReadLockAsync(CancellationToken.None);
            _dotNext.Release();
        }

        [Benchmark, BenchmarkCategory("Read")]
        public async Task Nito_Read()
        {
            using (await _nito.ReaderLockAsync())
            {
            }
        }
    }
}
