using AsyncGuard.Analyzers.Blocking;
using Xunit;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>
/// AG0102 on the disposal of a framework stream known to inherit Stream.DisposeAsync unchanged (issue 16, fourteenth pass,
/// wrong16; MySqlConnector's failed named pipe): the pipe streams of System.IO.Pipes and NetworkStream, as a `Dispose()` call
/// or a `using`, through `var`, their own type, or a `Stream` local assigned only such streams. Still reported: SslStream and
/// FileStream (they override DisposeAsync), a source pipe class with its own DisposeAsync, a `Stream` local assigned another
/// stream on some path, a `Stream` parameter.
/// </summary>
public sealed class AG0102PipeStreamDisposalTests
{
    private const string Usings = "using System; using System.IO; using System.IO.Pipes; using System.Net.Security; using System.Net.Sockets; using System.Threading; using System.Threading.Tasks;\n";

    private static string InAsync(string body) => Usings + $$"""
        sealed class FlushingPipe : PipeStream
        {
            public FlushingPipe() : base(PipeDirection.Out, 0) { }
            public override async ValueTask DisposeAsync() { await FlushAsync(); await base.DisposeAsync(); }
        }
        class C
        {
            async Task M(Socket socket, Stream given, bool flag, byte[] buffer, int timeout, CancellationToken ct)
            {
                await Task.Yield();
                {{body}}
            }
        }
        """;

    private static Task Run(string source) => new Verifiers.AnalyzerTest<AG0102AsyncAlternativeAnalyzer> { TestCode = source }.RunAsync();

    [Theory]
    // The failed connection of MySqlConnector, and the same call in other syntax.
    [InlineData("var pipe = new NamedPipeClientStream(\".\", \"p\", PipeDirection.InOut, PipeOptions.Asynchronous); try { await pipe.ConnectAsync(timeout, ct); } catch (IOException) { pipe.Dispose(); }")]
    [InlineData("NamedPipeServerStream server = new(\"p\"); await server.WaitForConnectionAsync(ct); server.Dispose();")]
    [InlineData("var anonymous = new AnonymousPipeServerStream(PipeDirection.Out); await anonymous.WriteAsync(buffer, ct); anonymous.Dispose();")]
    [InlineData("var client = new AnonymousPipeClientStream(PipeDirection.In, \"1\"); await client.ReadAsync(buffer, ct); client?.Dispose();")]
    [InlineData("var network = new NetworkStream(socket, true); await network.WriteAsync(buffer, ct); network.Dispose();")]
    [InlineData("Stream pipe; if (flag) pipe = new NamedPipeClientStream(\"p\"); else pipe = new AnonymousPipeServerStream(PipeDirection.Out); await pipe.WriteAsync(buffer, ct); pipe.Dispose();")]
    // `using` of the same streams.
    [InlineData("using var pipe = new NamedPipeClientStream(\"p\"); await pipe.ConnectAsync(ct);")]
    [InlineData("using (var server = new NamedPipeServerStream(\"p\")) { await server.WaitForConnectionAsync(ct); }")]
    [InlineData("using (Stream pipe = new NamedPipeClientStream(\"p\")) { await pipe.WriteAsync(buffer, ct); }")]
    public Task Silent_on_streams_that_inherit_the_synchronous_DisposeAsync(string body) => Run(InAsync(body));

    [Theory]
    [InlineData("var ssl = new SslStream(new NamedPipeClientStream(\"p\")); await ssl.AuthenticateAsClientAsync(\"host\"); {|AG0102:ssl.Dispose()|};")]
    [InlineData("var file = new FileStream(\"f\", FileMode.Open); await file.ReadAsync(buffer, ct); {|AG0102:file.Dispose()|};")]
    [InlineData("var own = new FlushingPipe(); await own.WriteAsync(buffer, ct); {|AG0102:own.Dispose()|};")]
    [InlineData("Stream pipe; if (flag) pipe = new NamedPipeClientStream(\"p\"); else pipe = new FileStream(\"f\", FileMode.Open); await pipe.WriteAsync(buffer, ct); {|AG0102:pipe.Dispose()|};")]
    [InlineData("{|AG0102:given.Dispose()|};")]
    [InlineData("{|AG0102:using|} var own = new FlushingPipe(); await own.WriteAsync(buffer, ct);")]
    public Task Reported_on_streams_with_a_real_DisposeAsync(string body) => Run(InAsync(body));
}
