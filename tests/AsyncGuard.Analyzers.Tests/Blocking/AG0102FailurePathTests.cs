using Xunit;
using VerifyAG0102 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0102AsyncAlternativeAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>
/// AG0102 corpus7 D1 (fail7, issue 16): a synchronous Dispose/Close/Disconnect of a resource inside a catch clause from
/// which every path ends in a throw is silent by default (`report_failure_path_disposal` reports it). Each silent shape
/// has its nearest reported case beside it.
/// </summary>
public sealed class AG0102FailurePathTests
{
    private const string Usings = "using System; using System.IO; using System.Net.Security; using System.Net.Sockets; using System.Runtime.ExceptionServices; using System.Threading; using System.Threading.Tasks;\n";

    [Fact]
    public Task Release_before_rethrow_is_silent() =>
        VerifyAG0102.NoDiagnostics(Usings + """
            class BoundSsl : SslStream
            {
                public BoundSsl(Stream inner) : base(inner) { }
                protected override void Dispose(bool disposing) { base.Dispose(disposing); }
            }

            class C
            {
                readonly object _gate = new();
                int _state;

                async Task<Stream> Handshake(Stream inner, string host)
                {
                    var ssl = new SslStream(inner);
                    try
                    {
                        await ssl.AuthenticateAsClientAsync(host);
                    }
                    catch
                    {
                        ssl.Dispose();
                        throw;
                    }

                    return ssl;
                }

                async Task OwnSubclass(Stream inner, string host)
                {
                    var ssl = new BoundSsl(inner);
                    try
                    {
                        await ssl.AuthenticateAsClientAsync(host);
                    }
                    catch (Exception ex)
                    {
                        ssl.Dispose();
                        throw new IOException("handshake", ex);
                    }
                }

                async Task Wrapped(Stream s)
                {
                    try
                    {
                        await s.FlushAsync();
                    }
                    catch (Exception ex)
                    {
                        s.Dispose();

                        throw new IOException("failed", ex);
                    }
                }

                async Task<Stream> Proxy(Socket socket)
                {
                    try
                    {
                        await socket.ConnectAsync("host", 80);
                        return new NetworkStream(socket, true);
                    }
                    catch
                    {
                        if (socket.Connected)
                            socket.Disconnect(false);
                        socket.Dispose();
                        throw;
                    }
                }

                async Task Branches(Stream s)
                {
                    try
                    {
                        await s.FlushAsync();
                    }
                    catch (Exception ex)
                    {
                        if (ex is not OperationCanceledException)
                            Console.WriteLine(ex);
                        s?.Dispose();
                        lock (_gate)
                            _state = 1;
                        if (ex is IOException)
                            throw new InvalidOperationException("io", ex);
                        if (ex is TimeoutException)
                        {
                            throw;
                        }
                        else
                        {
                            throw new InvalidOperationException("other", ex);
                        }
                    }
                }

                async Task Captured(Stream s)
                {
                    try
                    {
                        await s.FlushAsync();
                    }
                    catch (Exception ex)
                    {
                        s.Close();
                        ExceptionDispatchInfo.Capture(ex).Throw();
                    }
                }

                async Task Nested(Stream s)
                {
                    try
                    {
                        await s.FlushAsync();
                    }
                    catch (Exception ex)
                    {
                        try
                        {
                            s.Dispose();
                        }
                        finally
                        {
                            Console.WriteLine("closed");
                        }

                        throw;
                    }
                }
            }
            """);

    [Fact]
    public Task Release_on_a_path_that_does_not_end_in_a_throw_is_reported() =>
        VerifyAG0102.Diagnostics(Usings + """
            abstract class OwnStream : Stream
            {
                public override void Close() { }
                public Task CloseAsync() => Task.CompletedTask;
            }

            sealed class Client : IDisposable, IAsyncDisposable
            {
                public Task SendAsync() => Task.CompletedTask;
                public void Dispose() { }
                public ValueTask DisposeAsync() => default;
            }

            class C
            {
                async Task Swallowed(Stream s)
                {
                    try { await s.FlushAsync(); }
                    catch { {|AG0102:s.Dispose()|}; }
                }

                async Task MayReturn(Stream s, bool retry)
                {
                    try { await s.FlushAsync(); }
                    catch
                    {
                        {|AG0102:s.Dispose()|};
                        if (retry) return;
                        throw;
                    }
                }

                async Task OneBranchThrows(Stream s, bool fatal)
                {
                    try { await s.FlushAsync(); }
                    catch
                    {
                        {|AG0102:s.Dispose()|};
                        if (fatal) throw;
                    }
                }

                async Task AwaitsAfter(Stream s, Stream log)
                {
                    try { await s.FlushAsync(); }
                    catch
                    {
                        {|AG0102:s.Dispose()|};
                        await log.WriteAsync(new byte[1]);
                        throw;
                    }
                }

                async Task InFinally(Stream s)
                {
                    try { await s.FlushAsync(); throw new IOException(); }
                    finally { {|AG0102:s.Dispose()|}; }
                }

                async Task CaughtAgain(Stream s)
                {
                    try { await s.FlushAsync(); }
                    catch
                    {
                        {|AG0102:s.Dispose()|};
                        try { throw; } catch (IOException) { }
                    }
                }

                async Task InLoop(Stream s)
                {
                    while (true)
                    {
                        try { await s.FlushAsync(); return; }
                        catch
                        {
                            {|AG0102:s.Dispose()|};
                            continue;
                        }
                    }
                }

                async Task NotARelease(Stream s, byte[] data)
                {
                    try { await s.FlushAsync(); }
                    catch
                    {
                        {|AG0102:s.Write(data, 0, data.Length)|};
                        {|AG0102:s.Flush()|};
                        throw;
                    }
                }

                async Task WrittenFile(Stream network, string path)
                {
                    var file = new FileStream(path, FileMode.Create);
                    var writer = new StreamWriter(network);
                    try { await network.CopyToAsync(file); await writer.WriteAsync("x"); }
                    catch
                    {
                        {|AG0102:file.Dispose()|};
                        {|AG0102:writer.Dispose()|};
                        throw;
                    }
                }

                async Task NotATransport(System.Data.Common.DbDataReader reader, OwnStream own, Client client)
                {
                    try { await reader.ReadAsync(); await own.FlushAsync(); await client.SendAsync(); }
                    catch
                    {
                        {|AG0102:reader.Dispose()|};
                        {|AG0102:reader.Close()|};
                        {|AG0102:own.Close()|};
                        {|AG0102:client.Dispose()|};
                        throw;
                    }
                }

                async Task BeforeTheTry(Stream s)
                {
                    {|AG0102:s.Dispose()|};
                    await Task.Yield();
                    throw new IOException();
                }

                void InAsyncLambda(Stream s)
                {
                    try { s.Flush(); }
                    catch
                    {
                        Func<Task> later = async () => { await Task.Yield(); {|AG0102:s.Dispose()|}; };
                        throw;
                    }
                }
            }
            """);

    [Fact]
    public Task Option_reports_the_release_before_rethrow() =>
        VerifyAG0102.DiagnosticsWithOptions(
            Usings + """
                class C
                {
                    async Task M(Stream s)
                    {
                        try { await s.FlushAsync(); }
                        catch
                        {
                            {|AG0102:s.Dispose()|};
                            throw;
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
                try { await s.FlushAsync(); }
                catch (Missing ex)
                {
                    {|AG0102:s.Dispose()|};
                    u.Dispose();
                    if (ex.Bad) throw
                    throw new Nope(ex);
                }
                catch
                {
                    s.Dispose(
                    Undefined.Throw();
                }
                {|AG0102:s.Dispose()|};
                throw;
            }
        }
        """);
}
