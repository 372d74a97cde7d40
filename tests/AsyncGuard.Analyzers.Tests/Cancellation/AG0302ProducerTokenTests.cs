using System.Threading.Tasks;
using Xunit;
using VerifyAG0302 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Cancellation.AG0302EnumerateWithTokenAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Cancellation;

/// <summary>
/// AG0302 where the only token in reach is a member of the parameter whose method produces the sequence (issue 16, fourteenth
/// pass, corpus16lib: SuperSocket's <c>connection.RunAsync(filter)</c> with <c>connection.ConnectionToken</c>): the producer
/// already has its own token, so it is not offered. Still reported: a token of another parameter or of the method, the same
/// member token when the sequence comes from another object, a sequence local assigned again.
/// </summary>
public sealed class AG0302ProducerTokenTests
{
    private const string Usings = "using System; using System.Collections.Generic; using System.Threading; using System.Threading.Tasks;\n";

    private static string InAsync(string body, string extra = "") => Usings + $$"""
        interface IConnection
        {
            CancellationToken ConnectionToken { get; }
            IAsyncEnumerable<int> RunAsync(string filter);
            IConnection Self { get; }
        }
        class C
        {
            static Task Handle(int p) => Task.CompletedTask;
            async Task M(IConnection connection, string filter{{extra}})
            {
                await Task.Yield();
                {{body}}
            }
        }
        """;

    [Theory]
    // The corpus shape: through a local initialised by the call; in place; with ConfigureAwait.
    [InlineData("var packages = connection.RunAsync(filter); await foreach (var p in packages) { connection.ConnectionToken.ThrowIfCancellationRequested(); await Handle(p); }")]
    [InlineData("await foreach (var p in connection.RunAsync(filter)) { if (connection.ConnectionToken.IsCancellationRequested) break; }")]
    [InlineData("await foreach (var p in connection.RunAsync(filter).ConfigureAwait(false)) { connection.ConnectionToken.ThrowIfCancellationRequested(); }")]
    public Task Silent_when_the_only_token_is_the_producers_own(string body) => VerifyAG0302.Diagnostics(InAsync(body));

    [Theory]
    // Another parameter's token; the producer's token with a sequence of another object; a local assigned again.
    [InlineData("await foreach (var p in {|AG0302:other.RunAsync(filter)|}) { connection.ConnectionToken.ThrowIfCancellationRequested(); }")]
    [InlineData("var packages = connection.RunAsync(filter); packages = other.RunAsync(filter); await foreach (var p in {|AG0302:packages|}) { connection.ConnectionToken.ThrowIfCancellationRequested(); }")]
    [InlineData("await foreach (var p in {|AG0302:connection.Self.RunAsync(filter)|}) { connection.ConnectionToken.ThrowIfCancellationRequested(); }")]
    public Task Reported_when_the_token_is_not_the_producers(string body) => VerifyAG0302.Diagnostics(InAsync(body, ", IConnection other"));

    [Fact]
    public Task The_methods_own_token_is_still_offered() =>
        VerifyAG0302.Diagnostics(InAsync("await foreach (var p in {|AG0302:connection.RunAsync(filter)|}) { connection.ConnectionToken.ThrowIfCancellationRequested(); }", ", CancellationToken ct"));
}
