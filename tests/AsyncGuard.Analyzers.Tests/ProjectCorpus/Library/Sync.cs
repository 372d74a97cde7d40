using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace ProjectCorpus.Library.Sync
{
    internal static class Helpers
    {
        internal static int Block(Task<int> t) => t.Result;

        internal static T BlockOn<T>(Task<T> t) => t.GetAwaiter().GetResult();

        internal static void Pause() => Task.Delay(1).Wait();
    }

    internal sealed class Callers
    {
        private readonly Store? _store = new Store();
        private Callers? _next;

        // Callers in another file: plain calls, `?.` calls, calls deep in a `?.` chain and calls in a lambda.
        internal int Plain() => new Store().Total();

        internal int Conditional() => _store?.Total() ?? 0;

        internal int DeepConditional() => _next?.Self()._store?.Total() ?? 0;

        internal string Described() => _store?.Describe(null) ?? "";

        internal int InLambda() => Enumerable.Range(0, 2).Sum(i => Helpers.Block(Task.FromResult(i)));

        internal Callers Self() => this;

        internal int Generic() => Helpers.BlockOn(Task.FromResult(3)) + Helpers.BlockOn(Task.FromResult("x")).Length;

        internal void Pauses()
        {
            Helpers.Pause();
            _next?.Pauses();
        }

        internal async Task<int> AlreadyAsync(Task<int> t)
        {
            await Task.Yield();
            var unobserved = Task.Delay(1);
            Task.Delay(1);
            return t.Result + Plain();
        }

        internal IEnumerable<int> Iterator(Task<int> t)
        {
            yield return t.Result;
        }

        internal async void FireAndForget()
        {
            await Task.Delay(1);
        }

        internal void CallsFireAndForget() => FireAndForget();

        internal Task<string> Escapes(string path)
        {
            using (var reader = new System.IO.StreamReader(path))
            {
                return reader.ReadToEndAsync();
            }
        }
    }
}
