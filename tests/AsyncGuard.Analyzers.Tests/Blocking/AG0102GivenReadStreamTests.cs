using System.Threading.Tasks;
using AsyncGuard.Analyzers.Blocking;
using Xunit;
using VerifyAG0102 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0102AsyncAlternativeAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>
/// AG0102 on the disposal of a stream typed only as <c>Stream</c> that the function was given and only reads (issue 16,
/// fourteenth pass, deb16): <c>using (input)</c>, <c>stream.Dispose()</c>, <c>typed.ContentStream.Dispose()</c> after
/// reads only (FtpServer's RETR source, NSmartProxy's tunnel source, MySqlConnector's LOCAL INFILE source, MimeKit's CMS
/// content streams). Silent by default, reported with report_given_read_streams; the nearest cases (a write, a flush, a
/// seek, a hand-over, a more specific type, a stream never read, a reassignment, a property of something else) stay reported.
/// </summary>
public sealed class AG0102GivenReadStreamTests
{
    private const string Usings = "using System; using System.IO; using System.Threading; using System.Threading.Tasks;\n";

    private static string InAsync(string body) => Usings + $$"""
        sealed class Typed
        {
            public Stream ContentStream { get; } = Stream.Null;
            public Stream Other { get; } = Stream.Null;
        }
        interface IIndexer { Task Index(Stream s); }
        class C
        {
            Stream _kept;
            async Task<int> M(Stream input, Stream output, FileStream file, object source, Typed typed, IIndexer indexer, byte[] buffer, CancellationToken ct)
            {
                await Task.Yield();
                {{body}}
                return 0;
            }
            static Task<int> Count(Stream s, byte[] b) => s.ReadAsync(b, 0, b.Length);
        }
        """;

    [Theory]
    // FtpServer/NSmartProxy: a parameter read in a loop and written elsewhere.
    [InlineData("using (input) { int n; while ((n = await input.ReadAsync(buffer, 0, buffer.Length, ct).ConfigureAwait(false)) != 0) await output.WriteAsync(buffer, 0, n, ct); }")]
    // MySqlConnector: a pattern variable read, disposed in a finally.
    [InlineData("switch (source) { case Stream stream: try { await stream.ReadAsync(buffer, 0, 1, ct); } finally { stream.Dispose(); } break; }")]
    // MimeKit: a property of a local read by CopyToAsync, disposed in a finally.
    [InlineData("var decrypted = typed; try { await decrypted.ContentStream.CopyToAsync(output, 4096, ct); } finally { decrypted.ContentStream.Dispose(); }")]
    // Close, a copy into another stream, a read through `?.`, a null check, a local given the parameter, a reader over it,
    // a method of the compilation that only reads it, a lambda's own parameter.
    [InlineData("await input.CopyToAsync(output, ct); input.Close();")]
    [InlineData("if (input != null) { var n = input?.ReadAsync(buffer, 0, 1, ct); } input?.Dispose();")]
    [InlineData("Stream s = input; var r = new StreamReader(s); await r.ReadLineAsync(); s.Dispose();")]
    [InlineData("await Count(input, buffer); input.Dispose();")]
    [InlineData("Func<Stream, Task> f = async s => { await s.ReadAsync(buffer, 0, 1, ct); s.Dispose(); }; await f(input);")]
    public Task Silent_on_the_disposal_of_a_given_stream_the_function_only_reads(string body) =>
        VerifyAG0102.NoDiagnostics(InAsync(body));

    [Theory]
    // Written, flushed or moved through.
    [InlineData("await input.ReadAsync(buffer, 0, 1, ct); await input.WriteAsync(buffer, 0, 1, ct); {|AG0102:input.Dispose()|};")]
    [InlineData("await input.ReadAsync(buffer, 0, 1, ct); await input.FlushAsync(ct); {|AG0102:input.Dispose()|};")]
    [InlineData("await input.ReadAsync(buffer, 0, 1, ct); input.Position = 0; {|AG0102:input.Dispose()|};")]
    [InlineData("await input.ReadAsync(buffer, 0, 1, ct); input.Seek(0, SeekOrigin.Begin); {|AG0102:input.Dispose()|};")]
    // The destination of a copy (ClickHouse, Flurl, FileDataSink: written, so the disposal flushes).
    [InlineData("await output.CopyToAsync(input, ct); {|AG0102:input.Dispose()|};")]
    [InlineData("{|AG0102:using|} (input) { await output.CopyToAsync(input, ct); }")]
    // Handed over: an interface, a store, a writer.
    [InlineData("await indexer.Index(input); {|AG0102:input.Dispose()|};")]
    [InlineData("await input.ReadAsync(buffer, 0, 1, ct); _kept = input; {|AG0102:input.Dispose()|};")]
    [InlineData("var w = new StreamWriter(input); await w.WriteAsync(\"x\"); {|AG0102:input.Dispose()|};")]
    // Never read: nothing shows it is a read stream.
    [InlineData("{|AG0102:input.Dispose()|};")]
    [InlineData("{|AG0102:using|} (input) { }")]
    // Reassigned.
    [InlineData("Stream s = input; await s.ReadAsync(buffer, 0, 1, ct); s = output; {|AG0102:s.Dispose()|};")]
    // A more specific type: the function shows what runs behind it (FileStream's own class decides).
    [InlineData("await file.ReadAsync(buffer, 0, 1, ct); {|AG0102:file.Dispose()|};")]
    // A property of a holder used for anything else, or another property written.
    [InlineData("var t = typed; await t.ContentStream.ReadAsync(buffer, 0, 1, ct); await t.Other.WriteAsync(buffer, 0, 1, ct); {|AG0102:t.ContentStream.Dispose()|};")]
    [InlineData("var t = typed; await t.ContentStream.WriteAsync(buffer, 0, 1, ct); {|AG0102:t.ContentStream.Dispose()|};")]
    // A parameter of the enclosing method disposed in a lambda: the scan covers the method, which writes it.
    [InlineData("await input.WriteAsync(buffer, 0, 1, ct); Func<Task> f = async () => { await input.ReadAsync(buffer, 0, 1, ct); {|AG0102:input.Dispose()|}; }; await f();")]
    public Task Reported_where_the_stream_is_written_handed_over_or_typed(string body) =>
        VerifyAG0102.Diagnostics(InAsync(body));

    [Fact]
    public Task The_option_reports_given_read_streams_too() =>
        VerifyAG0102.DiagnosticsWithOptions(
            InAsync("{|AG0102:using|} (input) { await input.ReadAsync(buffer, 0, 1, ct); } await output.ReadAsync(buffer, 0, 1, ct); {|AG0102:output.Dispose()|};"),
            ReadStreams.ReportGivenReadStreamsOption + " = true");

    [Fact]
    public Task Half_typed_streams_do_not_throw() =>
        VerifyAG0102.DiagnosticsInBrokenCode(Usings + """
            class C
            {
                async Task M(Stream input, Missing holder, byte[] buffer)
                {
                    await Task.Yield();
                    await input.ReadAsync(buffer, 0, 1);
                    // Reported: the unfinished `input.` below is a use that is not a read.
                    {|AG0102:input.Dispose()|};
                    await holder.Stream.ReadAsync(buffer, 0, 1);
                    holder.Stream.Dispose();
                    using (unknown) { await unknown.ReadAsync(buffer, 0, 1); }
                    input.
                }
            }
            """);
}
