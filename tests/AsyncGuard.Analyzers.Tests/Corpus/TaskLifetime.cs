using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Corpus.TaskLifetime
{
    public class Unobserved
    {
        public Task WorkAsync() => Task.CompletedTask;
        public Task<int> CountAsync() => Task.FromResult(1);
        public ValueTask TickAsync() => default;

        public void Sync(Unobserved? other)
        {
            WorkAsync();
            CountAsync();
            TickAsync();
            other?.WorkAsync();
            Task.Run(() => 1);
            Action a = () => WorkAsync();
            void Local() { WorkAsync(); }
            Local();
        }

        public Task NotAsync(bool flag)
        {
            WorkAsync();
            if (flag)
            {
                return Task.CompletedTask;
            }

            return WorkAsync();
        }

        public Task<int> NotAsyncGeneric()
        {
            WorkAsync();
            return CountAsync();
        }

        public Task InLock()
        {
            lock (this)
            {
                WorkAsync();
            }

            return Task.CompletedTask;
        }

        public async Task CompilerReports()
        {
#pragma warning disable CS4014 // the corpus keeps the compiler's warning for the CS4014 fix, silenced for the build
            WorkAsync();
#pragma warning restore CS4014
            await Task.Yield();
        }
    }

    public class AsyncVoid
    {
        public async void Save(int x) => await Task.Delay(x);

        private async void Refresh()
        {
            await Task.Yield();
            Save(1);
        }

        public async Task Caller()
        {
            Refresh();
            Save(2);
            await Task.Yield();
        }

        public void SyncCaller() => Save(3);

        public Task TaskCaller()
        {
            Save(4);
            return Task.CompletedTask;
        }

        public async void MethodGroup() => await Task.Yield();

        public Action Group() => MethodGroup;

        public void Locals()
        {
            async void Local() => await Task.Yield();
            Local();
        }

        public async void OnClick(object sender, EventArgs e) => await Task.Yield();
    }

    public class AsyncLambdas
    {
        public event EventHandler? Changed;

        public async Task Loops(List<int> items, int[] array, ParallelOptions options)
        {
            items.ForEach(async x => await Task.Delay(x));
            items.ForEach(async x =>
            {
                await Task.Delay(x);
                Console.WriteLine(x);
            });
            Array.ForEach(array, async (int x) => await Task.Delay(x));
            Parallel.ForEach(items, async item => await Task.Delay(item));
            Parallel.ForEach(items, options, async (int item) => { await Task.Delay(item); });
            Parallel.For(0, 3, async i => await Task.Delay(i));
            await Task.Yield();
        }

        public Task LoopsInTaskMethod(List<string> names)
        {
            names.ForEach(async n => await Task.Delay(n.Length));
            return Task.CompletedTask;
        }

        public void Threads()
        {
            new Thread(async () => await Task.Delay(1)).Start();
            var thread = new Thread(async () => await Task.Delay(1));
            thread.Start();
            ThreadPool.QueueUserWorkItem(async _ => await Task.Yield());
            Action a = async () => await Task.Yield();
            a();
            Changed += async (s, e) => await Task.Yield();
        }

        public void SyncLoop(List<int> items) => items.ForEach(async x => await Task.Delay(x));
    }

    public class UsingTasks
    {
        public static Task<Stream> OpenAsync() => Task.FromResult<Stream>(new MemoryStream());

        public static Task<Resource> OpenResourceAsync() => Task.FromResult(new Resource());

        public async Task Forms()
        {
            using (OpenAsync()) { }
            using (var s = OpenAsync()) { }
            using Task<Stream> t = OpenAsync();
            using var u = OpenResourceAsync();
            using (OpenResourceAsync()) { }
            await Task.Yield();
        }

        public Task TaskMethod()
        {
            using (OpenAsync())
            {
                return Task.CompletedTask;
            }
        }

        public void SyncMethod()
        {
            using (OpenAsync()) { }
        }

        public async Task ReadAsTask()
        {
            using var s = OpenAsync();
            Console.WriteLine(s.Status);
            await Task.Yield();
        }
    }

    public class EscapingTasks
    {
        private readonly object _gate = new object();

        public static Task<int> ReadAsync(Stream s) => Task.FromResult(1);

        public Task<int> UsingStatement()
        {
            using (var s = new MemoryStream())
            {
                return ReadAsync(s);
            }
        }

        public Task<int> UsingDeclaration(bool flag)
        {
            using var s = new MemoryStream();
            if (flag)
            {
                return Task.FromResult(0);
            }

            return ReadAsync(s);
        }

        public Task TryFinally(Stream s)
        {
            try
            {
                return ReadAsync(s);
            }
            finally
            {
                s.Dispose();
            }
        }

        public Task Locked(Stream s)
        {
            lock (_gate)
            {
                return ReadAsync(s);
            }
        }

        public Func<Task> Lambda() => () =>
        {
            using var s = new MemoryStream();
            return ReadAsync(s);
        };
    }

    public class NestedTasks
    {
        public async Task Forms(Task t, CancellationToken ct)
        {
            await Task.Factory.StartNew(async () => await Task.Delay(1));
            await Task.Factory.StartNew(async () => { await Task.Delay(1); return 1; }, ct);
            await await Task.Factory.StartNew(async () => await Task.Delay(1));
            await t.ContinueWith(async _ => await Task.Delay(1));
            await Task.WhenAll(Task.Factory.StartNew(async () => await Task.Delay(1), TaskCreationOptions.LongRunning), t);
            await Task.WhenAny(new[] { t.ContinueWith(async _ => await Task.Delay(1)) });
        }

        public Task Returned() => Task.Factory.StartNew(async () => await Task.Delay(1));
    }

    public sealed class Resource : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => default;
    }

#nullable enable
    public class NullTasks<T>
    {
        public Task A() => null!;
        public Task<int> B() { return default!; }
        public Task<string> C() => null!;
        public Task<string?> D() => null!;
        public Task<T> E() => default!;
        public Func<Task> F() => () => null!;
        public Task P => null!;
    }
#nullable restore

    public class Completion
    {
        public object[] Sources(object state) => new object[]
        {
            new TaskCompletionSource(),
            new TaskCompletionSource<int>(),
            new TaskCompletionSource<int>(state),
            new TaskCompletionSource(TaskCreationOptions.LongRunning),
            new TaskCompletionSource<bool>(state, TaskCreationOptions.None),
            new TaskCompletionSource(TaskContinuationOptions.RunContinuationsAsynchronously),
            new TaskCompletionSource<int>(TaskContinuationOptions.LongRunning | TaskContinuationOptions.ExecuteSynchronously),
            new TaskCompletionSource(TaskContinuationOptions.OnlyOnFaulted),
        };

        public TaskCompletionSource<string> TargetTyped() => new();
    }

    public class Schedulers
    {
        public IEnumerable<Task> Forms(Task task, CancellationToken ct, object state)
        {
            yield return Task.Factory.StartNew(() => 1);
            yield return Task.Factory.StartNew(() => { }, ct);
            yield return Task.Factory.StartNew(async () => await Task.Yield());
            yield return Task.Factory.StartNew(() => { }, TaskCreationOptions.LongRunning);
            yield return Task.Factory.StartNew(s => { }, state);
            yield return Task<int>.Factory.StartNew(() => 1);
            yield return task.ContinueWith(_ => { });
            yield return task.ContinueWith((_, s) => { }, state);
            yield return task.ContinueWith(_ => 1, ct);
            yield return task.ContinueWith(_ => { }, TaskContinuationOptions.OnlyOnFaulted);
            yield return Task.FromResult(1).ContinueWith(r => r.Result, ct, TaskContinuationOptions.None, TaskScheduler.Default);
            yield return Task.Factory.ContinueWhenAll(new[] { task }, all => { });
            yield return Task.Factory.ContinueWhenAny(new[] { task }, any => 1, ct);
            yield return task
                .ContinueWith(_ => 1)
                .ContinueWith(_ => { });
        }
    }
}
