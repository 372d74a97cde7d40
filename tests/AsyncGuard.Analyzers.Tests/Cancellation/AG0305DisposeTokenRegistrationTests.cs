using AsyncGuard.CodeFixes.Cancellation;
using Microsoft.CodeAnalysis;
using Xunit;
using VerifyAG0305 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Cancellation.AG0305DisposeTokenRegistrationAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Cancellation;

public sealed class AG0305DisposeTokenRegistrationTests
{
    private const string Usings = "using System; using System.Collections.Generic; using System.Threading; using System.Threading.Tasks;\n";

    [Theory]
    [InlineData("{|AG0305:ct.Register(() => tcs.TrySetCanceled())|}; await tcs.Task;")]
    [InlineData("_ = {|AG0305:ct.Register(() => tcs.TrySetCanceled())|}; await tcs.Task;")]
    [InlineData("var r = {|AG0305:ct.Register(() => tcs.TrySetCanceled())|}; await tcs.Task;")]
    [InlineData("CancellationTokenRegistration r = {|AG0305:ct.Register(s => ((TaskCompletionSource)s!).TrySetCanceled(), tcs)|}; await tcs.Task;")]
    [InlineData("{|AG0305:ct.UnsafeRegister(s => ((TaskCompletionSource)s!).TrySetCanceled(), tcs)|}; await tcs.Task;")]
    [InlineData("_ = ({|AG0305:ct.Register(Stop)|}); await tcs.Task;")]
    [InlineData("{|AG0305:_stopping.Register(Stop)|}; await tcs.Task;")]
    [InlineData("{|AG0305:this._stopping.Register(Stop)|}; await tcs.Task;")]
    [InlineData("{|AG0305:_source.Token.Register(Stop)|}; await tcs.Task;")]
    [InlineData("{|AG0305:holder.Token.Register(Stop)|}; await tcs.Task;")]
    [InlineData("var token = ct; {|AG0305:token.Register(Stop)|}; await tcs.Task;")]
    [InlineData("var h = holder; {|AG0305:h.Token.Register(Stop)|}; await tcs.Task;")]
    [InlineData("{|AG0305:ct.Register(Stop, useSynchronizationContext: false)|}; await tcs.Task.ConfigureAwait(false);")]
    public Task Flags_a_dropped_registration_on_a_token_that_outlives_the_method(string body) =>
        VerifyAG0305.Diagnostics(Usings + $$"""
            class Holder { public CancellationToken Token { get; } }
            class C
            {
                CancellationToken _stopping;
                CancellationTokenSource _source = new();
                static void Stop() { }
                async Task M(CancellationToken ct, Holder holder)
                {
                    var tcs = new TaskCompletionSource();
                    {{body}}
                }
            }
            """);

    [Fact]
    public Task Flags_in_lambdas_local_functions_and_top_level_code() =>
        VerifyAG0305.Diagnostics(Usings + """
            var tcs = new TaskCompletionSource();
            Func<CancellationToken, Task> f = async t => { {|AG0305:t.Register(() => tcs.TrySetCanceled())|}; await tcs.Task; };
            async Task Local(CancellationToken t) { {|AG0305:t.Register(() => tcs.TrySetCanceled())|}; await tcs.Task; }
            await f(default);
            """, OutputKind.ConsoleApplication);

    [Fact]
    public Task Silent_when_disposed_kept_or_on_a_short_lived_token() =>
        VerifyAG0305.NoDiagnostics(Usings + """
            class C
            {
                CancellationTokenRegistration _registration;
                static void Stop() { }
                static void Take(CancellationTokenRegistration r) { }

                async Task Disposed(CancellationToken ct)
                {
                    var tcs = new TaskCompletionSource();
                    using var a = ct.Register(Stop);
                    using (ct.Register(Stop)) { await tcs.Task; }
                    var b = ct.Register(Stop);
                    try { await tcs.Task; } finally { b.Dispose(); }
                    var c = ct.Register(Stop);
                    await tcs.Task;
                    await c.DisposeAsync();
                    var d = ct.Register(Stop);
                    d.Unregister();
                }

                async Task Kept(CancellationToken ct)
                {
                    _registration = ct.Register(Stop);
                    Take(ct.Register(Stop));
                    var r = ct.Register(Stop);
                    Action undo = () => r.Dispose();
                    await Task.Yield();
                }

                async Task<CancellationTokenRegistration> Returned(CancellationToken ct) { await Task.Yield(); return ct.Register(Stop); }

                async Task LocalSource()
                {
                    using var cts = new CancellationTokenSource(1000);
                    cts.Token.Register(Stop);
                    var other = new CancellationTokenSource();
                    other.Token.Register(Stop);
                    var token = cts.Token;
                    token.Register(Stop);
                    CancellationToken.None.Register(Stop);
                    default(CancellationToken).Register(Stop);
                    await Task.Yield();
                }

                // Synchronous: the registration is meant to outlive the call (it completes the returned task).
                Task Sync(CancellationToken ct)
                {
                    var tcs = new TaskCompletionSource();
                    ct.Register(() => tcs.TrySetCanceled());
                    return tcs.Task;
                }

                void Start(CancellationToken ct) => ct.Register(Stop);

                C(CancellationToken ct) { ct.Register(Stop); }
            }
            class NotAToken { public void Register(Action a) { } async Task M() { Register(() => { }); new NotAToken().Register(() => { }); await Task.Yield(); } }
            """);

    [Fact]
    public Task Survives_half_typed_code() =>
        VerifyAG0305.DiagnosticsInBrokenCode(Usings + """
            class C
            {
                async Task M(CancellationToken ct)
                {
                    {|AG0305:ct.Register(() => { })|};
                    ct.Register(;
                    undefined.Register(() => { });
                    var r = ct.Register(
                    _ = ct.
                    await Task.Yield();
                }
            """);

    private static Task Fix(string before, string after, string? batch = null, OutputKind outputKind = OutputKind.DynamicallyLinkedLibrary) =>
        VerifyAG0305.Fix<AG0305DisposeTokenRegistrationCodeFixProvider>(Usings + before, Usings + after, batch is null ? null : Usings + batch, outputKind: outputKind);

    [Fact]
    public Task Fix_declares_the_registration_with_using_var() => Fix("""
        class C
        {
            async Task M(CancellationToken ct, TaskCompletionSource tcs)
            {
                // cancel the wait
                {|AG0305:ct.Register(() => tcs.TrySetCanceled())|}; // when asked
                _ = {|AG0305:ct.Register(() => tcs.TrySetCanceled())|};
                var kept = {|AG0305:ct.Register(() => tcs.TrySetCanceled())|};
                await tcs.Task;
            }
        }
        """, """
        class C
        {
            async Task M(CancellationToken ct, TaskCompletionSource tcs)
            {
                // cancel the wait
                using var registration = ct.Register(() => tcs.TrySetCanceled()); // when asked
                using var registration2 = ct.Register(() => tcs.TrySetCanceled());
                using var kept = ct.Register(() => tcs.TrySetCanceled());
                await tcs.Task;
            }
        }
        """);

    [Fact]
    public Task Fix_picks_a_free_name() => Fix("""
        class C
        {
            async Task M(CancellationToken ct, TaskCompletionSource tcs, int registration)
            {
                {|AG0305:ct.Register(() => tcs.TrySetCanceled())|};
                await tcs.Task;
            }
        }
        """, """
        class C
        {
            async Task M(CancellationToken ct, TaskCompletionSource tcs, int registration)
            {
                using var registration2 = ct.Register(() => tcs.TrySetCanceled());
                await tcs.Task;
            }
        }
        """);

    [Fact]
    public Task Fix_in_a_local_function_of_top_level_statements() => Fix("""
        var tcs = new TaskCompletionSource();
        await Run(default);
        async Task Run(CancellationToken ct)
        {
            {|AG0305:ct.Register(() => tcs.TrySetCanceled())|};
            await tcs.Task;
        }
        """, """
        var tcs = new TaskCompletionSource();
        await Run(default);
        async Task Run(CancellationToken ct)
        {
            using var registration = ct.Register(() => tcs.TrySetCanceled());
            await tcs.Task;
        }
        """, outputKind: OutputKind.ConsoleApplication);

    [Fact]
    public Task No_fix_in_a_switch_section() =>
        VerifyAG0305.NoFix<AG0305DisposeTokenRegistrationCodeFixProvider>(Usings + """
            class C
            {
                async Task M(int kind, CancellationToken ct, TaskCompletionSource tcs)
                {
                    switch (kind)
                    {
                        case 1:
                            {|AG0305:ct.Register(() => tcs.TrySetCanceled())|};
                            await tcs.Task;
                            break;
                    }
                }
            }
            """);
}
