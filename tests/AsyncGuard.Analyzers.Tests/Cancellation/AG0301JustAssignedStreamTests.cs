using Xunit;
using VerifyAG0301 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Cancellation.AG0301ForwardTokenAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Cancellation;

/// <summary>
/// wrong17 (corpus17lib CryptoExchange.Net RestApiClient.GetResponseAsync): a stream local reassigned, on the statement
/// just before the reader is made, to the memory copy a helper of the compilation returns: the reader reads memory. The
/// value a local holds is its assignment on the directly preceding statement of the same block; each silence has its
/// nearest reported case beside it.
/// </summary>
public sealed class AG0301JustAssignedStreamTests
{
    private const string Usings = "using System; using System.IO; using System.Text; using System.Threading; using System.Threading.Tasks;\n";

    private const string Helper = """

            private static async Task<Stream> CopyAsync(Stream source)
            {
                var memory = new MemoryStream();
                await source.CopyToAsync(memory).ConfigureAwait(false);
                source.Close();
                memory.Position = 0;
                return memory;
            }

            private static Stream Open(string path) => File.OpenRead(path);
        """;

    [Fact]
    public Task Silent_when_the_statement_before_assigns_memory() =>
        VerifyAG0301.NoDiagnostics(Usings + "class Client\n{" + Helper + """

                public async Task<string?> ReadAsync(Func<CancellationToken, Task<Stream>> get, bool copy, CancellationToken cancellationToken)
                {
                    Stream? stream = null;
                    try
                    {
                        stream = await get(cancellationToken).ConfigureAwait(false);
                        string? data = null;
                        if (copy)
                        {
                            stream = await CopyAsync(stream).ConfigureAwait(false);
                            using var reader = new StreamReader(stream, Encoding.UTF8, false, 4096, true);
                            data = await reader.ReadToEndAsync().ConfigureAwait(false);
                            stream.Position = 0;
                        }

                        return data;
                    }
                    finally
                    {
                        stream?.Dispose();
                    }
                }

                public async Task WriteAsync(Stream target, byte[] bytes, CancellationToken token)
                {
                    Stream current = target;
                    current = new MemoryStream();
                    await current.WriteAsync(bytes, 0, bytes.Length);
                }

                public async Task<string> LoopAsync(Stream body, CancellationToken token)
                {
                    var text = "";
                    var stream = body;
                    stream = await CopyAsync(stream);
                    while (stream.Position < stream.Length)
                    {
                        text += (char)stream.ReadByte();
                    }

                    return text + await new StreamReader(body).ReadToEndAsync(token);
                }
            }
            """);

    [Fact]
    public Task Reported_where_the_value_at_the_read_may_be_another() =>
        VerifyAG0301.Diagnostics(Usings + "class Client\n{" + Helper + """

                public async Task<string> FromFileAsync(string path, CancellationToken token)
                {
                    Stream stream = new MemoryStream();
                    stream = Open(path);
                    return await new StreamReader(stream).{|AG0301:ReadToEndAsync|}();
                }

                public async Task<string> OnOneBranchAsync(Stream body, bool copy, CancellationToken token)
                {
                    var stream = body;
                    if (copy) stream = await CopyAsync(stream);
                    return await new StreamReader(stream).{|AG0301:ReadToEndAsync|}();
                }

                public async Task<string> NotAdjacentAsync(Stream body, CancellationToken token)
                {
                    var stream = body;
                    stream = await CopyAsync(stream);
                    stream = body;
                    return await new StreamReader(stream).{|AG0301:ReadToEndAsync|}();
                }

                public async Task WrittenInTheLoopAsync(Stream body, byte[] buffer, CancellationToken token)
                {
                    var stream = body;
                    stream = new MemoryStream();
                    while (await stream.{|AG0301:ReadAsync|}(buffer, 0, buffer.Length) > 0)
                    {
                        stream = body;
                    }
                }

                public async Task WrittenByALambdaAsync(Stream body, byte[] bytes, CancellationToken token)
                {
                    var stream = body;
                    Action reset = () => stream = body;
                    stream = new MemoryStream();
                    await stream.{|AG0301:WriteAsync|}(bytes, 0, bytes.Length);
                    reset();
                }

                public async Task ReadInALambdaAsync(Stream body, byte[] bytes, CancellationToken token)
                {
                    var stream = body;
                    stream = new MemoryStream();
                    Func<Task> later = async () => await stream.{|AG0301:WriteAsync|}(bytes, 0, bytes.Length);
                    stream = body;
                    await later();
                }

                public async Task<string> HalfTypedAsync(Stream body, CancellationToken token)
                {
                    var stream = body;
                    stream = {|CS0103:missing|};
                    return await new StreamReader(stream).{|AG0301:ReadToEndAsync|}();
                }
            }
            """);
}
