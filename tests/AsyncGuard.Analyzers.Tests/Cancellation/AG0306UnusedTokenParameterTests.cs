using AsyncGuard.CodeFixes.Cancellation;
using Microsoft.CodeAnalysis;
using Xunit;
using VerifyAG0306 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Cancellation.AG0306UnusedTokenParameterAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Cancellation;

public sealed class AG0306UnusedTokenParameterTests
{
    private const string Usings = "using System; using System.Collections.Generic; using System.IO; using System.Threading; using System.Threading.Tasks;\n";

    [Fact]
    public Task Flags_a_token_parameter_that_is_never_read() =>
        VerifyAG0306.Diagnostics(Usings + """
            public class C
            {
                int _count;
                public async Task SaveAsync(string path, CancellationToken {|AG0306:cancellationToken|})
                {
                    await Task.Yield();
                    _count++;
                }

                private Task<int> CountAsync(CancellationToken {|AG0306:ct|} = default) { _count++; return Task.Run(() => _count); }

                internal int Sum(int a, int b, CancellationToken? {|AG0306:token|}) => a + b + _count;

                public static async ValueTask<int> ComputeAsync(CancellationToken {|AG0306:ct|}) { await Task.Yield(); return 42; }

                public void Outer()
                {
                    _ = Local(default);
                    async Task<int> Local(CancellationToken {|AG0306:inner|}) { await Task.Yield(); return _count; }
                }

                public async Task ShadowedAsync(CancellationToken {|AG0306:ct|})
                {
                    Func<CancellationToken, Task> f = ct => Task.Delay(1, ct);
                    await f(default);
                }
            }
            """);

    [Fact]
    public Task Flags_tokens_written_qualified_as_Nullable_of_or_through_an_alias() =>
        VerifyAG0306.Diagnostics("using Tok = System.Threading.CancellationToken;\n" + Usings + """
            public class C
            {
                int _count;
                public async Task QualifiedAsync(System.Threading.CancellationToken {|AG0306:ct|}) { await Task.Yield(); _count++; }
                internal int Wrapped(Nullable<CancellationToken> {|AG0306:ct|}) => _count;
                public async Task AliasedAsync(Tok {|AG0306:ct|}) { await Task.Yield(); _count++; }
                public int NotAToken(CancellationTokenSource source, int cancellationToken) => _count;
            }
            """);

    [Fact]
    public Task Silent_where_the_token_is_read() =>
        VerifyAG0306.NoDiagnostics(Usings + """
            public class C
            {
                CancellationToken _stored;
                public async Task Passed(CancellationToken ct) => await Task.Delay(1, ct);
                public void Checked(CancellationToken ct) { if (ct.IsCancellationRequested) return; Console.WriteLine(); }
                public void Thrown(CancellationToken ct) { ct.ThrowIfCancellationRequested(); Console.WriteLine(); }
                public async Task Registered(CancellationToken ct) { using var r = ct.Register(() => { }); await Task.Yield(); }
                public void Stored(CancellationToken ct) { _stored = ct; Console.WriteLine(); }
                public Func<Task> Captured(CancellationToken ct) => () => Task.Delay(1, ct);
                public async Task InLocalFunction(CancellationToken ct) { await Local(); async Task Local() => await Task.Delay(1, ct); }
                public int? Nullable(CancellationToken? ct) => ct?.GetHashCode();
            }
            """);

    [Fact]
    public Task Silent_where_the_signature_is_imposed() =>
        VerifyAG0306.NoDiagnostics(Usings + """
            public interface IWorker { Task RunAsync(CancellationToken ct); Task StopAsync(CancellationToken ct); }
            public abstract class Base
            {
                public abstract Task A(CancellationToken ct);
                public virtual Task B(CancellationToken ct) { Console.WriteLine(); return Task.Delay(1); }
            }
            public partial class Worker : Base, IWorker
            {
                int _n;
                public async Task RunAsync(CancellationToken ct) { await Task.Yield(); _n++; }
                async Task IWorker.StopAsync(CancellationToken ct) { await Task.Yield(); _n++; }
                public override async Task A(CancellationToken ct) { await Task.Yield(); _n++; }
                public override Task B(CancellationToken ct) { _n++; return Task.Delay(1); }
                public extern Task External(CancellationToken ct);
                partial void OnStarting(CancellationToken ct);
                partial void OnStarting(CancellationToken ct) { _n++; }

                // Used as a method group: the delegate type asks for the token.
                public void Wire(Func<CancellationToken, Task> hook) { }
                public void Setup() { Wire(HookAsync); Func<CancellationToken, Task> f = this.OtherHookAsync; }
                private async Task HookAsync(CancellationToken ct) { await Task.Yield(); _n++; }
                private async Task OtherHookAsync(CancellationToken ct) { await Task.Yield(); _n++; }
                public void LocalAsGroup() { Wire(Local); async Task Local(CancellationToken ct) { await Task.Yield(); _n++; } }

                // Nothing to cancel: empty, throwing or returning a completed result.
                public Task Empty(CancellationToken ct) { return Task.CompletedTask; }
                public Task Arrow(CancellationToken ct) => Task.CompletedTask;
                public Task<int> Result(CancellationToken ct) => Task.FromResult(1);
                public ValueTask<int> Value(CancellationToken ct) => new ValueTask<int>(1);
                public void Nothing(CancellationToken ct) { }
                public int Constant(CancellationToken ct) => 0;
                public Task NotYet(CancellationToken ct) => throw new NotImplementedException();
                public Task NotYetBlock(CancellationToken ct) { throw new NotSupportedException(); }

                // A synchronous body behind an async signature: nothing asynchronous to stop.
                public Task Load(CancellationToken ct) { _n++; Console.WriteLine(_n); return Task.CompletedTask; }
                public async ValueTask LoadAsync(CancellationToken ct) { _n++; Console.WriteLine(_n); }
                public ValueTask Init(CancellationToken ct) { _n = 1; return default; }

                // Discard-named parameters say so.
                public async Task Discarded(CancellationToken _) { await Task.Yield(); _n++; }
            }
            public class Lambdas { Func<CancellationToken, Task> f = async ct => await Task.Yield(); }
            """);

    [Fact]
    public Task Still_flags_a_synchronous_method_and_async_work() =>
        VerifyAG0306.Diagnostics(Usings + """
            public class C
            {
                int _n;
                public int Connect(string host, CancellationToken {|AG0306:ct|}) { System.Threading.Thread.Sleep(100); return _n; }
                public Task Start(CancellationToken {|AG0306:ct|}) { _n++; return Task.Run(() => _n++); }
            }
            """);

    [Fact]
    public Task Silent_where_AG0301_reports_a_call_that_could_take_the_token() =>
        VerifyAG0306.NoDiagnostics(Usings + """
            public class C
            {
                public async Task CopyAsync(Stream from, Stream to, CancellationToken ct) => await from.CopyToAsync(to);
                public async Task WaitAsync(SemaphoreSlim gate, CancellationToken ct) { await gate.WaitAsync(); gate.Release(); }
            }
            """);

    [Fact]
    public Task Still_flags_when_the_calls_cannot_take_a_token() =>
        VerifyAG0306.Diagnostics(Usings + """
            public class C
            {
                public async Task FlushAsync(Stream to, CancellationToken {|AG0306:ct|}) { await Task.Yield(); to.Flush(); }
                public async Task LockedAsync(SemaphoreSlim gate, CancellationToken {|AG0306:ct|}) { await gate.WaitAsync(CancellationToken.None); gate.Release(); }
            }
            """);

    [Fact]
    public Task Survives_half_typed_code() =>
        VerifyAG0306.DiagnosticsInBrokenCode(Usings + """
            public class C
            {
                public async Task A(CancellationToken ct) { await Task.Delay(1, ct
                public async Task B(CancellationToken ) { }
                public async Task C(Undefined ct) { await Task.Yield(); }
                public async Task D(CancellationToken ct) { undefined(ct); }
                public async Task E(CancellationToken ct
            """);

    private static Task Fix(string before, string after, string? batch = null) =>
        VerifyAG0306.Fix<AG0306UnusedTokenParameterCodeFixProvider>(Usings + before, Usings + after, batch is null ? null : Usings + batch);

    [Fact]
    public Task Fix_observes_the_token_first() => Fix("""
        public class C
        {
            int _n;
            public async Task SaveAsync(CancellationToken {|AG0306:cancellationToken|})
            {
                await Task.Yield();
                _n++;
            }

            public int Count(CancellationToken? {|AG0306:ct|})
            {
                return _n;
            }
        }
        """, """
        public class C
        {
            int _n;
            public async Task SaveAsync(CancellationToken cancellationToken)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await Task.Yield();
                _n++;
            }

            public int Count(CancellationToken? ct)
            {
                ct?.ThrowIfCancellationRequested();
                return _n;
            }
        }
        """);

    [Fact]
    public Task Fix_turns_an_expression_body_into_a_block() => Fix("""
        public class C
        {
            int _n;
            public int Next(CancellationToken {|AG0306:ct|}) => ++_n;
            public async Task RunAsync(CancellationToken {|AG0306:ct|}) => await Task.Yield();
        }
        """, """
        public class C
        {
            int _n;
            public int Next(CancellationToken ct)
            {
                ct.ThrowIfCancellationRequested();
                return ++_n;
            }

            public async Task RunAsync(CancellationToken ct)
            {
                ct.ThrowIfCancellationRequested();
                await Task.Yield();
            }
        }
        """);
    /// <summary>Issue 16, third pass: a body whose only asynchronous work is releasing a resource has nothing to cancel.</summary>
    [Fact]
    public Task Silent_where_the_only_asynchronous_work_releases_a_resource() =>
        VerifyAG0306.Diagnostics(Usings + """
            public class C
            {
                public string Name = "";
                public async ValueTask Initialize(CancellationToken cancellationToken = default)
                {
                    Stream? f = null;
                    try { f = new FileStream(Name, FileMode.Open, FileAccess.Read); Name = f.Length.ToString(); }
                    finally { if (f is not null) { await f.DisposeAsync().ConfigureAwait(false); } }
                }
                protected static ValueTask DisposeIfDisposable(object? target, CancellationToken cancellationToken = default)
                {
                    if (target is IAsyncDisposable asyncDisposable) return asyncDisposable.DisposeAsync();
                    (target as IDisposable)?.Dispose();
                    return default;
                }
                public async Task Close(System.Data.Common.DbConnection connection, CancellationToken cancellationToken)
                {
                    try { await connection.CloseAsync(); } catch (Exception e) { Console.WriteLine(e); }
                }
            }
            """);

    /// <summary>The nearest cases: other awaited work beside the release, and a DisposeAsync of no IAsyncDisposable.</summary>
    [Fact]
    public Task Still_flags_release_beside_other_work_or_a_release_of_no_async_disposable() =>
        VerifyAG0306.Diagnostics(Usings + """
            public class Handle { public Task DisposeAsync() => Task.CompletedTask; public Task CloseAsync() => Task.CompletedTask; }
            public class C
            {
                public async Task Copy(Stream source, Stream target, CancellationToken {|AG0306:ct|})
                {
                    await Task.Yield();
                    await target.DisposeAsync();
                }
                public async Task Release(Handle handle, CancellationToken {|AG0306:ct|})
                {
                    await handle.DisposeAsync();
                    await handle.CloseAsync();
                }
            }
            """);
}
