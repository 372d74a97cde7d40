using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Corpus.Blocking
{
    public class Repository
    {
        public Task<string> LoadAsync(int id) => Task.FromResult(id.ToString());

        public async Task<int> ResultInAsync(Task<string> t)
        {
            await Task.Yield();
            var length = t.Result.Length;
            return length + t.GetAwaiter().GetResult().Length + t.ConfigureAwait(false).GetAwaiter().GetResult().Length;
        }

        public async Task WaitForms(Task t, CancellationToken ct)
        {
            t.Wait();
            t.Wait(ct);
            t.Wait(100);
            t.Wait(TimeSpan.FromSeconds(1), ct);
            if (t.Wait(10)) { Console.WriteLine("done"); }
            Task.WaitAll(t, t);
            Task.WaitAll(new[] { t }, ct);
            Task.WaitAny(t);
            await Task.Yield();
        }

        public async Task<int> WaitAnyIndex(Task a, Task b, Task[] all)
        {
            await Task.Yield();
            int first = Task.WaitAny(a, b);
            int second = Task.WaitAny(all);
            return first + second;
        }

        public Task<int> NotAsyncYet(Task<string> t)
        {
            if (t.Result.Length > 3)
            {
                return Task.FromResult(1);
            }

            return LoadAsync(2).ContinueWith(x => x.Result.Length);
        }

        public Task NotAsyncVoidLike(Task t, bool flag)
        {
            t.Wait();
            if (flag)
            {
                return Task.Delay(1);
            }

            switch (flag)
            {
                case false:
                    return Task.Delay(2);
            }

            return Task.CompletedTask;
        }

        public Task<int> ExpressionBodied(Task<int> t) => Task.FromResult(t.Result + 1);

        public ValueTask<int> ValueTaskBodied(ValueTask<int> t) => new ValueTask<int>(t.Result);

        public Task Lambdas(Task<int> t)
        {
            Func<Task<int>> a = () => Task.FromResult(t.Result);
            Func<Task> b = async () => t.Wait();
            Func<Task<int>> c = async () => { await Task.Yield(); return t.Result * 2; };
            async Task<int> Local() => t.Result;
            return Task.WhenAll(a(), b(), c(), Local());
        }

        public async Task<int?> Conditional(Task<int>? t)
        {
            await Task.Yield();
            t?.Wait();
            return t?.Result;
        }

        public async Task<int> Nested(Task<Task<int>> t)
        {
            await Task.Yield();
            return t.Result.Result + (t.Result).Result;
        }

        public async Task<string> Chained()
        {
            await Task.Yield();
            return LoadAsync(1)
                .Result
                .Trim();
        }

        public async Task InLock(Task t)
        {
            await Task.Yield();
            lock (this)
            {
                t.Wait();
            }
        }

        public async Task<int> InQuery(IEnumerable<Task<int>> tasks)
        {
            await Task.Yield();
            var q = from x in tasks where x.Result > 0 select x.Result;
            return q.Sum();
        }

        public Task<int> Generic<T>(Task<T> t) where T : class => Task.FromResult(t.Result.GetHashCode());
    }
}
