using AsyncGuard.Analyzers.Cancellation;
using AsyncGuard.CodeFixes.Cancellation;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using VerifyAG0302 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Cancellation.AG0302EnumerateWithTokenAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Cancellation;

public sealed class AG0302EnumerateWithTokenTests
{
    private const string Usings = "using System; using System.Collections.Generic; using System.Linq; using System.Runtime.CompilerServices; using System.Threading; using System.Threading.Tasks;\n";

    private const string Sources = """
        static class Source
        {
            public static IAsyncEnumerable<int> Plain() => Cancellable(); // not an iterator: WithCancellation reaches Cancellable's token
            public static async IAsyncEnumerable<int> Cancellable([EnumeratorCancellation] CancellationToken ct = default) { await Task.Yield(); yield return 1; }
            public static IAsyncEnumerable<int> Property => Plain();
        }
        """;

    [Theory]
    [InlineData("await foreach (var x in {|AG0302:Source.Plain()|}) { }")]
    [InlineData("await foreach (var x in {|AG0302:Source.Property|}) { }")]
    [InlineData("await foreach (var x in {|AG0302:Source.Plain().ConfigureAwait(false)|}) { }")]
    [InlineData("await foreach (var (a, b) in {|AG0302:Pairs()|}) { }")]
    [InlineData("var items = Source.Plain(); await foreach (var x in {|AG0302:items|}) { }")]
    [InlineData("Func<Task> f = async () => { await foreach (var x in {|AG0302:Source.Plain()|}) { } };")]
    public Task Flags_await_foreach_without_the_token(string statement) =>
        VerifyAG0302.Diagnostics(Usings + Sources + $$"""
            class C
            {
                static IAsyncEnumerable<(int, int)> Pairs() => PairsOf();
                static async IAsyncEnumerable<(int, int)> PairsOf([EnumeratorCancellation] CancellationToken ct = default) { await Task.Yield(); yield return (1, 2); }
                async Task M(CancellationToken ct)
                {
                    {{statement}}
                }
            }
            """);

    [Fact]
    public Task Flags_in_top_level_statements() =>
        VerifyAG0302.Diagnostics(Usings + """
            using var cts = new CancellationTokenSource();
            await foreach (var x in {|AG0302:Plain()|}) { }
            static IAsyncEnumerable<int> Plain() => Produce();
            static async IAsyncEnumerable<int> Produce([EnumeratorCancellation] CancellationToken ct = default) { await Task.Yield(); yield return 1; }
            """, OutputKind.ConsoleApplication);

    [Fact]
    public Task Silent_with_a_token_already_or_none_available() =>
        VerifyAG0302.NoDiagnostics(Usings + Sources + """
            class C
            {
                async Task M(CancellationToken ct)
                {
                    await foreach (var x in Source.Plain().WithCancellation(ct)) { }
                    await foreach (var x in Source.Plain().WithCancellation(ct).ConfigureAwait(false)) { }
                    await foreach (var x in Source.Plain().ConfigureAwait(false).WithCancellation(ct)) { }
                    await foreach (var x in Source.Cancellable(ct)) { }
                    await foreach (var x in Source.Cancellable()) { } // AG0301's finding
                    var received = Source.Cancellable(ct);
                    await foreach (var x in received) { }
                    foreach (var x in new[] { 1 }) { }
                    Func<Task> f = static async () => { await foreach (var x in Source.Plain()) { } };
                }
                async Task NoToken() { await foreach (var x in Source.Plain()) { } }
            }
            """);

    [Fact]
    public Task Survives_half_typed_code() =>
        VerifyAG0302.DiagnosticsInBrokenCode(Usings + """
            class C
            {
                async Task M(CancellationToken ct)
                {
                    await foreach (var x in ) { }
                    await foreach (var x in Undefined()) { }
                    await foreach (var x in 42) { }
                    await foreach (var x in Undefined().WithCancellation(
                }
            }
            """);

    private static Task Fix(string before, string after, int rank = 0)
    {
        var test = new Verifiers.CodeFixTest<AG0302EnumerateWithTokenAnalyzer, AG0302EnumerateWithTokenCodeFixProvider>
        {
            TestCode = Usings + Sources + before,
            FixedCode = Usings + Sources + after,
            CodeActionIndex = rank,
            CodeActionEquivalenceKey = "AG0302:" + rank,
        };
        return test.RunAsync();
    }

    private static string InMethod(string body) => $$"""
        class C
        {
            IAsyncEnumerable<int>? Maybe => null;
            async Task M(CancellationToken ct)
            {
                {{body}}
            }
        }
        """;

    [Theory]
    [InlineData("await foreach (var x in {|AG0302:Source.Plain()|}) { }", "await foreach (var x in Source.Plain().WithCancellation(ct)) { }")]
    [InlineData("await foreach (var x in {|AG0302:Source.Plain().ConfigureAwait(false)|}) { }", "await foreach (var x in Source.Plain().WithCancellation(ct).ConfigureAwait(false)) { }")]
    [InlineData("await foreach (var x in /* a */ {|AG0302:Source.Plain()|} /* b */) { }", "await foreach (var x in /* a */ Source.Plain().WithCancellation(ct) /* b */) { }")]
    [InlineData("await foreach (var x in {|AG0302:Maybe ?? Source.Plain()|}) { }", "await foreach (var x in (Maybe ?? Source.Plain()).WithCancellation(ct)) { }")]
    public Task Adds_WithCancellation(string before, string after) => Fix(InMethod(before), InMethod(after));

    [Fact]
    public Task Second_fix_uses_the_next_token_and_Fix_All_covers_every_loop() => Fix("""
        class C
        {
            async Task M(CancellationToken ct)
            {
                var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
                await foreach (var x in {|AG0302:Source.Plain()|}) { }
                await foreach (var y in {|AG0302:Source.Property|}) { }
            }
        }
        """, """
        class C
        {
            async Task M(CancellationToken ct)
            {
                var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
                await foreach (var x in Source.Plain().WithCancellation(cts.Token)) { }
                await foreach (var y in Source.Property.WithCancellation(cts.Token)) { }
            }
        }
        """, rank: 1);

    [Fact]
    public Task Follows_the_token_provenance_of_AG0301() =>
        VerifyAG0302.Diagnostics(Usings + Sources + """
            class Worker
            {
                private readonly CancellationTokenSource _stop = new CancellationTokenSource();
                private readonly CancellationToken _disposed;
                private Task? _loop;

                async Task Unused() { await foreach (var x in Source.Plain()) { } }

                async Task Used()
                {
                    while (!_stop.IsCancellationRequested)
                    {
                        await foreach (var x in {|AG0302:Source.Plain()|}) { }
                    }
                }

                void Start(CancellationToken startup)
                {
                    _loop = Task.Run(async () => { await foreach (var x in Source.Plain()) { } });
                }

                async Task Cancelled(CancellationToken ct)
                {
                    if (ct.IsCancellationRequested)
                    {
                        await foreach (var x in Source.Plain()) { }
                    }
                }
            }
            """);
}
