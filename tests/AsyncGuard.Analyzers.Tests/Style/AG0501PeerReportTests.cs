using Xunit;
using V = AsyncGuard.Analyzers.Tests.Style.StyleVerify<AsyncGuard.Analyzers.Style.AG0501ConfigureAwaitAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Style;

/// <summary>
/// AG0501 shapes from the peers' issue trackers (thirteenth pass, Meziantou #1057): an `await using` whose resource's
/// DisposeAsync is Stream's or TextWriter's base one, on a runtime type known at the statement, completes synchronously.
/// </summary>
public sealed class AG0501PeerReportTests
{
    private const string Usings = "using System; using System.IO; using System.Threading; using System.Threading.Tasks;\n";

    [Fact]
    public Task Silent_for_resources_whose_dispose_async_completes_synchronously() => V.Diagnostics(Usings + """
        public sealed class PlainStream : Stream
        {
            public override bool CanRead => true; public override bool CanSeek => false; public override bool CanWrite => false;
            public override long Length => 0; public override long Position { get; set; }
            public override void Flush() { } public override int Read(byte[] b, int o, int c) => 0;
            public override long Seek(long o, SeekOrigin s) => 0; public override void SetLength(long v) { } public override void Write(byte[] b, int o, int c) { }
        }

        public class C
        {
            public async Task<byte[]> M(Stream source, PlainStream given, CancellationToken ct)
            {
                await using var memory = new MemoryStream();
                await source.CopyToAsync(memory, ct).ConfigureAwait(false);
                await using (new MemoryStream()) { }
                await using (Stream typedAsBase = new MemoryStream(), other = new MemoryStream(16)) { }
                await using (var text = new StringWriter()) { await text.WriteAsync("x").ConfigureAwait(false); }
                await using MemoryStream targetTyped = new();
                await using (given) { }
                return memory.ToArray();
            }
        }
        """);

    [Fact]
    public Task Reported_where_dispose_async_does_work_or_the_runtime_type_is_unknown() => V.Diagnostics(Usings + """
        public class LoggingMemoryStream : MemoryStream
        {
            public override ValueTask DisposeAsync() => base.DisposeAsync();
        }

        public class C
        {
            private static MemoryStream Make() => new MemoryStream();

            public async Task M(Stream source, MemoryStream given)
            {
                await using {|AG0501:var buffered = new BufferedStream(source)|};
                await using ({|AG0501:var writer = new StreamWriter(source)|}) { }
                await using ({|AG0501:new LoggingMemoryStream()|}) { }
                await using ({|AG0501:given|}) { }
                await using {|AG0501:var made = Make()|};
                await using {|AG0501:MemoryStream plain = new(), wrapped = new LoggingMemoryStream()|};
            }
        }
        """);
}
