using Xunit;
using VerifyAG0102 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0102AsyncAlternativeAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>
/// corpus10lib classes W1' (second half) and W4 (issue 16, twelfth pass, mime10): the memory stream a non-virtual helper
/// of the compilation returns is memory; a local declared without a value whose every assignment is memory is memory; the
/// Dispose of a local whose every value is memory or a source stream without a DisposeAsync of its own has no real async
/// alternative. Each silence has its nearest reported case beside it.
/// </summary>
public sealed class AG0102ReturnedAndAssignedMemoryTests
{
    private const string Usings = "using System; using System.Collections.Generic; using System.IO; using System.Threading; using System.Threading.Tasks;\n";

    private const string Types = StreamStubs.StreamBase + """
        public class BlockStream : StreamBase
        {
            private readonly List<byte[]> _blocks = new List<byte[]>();
            private long _length;
        }

        public class ViewStream : StreamBase
        {
            public ViewStream(Stream inner, long start, long end, bool leaveOpen) { Inner = inner; LeaveOpen = leaveOpen; }
            public Stream Inner { get; }
            public bool LeaveOpen { get; }
            protected override void Dispose(bool disposing) { if (disposing && !LeaveOpen) Inner.Dispose(); base.Dispose(disposing); }
        }

        public sealed class AsyncViewStream : ViewStream
        {
            public AsyncViewStream(Stream inner) : base(inner, 0, -1, false) { }
            public override ValueTask DisposeAsync() => Inner.DisposeAsync();
        }

        """;

    [Fact]
    public Task Memory_a_private_helper_returns_is_silent() =>
        VerifyAG0102.NoDiagnostics(Usings + Types + """
            public class Packer
            {
                private Stream _file = File.OpenRead("x");

                private static async Task<Stream> PackAsync(Stream content, CancellationToken ct)
                {
                    var memory = new BlockStream();
                    await content.CopyToAsync(memory, ct);
                    memory.Position = 0;
                    return memory;
                }

                private static Stream Fresh(int size) => new MemoryStream(size);

                private static Stream Either(bool big)
                {
                    if (big)
                        return Fresh(4096);
                    var local = new MemoryStream();
                    return local;
                }

                private async Task<Stream> ThroughAsync(Stream content, CancellationToken ct) =>
                    await PackAsync(content, ct).ConfigureAwait(false);

                public async Task RunAsync(Stream content, CancellationToken ct)
                {
                    var buffer = new byte[16];
                    using (var packed = await PackAsync(content, ct).ConfigureAwait(false))
                    {
                        packed.Read(buffer, 0, buffer.Length);
                    }

                    using var fresh = Fresh(16);
                    fresh.Write(buffer, 0, buffer.Length);
                    var either = Either(true);
                    either.Flush();
                    var through = await ThroughAsync(content, ct);
                    through.Read(buffer, 0, 1);
                }
            }
            """);

    [Fact]
    public Task Helpers_returning_other_streams_are_reported() =>
        VerifyAG0102.Diagnostics(Usings + Types + """
            public interface IPacker { Stream Pack(); }

            public class Packer
            {
                private Stream _file = File.OpenRead("x");

                protected virtual Stream Virtual() => new MemoryStream();
                private static Stream Given(Stream s) => s;
                private Stream Field() => _file;
                private static Stream Sometimes(bool b, Stream s) { if (b) return new MemoryStream(); return s; }
                private static Stream Opened(string path) => File.OpenRead(path);
                private static Task<Stream> Wrapped() => Task.FromResult<Stream>(new MemoryStream());
                private static Stream One() => new MemoryStream();
                private static Stream Two() => One();
                private static Stream Three() => Two();
                private static Stream Four() => Three();
                private static Stream Choice(bool big) => big ? new MemoryStream(4096) : new BlockStream();

                public async Task RunAsync(Stream content, IPacker packer, string path)
                {
                    await Task.Yield();
                    var b = new byte[4];
                    {|AG0102:Virtual().Write(b, 0, 1)|};
                    {|AG0102:Given(content).Write(b, 0, 1)|};
                    {|AG0102:Field().Flush()|};
                    {|AG0102:Sometimes(true, content).Flush()|};
                    {|AG0102:Opened(path).Flush()|};
                    {|AG0102:packer.Pack().Flush()|};
                    var wrapped = await Wrapped();
                    {|AG0102:wrapped.Flush()|};
                    {|AG0102:Four().Flush()|};
                    {|AG0102:Choice(true).Flush()|};
                }
            }
            """);

    [Fact]
    public Task Locals_assigned_memory_or_views_without_DisposeAsync_are_silent() =>
        VerifyAG0102.NoDiagnostics(Usings + Types + """
            public class Parser
            {
                private readonly Stream _stream = File.OpenRead("mail.eml");

                public async Task<Stream?> ParseAsync(bool persistent, CancellationToken ct)
                {
                    await Task.Yield();
                    Stream content;
                    if (persistent)
                    {
                        content = new ViewStream(_stream, 0, 100, true);
                    }
                    else
                    {
                        content = new BlockStream();
                    }

                    if (ct.IsCancellationRequested)
                    {
                        content.Dispose();
                        return null;
                    }

                    Stream buffer;
                    if (persistent)
                        buffer = new MemoryStream();
                    else
                        buffer = new BlockStream();
                    buffer.Write(new byte[4], 0, 4);
                    buffer.Flush();
                    buffer.Close();
                    return content;
                }
            }
            """);

    [Fact]
    public Task Locals_with_other_values_or_own_DisposeAsync_are_reported() =>
        VerifyAG0102.Diagnostics(Usings + Types + """
            public class Parser
            {
                private readonly Stream _stream = File.OpenRead("mail.eml");

                private static void Reset(ref Stream s) { }

                public async Task ParseAsync(bool persistent, Stream given, CancellationToken ct)
                {
                    await Task.Yield();
                    Stream view;
                    if (persistent)
                        view = new ViewStream(_stream, 0, 100, true);
                    else
                        view = new BlockStream();
                    {|AG0102:view.Flush()|};

                    Stream mixed;
                    if (persistent)
                        mixed = new BlockStream();
                    else
                        mixed = given;
                    {|AG0102:mixed.Dispose()|};

                    Stream own;
                    if (persistent)
                        own = new AsyncViewStream(_stream);
                    else
                        own = new BlockStream();
                    {|AG0102:own.Dispose()|};

                    Stream library;
                    if (persistent)
                        library = new BufferedStream(_stream);
                    else
                        library = new BlockStream();
                    {|AG0102:library.Dispose()|};

                    Stream byRef;
                    byRef = new BlockStream();
                    Reset(ref byRef);
                    {|AG0102:byRef.Dispose()|};

                    Stream initialised = new ViewStream(_stream, 0, 1, true);
                    {|AG0102:initialised.Flush()|};
                }
            }
            """);

    [Fact]
    public Task Survives_half_typed_code() => VerifyAG0102.DiagnosticsInBrokenCode(Usings + Types + """
        public class Parser
        {
            private static async Task<Stream> HelperAsync() { await Task.Yield(); return new Missing(); }

            public async Task ParseAsync(bool b)
            {
                await Task.Yield();
                Stream content;
                if (b) content = new Missing(); else content = new BlockStream();
                {|AG0102:content.Dispose()|};
                var s = await HelperAsync();
                {|AG0102:s.Flush()|};
                Stream half;
                half = ;
                {|AG0102:half.Dispose()|};
            }
        }
        """);
}
