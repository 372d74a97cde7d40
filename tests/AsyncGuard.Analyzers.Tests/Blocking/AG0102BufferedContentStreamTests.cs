using Xunit;
using VerifyAG0102 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0102AsyncAlternativeAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>
/// corpus13app (issue 16, thirteenth pass; Thor's SparkDesk service): AG0102 on the `using` of the stream that
/// `ReadAsStreamAsync` returns for a response whose body the send already buffered (no completion option, or
/// ResponseContentRead). The stream is a view of memory; its Dispose does no I/O. The nearest streams that hold the
/// connection stay reported.
/// </summary>
public sealed class AG0102BufferedContentStreamTests
{
    private const string Usings = "using System; using System.IO; using System.Net.Http; using System.Text.Json; using System.Threading; using System.Threading.Tasks;\n";

    [Fact]
    public Task Using_of_a_buffered_content_stream_is_silent() =>
        VerifyAG0102.NoDiagnostics(Usings + """
            public sealed class Reply { public string? Text { get; set; } }

            public class Api
            {
                private readonly HttpClient _client = new HttpClient();

                public async Task<Reply?> ExplicitOptionAsync(HttpRequestMessage request, CancellationToken ct)
                {
                    var response = await _client.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
                    using var stream = await response.Content.ReadAsStreamAsync(ct);
                    return await JsonSerializer.DeserializeAsync<Reply>(stream, cancellationToken: ct);
                }

                public async Task<Reply?> DefaultOptionAsync(string url, CancellationToken ct)
                {
                    var response = await _client.GetAsync(url, ct).ConfigureAwait(false);
                    using (var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false))
                    {
                        return await JsonSerializer.DeserializeAsync<Reply>(stream, cancellationToken: ct);
                    }
                }
            }
            """);

    [Fact]
    public Task Using_of_a_connection_stream_is_reported() =>
        VerifyAG0102.Diagnostics(Usings + """
            public sealed class Reply { public string? Text { get; set; } }

            public class LoggingClient : HttpClient { }

            public class Api
            {
                private readonly HttpClient _client = new HttpClient();
                private readonly LoggingClient _logging = new LoggingClient();

                public async Task<Reply?> StreamedAsync(HttpRequestMessage request, CancellationToken ct)
                {
                    var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
                    {|AG0102:using|} var stream = await response.Content.ReadAsStreamAsync(ct);
                    return await JsonSerializer.DeserializeAsync<Reply>(stream, cancellationToken: ct);
                }

                public async Task<Reply?> ParameterAsync(HttpResponseMessage response, CancellationToken ct)
                {
                    {|AG0102:using|} var stream = await response.Content.ReadAsStreamAsync(ct);
                    return await JsonSerializer.DeserializeAsync<Reply>(stream, cancellationToken: ct);
                }

                public async Task<Reply?> DerivedClientAsync(HttpRequestMessage request, CancellationToken ct)
                {
                    var response = await _logging.SendAsync(request, ct);
                    {|AG0102:using|} var stream = await response.Content.ReadAsStreamAsync(ct);
                    return await JsonSerializer.DeserializeAsync<Reply>(stream, cancellationToken: ct);
                }
            }
            """);
}
