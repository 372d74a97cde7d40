using Xunit;
using VerifyAG0301 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Cancellation.AG0301ForwardTokenAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Cancellation;

/// <summary>
/// corpus13app (issue 16, thirteenth pass; Thor's SparkDesk services): AG0301 on reads of a response body the client already
/// read into memory. HttpClient's sends with the default completion option (ResponseContentRead) and System.Net.Http.Json's
/// PostAsJsonAsync complete only after the whole body is buffered, so `response.Content.ReadAsStringAsync()` and a parse of
/// the content stream (`JsonSerializer.DeserializeAsync(stream)`) touch memory only: a token has nothing to stop. The
/// nearest reads that can still wait on the network stay reported.
/// </summary>
public sealed class AG0301BufferedResponseTests
{
    private const string Usings = "using System; using System.IO; using System.Net.Http; using System.Net.Http.Json; using System.Text.Json; using System.Threading; using System.Threading.Tasks;\n";

    private const string Types = """
        public sealed class Reply { public string? Text { get; set; } }

        public class LoggingClient : HttpClient { }

        """;

    [Fact]
    public Task Reads_of_a_buffered_response_are_silent() =>
        VerifyAG0301.NoDiagnostics(Usings + Types + """
            public class Api
            {
                private readonly HttpClient _client = new HttpClient();

                public async Task<string> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
                {
                    var response = await _client.SendAsync(request, cancellationToken);
                    return await response.Content.ReadAsStringAsync();
                }

                public async Task<Reply?> ExplicitOptionAsync(HttpRequestMessage request, CancellationToken cancellationToken)
                {
                    var response = await _client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
                    using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
                    return await JsonSerializer.DeserializeAsync<Reply>(stream);
                }

                public async Task<byte[]> JsonPostAsync(Reply body, CancellationToken cancellationToken)
                {
                    var response = await _client.PostAsJsonAsync("https://example.org/a", body, cancellationToken);
                    response.EnsureSuccessStatusCode();
                    var text = await response.Content.ReadAsStringAsync();
                    return await response.Content.ReadAsByteArrayAsync();
                }

                public async Task<Reply?> GetAsync(CancellationToken cancellationToken)
                {
                    HttpResponseMessage response = await _client.GetAsync("https://example.org/b", cancellationToken);
                    return await response.Content.ReadFromJsonAsync<Reply>();
                }
            }
            """);

    [Fact]
    public Task Reads_that_may_wait_on_the_network_are_reported() =>
        VerifyAG0301.Diagnostics(Usings + Types + """
            public class Api
            {
                private readonly HttpClient _client = new HttpClient();
                private readonly LoggingClient _logging = new LoggingClient();

                public async Task<string> StreamedAsync(HttpRequestMessage request, CancellationToken cancellationToken)
                {
                    var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                    return await response.Content.{|AG0301:ReadAsStringAsync|}();
                }

                public async Task<string> OptionNotKnownAsync(HttpRequestMessage request, HttpCompletionOption option, CancellationToken cancellationToken)
                {
                    var response = await _client.SendAsync(request, option, cancellationToken);
                    return await response.Content.{|AG0301:ReadAsStringAsync|}();
                }

                public async Task<string> ParameterAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
                    await response.Content.{|AG0301:ReadAsStringAsync|}();

                public async Task<string> DerivedClientAsync(HttpRequestMessage request, CancellationToken cancellationToken)
                {
                    var response = await _logging.SendAsync(request, cancellationToken);
                    return await response.Content.{|AG0301:ReadAsStringAsync|}();
                }

                public async Task<string> ReassignedAsync(HttpRequestMessage request, HttpRequestMessage next, CancellationToken cancellationToken)
                {
                    var response = await _client.SendAsync(request, cancellationToken);
                    response = await _client.SendAsync(next, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                    return await response.Content.{|AG0301:ReadAsStringAsync|}();
                }

                public async Task<Reply?> StreamedParseAsync(HttpRequestMessage request, CancellationToken cancellationToken)
                {
                    var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                    using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
                    return await JsonSerializer.{|AG0301:DeserializeAsync<Reply>|}(stream);
                }

                public async Task CopyToFileAsync(HttpRequestMessage request, string path, CancellationToken cancellationToken)
                {
                    var response = await _client.SendAsync(request, cancellationToken);
                    using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
                    using var file = File.Create(path);
                    await stream.{|AG0301:CopyToAsync|}(file);
                }
            }
            """);

    [Fact]
    public Task Survives_half_typed_code() => VerifyAG0301.DiagnosticsInBrokenCode(Usings + """
        public class Api
        {
            private readonly HttpClient _client = new HttpClient();

            public async Task<string> BrokenAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var response = await _client.Missing(request);
                var other = await Unknown();
                await other.Content.ReadAsStringAsync();
                return await response.Content.ReadAsStringAsync();
            }
        }
        """);
}
