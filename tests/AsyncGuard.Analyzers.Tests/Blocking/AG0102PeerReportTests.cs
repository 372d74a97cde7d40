using Xunit;
using VerifyAG0102 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0102AsyncAlternativeAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>
/// AG0102 shapes from the peers' issue trackers (thirteenth pass): a Utf8JsonWriter made over an IBufferWriter&lt;byte&gt;
/// holds no stream, so its Flush and Dispose do what FlushAsync and DisposeAsync would, synchronously either way.
/// </summary>
public sealed class AG0102PeerReportTests
{
    private const string Usings = "using System; using System.Buffers; using System.IO; using System.IO.Pipelines; using System.Text.Json; using System.Threading; using System.Threading.Tasks;\n";

    [Fact]
    public Task Json_writer_over_a_buffer_writer_is_silent() =>
        VerifyAG0102.NoDiagnostics(Usings + """
            class C
            {
                async Task Given(IBufferWriter<byte> output, CancellationToken ct)
                {
                    await Task.Yield();
                    using var writer = new Utf8JsonWriter(output);
                    writer.WriteStartObject();
                    writer.WriteEndObject();
                    writer.Flush();
                }

                async Task Pipe(PipeWriter pipe, CancellationToken ct)
                {
                    using (var writer = new Utf8JsonWriter(pipe, new JsonWriterOptions { Indented = true }))
                    {
                        writer.WriteNullValue();
                        writer.Flush();
                    }

                    await pipe.FlushAsync(ct);
                }

                async Task<byte[]> Local()
                {
                    await Task.Yield();
                    var buffer = new ArrayBufferWriter<byte>();
                    Utf8JsonWriter writer = new(buffer, default);
                    writer.WriteNumberValue(1);
                    writer.Flush();
                    writer.Dispose();
                    using (new Utf8JsonWriter(buffer)) { }
                    return buffer.WrittenSpan.ToArray();
                }
            }
            """);

    [Fact]
    public Task Json_writer_over_a_stream_or_reset_to_one_is_reported() =>
        VerifyAG0102.Diagnostics(Usings + """
            class C
            {
                async Task OverStream(Stream body)
                {
                    await Task.Yield();
                    {|AG0102:using|} var writer = new Utf8JsonWriter(body);
                    writer.WriteNullValue();
                    {|AG0102:writer.Flush()|};
                }

                async Task ResetToStream(IBufferWriter<byte> output, Stream body)
                {
                    await Task.Yield();
                    var writer = new Utf8JsonWriter(output);
                    {|AG0102:writer.Flush()|};
                    writer.Reset(body);
                    {|AG0102:writer.Flush()|};
                }
            }
            """);
}
