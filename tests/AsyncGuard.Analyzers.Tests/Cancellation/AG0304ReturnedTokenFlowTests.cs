using Xunit;
using VerifyAG0304 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Cancellation.AG0304DisposeTokenSourceAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Cancellation;

/// <summary>
/// AG0304 on a source whose token reaches the function's return value through a local copy or through a linked source
/// made from it (held-out wrong class of ho3: a request-timeout helper returning the token of a linked timeout source).
/// The caller's work runs on that token after the method returns, so the suggested <c>using</c> would stop the timer or
/// cut the link. Still reported: the copy only used inside the method, a linked source whose token is not returned, a
/// copy overwritten by another token.
/// </summary>
public sealed class AG0304ReturnedTokenFlowTests
{
    private const string Usings = "using System; using System.Threading; using System.Threading.Tasks;\n";

    private static string InMethod(string body) => Usings + $$"""
        static class C
        {
            static Task Work(CancellationToken token) => Task.Delay(1, token);

            public static CancellationToken ForRequest(TimeSpan timeout, CancellationToken outer)
            {
                {{body}}
            }
        }
        """;

    [Theory]
    // The held-out shape: timeout source -> linked source -> token copied to a local that is returned.
    [InlineData("var result = outer; if (timeout != TimeSpan.Zero) { var timer = new CancellationTokenSource(timeout); var linked = CancellationTokenSource.CreateLinkedTokenSource(outer, timer.Token); result = linked.Token; } return result;")]
    [InlineData("var timer = new CancellationTokenSource(timeout); var token = timer.Token; return token;")]
    [InlineData("CancellationTokenSource timer = new(timeout); CancellationToken token; token = timer.Token; return (token);")]
    [InlineData("var timer = new CancellationTokenSource(timeout); var linked = CancellationTokenSource.CreateLinkedTokenSource(timer.Token, outer); return linked.Token;")]
    [InlineData("var linked = CancellationTokenSource.CreateLinkedTokenSource(outer); var copy = linked.Token; var again = copy; return again;")]
    public Task Silent_where_the_token_reaches_the_return_value(string body) => VerifyAG0304.NoDiagnostics(InMethod(body));

    [Fact]
    public Task Silent_in_an_expression_bodied_local_function() =>
        VerifyAG0304.NoDiagnostics(InMethod("""
            return Make();
            CancellationToken Make() { var timer = new CancellationTokenSource(timeout); var token = timer.Token; return token; }
            """));

    [Theory]
    // The copy serves the method's own work only.
    [InlineData("var timer = {|AG0304:new CancellationTokenSource(timeout)|}; var token = timer.Token; Work(token).Wait(); return outer;")]
    // The linked source's token is not returned: the timer's own source is reported, and so is the linked one.
    [InlineData("var timer = {|AG0304:new CancellationTokenSource(timeout)|}; var linked = {|AG0304:CancellationTokenSource.CreateLinkedTokenSource(outer, timer.Token)|}; Work(linked.Token).Wait(); return outer;")]
    // A token copy overwritten before the return value is read elsewhere.
    [InlineData("var timer = {|AG0304:new CancellationTokenSource(timeout)|}; var token = timer.Token; Work(token).Wait(); token = outer; return outer;")]
    public Task Reported_where_the_token_stays_inside_the_method(string body) => VerifyAG0304.Diagnostics(InMethod(body));

    [Fact]
    public Task Half_typed_code_does_not_crash() =>
        VerifyAG0304.DiagnosticsInBrokenCode(Usings + """
            static class C
            {
                static CancellationToken F(TimeSpan t)
                {
                    var timer = {|AG0304:new CancellationTokenSource(t)|}; var token = timer.; return token;
                }

                static CancellationToken G(TimeSpan t, CancellationToken o)
                {
                    var timer = {|AG0304:new CancellationTokenSource(t)|}; var linked = {|AG0304:CancellationTokenSource.CreateLinkedTokenSource(o, timer.Token, )|}; return linked.
                }
            }
            """);
}
