using AsyncGuard.Analyzers.Cancellation;
using Xunit;
using VerifyAG0301 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Cancellation.AG0301ForwardTokenAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Cancellation;

/// <summary>
/// AG0301: the request token is not offered to in-memory I/O on the same request's own body (corpus5 debatable class
/// "HttpContext.RequestAborted offered to small client I/O"); copies from other streams and other tokens still are.
/// </summary>
public sealed class AG0301RequestBodyIoTests
{
    private const string Usings = "using System; using System.Collections.Generic; using System.IO; using System.Text.Json; using System.Threading; using System.Threading.Tasks; using Microsoft.AspNetCore.Http;\n";

    private const string Silent = """
        public sealed record Reply(int N);
        public sealed class Endpoint
        {
            public async Task Handle(HttpContext context)
            {
                await context.Response.StartAsync();
                await context.Response.WriteAsync("hello");
                await context.Response.WriteAsync("hello", System.Text.Encoding.UTF8).ConfigureAwait(false);
                await context.Response.WriteAsJsonAsync(new Reply(1));
                await context.Response.WriteAsJsonAsync(new[] { 1, 2 });
                await context.Response.WriteAsJsonAsync(new List<int> { 1 });
                await context.Response.Body.WriteAsync(new byte[] { 1 });
                await context.Response.Body.FlushAsync();
                await context.Response.BodyWriter.WriteAsync(new byte[] { 1 });
                await context.Response.BodyWriter.FlushAsync();
                var response = context.Response;
                await response.WriteAsync("through a local");
                using (Stream s = context.Response.Body)
                {
                    await s.WriteAsync(new byte[1]);
                }
                var ms = new MemoryStream();
                await ms.CopyToAsync(context.Response.Body);
                await new MemoryStream(new byte[4]).CopyToAsync(response.Body);
                await JsonSerializer.SerializeAsync(context.Response.Body, new Reply(2));

                var form = await context.Request.ReadFormAsync();
                var value = await context.Request.ReadFromJsonAsync<Reply>();
                await context.Request.Body.ReadAsync(new byte[10]);
                var result = await context.Request.BodyReader.ReadAsync();
                await context.Request.BodyReader.CopyToAsync(ms);
                var request = context.Request;
                await request.Body.CopyToAsync(ms);
                using var doc = await JsonDocument.ParseAsync(request.Body);
                var reply = await JsonSerializer.DeserializeAsync<Reply>(context.Request.Body);
            }

            public async Task WithALocalToken(HttpContext context)
            {
                var aborted = context.RequestAborted;
                await context.Response.WriteAsync("the local is the same request token");
            }
        }
        """;

    [Fact]
    public Task Silent_for_in_memory_io_on_the_requests_own_body() =>
        VerifyAG0301.NoDiagnostics(Usings + Silent + AspNetStubs.Http);

    [Fact]
    public Task Still_reports_stream_copies_produced_values_other_contexts_and_other_tokens() =>
        VerifyAG0301.Diagnostics(Usings + """
            public sealed class Endpoint
            {
                public async Task Handle(HttpContext context, HttpContext other, string path, FileStream file, Stream source, IAsyncEnumerable<int> rows, IEnumerable<int> lazy, object boxed)
                {
                    await context.Response.{|AG0301:SendFileAsync|}(path);
                    await file.{|AG0301:CopyToAsync|}(context.Response.Body);
                    await source.{|AG0301:CopyToAsync|}(context.Response.Body);
                    await context.Response.{|AG0301:WriteAsJsonAsync|}(rows);
                    await context.Response.{|AG0301:WriteAsJsonAsync|}(lazy);
                    await context.Response.{|AG0301:WriteAsJsonAsync|}(boxed);
                    await JsonSerializer.{|AG0301:SerializeAsync|}(context.Response.Body, boxed);
                    await Task.{|AG0301:Delay|}(10);
                    // Another context's response: its own token is dropped, this request's is still offered.
                    await other.Response.{|AG0301:WriteAsync|}("x");
                    await other.Response.BodyWriter.{|AG0301:FlushAsync|}();
                    // A stream that may be something else by the time it is written.
                    Stream s = context.Response.Body;
                    s = file;
                    await s.{|AG0301:WriteAsync|}(new byte[1]);
                    // Writing to a file what was read is not the request's own body.
                    await file.{|AG0301:WriteAsync|}(new byte[1]);
                }

                public async Task WithOwnToken(HttpContext context, CancellationToken ct)
                {
                    await context.Response.{|AG0301:WriteAsync|}("the parameter token is still offered");
                }
            }
            """ + AspNetStubs.Http);

    [Fact]
    public Task The_option_reports_them_anyway() =>
        VerifyAG0301.DiagnosticsWithOptions(
            Usings + """
                    public sealed class Endpoint
                    {
                        public async Task Handle(HttpContext context)
                        {
                            await context.Response.{|AG0301:WriteAsync|}("hello");
                            await context.Request.{|AG0301:ReadFormAsync|}();
                        }
                    }
                    """ + AspNetStubs.Http,
            RequestBodyIo.ReportOption + " = true");
}
