using Xunit;
using VerifyAG0301 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Cancellation.AG0301ForwardTokenAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Cancellation;

/// <summary>
/// AG0301 (issue 16, fourteenth pass, corpus16web; titanium-web-proxy's HTTP/2 frame writes): a token written in a comment
/// inside the call's own argument list, where the commented text binds at the call to a CancellationToken in scope, was taken
/// out by hand: a decision like an explicit None. Prose in the argument list, commented text that is not a token in scope, a
/// comment outside the parentheses and a comment in a nested call's arguments leave the call reported.
/// </summary>
public sealed class AG0301CommentedOutTokenTests
{
    private const string Usings = "using System; using System.IO; using System.Threading; using System.Threading.Tasks;\n";

    private static string InAsync(string body) => Usings + $$"""
        class Frames
        {
            private readonly CancellationTokenSource _cts = new CancellationTokenSource();
            private CancellationToken Stopping => _cts.Token;

            async Task Copy(Stream output, byte[] header, byte[] buffer, int length, CancellationToken cancellationToken)
            {
                await Task.Yield();
                {{body}}
                cancellationToken.ThrowIfCancellationRequested();
            }

            static byte[] Pick(byte[] b) => b;
        }
        """;

    [Theory]
    // The shape of the corpus: the token after a comma in a block comment, inside the parentheses.
    [InlineData("await output.WriteAsync(header, 0, header.Length/*, cancellationToken*/);")]
    [InlineData("await output.WriteAsync(buffer, 0, length /* , cancellationToken */);")]
    // A named argument, a member token, ConfigureAwait after the call, a line comment inside a multi-line argument list.
    [InlineData("await output.WriteAsync(buffer, 0, length /* cancellationToken: cancellationToken */).ConfigureAwait(false);")]
    [InlineData("await output.FlushAsync(/* _cts.Token */);")]
    [InlineData("await output.FlushAsync(/*Stopping*/);")]
    [InlineData("await output.WriteAsync(buffer,\n 0,\n length // , cancellationToken\n );")]
    // The comment before the first argument.
    [InlineData("await Task.Delay(/* cancellationToken, */ 10);")]
    public Task Silent_when_the_token_is_commented_out_in_the_argument_list(string statement) =>
        VerifyAG0301.NoDiagnostics(InAsync(statement));

    [Theory]
    // Prose, not an argument; a commented name that is not a token in scope; a number.
    [InlineData("await output.{|AG0301:WriteAsync|}(buffer, 0, length /* do not cancel the write */);")]
    [InlineData("await output.{|AG0301:WriteAsync|}(buffer, 0, length /*, token */);")]
    [InlineData("await output.{|AG0301:WriteAsync|}(buffer, 0, length /*, length */);")]
    [InlineData("await output.{|AG0301:WriteAsync|}(buffer, 0, length /*, Stopping.IsCancellationRequested */);")]
    // A remark above the statement or after the call is not in the argument list.
    [InlineData("// , cancellationToken\n await output.{|AG0301:WriteAsync|}(buffer, 0, length);")]
    [InlineData("await output.{|AG0301:WriteAsync|}(buffer, 0, length) /*, cancellationToken*/;")]
    // The comment sits in the nested call's parentheses, not in WriteAsync's own.
    [InlineData("await output.{|AG0301:WriteAsync|}(Pick(buffer /*, cancellationToken*/), 0, length);")]
    public Task Reported_when_the_comment_is_not_the_token_taken_out_of_this_call(string statement) =>
        VerifyAG0301.Diagnostics(InAsync(statement));

    [Fact]
    public Task Half_typed_calls_with_comments_do_not_throw() =>
        VerifyAG0301.Diagnostics(Usings + """
            class C
            {
                async Task M(Stream s, byte[] b, CancellationToken ct)
                {
                    await s.{|AG0301:WriteAsync|}(b, 0, b.Length /*, missing */ /*, ) */);
                    await s.WriteAsync(b, 0, {|CS0103:unknown|} /*, ct */);
                }
            }
            """);
}
