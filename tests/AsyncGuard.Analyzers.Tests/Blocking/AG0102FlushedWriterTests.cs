using Xunit;
using VerifyAG0102 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0102AsyncAlternativeAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>
/// AG0102 corpus7app D1 (fail7): a `using` of a `new StreamWriter(stream, .., leaveOpen: true)` whose last statement is an
/// awaited `FlushAsync` of it is silent by default (`report_flushed_write_streams` reports it). Each silent shape has its
/// nearest reported case beside it.
/// </summary>
public sealed class AG0102FlushedWriterTests
{
    private const string Usings = "using System; using System.Collections.Generic; using System.IO; using System.Text; using System.Threading; using System.Threading.Tasks;\n";

    [Fact]
    public Task Writer_that_leaves_the_stream_open_flushed_last_is_silent() =>
        VerifyAG0102.NoDiagnostics(Usings + """
            class C
            {
                async Task Listing(Stream stream, IEnumerable<string> lines, CancellationToken ct)
                {
                    using (var writer = new StreamWriter(stream, Encoding.UTF8, 4096, true)
                    {
                        NewLine = "\r\n",
                    })
                    {
                        foreach (var line in lines)
                        {
                            if (line.Length == 0) continue;
                            if (line == "end") break;
                            await writer.WriteLineAsync(line).ConfigureAwait(false);
                        }

                        await writer.FlushAsync().ConfigureAwait(false);
                    }
                }

                async Task Declared(Stream stream)
                {
                    await Task.Yield();
                    using var writer = new StreamWriter(stream, leaveOpen: true);
                    writer.AutoFlush = false;
                    await writer.WriteAsync("x");
                    await writer.FlushAsync();
                }
            }
            """);

    [Fact]
    public Task Other_writers_and_flushes_are_reported() =>
        VerifyAG0102.Diagnostics(Usings + """
            class Own : StreamWriter { public Own(Stream s) : base(s, Encoding.UTF8, 1024, true) { } }

            class C
            {
                async Task OwnsTheStream(Stream stream)
                {
                    {|AG0102:using|} (var writer = new StreamWriter(stream))
                    {
                        await writer.WriteAsync("x");
                        await writer.FlushAsync();
                    }
                }

                async Task NotConstant(Stream stream, bool keep)
                {
                    {|AG0102:using|} (var writer = new StreamWriter(stream, Encoding.UTF8, 4096, keep))
                    {
                        await writer.WriteAsync("x");
                        await writer.FlushAsync();
                    }
                }

                async Task WriteAfterFlush(Stream stream)
                {
                    {|AG0102:using|} (var writer = new StreamWriter(stream, Encoding.UTF8, 4096, true))
                    {
                        await writer.FlushAsync();
                        await writer.WriteAsync("x");
                    }
                }

                async Task ConditionalFlush(Stream stream, bool flush)
                {
                    {|AG0102:using|} (var writer = new StreamWriter(stream, Encoding.UTF8, 4096, true))
                    {
                        await writer.WriteAsync("x");
                        if (flush) await writer.FlushAsync();
                    }
                }

                async Task ReturnsEarly(Stream stream, bool stop)
                {
                    {|AG0102:using|} (var writer = new StreamWriter(stream, Encoding.UTF8, 4096, true))
                    {
                        await writer.WriteAsync("x");
                        if (stop) return;
                        await writer.FlushAsync();
                    }
                }

                async Task BreaksOut(Stream stream, string[] lines)
                {
                    foreach (var line in lines)
                    {
                        {|AG0102:using|} (var writer = new StreamWriter(stream, Encoding.UTF8, 4096, true))
                        {
                            await writer.WriteAsync(line);
                            if (line.Length == 0) break;
                            await writer.FlushAsync();
                        }
                    }
                }

                async Task HandedOn(Stream stream)
                {
                    {|AG0102:using|} (var writer = new StreamWriter(stream, Encoding.UTF8, 4096, true))
                    {
                        await Fill(writer);
                        await writer.FlushAsync();
                    }
                }

                async Task Captured(Stream stream)
                {
                    {|AG0102:using|} (var writer = new StreamWriter(stream, Encoding.UTF8, 4096, true))
                    {
                        Func<Task> later = () => writer.WriteAsync("x");
                        await writer.FlushAsync();
                    }
                }

                async Task SyncFlush(Stream stream)
                {
                    {|AG0102:using|} (var writer = new StreamWriter(stream, Encoding.UTF8, 4096, true))
                    {
                        await writer.WriteAsync("x");
                        {|AG0102:writer.Flush()|};
                    }
                }

                async Task Derived(Stream stream)
                {
                    {|AG0102:using|} (var writer = new Own(stream))
                    {
                        await writer.WriteAsync("x");
                        await writer.FlushAsync();
                    }
                }

                static Task Fill(TextWriter w) => w.WriteAsync("x");
            }
            """);

    [Fact]
    public Task Option_reports_the_flushed_writer() =>
        VerifyAG0102.DiagnosticsWithOptions(
            Usings + """
                class C
                {
                    async Task M(Stream stream)
                    {
                        {|AG0102:using|} (var writer = new StreamWriter(stream, Encoding.UTF8, 4096, true))
                        {
                            await writer.WriteAsync("x");
                            await writer.FlushAsync();
                        }
                    }
                }
                """,
            "dotnet_diagnostic.AG0102.report_flushed_write_streams = true");

    [Fact]
    public Task Survives_half_typed_code() => VerifyAG0102.DiagnosticsInBrokenCode(Usings + """
        class C
        {
            async Task M(Stream stream, Unknown u)
            {
                {|AG0102:using|} (var writer = new StreamWriter(stream, Missing.Encoding, 4096, true))
                {
                    await writer.WriteAsync(u.Text;
                    await writer.FlushAsync(
                }
                {|AG0102:using|} var other = new StreamWriter(stream, leaveOpen: );
                await other.FlushAsync();
                {|AG0102:using|} (var third = new StreamWriter())
                    await third.FlushAsync();
            }
        }
        """);
}
