using Xunit;
using VerifyAG0102 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0102AsyncAlternativeAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>
/// corpus10lib class W1 (issue 16, twelfth pass): a stream class of the compilation that keeps its bytes in plain storage
/// (arrays, collections of arrays, numbers) is memory, and a stream a plain-built factory opens over memory is over memory
/// (MimeKit's OpenPGP chains over its block-list memory stream). Each silence has its nearest reported case beside it.
/// </summary>
public sealed class AG0102SourceMemoryStreamTests
{
    private const string Usings = "using System; using System.Collections.Generic; using System.IO; using System.Threading; using System.Threading.Tasks;\n";

    private const string Types = StreamStubs.StreamBase + """
        internal sealed class Pool
        {
            private readonly byte[]?[] _buffers;
            private SpinLock _lock;
            private int _index;
            public Pool(int count) { _buffers = new byte[]?[count]; }
        }

        public class BlockStream : StreamBase
        {
            private const int BlockSize = 2048;
            private static readonly Pool Shared = new Pool(16);
            private readonly List<byte[]> _blocks = new List<byte[]>();
            private readonly Pool _pool = Shared;
            private Task<int>? _last;
            private long _length;
            private bool _disposed;
        }

        public sealed class CountingStream : BlockStream
        {
            private long _count;
        }

        public sealed class PathStream : StreamBase
        {
            private readonly string _path;
            public PathStream(string path) { _path = path; }
        }

        public sealed class TeeStream : StreamBase
        {
            private readonly Stream _inner;
            private readonly long _offset;
            public TeeStream(Stream inner) { _inner = inner; }
        }

        public sealed class OwnFileStream : StreamBase
        {
            private readonly Stream _file = File.OpenRead("data.bin");
        }

        public sealed class HandleStream : StreamBase
        {
            private IntPtr _handle;
        }

        public enum Level { Fast, Small }

        public sealed class Compressor
        {
            public Compressor(Level level, bool armor) { }
            public Compressor(string logPath) { }
            public Stream Open(Stream target) => new BufferedStream(target);
            public Stream Open(Stream target, char format, string name, long length, DateTime date) => new BufferedStream(target);
        }

        """;

    [Fact]
    public Task Source_memory_streams_and_factory_streams_over_them_are_silent() =>
        VerifyAG0102.NoDiagnostics(Usings + Types + """
            public class Packer
            {
                public async Task<Stream> PackAsync(Stream content, CancellationToken ct)
                {
                    var memory = new BlockStream();
                    var compressor = new Compressor(Level.Small, true);
                    using (var packed = compressor.Open(memory))
                    {
                        var literals = new Compressor(Level.Fast, false);
                        using (var literal = literals.Open(packed, 't', "name.txt", content.Length, DateTime.Now))
                        {
                            var buffer = new byte[4096];
                            int n;
                            while ((n = await content.ReadAsync(buffer, 0, buffer.Length, ct)) > 0)
                                literal.Write(buffer, 0, n);
                            literal.Flush();
                        }

                        packed.Flush();
                    }

                    using (var copy = new CountingStream())
                    {
                        var b = new byte[16];
                        copy.Read(b, 0, b.Length);
                        using var wrapped = new BufferedStream(copy);
                        wrapped.Write(b, 0, b.Length);
                    }

                    memory.Position = 0;
                    return memory;
                }
            }
            """);

    [Fact]
    public Task Streams_holding_a_device_and_other_factories_are_reported() =>
        VerifyAG0102.Diagnostics(Usings + Types + """
            public class Packer
            {
                private readonly Compressor _shared = new Compressor(Level.Fast, true);

                public async Task PackAsync(Stream target, Compressor given, string path, CancellationToken ct)
                {
                    await Task.Yield();
                    var buffer = new byte[16];
                    var memory = new BlockStream();

                    var named = new PathStream(path);
                    {|AG0102:named.Write(buffer, 0, buffer.Length)|};
                    var tee = new TeeStream(target);
                    {|AG0102:tee.Flush()|};
                    var own = new OwnFileStream();
                    {|AG0102:own.Flush()|};
                    var handle = new HandleStream();
                    {|AG0102:handle.Flush()|};

                    {|AG0102:using|} (var z = given.Open(memory)) { }
                    {|AG0102:using|} (var z = _shared.Open(memory)) { }

                    var logging = new Compressor(path);
                    {|AG0102:using|} (var z = logging.Open(memory)) { }

                    var compressor = new Compressor(Level.Small, true);
                    {|AG0102:using|} (var z = compressor.Open(target)) { }

                    var swapped = new Compressor(Level.Small, true);
                    swapped = given;
                    {|AG0102:using|} (var z = swapped.Open(memory)) { }
                }
            }
            """);

    [Fact]
    public Task Survives_half_typed_code() => VerifyAG0102.DiagnosticsInBrokenCode(Usings + Types + """
        public class Broken : StreamBase { private Missing _m; }

        public class Packer
        {
            public async Task PackAsync(Stream target, Missing factory)
            {
                await Task.Yield();
                var b = new byte[4];
                var broken = new Broken();
                {|AG0102:broken.Flush()|};
                var memory = new BlockStream();
                using (var z = factory.Open(memory)) { }
                var compressor = new Compressor(Level.Small, true);
                {|AG0102:using|} (var y = compressor.Open(memory, )) { }
            }
        }
        """);
}
