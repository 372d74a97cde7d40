using Xunit;
using VerifyAG0102 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0102AsyncAlternativeAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>
/// AG0102's wrong and debatable classes from the corpus6 pass (issue 16): a twin that is a sync wrapper written as a block
/// (W9), a Dispose right after a Close of the same local (W8), a write stream flushed asynchronously after its last write
/// (D4), a sleep right before the process exits (D2). Each silence has its nearest reported case beside it.
/// </summary>
public sealed class AG0102Corpus6Tests
{
    private const string Usings = "using System; using System.Diagnostics.CodeAnalysis; using System.IO; using System.Threading; using System.Threading.Tasks;\n";

    // W9: the async twin only calls the flagged member with its own parameters and returns a completed awaitable.

    private const string Converters = """
        public abstract class Conv<T>
        {
            public abstract void Write(Stream w, T value);
            public abstract ValueTask WriteAsync(Stream w, T value, CancellationToken ct = default);
            public abstract T Read(Stream r);
            public abstract ValueTask<T> ReadAsync(Stream r, CancellationToken ct = default);
            internal abstract ValueTask WriteAsObject(bool async, Stream w, object? value, CancellationToken ct);
        }

        """;

    [Fact]
    public Task Sealed_twin_that_calls_the_sync_member_then_returns_completed_is_silent() =>
        VerifyAG0102.NoDiagnostics(Usings + Converters + """
            public abstract class Buffered<T> : Conv<T>
            {
                public sealed override ValueTask WriteAsync(Stream w, T value, CancellationToken ct = default)
                {
                    Write(w, value);
                    return new();
                }

                public sealed override ValueTask<T> ReadAsync(Stream r, CancellationToken ct = default)
                {
                    ct.ThrowIfCancellationRequested();
                    var result = Read(r);
                    return new ValueTask<T>(result);
                }

                internal sealed override ValueTask WriteAsObject(bool async, Stream w, object? value, CancellationToken ct)
                {
                    Write(w, (T)value!);
                    return new();
                }

                internal async ValueTask<T> Copy(Stream r, Stream w, CancellationToken ct)
                {
                    await Task.Yield();
                    var v = this.Read(r);
                    Write(w, v);
                    return v;
                }
            }

            public abstract class StoreBase
            {
                public virtual Task SaveAsync(string path) => Task.Delay(1);
            }

            public sealed class Store : StoreBase
            {
                public void Save(string path) => File.WriteAllText(path, "");
                public override Task SaveAsync(string path) { Save(path); return Task.CompletedTask; }
                public int Count(string path) => File.ReadAllLines(path).Length;
                public Task<int> CountAsync(string path, CancellationToken ct = default) { int n = Count(path); return Task.FromResult(n); }
                public void Flush() { }
                public ValueTask FlushAsync() { Flush(); return default; }
                public static void Touch(string path) => File.WriteAllText(path, "");
                public static ValueTask TouchAsync(string path) { Touch(path); return ValueTask.CompletedTask; }
            }

            class Caller
            {
                async Task M(Store store)
                {
                    await Task.Yield();
                    store.Save("a");
                    var n = store.Count("a");
                    store.Flush();
                    Store.Touch("a");
                }
            }
            """);

    [Fact]
    public Task Twin_that_may_be_overridden_or_does_more_is_still_reported() =>
        VerifyAG0102.Diagnostics(Usings + Converters + """
            public abstract class Open<T> : Conv<T>
            {
                public override ValueTask WriteAsync(Stream w, T value, CancellationToken ct = default)
                {
                    Write(w, value);
                    return new();
                }

                internal sealed override ValueTask WriteAsObject(bool async, Stream w, object? value, CancellationToken ct)
                {
                    {|AG0102:Write(w, (T)value!)|};
                    return new();
                }
            }

            public class Store
            {
                public void Save(string path) => File.WriteAllText(path, "");
                public virtual Task SaveAsync(string path) { Save(path); return Task.CompletedTask; }
                public void Log(string path) => File.AppendAllText(path, "");
                public Task LogAsync(string path) { Log(path); Console.WriteLine(path); return Task.CompletedTask; }
                public void Put(string path) => File.WriteAllText(path, "");
                public Task PutAsync(string path) { Put("other"); return Task.CompletedTask; }
                public void Send(string path) => File.WriteAllText(path, "");
                public Task SendAsync(string path) { Send(path); return default!; }
                public void Push(string path) => File.WriteAllText(path, "");
                public async Task PushAsync(string path) { Push(path); await Task.Yield(); }
                public void Wait(string path) => File.WriteAllText(path, "");
                public Task WaitAsync(string path) { Wait(path); return Task.Delay(10); }
            }

            class Caller
            {
                async Task M(Store store)
                {
                    await Task.Yield();
                    {|AG0102:store.Save("a")|};
                    {|AG0102:store.Log("a")|};
                    {|AG0102:store.Put("a")|};
                    {|AG0102:store.Send("a")|};
                    {|AG0102:store.Push("a")|};
                    {|AG0102:store.Wait("a")|};
                }
            }
            """);
}
