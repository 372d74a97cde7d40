using AsyncGuard.Analyzers.Cancellation;
using Xunit;
using VerifyAG0301 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Cancellation.AG0301ForwardTokenAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Cancellation;

/// <summary>
/// AG0301 (issue 16, deb301): a write from memory to a response body chosen by content negotiation (the body itself or a
/// compressor the function creates over it) is the in-memory response write of the request-body class, through an
/// encoder: the request token is not offered unless `report_request_body_io` is set. Copies from other streams, locals
/// also assigned other streams, decompressors, other requests and other tokens are still reported.
/// </summary>
public sealed class AG0301CompressedResponseTests
{
    private const string Usings = "using System; using System.IO; using System.IO.Compression; using System.Text; using System.Threading; using System.Threading.Tasks; using Microsoft.AspNetCore.Http;\n";

    private const string SilentSource = """
        public sealed class Downloads
        {
            public async Task Negotiated(HttpContext context, Stream file)
            {
                HttpResponse response = context.Response;
                response.ContentType = "text/plain";
                Stream s;
                string accept = context.Request.AcceptEncoding;
                if (accept.Contains("br"))
                    s = new BrotliStream(response.Body, CompressionMode.Compress);
                else if (accept.Contains("gzip"))
                    s = new GZipStream(response.Body, CompressionMode.Compress);
                else if (accept.Contains("deflate"))
                    s = new DeflateStream(response.Body, CompressionLevel.Fastest);
                else
                    s = response.Body;

                await using (s)
                {
                    await s.WriteAsync(Encoding.UTF8.GetBytes("-- truncated --"));
                    await s.WriteAsync(new byte[4], 0, 4).ConfigureAwait(false);
                    await s.FlushAsync();
                }
            }

            public async Task Declared(HttpContext context)
            {
                await using var gz = new GZipStream(context.Response.Body, CompressionLevel.Optimal, leaveOpen: true);
                await gz.WriteAsync(new byte[] { 1, 2, 3 });
                using Stream z = new ZLibStream(context.Response.Body, CompressionMode.Compress);
                await z.FlushAsync();
            }
        }
        """;

    [Fact]
    public Task Silent_for_in_memory_writes_to_the_negotiated_response_body() =>
        VerifyAG0301.NoDiagnostics(Usings + SilentSource + AspNetStubs.Http);

    [Fact]
    public Task The_request_body_option_reports_them() =>
        VerifyAG0301.DiagnosticsWithOptions(
            Usings + SilentSource
                .Replace("await s.WriteAsync(", "await s.{|AG0301:WriteAsync|}(")
                .Replace("await s.FlushAsync(", "await s.{|AG0301:FlushAsync|}(")
                .Replace("await gz.WriteAsync(", "await gz.{|AG0301:WriteAsync|}(")
                .Replace("await z.FlushAsync(", "await z.{|AG0301:FlushAsync|}(") + AspNetStubs.Http,
            RequestBodyIo.ReportOption + " = true");

    [Fact]
    public Task Still_reports_copies_other_streams_decompressors_other_requests_and_other_tokens() =>
        VerifyAG0301.Diagnostics(Usings + """
            public sealed class Downloads
            {
                public async Task Handle(HttpContext context, HttpContext other, Stream file, bool zip)
                {
                    Stream s = zip ? new GZipStream(context.Response.Body, CompressionMode.Compress) : context.Response.Body;
                    // A copy from another stream reads its source for as long as it is.
                    await file.{|AG0301:CopyToAsync|}(s);

                    // A local also assigned a stream that is not the response body.
                    Stream t = context.Response.Body;
                    if (zip)
                        t = file;
                    await t.{|AG0301:WriteAsync|}(new byte[1]);

                    // A decompressor over the body, and a compressor over another stream.
                    var d = new GZipStream(context.Response.Body, CompressionMode.Decompress);
                    await d.{|AG0301:WriteAsync|}(new byte[1]);
                    var f = new GZipStream(file, CompressionMode.Compress);
                    await f.{|AG0301:WriteAsync|}(new byte[1]);

                    // Two requests' bodies in one local.
                    Stream u = context.Response.Body;
                    if (zip)
                        u = new BrotliStream(other.Response.Body, CompressionMode.Compress);
                    await u.{|AG0301:WriteAsync|}(new byte[1]);

                    // A member of the stream written: given up on.
                    Stream v = new GZipStream(context.Response.Body, CompressionMode.Compress);
                    v.Position = 0;
                    await v.{|AG0301:FlushAsync|}();
                }

                public async Task WithOwnToken(HttpContext context, CancellationToken ct)
                {
                    var gz = new GZipStream(context.Response.Body, CompressionMode.Compress);
                    await gz.{|AG0301:WriteAsync|}(new byte[1]);
                }
            }
            """ + AspNetStubs.Http);

    [Fact]
    public Task Half_typed_code_does_not_throw() =>
        VerifyAG0301.DiagnosticsInBrokenCode(Usings + """
            public sealed class Downloads
            {
                public async Task Handle(HttpContext context)
                {
                    Stream s;
                    s = new GZipStream(context.Response.Missing, CompressionMode.Compress);
                    s = ;
                    // Unknown values: still reported.
                    await s.{|AG0301:WriteAsync|}(new byte[1]);
                    var g = new GZipStream(context.Response.Body, );
                }
            }
            """ + AspNetStubs.Http);
}
