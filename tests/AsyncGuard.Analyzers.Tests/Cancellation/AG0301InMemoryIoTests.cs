using Xunit;
using VerifyAG0301 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Cancellation.AG0301ForwardTokenAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Cancellation;

/// <summary>
/// corpus12web wrong class (SmtpServer's worker example): an async read or write that only moves bytes in memory (a
/// reader over a MemoryStream the method created and filled, a StringReader, a MemoryStream copied into another)
/// completes synchronously: a token has nothing to stop. Each silence has its nearest reported case beside it.
/// </summary>
public sealed class AG0301InMemoryIoTests
{
    private const string Usings = "using System; using System.Buffers; using System.IO; using System.Text.Json; using System.Threading; using System.Threading.Tasks;\n";

    [Fact]
    public Task Silent_for_io_over_memory_only() =>
        VerifyAG0301.NoDiagnostics(Usings + """
            class Store
            {
                public async Task<string> SaveAsync(ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
                {
                    await using var stream = new MemoryStream();
                    var position = buffer.GetPosition(0);
                    while (buffer.TryGet(ref position, out var memory))
                    {
                        await stream.WriteAsync(memory, cancellationToken);
                    }

                    stream.Position = 0;
                    return await new StreamReader(stream).ReadToEndAsync();
                }

                public async Task<string?> FirstLineAsync(string text, CancellationToken token)
                {
                    using var reader = new StringReader(text);
                    return await reader.ReadLineAsync();
                }

                public async Task CopyAsync(byte[] bytes, CancellationToken token)
                {
                    var source = new MemoryStream(bytes);
                    using (var target = new MemoryStream())
                    {
                        await source.CopyToAsync(target);
                        using var writer = new StreamWriter(target);
                        await writer.FlushAsync();
                    }
                }

                public async Task FillAsync(MemoryStream memory, byte[] bytes, CancellationToken token)
                {
                    await memory.WriteAsync(bytes, 0, bytes.Length);
                }
            }
            """);

    /// <summary>Nearest reported: a copy to another stream, a reader over a stream parameter, a local reassigned to one, a read of the content of a response sent with ResponseHeadersRead (a buffered one is silent: AG0301BufferedResponseTests), a serializer given a value that is not plain.</summary>
    [Fact]
    public Task Reported_where_any_side_is_not_memory() =>
        VerifyAG0301.Diagnostics(Usings + """
            class Store
            {
                public async Task CopyOutAsync(byte[] bytes, Stream network, CancellationToken token)
                {
                    var memory = new MemoryStream(bytes);
                    await memory.{|AG0301:CopyToAsync|}(network);
                }

                public async Task<string> ReadAsync(Stream body, CancellationToken token)
                {
                    return await new StreamReader(body).{|AG0301:ReadToEndAsync|}();
                }

                public async Task<string> ReadEitherAsync(Stream body, bool buffered, CancellationToken token)
                {
                    Stream source = new MemoryStream();
                    if (!buffered)
                    {
                        source = body;
                    }

                    return await new StreamReader(source).{|AG0301:ReadToEndAsync|}();
                }

                public async Task<string> FetchAsync(System.Net.Http.HttpClient client, string url, CancellationToken token)
                {
                    using var response = await client.GetAsync(url, System.Net.Http.HttpCompletionOption.ResponseHeadersRead, token);
                    return await response.Content.{|AG0301:ReadAsStringAsync|}();
                }

                public async Task SerializeAsync(object value, CancellationToken token)
                {
                    using var memory = new MemoryStream();
                    await JsonSerializer.{|AG0301:SerializeAsync|}(memory, value);
                }
            }
            """);
}
