using Xunit;
using VerifyAG0102 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0102AsyncAlternativeAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>
/// AG0102, issue 16 sixteenth pass (disp102): a `using` of a local <c>FileStream</c> whose body ends with an awaited
/// <c>FlushAsync</c> of it, however it was written before (its own members, or a method it was handed to), is silent by
/// default (`report_flushed_write_streams` reports it). Each silent shape has its nearest reported case beside it.
/// </summary>
public sealed class AG0102FlushedFileStreamTests
{
    private const string Usings = "using System; using System.IO; using System.IO.Compression; using System.Threading; using System.Threading.Tasks;\n";

    [Fact]
    public Task File_flushed_last_is_silent() =>
        VerifyAG0102.NoDiagnostics(Usings + """
            class Entity
            {
                public virtual Task WriteToAsync(Stream stream, CancellationToken ct) => stream.WriteAsync(new byte[1], 0, 1, ct);

                public async Task WriteToAsync(string fileName, CancellationToken ct)
                {
                    if (fileName is null)
                        throw new ArgumentNullException(nameof(fileName));

                    using (var stream = File.Open(fileName, FileMode.Create, FileAccess.Write))
                    {
                        await WriteToAsync(stream, ct).ConfigureAwait(false);
                        await stream.FlushAsync(ct).ConfigureAwait(false);
                    }
                }

                public async Task Declared(string path, byte[] data)
                {
                    using var file = new FileStream(path, FileMode.Create);
                    foreach (var b in data)
                    {
                        if (b == 0) continue;
                        file.WriteByte(b);
                    }

                    await file.FlushAsync();
                }

                public async Task Typed(string path)
                {
                    using (Stream file = new FileStream(path, FileMode.Append))
                    {
                        await WriteToAsync(file, default);
                        await file.FlushAsync();
                    }
                }
            }
            """);

    [Fact]
    public Task Other_flushes_and_streams_are_reported() =>
        VerifyAG0102.Diagnostics(Usings + """
            class Entity
            {
                public virtual Task WriteToAsync(Stream stream, CancellationToken ct) => stream.WriteAsync(new byte[1], 0, 1, ct);

                async Task NotLast(string path)
                {
                    {|AG0102:using|} (var stream = File.Create(path))
                    {
                        await stream.FlushAsync();
                        await WriteToAsync(stream, default);
                    }
                }

                async Task Conditional(string path, bool flush)
                {
                    {|AG0102:using|} (var stream = File.Create(path))
                    {
                        await WriteToAsync(stream, default);
                        if (flush) await stream.FlushAsync();
                    }
                }

                async Task ReturnsEarly(string path, bool stop)
                {
                    {|AG0102:using|} (var stream = File.Create(path))
                    {
                        await WriteToAsync(stream, default);
                        if (stop) return;
                        await stream.FlushAsync();
                    }
                }

                async Task SyncFlush(string path)
                {
                    {|AG0102:using|} (var stream = File.Create(path))
                    {
                        await WriteToAsync(stream, default);
                        {|AG0102:stream.Flush()|};
                    }
                }

                Stream _kept = Stream.Null;

                async Task WrappedInACompressor(string path, byte[] data)
                {
                    {|AG0102:using|} var stream = File.Create(path);
                    _kept = new GZipStream(stream, CompressionMode.Compress);
                    await _kept.WriteAsync(data, 0, data.Length);
                    await stream.FlushAsync();
                }

                async Task Captured(string path)
                {
                    {|AG0102:using|} (var stream = File.Create(path))
                    {
                        Func<Task> later = () => WriteToAsync(stream, default);
                        await stream.FlushAsync();
                    }
                }

                async Task UnknownStream(Func<Stream> open)
                {
                    {|AG0102:using|} (var stream = open())
                    {
                        await WriteToAsync(stream, default);
                        await stream.FlushAsync();
                    }
                }
            }
            """);

    [Fact]
    public Task Option_reports_the_flushed_file() =>
        VerifyAG0102.DiagnosticsWithOptions(
            Usings + """
                class C
                {
                    async Task M(string path, Func<Stream, Task> write)
                    {
                        {|AG0102:using|} (var stream = File.Create(path))
                        {
                            await write(stream);
                            await stream.FlushAsync();
                        }
                    }
                }
                """,
            "dotnet_diagnostic.AG0102.report_flushed_write_streams = true");

    [Fact]
    public Task Survives_half_typed_code() => VerifyAG0102.DiagnosticsInBrokenCode(Usings + """
        class C
        {
            async Task M(string path, Unknown u)
            {
                using (var stream = File.Create(path))
                {
                    await u.WriteToAsync(stream;
                    await stream.FlushAsync(
                }
                {|AG0102:using|} var other = File.Create(Missing.Path);
                await other.FlushAsync();
                using (var third = new FileStream())
                    await third.FlushAsync();
            }
        }
        """);
}
