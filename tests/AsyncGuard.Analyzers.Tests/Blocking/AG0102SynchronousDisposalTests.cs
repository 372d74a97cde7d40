using AsyncGuard.Analyzers.Blocking;
using Xunit;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>
/// AG0102 on a `using` whose asynchronous disposal is no more than its synchronous one (issue 16, twelfth pass, corpus10app;
/// FastTunnel): a NetworkStream (it inherits Stream.DisposeAsync, which only calls Dispose, although it comes from a reference
/// assembly), a stream of this compilation whose DisposeAsync is not async and returns a completed ValueTask on every path
/// and cannot be overridden below it, and a `Stream` made as one of those in place or by a helper of this compilation.
/// Still reported: SslStream and other streams of reference assemblies, a DisposeAsync that awaits or returns other work, an
/// overridable one on a value of unknown runtime type, a helper that returns other streams on some path, a value from a
/// completion source.
/// </summary>
public sealed class AG0102SynchronousDisposalTests
{
    private const string Usings = "using System; using System.IO; using System.Net.Security; using System.Net.Sockets; using System.Threading; using System.Threading.Tasks;\n";

    private static string InAsync(string body) => Usings + $$"""
        abstract class Bare : Stream
        {
            public override bool CanRead => true;
            public override bool CanSeek => false;
            public override bool CanWrite => true;
            public override long Length => 0;
            public override long Position { get => 0; set { } }
            public override void Flush() { }
            public override int Read(byte[] buffer, int offset, int count) => 0;
            public override long Seek(long offset, SeekOrigin origin) => 0;
            public override void SetLength(long value) { }
            public override void Write(byte[] buffer, int offset, int count) { }
        }
        sealed class Tunnel : Bare
        {
            public void Abort() { }
            protected override void Dispose(bool disposing) => Abort();
            public override ValueTask DisposeAsync() { Abort(); return ValueTask.CompletedTask; }
        }
        sealed class DefaultDisposal : Bare { public override ValueTask DisposeAsync() => default; }
        sealed class NewDisposal : Bare { public override ValueTask DisposeAsync() { if (CanRead) return new ValueTask(); return default(ValueTask); } }
        class OpenSync : Bare { public override ValueTask DisposeAsync() => default; }
        sealed class Forwarding : Bare { public Stream Inner = Null; public override ValueTask DisposeAsync() => Inner.DisposeAsync(); }
        sealed class Awaiting : Bare { public Stream Inner = Null; public override async ValueTask DisposeAsync() { await Inner.DisposeAsync(); } }
        sealed class Mixed : Bare { public Stream Inner = Null; public override ValueTask DisposeAsync() { if (CanRead) return default; return Inner.DisposeAsync(); } }
        sealed class Handle : IDisposable, IAsyncDisposable { public void Dispose() { } ValueTask IAsyncDisposable.DisposeAsync() => default; }
        class MyNetwork : NetworkStream { public MyNetwork(Socket s) : base(s, true) { } }
        class FlushingNetwork : NetworkStream { public FlushingNetwork(Socket s) : base(s, true) { } public override async ValueTask DisposeAsync() { await FlushAsync(); await base.DisposeAsync(); } }
        class C
        {
            async Task M(Socket socket, bool tls, OpenSync given, TaskCompletionSource<Stream> source, byte[] buffer, CancellationToken ct)
            {
                await Task.Yield();
                {{body}}
            }
            static async Task<Stream> ConnectAsync(Socket socket) { await Task.Yield(); return new NetworkStream(socket, true) { ReadTimeout = 1000 }; }
            static Stream Wrap(Socket socket) { var stream = new Tunnel(); return stream; }
            static async Task<Stream> EitherAsync(Socket socket, bool tls)
            {
                await Task.Yield();
                Stream stream = new NetworkStream(socket, true);
                if (tls) { var ssl = new SslStream(stream); await ssl.AuthenticateAsClientAsync("host"); stream = ssl; }
                return stream;
            }
            static Stream Plain(bool which) => which ? new NetworkStream(new Socket(SocketType.Stream, ProtocolType.Tcp), true) : new Awaiting();
        }
        """;

    private static Task Run(string source)
    {
        var test = new Verifiers.AnalyzerTest<AG0102AsyncAlternativeAnalyzer> { TestCode = source };
        return test.RunAsync();
    }

    [Theory]
    // NetworkStream, as declared, as a Stream, from a private helper, a source subclass without its own DisposeAsync.
    [InlineData("using var network = new NetworkStream(socket, true); await network.WriteAsync(buffer, ct);")]
    [InlineData("using (Stream network = new NetworkStream(socket, true) { ReadTimeout = 60000 }) { await network.WriteAsync(buffer, ct); }")]
    [InlineData("using (Stream local = await ConnectAsync(socket)) { await local.WriteAsync(buffer, ct); }")]
    [InlineData("using var mine = new MyNetwork(socket); await mine.WriteAsync(buffer, ct);")]
    // Streams of this compilation whose DisposeAsync only returns a completed ValueTask.
    [InlineData("using var tunnel = new Tunnel(); await tunnel.WriteAsync(buffer, ct);")]
    [InlineData("using (var d = new DefaultDisposal()) using (var n = new NewDisposal()) { await d.CopyToAsync(n, ct); }")]
    [InlineData("using Stream wrapped = Wrap(socket); await wrapped.WriteAsync(buffer, ct);")]
    [InlineData("using var handle = new Handle(); await Task.Delay(1, ct);")]
    // An overridable one, but the value is made here: its exact type is known.
    [InlineData("using var open = new OpenSync(); await open.WriteAsync(buffer, ct);")]
    public Task Silent_where_async_disposal_would_run_the_same_synchronous_code(string body) => Run(InAsync(body));

    [Theory]
    // SslStream's own DisposeAsync; a helper that returns an SslStream on one path or another stream.
    [InlineData("{|AG0102:using|} var ssl = new SslStream(new NetworkStream(socket, true)); await ssl.WriteAsync(buffer, ct);")]
    [InlineData("{|AG0102:using|} (Stream remote = await EitherAsync(socket, tls)) { await remote.WriteAsync(buffer, ct); }")]
    [InlineData("{|AG0102:using|} Stream plain = Plain(tls); await plain.WriteAsync(buffer, ct);")]
    // A DisposeAsync that forwards, awaits, or does either on some path; a NetworkStream subclass with a real one.
    [InlineData("{|AG0102:using|} var forwarding = new Forwarding(); await forwarding.WriteAsync(buffer, ct);")]
    [InlineData("{|AG0102:using|} var awaiting = new Awaiting(); await awaiting.WriteAsync(buffer, ct);")]
    [InlineData("{|AG0102:using|} var mixed = new Mixed(); await mixed.WriteAsync(buffer, ct);")]
    [InlineData("{|AG0102:using|} var flushing = new FlushingNetwork(socket); await flushing.WriteAsync(buffer, ct);")]
    // An overridable one on a value of unknown runtime type; a stream from a completion source.
    [InlineData("{|AG0102:using|} var open = given; await open.WriteAsync(buffer, ct);")]
    [InlineData("{|AG0102:using|} var received = await source.Task; await received.WriteAsync(buffer, ct);")]
    public Task Reported_where_async_disposal_may_do_more(string body) => Run(InAsync(body));

    [Fact]
    public Task Half_typed_disposals_do_not_throw() =>
        Run(Usings + """
            sealed class Broken : IDisposable, IAsyncDisposable { public void Dispose() { } public ValueTask DisposeAsync() => {|CS0103:Missing|}(); }
            class C
            {
                static Stream {|CS0161:Make|}() { }
                async Task M(Socket socket)
                {
                    await Task.Yield();
                    {|AG0102:using|} var broken = new Broken();
                    {|AG0102:using|} Stream made = Make();
                }
            }
            """);
}
