using Xunit;
using VerifyAG0302 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Cancellation.AG0302EnumerateWithTokenAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Cancellation;

/// <summary>
/// AG0302 and a sequence local declared without a sequence and given one in each branch (seen on the corpus:
/// semantic-kernel's KernelFunctionFromPrompt.InvokeStreamingCoreAsync, three services, each call given the token).
/// </summary>
public sealed class AG0302SequenceOriginsTests
{
    private const string Usings = "using System; using System.Collections.Generic; using System.Runtime.CompilerServices; using System.Threading; using System.Threading.Tasks;\n";

    private const string Sources = """
        static class Source
        {
            public static IAsyncEnumerable<int> Plain() => Cancellable(); // not an iterator: WithCancellation reaches Cancellable's token
            public static async IAsyncEnumerable<int> Cancellable([EnumeratorCancellation] CancellationToken ct = default) { await Task.Yield(); yield return 1; }
            public static async IAsyncEnumerable<string> Words(CancellationToken ct) { await Task.Yield(); yield return "a"; }
            public static bool TryGet(out IAsyncEnumerable<int> items) { items = Plain(); return true; }
        }
        """;

    private static string InMethod(string body) => Usings + Sources + $$"""
        class C
        {
            async Task M(int kind, CancellationToken ct)
            {
                {{body}}
            }
        }
        """;

    [Theory]
    [InlineData("IAsyncEnumerable<int>? items = null; if (kind == 1) { items = Source.Cancellable(ct); } else { items = Source.Cancellable(ct); } await foreach (var x in items) { }")]
    [InlineData("IAsyncEnumerable<int> items; switch (kind) { case 1: items = Source.Cancellable(ct); break; default: items = Source.Cancellable(); break; } await foreach (var x in items.ConfigureAwait(false)) { }")]
    [InlineData("IAsyncEnumerable<object>? items = default; if (kind == 1) items = Source.Words(ct); else items = Source.Words(ct); await foreach (var x in items) { }")]
    [InlineData("IAsyncEnumerable<int>? items = default(IAsyncEnumerable<int>); items ??= Source.Cancellable(ct); await foreach (var x in items) { }")]
    public Task Silent_when_every_value_of_the_local_comes_from_a_cancellable_call(string body) =>
        VerifyAG0302.NoDiagnostics(InMethod(body));

    [Theory]
    // One branch gives a sequence that never sees the token.
    [InlineData("IAsyncEnumerable<int>? items = null; if (kind == 1) { items = Source.Cancellable(ct); } else { items = Source.Plain(); } await foreach (var x in {|AG0302:items|}) { }")]
    // Given later from a lambda that drops the token.
    [InlineData("IAsyncEnumerable<int>? items = null; items = Source.Cancellable(ct); Action reset = () => items = Source.Plain(); await foreach (var x in {|AG0302:items|}) { }")]
    // Written through an out argument: its origin is not visible.
    [InlineData("IAsyncEnumerable<int>? items = null; if (kind == 1) items = Source.Cancellable(ct); else Source.TryGet(out items); await foreach (var x in {|AG0302:items|}) { }")]
    // Never given a sequence here (a null local).
    [InlineData("IAsyncEnumerable<int>? items = null; await foreach (var x in {|AG0302:items|}) { }")]
    // Initialised by a plain call and re-assigned: the initializer decides, as before.
    [InlineData("var items = Source.Plain(); if (kind == 1) items = Source.Cancellable(ct); await foreach (var x in {|AG0302:items|}) { }")]
    // Given a value that is not a call.
    [InlineData("IAsyncEnumerable<int>? items = null; var other = Source.Plain(); items = other; await foreach (var x in {|AG0302:items|}) { }")]
    public Task Still_reports_a_local_with_a_value_that_never_sees_the_token(string body) =>
        VerifyAG0302.Diagnostics(InMethod(body));

    [Fact]
    public Task Survives_half_typed_code() => VerifyAG0302.DiagnosticsInBrokenCode(Usings + Sources + """
        class C
        {
            async Task M(int kind, CancellationToken ct)
            {
                IAsyncEnumerable<int>? items = null;
                if (kind == 1) items = Source.Cancellable(ct)
                else items = Missing(ct);
                await foreach (var x in items.WithCancellation(ct)) { }
            }
        }
        """);
}
