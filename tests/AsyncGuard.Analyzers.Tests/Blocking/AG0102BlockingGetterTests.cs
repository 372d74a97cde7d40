using System.Threading.Tasks;
using AsyncGuard.CodeFixes.Blocking;
using Xunit;
using VerifyAG0102 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0102AsyncAlternativeAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>
/// AG0102 on blocking property getters (issue 16, eighth pass, prec102: the BaGetter miss): <c>HttpRequest.Form</c> reads
/// and parses the request body synchronously; <c>await request.ReadFormAsync(ct)</c> is the async form. Reported in async
/// code (with a fix); silent where an earlier statement already awaited ReadFormAsync on the same request (the getter then
/// returns the cached form), for <c>HasFormContentType</c> (no I/O), a setter, sync code, `?.` chains, lock bodies, nameof.
/// </summary>
public sealed class AG0102BlockingGetterTests
{
    private const string Http = """
        using System; using System.IO; using System.Threading; using System.Threading.Tasks;
        namespace Microsoft.AspNetCore.Http
        {
            public interface IFormFile { Stream OpenReadStream(); }
            public interface IFormFileCollection { int Count { get; } IFormFile this[int index] { get; } }
            public interface IFormCollection { IFormFileCollection Files { get; } string this[string key] { get; } }
            public abstract class HttpRequest
            {
                public abstract bool HasFormContentType { get; }
                public abstract IFormCollection Form { get; set; }
                public abstract Stream Body { get; set; }
                public abstract Task<IFormCollection> ReadFormAsync(CancellationToken cancellationToken = default);
            }
            public abstract class HttpContext { public abstract HttpRequest Request { get; } }
            public sealed class DefaultRequest : HttpRequest
            {
                public override bool HasFormContentType => true;
                public override IFormCollection Form { get => null!; set { } }
                public override Stream Body { get => null!; set { } }
                public override Task<IFormCollection> ReadFormAsync(CancellationToken cancellationToken = default) => Task.FromResult<IFormCollection>(null!);
            }
        }
        """;

    private static string InAsync(string body) => Http + $$"""
        namespace App
        {
            using Microsoft.AspNetCore.Http;
            class C
            {
                HttpRequest Request { get; } = null!;
                async Task<int> M(HttpContext context, HttpRequest request, DefaultRequest own, IFormCollection other, CancellationToken ct)
                {
                    await Task.Yield();
                    {{body}}
                    return 0;
                }
                int Sync(HttpRequest request) => request.Form.Files.Count;
            }
        }
        """;

    [Theory]
    // The first read blocks; reads every path to which passes an earlier read get the cached form (silent).
    [InlineData("if (request.HasFormContentType && {|AG0102:request.Form|}.Files.Count > 0) { var s = request.Form.Files[0].OpenReadStream(); }")]
    [InlineData("if (!request.HasFormContentType || ({|AG0102:request.Form|}.Files.Count == 0)) throw new InvalidOperationException(); var f = request.Form.Files[0];")]
    [InlineData("var n = {|AG0102:request.Form|}.Files.Count + request.Form.Files.Count;")]
    [InlineData("var a = {|AG0102:context.Request.Form|}; switch (a.Files.Count) { case 0: return context.Request.Form.Files.Count; default: break; }")]
    // Not on every path: under a condition, in a loop's first iteration, in a catch block.
    [InlineData("if (request.HasFormContentType) { var a = {|AG0102:request.Form|}; } var b = {|AG0102:request.Form|};")]
    [InlineData("for (var i = 0; i < 2; i++) { var f = {|AG0102:request.Form|}; }")]
    [InlineData("try { await Task.Yield(); } catch (Exception) { var f = {|AG0102:request.Form|}; }")]
    [InlineData("var name = {|AG0102:context.Request.Form|}[\"name\"];")]
    [InlineData("var form = {|AG0102:Request.Form|};")]
    [InlineData("var form = {|AG0102:own.Form|};")]
    // Read before the awaited alternative, on another request, or only under a condition: the getter may read the body.
    [InlineData("var first = {|AG0102:request.Form|}; await request.ReadFormAsync(ct);")]
    [InlineData("await context.Request.ReadFormAsync(ct); var form = {|AG0102:request.Form|};")]
    [InlineData("if (ct.CanBeCanceled) { await request.ReadFormAsync(ct); } var form = {|AG0102:request.Form|};")]
    [InlineData("var read = request.ReadFormAsync(ct); var form = {|AG0102:request.Form|};")]
    [InlineData("Func<Task<int>> f = async () => {|AG0102:request.Form|}.Files.Count;")]
    public Task Reported_where_the_getter_reads_the_body(string body) =>
        VerifyAG0102.Diagnostics(InAsync(body));

    [Theory]
    // After an awaited ReadFormAsync on the same request in an earlier statement: the cached form, no I/O.
    [InlineData("await request.ReadFormAsync(ct); var files = request.Form.Files;")]
    [InlineData("var read = await request.ReadFormAsync(ct).ConfigureAwait(false); if (read.Files.Count > 0) { var f = request.Form.Files[0]; }")]
    [InlineData("IFormCollection f; f = await context.Request.ReadFormAsync(); { var x = context.Request.Form[\"a\"]; }")]
    // No body read: the content-type check, a setter, nameof, a `?.` chain, a lock body, a sync lambda.
    [InlineData("var isForm = request.HasFormContentType;")]
    [InlineData("request.Form = other;")]
    [InlineData("var n = nameof(request.Form);")]
    [InlineData("var n = context?.Request.Form.Files.Count;")]
    [InlineData("lock (this) { var n = request.Form.Files.Count; }")]
    [InlineData("Func<int> f = () => request.Form.Files.Count;")]
    public Task Silent_where_no_body_is_read_or_it_was_read_asynchronously(string body) =>
        VerifyAG0102.NoDiagnostics(InAsync(body));

    [Theory]
    [InlineData("if ({|AG0102:request.Form|}.Files.Count > 0) { }", "if ((await request.ReadFormAsync(ct)).Files.Count > 0) { }")]
    [InlineData("var form = {|AG0102:context.Request.Form|};", "var form = await context.Request.ReadFormAsync(ct);")]
    public Task Fix_awaits_ReadFormAsync_with_the_token(string before, string after) =>
        VerifyAG0102.Fix<AG0102AsyncAlternativeCodeFixProvider>(InAsync(before), InAsync(after));

    [Fact]
    public Task Half_typed_form_reads_do_not_throw() =>
        VerifyAG0102.DiagnosticsInBrokenCode(Http + """
            namespace App
            {
                using Microsoft.AspNetCore.Http;
                class C
                {
                    async Task M(HttpRequest request, Missing other)
                    {
                        await Task.Yield();
                        var a = other.Form;
                        var b = {|AG0102:request.Form|}.
                        await request.ReadFormAsync(
                    }
                }
            }
            """);
}
