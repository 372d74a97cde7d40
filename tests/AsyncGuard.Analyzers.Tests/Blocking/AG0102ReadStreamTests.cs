using System.Threading.Tasks;
using AsyncGuard.Analyzers.Blocking;
using AsyncGuard.Analyzers.Tests.Verifiers;
using Xunit;
using VerifyAG0102 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0102AsyncAlternativeAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>
/// AG0102 on `using` of a stream the function made and only reads (issue 16, fourth pass): nothing was written through it,
/// so its disposal has no write buffer to flush. Silent by default, reported with report_read_streams; the nearest cases
/// (a write, a flush, a hand-over, a stream the function was given or that wraps one, a stream type of the compilation
/// with its own disposal, a stream never read) stay reported.
/// </summary>
public sealed class AG0102ReadStreamTests
{
    private const string Usings = "using System; using System.IO; using System.Threading; using System.Threading.Tasks;\n";

    private static string InAsync(string body) => Usings + $$"""
        interface IRepository
        {
            Task<Stream> Get(Uri address, CancellationToken ct);
            Stream Open(string name);
            Stream Wrap(Stream inner);
        }
        sealed class OwnStream : FileStream
        {
            public OwnStream() : base("x", FileMode.Open) { }
            public override ValueTask DisposeAsync() => base.DisposeAsync();
        }
        sealed class PlainStream : FileStream
        {
            public PlainStream() : base("x", FileMode.Open) { }
        }
        class C
        {
            Stream _kept;
            async Task<int> M(IRepository repository, Uri address, Stream network, byte[] buffer, CancellationToken ct)
            {
                await Task.Yield();
                {{body}}
                return 0;
            }
            static Task Consume(Stream s) => Task.CompletedTask;
        }
        """;

    [Theory]
    // A stream returned by a call (awaited, ConfigureAwait), copied out and disposed.
    [InlineData("using var ms = new MemoryStream(); using var stream = await repository.Get(address, ct).ConfigureAwait(false); await stream.CopyToAsync(ms, 4096, ct).ConfigureAwait(false);")]
    [InlineData("using (var stream = await repository.Get(address, ct)) { int n; while ((n = await stream.ReadAsync(buffer, 0, buffer.Length, ct)) > 0) { } }")]
    // Asked about and read in several ways, through `?.`, from a lambda inside the function.
    [InlineData("using var stream = repository.Open(\"x\"); if (stream.CanSeek && stream.Length > 0) { var p = stream.Position; } var b = stream?.ReadAsync(buffer, 0, 1, ct); Func<Task<int>> next = () => stream.ReadAsync(buffer, 0, 1, ct);")]
    // A stream type of another assembly, or of the compilation without a disposal of its own.
    [InlineData("using var stream = new FileStream(\"x\", FileMode.Open); await stream.ReadAtLeastAsync(buffer, 1, true, ct);")]
    [InlineData("using var stream = new PlainStream(); await stream.ReadExactlyAsync(buffer, ct);")]
    public Task Silent_on_a_fresh_stream_the_function_only_reads(string body) =>
        VerifyAG0102.NoDiagnostics(InAsync(body));

    [Theory]
    // Written or flushed through: its disposal may flush a buffer.
    [InlineData("{|AG0102:using|} var stream = await repository.Get(address, ct); await stream.ReadAsync(buffer, 0, 1, ct); await stream.WriteAsync(buffer, 0, 1, ct);")]
    [InlineData("{|AG0102:using|} var stream = await repository.Get(address, ct); await stream.FlushAsync(ct);")]
    [InlineData("{|AG0102:using|} var stream = repository.Open(\"x\"); await stream.ReadAsync(buffer, 0, 1, ct); stream.Position = 0;")]
    // Handed over: what the other side does with it is not known here.
    [InlineData("{|AG0102:using|} var stream = repository.Open(\"x\"); await Consume(stream);")]
    [InlineData("{|AG0102:using|} var stream = repository.Open(\"x\"); await stream.ReadAsync(buffer, 0, 1, ct); _kept = stream;")]
    [InlineData("{|AG0102:using|} var stream = repository.Open(\"x\"); await network.CopyToAsync(stream, ct);")]
    // Never read: nothing shows it is a read stream.
    [InlineData("{|AG0102:using|} var stream = await repository.Get(address, ct);")]
    // A stream it was given, or a wrapper over one: that stream's buffer is not this function's.
    // (`using (network)` of the parameter itself, only read, is AG0102GivenReadStreamTests' class since the fourteenth pass.)
    [InlineData("{|AG0102:using|} var stream = repository.Wrap(network); await stream.ReadAsync(buffer, 0, 1, ct);")]
    [InlineData("{|AG0102:using|} var stream = new BufferedStream(network); await stream.ReadAsync(buffer, 0, 1, ct);")]
    [InlineData("{|AG0102:using|} var stream = network; await stream.ReadAsync(buffer, 0, 1, ct);")]
    // A stream type of the compilation that overrides its disposal: whatever it does there is the author's.
    [InlineData("{|AG0102:using|} var stream = new OwnStream(); await stream.ReadAsync(buffer, 0, 1, ct);")]
    // One of two resources is written.
    [InlineData("{|AG0102:using|} (Stream a = repository.Open(\"a\"), b = repository.Open(\"b\")) { await a.CopyToAsync(b, ct); }")]
    public Task Reported_where_the_stream_is_written_handed_over_or_not_its_own(string body) =>
        VerifyAG0102.Diagnostics(InAsync(body));

    [Fact]
    public Task The_option_reports_read_streams_too() =>
        new AnalyzerTest<AG0102AsyncAlternativeAnalyzer>
        {
            TestCode = InAsync("using var ms = new MemoryStream(); {|AG0102:using|} var stream = await repository.Get(address, ct); await stream.CopyToAsync(ms, ct);"),
            TestState = { AnalyzerConfigFiles = { ("/.editorconfig", "root = true\n\n[*.cs]\n" + ReadStreams.ReportReadStreamsOption + " = true\n") } },
        }.RunAsync();

    [Fact]
    public Task Half_typed_streams_do_not_throw() =>
        VerifyAG0102.DiagnosticsInBrokenCode(Usings + """
            class C
            {
                async Task M(Missing repository, byte[] buffer)
                {
                    await Task.Yield();
                    using var stream = await repository.Get();
                    await stream.ReadAsync(buffer, 0, 1);
                    using var other = new MemoryStream(
                    await other.ReadAsync(
                    {|AG0102:using|} var third = System.IO.File.OpenWrite("x"); third.
                }
            }
            """);
}
