using AsyncGuard.Analyzers.Cancellation;
using Xunit;
using VerifyAG0301 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Cancellation.AG0301ForwardTokenAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Cancellation;

/// <summary>
/// AG0301 (issue 16, deb301): the request token is not offered to the copy of a file of the same request's form, which
/// the form read buffered, into a file or memory stream the function creates (DnsServer's uploads copied to a
/// temporary file). Copies into other streams, form files of unknown origin or of another request, and other tokens are
/// still reported.
/// </summary>
public sealed class AG0301FormFileCopyTests
{
    private const string Usings = "using System; using System.Collections.Generic; using System.IO; using System.Threading; using System.Threading.Tasks; using Microsoft.AspNetCore.Http;\n";

    [Fact]
    public Task Silent_for_form_files_of_the_same_request_copied_into_local_storage() =>
        VerifyAG0301.NoDiagnostics(Usings + """
            public sealed class Uploads
            {
                public async Task Install(HttpContext context)
                {
                    HttpRequest request = context.Request;
                    if (!request.HasFormContentType || request.Form.Files.Count == 0)
                        throw new InvalidOperationException();

                    string tmp = Path.GetTempFileName();
                    await using (FileStream fS = new FileStream(tmp, FileMode.Create, FileAccess.ReadWrite))
                    {
                        await request.Form.Files[0].CopyToAsync(fS);
                        fS.Position = 0;
                    }
                }

                public async Task Variants(HttpContext context)
                {
                    // Straight off the context, by name, through GetFile, through locals, into memory.
                    using var memory = new MemoryStream();
                    await context.Request.Form.Files["zip"]!.CopyToAsync(memory);
                    await context.Request.Form.Files.GetFile("zip")!.CopyToAsync(memory).ConfigureAwait(false);
                    var form = context.Request.Form;
                    var files = form.Files;
                    var first = files[0];
                    await first.CopyToAsync(new MemoryStream());

                    // The awaited form read, a foreach over its files, File.Create and a stream type of our own.
                    var read = await context.Request.ReadFormAsync(context.RequestAborted);
                    foreach (var file in read.Files)
                    {
                        using var target = File.Create(Path.Combine(Path.GetTempPath(), file.FileName));
                        await file.CopyToAsync(target);
                    }

                    IFormCollection again = await context.Request.ReadFormAsync().ConfigureAwait(false);
                    using (var own = new CountingFileStream("x"))
                    {
                        await again.Files[0].CopyToAsync(own);
                    }
                }

                private sealed class CountingFileStream : FileStream
                {
                    public CountingFileStream(string path) : base(path, FileMode.Create) { }
                }
            }
            """ + AspNetStubs.Http);

    [Fact]
    public Task Still_reports_other_destinations_other_origins_other_requests_and_other_tokens() =>
        VerifyAG0301.Diagnostics(Usings + """
            public sealed class Uploads
            {
                private IFormFile? _pending;

                public async Task Handle(HttpContext context, HttpContext other, IFormFile posted, Stream destination)
                {
                    var request = context.Request;
                    // Into a stream of unknown kind (a parameter: a network or blob stream) or the response.
                    await request.Form.Files[0].{|AG0301:CopyToAsync|}(destination);
                    await request.Form.Files[0].{|AG0301:CopyToAsync|}(context.Response.Body);
                    // A form file of unknown origin: a parameter, a field.
                    using var fS = new FileStream("a", FileMode.Create);
                    await posted.{|AG0301:CopyToAsync|}(fS);
                    await _pending!.{|AG0301:CopyToAsync|}(fS);
                    // Another request's form: this request's token is still offered.
                    await other.Request.Form.Files[0].{|AG0301:CopyToAsync|}(fS);
                    // A destination local written again: it may be anything by the time of the copy.
                    Stream target = new MemoryStream();
                    target = destination;
                    await request.Form.Files[0].{|AG0301:CopyToAsync|}(target);
                    // A file local written again.
                    var file = request.Form.Files[0];
                    file = posted;
                    await file.{|AG0301:CopyToAsync|}(fS);
                }

                public async Task WithOwnToken(HttpContext context, CancellationToken ct)
                {
                    using var memory = new MemoryStream();
                    await context.Request.Form.Files[0].{|AG0301:CopyToAsync|}(memory);
                }
            }
            """ + AspNetStubs.Http);

    [Fact]
    public Task The_option_reports_every_silent_shape() =>
        VerifyAG0301.DiagnosticsWithOptions(Usings + """
            public sealed class Uploads
            {
                public async Task Install(HttpContext context)
                {
                    HttpRequest request = context.Request;
                    if (!request.HasFormContentType || request.Form.Files.Count == 0)
                        throw new InvalidOperationException();

                    string tmp = Path.GetTempFileName();
                    await using (FileStream fS = new FileStream(tmp, FileMode.Create, FileAccess.ReadWrite))
                    {
                        await request.Form.Files[0].{|AG0301:CopyToAsync|}(fS);
                        fS.Position = 0;
                    }
                }

                public async Task Variants(HttpContext context)
                {
                    // Straight off the context, by name, through GetFile, through locals, into memory.
                    using var memory = new MemoryStream();
                    await context.Request.Form.Files["zip"]!.{|AG0301:CopyToAsync|}(memory);
                    await context.Request.Form.Files.GetFile("zip")!.{|AG0301:CopyToAsync|}(memory).ConfigureAwait(false);
                    var form = context.Request.Form;
                    var files = form.Files;
                    var first = files[0];
                    await first.{|AG0301:CopyToAsync|}(new MemoryStream());

                    // The awaited form read, a foreach over its files, File.Create and a stream type of our own.
                    var read = await context.Request.ReadFormAsync(context.RequestAborted);
                    foreach (var file in read.Files)
                    {
                        using var target = File.Create(Path.Combine(Path.GetTempPath(), file.FileName));
                        await file.{|AG0301:CopyToAsync|}(target);
                    }

                    IFormCollection again = await context.Request.ReadFormAsync().ConfigureAwait(false);
                    using (var own = new CountingFileStream("x"))
                    {
                        await again.Files[0].{|AG0301:CopyToAsync|}(own);
                    }
                }

                private sealed class CountingFileStream : FileStream
                {
                    public CountingFileStream(string path) : base(path, FileMode.Create) { }
                }
            }
            """ + AspNetStubs.Http, FormFileCopies.ReportOption + " = true");

    [Fact]
    public Task The_option_reports_them_anyway() =>
        VerifyAG0301.DiagnosticsWithOptions(
            Usings + """
                public sealed class Uploads
                {
                    public async Task Install(HttpContext context)
                    {
                        using var memory = new MemoryStream();
                        await context.Request.Form.Files[0].{|AG0301:CopyToAsync|}(memory);
                    }
                }
                """ + AspNetStubs.Http,
            FormFileCopies.ReportOption + " = true");

    [Fact]
    public Task The_request_body_option_alone_leaves_them_silent() =>
        VerifyAG0301.DiagnosticsWithOptions(
            Usings + """
                public sealed class Uploads
                {
                    public async Task Install(HttpContext context)
                    {
                        using var memory = new MemoryStream();
                        await context.Request.Form.Files[0].CopyToAsync(memory);
                        await context.Request.{|AG0301:ReadFormAsync|}();
                    }
                }
                """ + AspNetStubs.Http,
            RequestBodyIo.ReportOption + " = true");

    [Fact]
    public Task Half_typed_code_does_not_throw() =>
        VerifyAG0301.DiagnosticsInBrokenCode(Usings + """
            public sealed class Uploads
            {
                public async Task Install(HttpContext context)
                {
                    var files = context.Request.Form.Missing;
                    await files[0].CopyToAsync(new MemoryStream());
                    await context.Request.Form.Files[0].CopyToAsync(Unknown());
                    await context.Request.Form.Files[0].CopyToAsync(
                }
            }
            """ + AspNetStubs.Http);
}
