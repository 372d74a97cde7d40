using AsyncGuard.CodeFixes.Cancellation;
using Microsoft.CodeAnalysis;
using Xunit;
using VerifyAG0304 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Cancellation.AG0304DisposeTokenSourceAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Cancellation;

public sealed class AG0304DisposeTokenSourceTests
{
    private const string Usings = "using System; using System.Collections.Generic; using System.Threading; using System.Threading.Tasks;\n";

    [Theory]
    [InlineData("var cts = {|AG0304:new CancellationTokenSource()|}; cts.Token.WaitHandle.WaitOne(0); await Task.Delay(1, cts.Token);")]
    [InlineData("var cts = {|AG0304:new CancellationTokenSource()|}; cts?.CancelAfter(10); await Task.Delay(1, cts.Token);")]
    [InlineData("var cts = {|AG0304:new CancellationTokenSource(-2 + 3)|}; await Task.Delay(1, cts.Token);")]
    [InlineData("var cts = {|AG0304:new CancellationTokenSource(TimeSpan.FromSeconds(1))|}; await Task.Delay(1, cts.Token);")]
    [InlineData("CancellationTokenSource cts = {|AG0304:new()|}; cts.CancelAfter(10); await Task.Delay(1, cts.Token);")]
    [InlineData("var linked = {|AG0304:CancellationTokenSource.CreateLinkedTokenSource(ct)|}; await Task.Delay(1, linked.Token);")]
    [InlineData("var cts = {|AG0304:new System.Threading.CancellationTokenSource(100)|}; cts.Cancel(); var t = cts.Token; await Task.Delay(1, t);")]
    [InlineData("var cts = {|AG0304:new CancellationTokenSource(100)|}; var task = Task.Delay(1, cts.Token); await task;")]
    [InlineData("var cts = {|AG0304:new CancellationTokenSource(TimeSpan.FromSeconds(1))|}; await Task.Delay(1, cts.Token).ConfigureAwait(false);")]
    [InlineData("var cts = {|AG0304:new CancellationTokenSource()|}; cts.CancelAfter(TimeSpan.FromSeconds(1)); if (cts.IsCancellationRequested) return;")]
    public Task Flags_a_source_that_is_never_disposed(string body) =>
        VerifyAG0304.Diagnostics(Usings + $$"""
            class C
            {
                async Task M(CancellationToken ct)
                {
                    {{body}}
                }
            }
            """);

    [Fact]
    public Task Flags_in_lambdas_local_functions_and_top_level_code() =>
        VerifyAG0304.Diagnostics(Usings + """
            var top = {|AG0304:new CancellationTokenSource(100)|};
            await Task.Delay(1, top.Token);
            Func<Task> f = async () => { var cts = {|AG0304:new CancellationTokenSource(100)|}; await Task.Delay(1, cts.Token); };
            void Local() { var cts = {|AG0304:new CancellationTokenSource()|}; cts.CancelAfter(5); }
            """, OutputKind.ConsoleApplication);

    [Fact]
    public Task Silent_for_a_plain_source_that_owns_nothing() =>
        VerifyAG0304.NoDiagnostics(Usings + """
            class C
            {
                async Task M()
                {
                    var cts = new CancellationTokenSource();
                    await Task.Delay(1, cts.Token);
                    CancellationTokenSource other = new();
                    other.Cancel();
                    if (other.Token.IsCancellationRequested) return;
                    var registered = new CancellationTokenSource();
                    registered.Token.Register(() => { });
                    var infinite = new CancellationTokenSource(Timeout.Infinite);
                    var infiniteSpan = new CancellationTokenSource(Timeout.InfiniteTimeSpan);
                    var minusOne = new CancellationTokenSource(-1);
                    await Task.Delay(1, infinite.Token);
                }
            }
            """);

    [Fact]
    public Task Silent_when_disposed_or_escaping() =>
        VerifyAG0304.NoDiagnostics(Usings + """
            class C
            {
                CancellationTokenSource? _field;
                Task? _running;
                CancellationToken _token;
                static void Take(CancellationTokenSource cts) { }
                static Task Run(CancellationToken ct) => Task.CompletedTask;

                async Task Disposed()
                {
                    using var a = new CancellationTokenSource();
                    using (var b = new CancellationTokenSource()) { }
                    var c = new CancellationTokenSource();
                    try { await Task.Delay(1, c.Token); } finally { c.Dispose(); }
                    var d = new CancellationTokenSource();
                    using (d) { }
                    var e = new CancellationTokenSource();
                    e?.Dispose();
                }

                CancellationTokenSource Returned() { var cts = new CancellationTokenSource(); return cts; }
                void Stored() { var cts = new CancellationTokenSource(); _field = cts; }
                void Passed() { var cts = new CancellationTokenSource(); Take(cts); }
                void Captured() { var cts = new CancellationTokenSource(); Action cancel = () => cts.Cancel(); }
                void CapturedByLocalFunction() { var cts = new CancellationTokenSource(); void Cancel() => cts.Cancel(); }
                CancellationToken TokenReturned() { var cts = new CancellationTokenSource(1000); return cts.Token; }
                void TokenStored() { var cts = new CancellationTokenSource(1000); _token = cts.Token; }
                void FireAndForget() { var cts = new CancellationTokenSource(1000); _ = Run(cts.Token); }
                void NotAwaited() { var cts = new CancellationTokenSource(1000); Run(cts.Token); }
                void TaskStored() { var cts = new CancellationTokenSource(1000); _running = Run(cts.Token); }
                Task TaskReturned() { var cts = new CancellationTokenSource(1000); return Run(cts.Token); }
                void Reassigned() { var cts = new CancellationTokenSource(); cts = new CancellationTokenSource(); }
                void NotASource() { var list = new List<int>(); object o = new object(); }
            }
            class MySource : CancellationTokenSource { void M() { var s = new MySource(); } }
            """);

    [Fact]
    public Task Survives_half_typed_code() =>
        VerifyAG0304.DiagnosticsInBrokenCode(Usings + """
            class C
            {
                void M()
                {
                    var a = {|AG0304:new CancellationTokenSource(5|};
                    var b = new CancellationTokenSource(;
                    var c = new Undefined.CancellationTokenSource();
                    CancellationTokenSource d = {|AG0304:new()|};
                    d.CancelAfter(1);
                    d.
                    var e = new CancellationTokenSource();
                    e.Dispose(
                }
            }
            """);

    private static Task Fix(string before, string after, OutputKind outputKind = OutputKind.DynamicallyLinkedLibrary) =>
        VerifyAG0304.Fix<AG0304DisposeTokenSourceCodeFixProvider>(Usings + before, Usings + after, outputKind: outputKind);

    [Fact]
    public Task Fix_declares_with_using_var_keeping_trivia() => Fix("""
        class C
        {
            async Task M(CancellationToken ct)
            {
                // a timeout for the call
                var cts = {|AG0304:CancellationTokenSource.CreateLinkedTokenSource(ct)|}; // linked
                cts.CancelAfter(100);
                await Task.Delay(1, cts.Token);
                CancellationTokenSource other = {|AG0304:new()|};
                other.CancelAfter(5);
            }
        }
        """, """
        class C
        {
            async Task M(CancellationToken ct)
            {
                // a timeout for the call
                using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct); // linked
                cts.CancelAfter(100);
                await Task.Delay(1, cts.Token);
                using CancellationTokenSource other = new();
                other.CancelAfter(5);
            }
        }
        """);

    [Fact]
    public Task Fix_in_top_level_statements() => Fix("""
        var cts = {|AG0304:new CancellationTokenSource(100)|};
        await Task.Delay(1, cts.Token);
        """, """
        using var cts = new CancellationTokenSource(100);
        await Task.Delay(1, cts.Token);
        """, OutputKind.ConsoleApplication);

    [Fact]
    public Task Fix_wraps_the_rest_of_a_switch_section_in_a_using_statement() => Fix("""
        class C
        {
            async Task M(int kind)
            {
                switch (kind)
                {
                    case 1:
                        var cts = {|AG0304:new CancellationTokenSource(100)|};
                        await Task.Delay(1, cts.Token);
                        break;
                }
            }
        }
        """, """
        class C
        {
            async Task M(int kind)
            {
                switch (kind)
                {
                    case 1:
                        using (var cts = new CancellationTokenSource(100))
                        {
                            await Task.Delay(1, cts.Token);
                            break;
                        }
                }
            }
        }
        """);

    [Fact]
    public Task No_fix_where_a_goto_could_jump_over_the_declaration() =>
        VerifyAG0304.NoFix<AG0304DisposeTokenSourceCodeFixProvider>(Usings + """
            class C
            {
                void M()
                {
                    again:
                    var cts = {|AG0304:new CancellationTokenSource(100)|};
                    if (!cts.IsCancellationRequested) goto again;
                }
            }
            """);
}
