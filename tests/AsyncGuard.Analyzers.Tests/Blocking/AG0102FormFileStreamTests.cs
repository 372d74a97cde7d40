using AsyncGuard.Analyzers.Blocking;
using AsyncGuard.Analyzers.Tests.Cancellation;
using Xunit;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>
/// AG0102 (issue 16, fourteenth pass, corpus16web; piranha.core's media upload): a `using` of the stream
/// <c>IFormFile.OpenReadStream()</c> (or the framework's <c>FormFile</c>) returns is silent: it is a read-only view over the
/// request body the form read already buffered, and its Dispose only marks it closed. Still reported: a method of that name on
/// a type of your own, a view reached through a local first, and the file stream the upload is copied into.
/// </summary>
public sealed class AG0102FormFileStreamTests
{
    private const string Usings = "using System; using System.IO; using System.Threading; using System.Threading.Tasks; using Microsoft.AspNetCore.Http;\n";

    private const string FormFileStub = """

        namespace Microsoft.AspNetCore.Http
        {
            public class FormFile : IFormFile
            {
                public string FileName => "";
                public Stream OpenReadStream() => Stream.Null;
                public Task CopyToAsync(Stream target, CancellationToken cancellationToken = default) => Task.CompletedTask;
            }
        }
        """;

    private static string InAsync(string body) => Usings + $$"""
        interface IOwnUpload
        {
            Stream OpenReadStream();
        }

        class Media
        {
            async Task Save(HttpContext context, IFormFile upload, FormFile concrete, IOwnUpload own, string path, CancellationToken ct)
            {
                await Task.Yield();
                {{body}}
            }

            static Task Store(Stream content) => Task.CompletedTask;
        }
        """ + AspNetStubs.Http + FormFileStub;

    private static Task Run(string source) => new Verifiers.AnalyzerTest<AG0102AsyncAlternativeAnalyzer> { TestCode = source }.RunAsync();

    [Theory]
    // The corpus shape: the view handed to an awaited save inside the using.
    [InlineData("using (var stream = upload.OpenReadStream()) { await Store(stream); }")]
    // A using declaration typed Stream, parentheses, the framework's FormFile, a file of the request's form.
    [InlineData("using Stream view = (upload.OpenReadStream()); await view.CopyToAsync(Stream.Null, ct);")]
    [InlineData("using (var stream = concrete.OpenReadStream()) { await Store(stream).ConfigureAwait(false); }")]
    // (the Form getter itself stays reported: it reads the body)
    [InlineData("using var first = {|AG0102:context.Request.Form|}.Files[0].OpenReadStream(); await Store(first);")]
    public Task Silent_for_the_read_view_of_a_form_file(string body) => Run(InAsync(body));

    [Theory]
    // A method of the same name on an interface of your own; the view reached through a local; the target file of the copy.
    [InlineData("{|AG0102:using|} (var stream = own.OpenReadStream()) { await Store(stream); }")]
    [InlineData("var view = upload.OpenReadStream(); {|AG0102:using|} (var stream = view) { await Store(stream); }")]
    [InlineData("using var source = upload.OpenReadStream(); {|AG0102:using|} var target = File.OpenWrite(path); await source.CopyToAsync(target, ct);")]
    public Task Reported_for_other_streams(string body) => Run(InAsync(body));
}
