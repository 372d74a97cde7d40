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
    [InlineData("_ = ({|AG0305:ct.Register(() => tcs.TrySetCanceled())|}); await tcs.Task;")]
    [InlineData("{|AG0305:_stopping.Register(() => tcs.TrySetCanceled())|}; await tcs.Task;")]
    [InlineData("{|AG0305:this._stopping.Register(Cancel, tcs)|}; await tcs.Task;")]
    [InlineData("{|AG0305:_source.Token.Register(delegate { tcs.TrySetCanceled(); })|}; await tcs.Task;")]
    [InlineData("{|AG0305:holder.Token.Register(() => holder.Stop())|}; await tcs.Task;")]
    [InlineData("var token = ct; {|AG0305:token.Register(() => tcs.TrySetCanceled())|}; await tcs.Task;")]
    [InlineData("var h = holder; {|AG0305:h.Token.Register(() => tcs.TrySetCanceled())|}; await tcs.Task;")]
    [InlineData("{|AG0305:ct.Register(() => tcs.TrySetCanceled(), useSynchronizationContext: false)|}; await tcs.Task.ConfigureAwait(false);")]
    public Task Flags_a_dropped_registration_on_a_token_that_outlives_the_method(string body) =>
        VerifyAG0305.Diagnostics(Usings + $$"""
            class Holder { public CancellationToken Token { get; } public void Stop() { } }
            class C
            {
                CancellationToken _stopping;
                CancellationTokenSource _source = new();
                static void Stop() { }
                static void Cancel(object? s) => ((TaskCompletionSource)s!).TrySetCanceled();
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
                static void Cancel(object? s) { }
                static void Take(CancellationTokenRegistration r) { }

                async Task Disposed(CancellationToken ct)
                {
                    var tcs = new TaskCompletionSource();
                    using var a = ct.Register(Cancel, tcs);
                    using (ct.Register(Cancel, tcs)) { await tcs.Task; }
                    var b = ct.Register(Cancel, tcs);
                    try { await tcs.Task; } finally { b.Dispose(); }
                    var c = ct.Register(Cancel, tcs);
                    await tcs.Task;
                    await c.DisposeAsync();
                    var d = ct.Register(Cancel, tcs);
                    d.Unregister();
                }

                async Task Kept(CancellationToken ct)
                {
                    var tcs = new object();
                    _registration = ct.Register(Cancel, tcs);
                    Take(ct.Register(Cancel, tcs));
                    var r = ct.Register(Cancel, tcs);
                    Action undo = () => r.Dispose();
                    await Task.Yield();
                }

                async Task<CancellationTokenRegistration> Returned(CancellationToken ct) { var tcs = new object(); await Task.Yield(); return ct.Register(Cancel, tcs); }

                async Task LocalSource()
                {
                    var tcs = new object();
                    using var cts = new CancellationTokenSource(1000);
                    cts.Token.Register(Cancel, tcs);
                    var other = new CancellationTokenSource();
                    other.Token.Register(Cancel, tcs);
                    var token = cts.Token;
                    token.Register(Cancel, tcs);
                    CancellationToken.None.Register(Cancel, tcs);
                    default(CancellationToken).Register(Cancel, tcs);
                    await Task.Yield();
                }

                // Synchronous: the registration is meant to outlive the call (it completes the returned task).
                Task Sync(CancellationToken ct)
                {
                    var tcs = new TaskCompletionSource();
                    ct.Register(() => tcs.TrySetCanceled());
                    return tcs.Task;
                }

                void Start(CancellationToken ct, object tcs) => ct.Register(Cancel, tcs);

                C(CancellationToken ct, object tcs) { ct.Register(Cancel, tcs); }
            }
            class NotAToken { public void Register(Action a) { } async Task M() { Register(() => { }); new NotAToken().Register(() => { }); await Task.Yield(); } }
            """);

    [Fact]
    public Task Silent_when_the_callback_belongs_to_the_object_not_the_call() =>
        VerifyAG0305.Diagnostics(Usings + """
            class Recorder
            {
                System.Diagnostics.Process? _process;
                static void Log() { }
                void Stop() => _process?.Kill();
                async Task StartAsync(CancellationToken ct)
                {
                    _process = System.Diagnostics.Process.Start("ffmpeg");
                    ct.Register(Stop);
                    ct.Register(() => _process?.Kill());
                    ct.Register(Log);
                    ct.Register(() => Console.WriteLine(ct.IsCancellationRequested));
                    await Task.Yield();
                    var process = _process;
                    {|AG0305:ct.Register(() => process.Kill())|};
                    await process.WaitForExitAsync();
                }
            }
            """);

    [Fact]
    public Task Survives_half_typed_code() =>
        VerifyAG0305.DiagnosticsInBrokenCode(Usings + """
            class C
            {
                async Task M(CancellationToken ct)
                {
                    var tcs = new TaskCompletionSource();
                    {|AG0305:ct.Register(() => tcs.TrySetCanceled())|};
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
