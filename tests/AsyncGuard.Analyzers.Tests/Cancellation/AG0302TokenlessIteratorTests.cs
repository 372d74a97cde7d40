using System.Threading.Tasks;
using Xunit;
using VerifyAG0302 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Cancellation.AG0302EnumerateWithTokenAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Cancellation;

/// <summary>
/// AG0302 on a sequence made by an async iterator of the compilation that takes no [EnumeratorCancellation] token (issue 16,
/// thirteenth pass, corpus13app: Thor's chat stream): the compiler's enumerator ignores the token WithCancellation hands it,
/// so the suggestion would change nothing. Still reported: a wrapper that forwards to an iterator with such a token, a
/// virtual, abstract or interface iterator (another implementation may honour it), a sequence from a parameter.
/// </summary>
public sealed class AG0302TokenlessIteratorTests
{
    private const string Usings = "using System; using System.Collections.Generic; using System.Runtime.CompilerServices; using System.Threading; using System.Threading.Tasks;\n";

    [Theory]
    [InlineData("await foreach (var x in Stream()) { }")]
    [InlineData("await foreach (var x in this.Stream().ConfigureAwait(false)) { }")]
    [InlineData("var items = Stream(); await foreach (var x in items) { }")]
    [InlineData("await foreach (var x in Local()) { } static async IAsyncEnumerable<int> Local() { await Task.Yield(); yield return 1; }")]
    [InlineData("await foreach (var x in Sources.Generic<string>(\"a\")) { }")]
    [InlineData("await foreach (var x in other?.Stream()) { }")]
    [InlineData("await foreach (var x in other?.Self.Stream()) { }")]
    public Task Silent_on_an_iterator_that_takes_no_token(string statement) =>
        VerifyAG0302.Diagnostics(Usings + $$"""
            static class Sources
            {
                public static async IAsyncEnumerable<T> Generic<T>(T value) { await Task.Yield(); yield return value; }
            }

            class C
            {
                C? other;
                C Self => this;
                async IAsyncEnumerable<int> Stream() { await Task.Yield(); yield return 1; }

                async Task M(CancellationToken ct)
                {
                    {{statement}}
                }
            }
            """);

    [Theory]
    [InlineData("await foreach (var x in {|AG0302:Wrapped()|}) { }")]
    [InlineData("await foreach (var x in {|AG0302:Virtual()|}) { }")]
    [InlineData("await foreach (var x in {|AG0302:source.Items()|}) { }")]
    [InlineData("await foreach (var x in {|AG0302:given|}) { }")]
    [InlineData("await foreach (var x in {|AG0302:other?.Wrapped()|}) { }")]
    public Task Reported_where_the_token_can_reach_the_producer(string statement) =>
        VerifyAG0302.Diagnostics(Usings + $$"""
            interface ISource { IAsyncEnumerable<int> Items(); }

            class C
            {
                C? other;
                IAsyncEnumerable<int> Wrapped() => Produce();
                async IAsyncEnumerable<int> Produce([EnumeratorCancellation] CancellationToken token = default) { await Task.Yield(); yield return 1; }
                protected virtual async IAsyncEnumerable<int> Virtual() { await Task.Yield(); yield return 1; }

                async Task M(ISource source, IAsyncEnumerable<int> given, CancellationToken ct)
                {
                    {{statement}}
                }
            }
            """);

    [Fact]
    public Task Half_typed_code_stays_quiet() =>
        VerifyAG0302.Diagnostics(Usings + """
            class C
            {
                async IAsyncEnumerable<int> Stream() { await Task.Yield(); yield return 1; }

                async Task M(CancellationToken ct)
                {
                    await foreach (var x in {|CS0103:Missing|}()) { }
                }
            }
            """);
}
