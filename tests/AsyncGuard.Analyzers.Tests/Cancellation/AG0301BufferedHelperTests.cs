using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace AsyncGuard.Analyzers.Tests.Cancellation;

/// <summary>
/// Issue 16, fourteenth pass (xfile16; Thor's OpenAITextEmbeddingService shape): AG0301 on reads of a response a HELPER of
/// the compilation got, in another file. When every return of the helper is the response of an HttpClient send that reads
/// the whole body (Core/BufferedSends.IsBufferedHelper, a fact cached once per compilation in Core/MethodFacts), awaiting
/// the helper gives a buffered response and its reads touch memory only. The nearest helpers that can hand back a
/// streamed response stay reported. Multi-document sources: helpers in one file, callers in another.
/// </summary>
public sealed class AG0301BufferedHelperTests
{
    private const string Usings = "using System; using System.IO; using System.Net.Http; using System.Net.Http.Json; using System.Text.Json; using System.Threading; using System.Threading.Tasks;\n";

    private const string Helpers = Usings + """
        public sealed class Reply { public string? Text { get; set; } }

        public static class HttpHelpers
        {
            public static async Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, string body)
            {
                var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body) };
                return await client.SendAsync(request);
            }

            public static Task<HttpResponseMessage> FetchAsync(HttpClient client, string url) => client.GetAsync(url);

            public static async Task<HttpResponseMessage> CheckedAsync(HttpClient client, string url, CancellationToken ct)
            {
                var response = await client.GetAsync(url, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
                response.EnsureSuccessStatusCode();
                return response;
            }

            public static async Task<HttpResponseMessage> MaybeStreamedAsync(HttpClient client, string url, bool stream)
            {
                if (stream)
                    return await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
                return await client.GetAsync(url);
            }

            public static async Task<HttpResponseMessage> OptionAsync(HttpClient client, string url, HttpCompletionOption option) =>
                await client.GetAsync(url, option);

            public static async Task<HttpResponseMessage> ReplacedAsync(HttpClient client, string url, Stream body)
            {
                var response = await client.GetAsync(url);
                response.Content = new StreamContent(body);
                return response;
            }

            public static async Task<HttpResponseMessage> ForwardedAsync(HttpClient client, string url) => await FetchAsync(client, url);

            public static async Task<HttpResponseMessage> RecursiveAsync(HttpClient client, string url, int depth)
            {
                if (depth > 0)
                    return await RecursiveAsync(client, url, depth - 1);
                return await client.GetAsync(url);
            }

            public static async Task<HttpResponseMessage> OnlyItselfAsync(HttpClient client, string url, int depth)
            {
                return await OnlyItselfAsync(client, url, depth + 1);
            }

            public static async Task<HttpResponseMessage> TimedAsync(HttpClient client, string url, TimeSpan timeout, CancellationToken ct)
            {
                if (timeout != Timeout.InfiniteTimeSpan)
                {
                    using var source = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    source.CancelAfter(timeout);
                    return await TimedAsync(client, url, Timeout.InfiniteTimeSpan, source.Token);
                }

                var response = await client.GetAsync(url, HttpCompletionOption.ResponseContentRead, ct);
                return response;
            }

            public static HttpResponseMessage Given(HttpResponseMessage response) => response;
        }

        public class Gateway
        {
            public virtual async Task<HttpResponseMessage> SendAsync(HttpClient client, string url) => await client.GetAsync(url);
        }

        """;

    private static Task Run(string callers)
    {
        var test = new AsyncGuard.Analyzers.Tests.Verifiers.AnalyzerTest<AsyncGuard.Analyzers.Cancellation.AG0301ForwardTokenAnalyzer>();
        test.TestState.Sources.Add(("/0/Helpers.cs", Helpers));
        test.TestState.Sources.Add(("/0/Callers.cs", Usings + callers));
        return test.RunAsync();
    }

    [Fact]
    public Task Reads_of_a_response_every_path_of_a_helper_in_another_file_buffered_are_silent() =>
        Run("""
            public class Service
            {
                private readonly HttpClient _client = new HttpClient();

                public async Task<Reply?> EmbedAsync(string body, CancellationToken cancellationToken)
                {
                    var response = await _client.PostJsonAsync("https://example.org/v1/embeddings", body);
                    var text = await response.Content.ReadAsStringAsync();
                    return await response.Content.ReadFromJsonAsync<Reply>();
                }

                public async Task<string> FetchAsync(CancellationToken cancellationToken)
                {
                    var response = await HttpHelpers.FetchAsync(_client, "https://example.org/a").ConfigureAwait(false);
                    return await response.Content.ReadAsStringAsync();
                }

                public async Task<Reply?> CheckedAsync(CancellationToken cancellationToken)
                {
                    var response = await HttpHelpers.CheckedAsync(_client, "https://example.org/b", cancellationToken);
                    using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
                    return await JsonSerializer.DeserializeAsync<Reply>(stream);
                }

                // A helper that calls itself again (a timeout turned into a token; alembic's DockerClient): what the inner
                // call returns comes from the helper's other returns, all buffered sends.
                public async Task<string> RecursiveAsync(CancellationToken cancellationToken)
                {
                    var response = await HttpHelpers.RecursiveAsync(_client, "https://example.org/a", 2);
                    return await response.Content.ReadAsStringAsync();
                }

                public async Task<Stream> TimedAsync(CancellationToken cancellationToken)
                {
                    var response = await HttpHelpers.TimedAsync(_client, "https://example.org/a", TimeSpan.FromSeconds(5), cancellationToken);
                    return await response.Content.ReadAsStreamAsync();
                }
            }
            """);

    [Fact]
    public Task Reads_of_a_response_a_helper_may_stream_are_reported() =>
        Run("""
            public class Service
            {
                private readonly HttpClient _client = new HttpClient();
                private readonly Gateway _gateway = new Gateway();

                public async Task<string> MaybeAsync(bool stream, CancellationToken cancellationToken)
                {
                    var response = await HttpHelpers.MaybeStreamedAsync(_client, "https://example.org/a", stream);
                    return await response.Content.{|AG0301:ReadAsStringAsync|}();
                }

                public async Task<string> OptionAsync(HttpCompletionOption option, CancellationToken cancellationToken)
                {
                    var response = await HttpHelpers.OptionAsync(_client, "https://example.org/a", option);
                    return await response.Content.{|AG0301:ReadAsStringAsync|}();
                }

                public async Task<string> ReplacedAsync(Stream body, CancellationToken cancellationToken)
                {
                    var response = await HttpHelpers.ReplacedAsync(_client, "https://example.org/a", body);
                    return await response.Content.{|AG0301:ReadAsStringAsync|}();
                }

                public async Task<string> ForwardedAsync(CancellationToken cancellationToken)
                {
                    var response = await HttpHelpers.ForwardedAsync(_client, "https://example.org/a");
                    return await response.Content.{|AG0301:ReadAsStringAsync|}();
                }

                // A helper whose only return is its own call proves nothing.
                public async Task<string> OnlyItselfAsync(CancellationToken cancellationToken)
                {
                    var response = await HttpHelpers.OnlyItselfAsync(_client, "https://example.org/a", 0);
                    return await response.Content.{|AG0301:ReadAsStringAsync|}();
                }

                public async Task<string> VirtualAsync(CancellationToken cancellationToken)
                {
                    var response = await _gateway.SendAsync(_client, "https://example.org/a");
                    return await response.Content.{|AG0301:ReadAsStringAsync|}();
                }

                public async Task<string> StreamedAsync(CancellationToken cancellationToken)
                {
                    var response = await _client.GetAsync("https://example.org/a", HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                    var given = HttpHelpers.Given(response);
                    return await given.Content.{|AG0301:ReadAsStringAsync|}();
                }
            }
            """);

    [Fact]
    public Task Survives_half_typed_code()
    {
        var test = new AsyncGuard.Analyzers.Tests.Verifiers.AnalyzerTest<AsyncGuard.Analyzers.Cancellation.AG0301ForwardTokenAnalyzer> { CompilerDiagnostics = CompilerDiagnostics.None };
        test.TestState.Sources.Add(("/0/Helpers.cs", Usings + """
            public static class Broken
            {
                public static async Task<HttpResponseMessage> MissingAsync(HttpClient client) => await client.Missing();
                public static async Task<HttpResponseMessage> NoValueAsync(HttpClient client) { await client.GetAsync("a"); return; }
                public static async Task<Unknown> UnknownAsync(HttpClient client) => await client.GetAsync("a");
            }
            """));
        test.TestState.Sources.Add(("/0/Callers.cs", Usings + """
            public class Service
            {
                public async Task<string> A(HttpClient client, CancellationToken ct)
                {
                    var a = await Broken.MissingAsync(client);
                    var b = await Broken.NoValueAsync(client);
                    var c = await Broken.UnknownAsync(client);
                    await c.Content.ReadAsStringAsync();
                    await b.Content.{|AG0301:ReadAsStringAsync|}();
                    return await a.Content.{|AG0301:ReadAsStringAsync|}();
                }
            }
            """));
        return test.RunAsync();
    }
}
