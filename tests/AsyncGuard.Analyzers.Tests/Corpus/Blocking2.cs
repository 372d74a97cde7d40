using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Corpus.Blocking2
{
    public interface IStore
    {
        int Get();
    }

    public abstract class StoreBase
    {
        public abstract int Size();

        public virtual void Touch() { }
    }

    /// <summary>AG0103 positives: sync-over-async in every synchronous function form, with callers to propagate to.</summary>
    public class SyncOverAsync : StoreBase, IStore, IDisposable
    {
        private readonly Task<int> _pending = Task.FromResult(1);
        private int _cached = Task.FromResult(2).Result;

        public SyncOverAsync(Task warmUp)
        {
            warmUp.Wait();
        }

        public int Cached => _pending.Result + _cached;

        public int Value
        {
            get { return _pending.GetAwaiter().GetResult(); }
        }

        public int Get() => _pending.Result;

        public override int Size() => _pending.Result;

        public override void Touch() => _pending.Wait();

        public void Dispose() => Task.Delay(1).Wait();

        public static int operator +(SyncOverAsync a, int b) => a.Add(Task.FromResult(b).Result);

        public void PublicEntry(Task t) => Run(t);

        internal void InternalEntry(Task<string> t)
        {
            Run(t);
            Console.WriteLine(Length(t) + Twice(t));
            var f = new Func<int>(() => Length(t));
            Action g = () => Run(t);
            g();
            Console.WriteLine(f());
        }

        private void Run(Task t)
        {
            t.Wait();
            t.Wait(CancellationToken.None);
            Task.WaitAll(t, t);
        }

        private int Length(Task<string> t)
        {
            var s = t.Result;
            return s.Length + t.ConfigureAwait(false).GetAwaiter().GetResult().Length;
        }

        private int Twice(Task<string> t) => Length(t) * 2;

        private int Recursive(Task<int> t, int depth) => depth == 0 ? t.Result : Recursive(t, depth - 1) + 1;

        private int Add(int x) => x + _pending.Result;

        private T Generic<T>(Task<T> t) => t.GetAwaiter().GetResult();

        private string UsesGeneric() => Generic(Task.FromResult("x")) + Generic(Task.FromResult(1));

        private void WithLocalFunction(Task<int> t)
        {
            Console.WriteLine(Local());

            int Local() => t.Result;
        }

        private void Locked(Task t)
        {
            lock (_pending)
            {
                t.Wait();
            }
        }

        private bool Timed(Task t) => t.Wait(100);

        private void UsedAsMethodGroup(Task t) => t.Wait();

        private void HandsOutMethodGroup()
        {
            Action<Task> a = UsedAsMethodGroup;
            a(Task.CompletedTask);
        }

        private void ConditionalCaller(SyncOverAsync? other, Task t)
        {
            other?.Run(t);
            Run(t);
        }

        private int WaitAny(Task a, Task b) => Task.WaitAny(a, b);

        private static int Main(string[] args) => Task.FromResult(args.Length).Result;
    }

    public struct Counter
    {
        private int _count;

        public void Increment(Task<int> t) => _count += t.Result;
    }

    internal static class Chain
    {
        internal static int Top(Task<int> t) => Middle(t) + 1;

        private static int Middle(Task<int> t) => Bottom(t) * 2;

        private static int Bottom(Task<int> t) => t.Result;

        internal static IEnumerable<int> Iterator(Task<int> t)
        {
            yield return t.Result;
        }
    }

    public sealed class Repository
    {
        public void Save() { }

        public Task SaveAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public T Load<T>(string key) => default!;

        public Task<T> LoadAsync<T>(string key) => Task.FromResult(default(T)!);

        public void Flush(int level) { }

        public Task FlushAsync(long level) => Task.CompletedTask;
    }

    public static class RepositoryExtensions
    {
        public static void Publish(this Repository repository) { }

        public static Task PublishAsync(this Repository repository) => Task.CompletedTask;
    }

    /// <summary>AG0102 positives: sync calls with async alternatives in async-capable functions.</summary>
    public class AsyncAlternatives
    {
        private readonly object _gate = new object();

        public async Task<int> Files(string path, CancellationToken ct)
        {
            await Task.Yield();
            var text = File.ReadAllText(path);
            File.WriteAllText(path, text);
            var lines = File.ReadAllLines(path).Length;
            File.AppendAllText(path, "x");
            return text.Length + lines + File.ReadAllBytes(path).Length;
        }

        public async Task Streams(string path, byte[] buffer)
        {
            using (var stream = File.OpenRead(path))
            {
                var n = stream.Read(buffer, 0, buffer.Length);
                stream.Flush();
                Console.WriteLine(n);
            }

            using var writer = new StreamWriter(path);
            writer.WriteLine("line");
            writer.Flush();
            using var reader = new StreamReader(path);
            Console.WriteLine(reader.ReadLine()?.Length + reader.ReadToEnd().Length);
            await Task.Yield();
        }

        public async Task Sleeps(CancellationToken cancellationToken)
        {
            Thread.Sleep(10);
            Thread.Sleep(TimeSpan.FromMilliseconds(5));
            await Task.Yield();
        }

        public async Task Primitives(SemaphoreSlim gate, Process process, CancellationToken ct)
        {
            gate.Wait();
            if (gate.Wait(100))
            {
                gate.Release();
            }

            process.WaitForExit();
            await Task.Yield();
        }

        public async Task<int> Custom(Repository repository)
        {
            repository.Save();
            repository.Publish();
            repository.Flush(1);
            await Task.Yield();
            return repository.Load<int>("k") + repository.Load<string>("s").Length;
        }

        public Task<string> NotAsyncYet(string path) => Task.FromResult(File.ReadAllText(path));

        public Task WriteNotAsyncYet(string path)
        {
            File.WriteAllText(path, "x");
            return Task.CompletedTask;
        }

        public void Lambdas(string path, CancellationToken token)
        {
            Func<Task<string>> read = async () => File.ReadAllText(path);
            Func<Task> sleep = async () => Thread.Sleep(1);
            Func<Task> write = () =>
            {
                File.WriteAllText(path, "x");
                return Task.CompletedTask;
            };
            Console.WriteLine(read.ToString() + sleep + write);
        }

        public async Task Traps(MemoryStream memory, string path, Task pending)
        {
            await Task.Yield();
            memory.Flush();
            Console.WriteLine("console");
            Console.Out.WriteLine("out");
            lock (_gate)
            {
                File.ReadAllText(path);
            }

            var lengths = from p in new[] { path } let t = File.ReadAllText(p) select t.Length;
            Console.WriteLine(lengths.Sum());
            pending.Wait();
        }

        public async IAsyncEnumerable<string> Lines(StreamReader reader)
        {
            await Task.Yield();
            yield return reader.ReadLine() ?? "";
        }
    }
}
