using System.Threading.Tasks;
using Xunit;
using VerifyAG0302 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Cancellation.AG0302EnumerateWithTokenAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Cancellation;

/// <summary>
/// AG0302 with a CancellationTokenSource local that the loop renews for every element (issue 16, fourteenth pass,
/// corpus16lib: SuperSocket's package-handling timeout, reset with TryReset at the end of each iteration): its token times one
/// element's handling, so it is not offered for the sequence. Still reported: a source the loop only reads, a source reset
/// outside the loop body, another token beside the renewed one (offered instead).
/// </summary>
public sealed class AG0302PerItemSourceTests
{
    private const string Usings = "using System; using System.Collections.Generic; using System.Threading; using System.Threading.Tasks;\n";

    private static string InAsync(string body) => Usings + $$"""
        interface IConnection { IAsyncEnumerable<int> Packages(); }
        class C
        {
            static Task Handle(int p, CancellationToken token) => Task.Delay(p, token);
            async Task M(IConnection connection, TimeSpan timeout)
            {
                {{body}}
            }
        }
        """;

    [Theory]
    // The corpus shape: declared before the loop, passed to each element's work, reset at the end of each iteration.
    [InlineData("using var handling = new CancellationTokenSource(timeout); await foreach (var p in connection.Packages()) { await Handle(p, handling.Token); handling.TryReset(); handling.CancelAfter(timeout); }")]
    // Reset first, inside a nested block, or replaced by a new source for each element.
    [InlineData("using var handling = new CancellationTokenSource(); await foreach (var p in connection.Packages()) { if (!handling.TryReset()) { } await Handle(p, handling.Token); }")]
    [InlineData("var handling = new CancellationTokenSource(); await foreach (var p in connection.Packages()) { handling.Dispose(); handling = new CancellationTokenSource(timeout); await Handle(p, handling.Token); }")]
    public Task Silent_when_the_only_source_is_renewed_per_element(string body) => VerifyAG0302.Diagnostics(InAsync(body));

    [Theory]
    // A source the loop only reads; reset after the loop; reset in another loop.
    [InlineData("using var cts = new CancellationTokenSource(timeout); await foreach (var p in {|AG0302:connection.Packages()|}) { await Handle(p, cts.Token); }")]
    [InlineData("using var cts = new CancellationTokenSource(timeout); await foreach (var p in {|AG0302:connection.Packages()|}) { if (cts.IsCancellationRequested) break; } cts.TryReset();")]
    [InlineData("using var cts = new CancellationTokenSource(timeout); for (var i = 0; i < 2; i++) { cts.TryReset(); } await foreach (var p in {|AG0302:connection.Packages()|}) { await Handle(p, cts.Token); }")]
    public Task Reported_when_the_source_is_not_renewed_by_this_loop(string body) => VerifyAG0302.Diagnostics(InAsync(body));

    [Fact]
    public Task Another_token_beside_the_renewed_source_is_still_offered() =>
        VerifyAG0302.Diagnostics(Usings + """
            interface IConnection { IAsyncEnumerable<int> Packages(); }
            class C
            {
                static Task Handle(int p, CancellationToken token) => Task.Delay(p, token);
                async Task M(IConnection connection, TimeSpan timeout, CancellationToken ct)
                {
                    using var perItem = new CancellationTokenSource(timeout);
                    await foreach (var p in {|AG0302:connection.Packages()|}) { await Handle(p, perItem.Token); perItem.TryReset(); }
                }
            }
            """);

    [Fact]
    public Task Half_typed_loops_do_not_throw() =>
        VerifyAG0302.DiagnosticsInBrokenCode(Usings + """
            interface IConnection { IAsyncEnumerable<int> Packages(); }
            class C
            {
                async Task M(IConnection connection, TimeSpan timeout)
                {
                    using var handling = new CancellationTokenSource(timeout);
                    await foreach (var p in connection.Packages()) { Missing.TryReset(); handling.TryReset(); handling = ; }
                }
            }
            """);
}
