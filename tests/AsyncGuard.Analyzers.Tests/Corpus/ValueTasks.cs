using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Corpus.ValueTasks
{
    // AG0208 positives (and the traps beside them): every fix offered here must compile.
    public class Source
    {
        public ValueTask<int> ReadAsync(CancellationToken ct = default) => new ValueTask<int>(1);
        public ValueTask FlushAsync() => default;
        public static void Take(ValueTask<int> vt) { }
    }

    public class ConsumedTwice
    {
        private ValueTask<int> _pending;
        private readonly List<ValueTask> _all = new List<ValueTask>();
        private readonly Dictionary<int, ValueTask<int>> _byId = new Dictionary<int, ValueTask<int>>();

        public ValueTask Current { get; set; }

        public async Task<int> Awaits(Source s)
        {
            var vt = s.ReadAsync();
            var a = await vt;
            return a + await vt.ConfigureAwait(false);
        }

        public async Task Typed(Source s)
        {
            ValueTask vt = s.FlushAsync();
            await vt;
            await Task.WhenAll(vt.AsTask(), Task.Delay(1));
        }

        public async Task<int> Generic<T>(Source s, T value)
        {
            ValueTask<int> vt = s.ReadAsync(CancellationToken.None);
            if (!vt.IsCompleted)
            {
                await vt;
            }

            return vt.Result + vt.GetAwaiter().GetResult() + (value?.GetHashCode() ?? 0);
        }

        public async Task InLoop(Source s, int n)
        {
            var vt = s.FlushAsync();
            for (var i = 0; i < n; i++)
            {
                await vt;
            }
        }

        public Func<Source, Task<int>> Lambda => async s =>
        {
            var vt = s.ReadAsync();
            return await vt + await vt;
        };

        public async Task<int> LocalFunction(Source s)
        {
            return await Twice();

            async Task<int> Twice()
            {
                var vt = (s.ReadAsync());
                return await vt + await vt;
            }
        }

        public async Task<int> Conditional(Source s, bool flag)
        {
            var vt = flag ? s.ReadAsync() : new ValueTask<int>(0);
            await vt;
            return await vt;
        }

        public async Task NoFixPassed(Source s)
        {
            var vt = s.ReadAsync();
            await vt;
            Source.Take(vt);
        }

        public void Stored(Source s)
        {
            _pending = s.ReadAsync();
            Current = s.FlushAsync();
            _all.Add(s.FlushAsync());
            _byId[1] = s.ReadAsync();
        }

        public int WrongCheck(Source s)
        {
            var vt = s.ReadAsync();
            return !vt.IsCompleted ? vt.Result : 0;
        }

        // Traps: silent.
        public async Task<int> Fine(Source s)
        {
            var once = s.ReadAsync();
            var task = s.ReadAsync().AsTask();
            var fromValue = new ValueTask<int>(2);
            var checkedFirst = s.ReadAsync();
            var r = checkedFirst.IsCompletedSuccessfully ? checkedFirst.Result : await checkedFirst;
            return await once + await task + await task + await fromValue + await fromValue + r;
        }
    }
}
