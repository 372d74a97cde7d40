using Xunit;
using VerifyAG0102 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0102AsyncAlternativeAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>
/// AG0102, issue 16 (eighteenth pass, d102): the failure-path release outside a catch. A transport released by a statement
/// whose very next statement throws an exception (`if (!stream.CanCloseWrite) { stream.Dispose(); throw new
/// NotSupportedException(..); }`, Docker.DotNet's hijacked streams and proxy tunnel) is silent by default, reported with
/// `report_failure_path_disposal` like the catch-clause shape. Each silent shape has its nearest reported case beside it.
/// </summary>
public sealed class AG0102ReleaseBeforeThrowTests
{
    private const string Usings = "using System; using System.IO; using System.Net.Http; using System.Net.Sockets; using System.Threading; using System.Threading.Tasks;\n";

    [Fact]
    public Task Release_right_before_a_throw_is_silent() =>
        VerifyAG0102.NoDiagnostics(Usings + """
            class Hijacked : Stream
            {
                public bool CanCloseWrite => false;
                public override bool CanRead => true;
                public override bool CanSeek => false;
                public override bool CanWrite => true;
                public override long Length => 0;
                public override long Position { get; set; }
                public override void Flush() { }
                public override int Read(byte[] buffer, int offset, int count) => 0;
                public override long Seek(long offset, SeekOrigin origin) => 0;
                public override void SetLength(long value) { }
                public override void Write(byte[] buffer, int offset, int count) { }
            }

            class C
            {
                async Task<Stream> Open(Func<Task<Hijacked>> connect)
                {
                    var stream = await connect();
                    if (!stream.CanCloseWrite)
                    {
                        stream.Dispose();
                        throw new NotSupportedException("Cannot shutdown write on this transport");
                    }

                    return stream;
                }

                async Task Tunnel(Stream transport, Func<Task<int>> send)
                {
                    var status = await send();
                    if (status < 200 || status >= 300)
                    {
                        transport?.Close();
                        throw new HttpRequestException("tunnel: " + status);
                    }
                }

                async Task Disconnected(Socket socket, bool ok)
                {
                    await socket.ConnectAsync("host", 80);
                    if (ok)
                        return;
                    else
                    {
                        socket.Disconnect(false);
                        throw new IOException("refused");
                    }
                }

                async Task InUsingBody(Stream s, IDisposable scope)
                {
                    using (scope)
                    {
                        await s.WriteAsync(new byte[1], 0, 1);
                        if (s.Length == 0) { s.Dispose(); throw new EndOfStreamException(); }
                    }
                }
            }
            """);

    [Fact]
    public Task Release_not_followed_at_once_by_a_throw_is_reported() =>
        VerifyAG0102.Diagnostics(Usings + """
            abstract class OwnStream : Stream
            {
                public override void Close() { }
                public Task CloseAsync() => Task.CompletedTask;
            }

            class C
            {
                async Task Between(Stream s)
                {
                    await s.FlushAsync();
                    {|AG0102:s.Dispose()|};
                    Console.WriteLine("closed");
                    throw new IOException();
                }

                async Task AwaitBetween(Stream s)
                {
                    {|AG0102:s.Dispose()|};
                    await Task.Yield();
                    throw new IOException();
                }

                async Task ThrowUnderACondition(Stream s, bool fatal)
                {
                    await s.FlushAsync();
                    {|AG0102:s.Dispose()|};
                    if (fatal) throw new IOException();
                }

                async Task AwaitInTheThrow(Stream s, Func<Task<Exception>> make)
                {
                    {|AG0102:s.Dispose()|};
                    throw await make();
                }

                async Task CaughtInTheFunction(Stream s)
                {
                    for (var i = 0; i < 3; i++)
                    {
                        try
                        {
                            await s.FlushAsync();
                            {|AG0102:s.Dispose()|};
                            throw new IOException();
                        }
                        catch (IOException) { }
                    }
                }

                async Task NotATransport(FileStream file, StreamWriter writer, OwnStream own)
                {
                    await file.FlushAsync();
                    {|AG0102:file.Dispose()|};
                    throw new IOException();
                }

                async Task Writer(StreamWriter writer)
                {
                    await writer.FlushAsync();
                    {|AG0102:writer.Dispose()|};
                    throw new IOException();
                }

                async Task OwnClose(OwnStream own)
                {
                    await own.FlushAsync();
                    {|AG0102:own.Close()|};
                    throw new IOException();
                }

                async Task InLambda(Stream s)
                {
                    Func<Task> f = async () => { await Task.Yield(); {|AG0102:s.Dispose()|}; };
                    await f();
                    throw new IOException();
                }
            }
            """);

    [Fact]
    public Task Option_reports_the_release_before_a_throw() =>
        VerifyAG0102.DiagnosticsWithOptions(
            Usings + """
                class C
                {
                    async Task M(Stream s)
                    {
                        await s.WriteAsync(new byte[1], 0, 1);
                        if (s.Length == 0)
                        {
                            {|AG0102:s.Dispose()|};
                            throw new EndOfStreamException();
                        }
                    }
                }
                """,
            "dotnet_diagnostic.AG0102.report_failure_path_disposal = true");

    [Fact]
    public Task Survives_half_typed_code() => VerifyAG0102.DiagnosticsInBrokenCode(Usings + """
        class C
        {
            async Task M(Stream s, Unknown u)
            {
                await s.FlushAsync();
                if (u.Bad)
                {
                    u.Dispose();
                    throw new Missing(u);
                }
                if (u.Other)
                {
                    s.Dispose();
                    throw new
                }
                {|AG0102:s.Dispose()|};
                throw;
                s.Dispose(
                throw new IOException();
            }
        }
        """);
}
