using Xunit;
using VerifyAG0102 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0102AsyncAlternativeAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>
/// AG0102, issue 16 sixteenth pass (disp102): a `using` of a read-mode <c>CryptoStream</c> (a constant
/// <c>CryptoStreamMode.Read</c>) over a stream nothing writes (left open, read-only, a chained read-mode crypto stream, or a
/// stream typed <c>Stream</c> the function was given and only reads) is silent by default
/// (`report_read_streams` reports them, and `report_given_read_streams` those over a given stream). The nearest reported
/// cases (write mode, a mode not known, a written stream, a subclass, a read-mode archive over a given stream) stand beside them.
/// </summary>
public sealed class AG0102ReadModeCryptoTests
{
    private const string Usings = "using System; using System.IO; using System.IO.Compression; using System.Security.Cryptography; using System.Threading; using System.Threading.Tasks;\n";

    private const string Silent = Usings + """
        class C
        {
            static async Task DecryptAsync(Stream data, ICryptoTransform decrypter, HashAlgorithm sha256, Stream destination, CancellationToken ct)
            {
                using CryptoStream aesStream = new CryptoStream(data, decrypter, CryptoStreamMode.Read);
                using CryptoStream shaStream = new CryptoStream(aesStream, sha256, CryptoStreamMode.Read);
                var buffer = new byte[256];
                int read = await shaStream.ReadAsync(buffer, 0, 256, ct).ConfigureAwait(false);
                await destination.WriteAsync(buffer, 0, read, ct).ConfigureAwait(false);
                await shaStream.CopyToAsync(destination, 81920, ct).ConfigureAwait(false);
            }

            static async Task LeftOpen(Stream written, ICryptoTransform t, Stream destination)
            {
                await written.WriteAsync(new byte[1], 0, 1);
                using (var reader = new CryptoStream(written, t, CryptoStreamMode.Read, leaveOpen: true))
                    await reader.CopyToAsync(destination);
            }

            static async Task OverAFile(string path, ICryptoTransform t, Stream destination)
            {
                using (var crypto = new CryptoStream(File.OpenRead(path), t, CryptoStreamMode.Read))
                {
                    await crypto.CopyToAsync(destination);
                }
            }
        }
        """;

    [Fact]
    public Task Read_mode_crypto_streams_over_streams_nothing_writes_are_silent() => VerifyAG0102.NoDiagnostics(Silent);

    [Fact]
    public Task Other_modes_and_sources_are_reported() =>
        VerifyAG0102.Diagnostics(Usings + """
            class Own : CryptoStream { public Own(Stream s, ICryptoTransform t) : base(s, t, CryptoStreamMode.Read) { } }

            class C
            {
                Stream _field = Stream.Null;

                async Task WriteMode(Stream output, ICryptoTransform t, byte[] data)
                {
                    {|AG0102:using|} var crypto = new CryptoStream(output, t, CryptoStreamMode.Write);
                    await crypto.WriteAsync(data, 0, data.Length);
                }

                async Task ModeNotKnown(Stream input, ICryptoTransform t, CryptoStreamMode mode, Stream destination)
                {
                    {|AG0102:using|} var crypto = new CryptoStream(input, t, mode);
                    await crypto.CopyToAsync(destination);
                }

                async Task GivenAndWritten(Stream input, ICryptoTransform t, Stream destination)
                {
                    await input.WriteAsync(new byte[1], 0, 1);
                    {|AG0102:using|} var crypto = new CryptoStream(input, t, CryptoStreamMode.Read);
                    await crypto.CopyToAsync(destination);
                }

                async Task MoreSpecificType(FileStream input, ICryptoTransform t, Stream destination)
                {
                    {|AG0102:using|} var crypto = new CryptoStream(input, t, CryptoStreamMode.Read);
                    await crypto.CopyToAsync(destination);
                }

                async Task OverAField(ICryptoTransform t, Stream destination)
                {
                    {|AG0102:using|} var crypto = new CryptoStream(_field, t, CryptoStreamMode.Read);
                    await crypto.CopyToAsync(destination);
                }

                async Task Subclass(Stream input, ICryptoTransform t, Stream destination)
                {
                    {|AG0102:using|} var crypto = new Own(input, t);
                    await crypto.CopyToAsync(destination);
                }

                async Task UpdateArchive(Stream zipStream)
                {
                    await Task.Yield();
                    {|AG0102:using|} (var archive = new ZipArchive(zipStream, ZipArchiveMode.Update, false))
                        archive.CreateEntry("a");
                }

                async Task ArchiveOverAGivenStream(Stream zipStream)
                {
                    await Task.Yield();
                    {|AG0102:using|} (var archive = new ZipArchive(zipStream, ZipArchiveMode.Read, false))
                        Console.WriteLine(archive.Entries.Count);
                }

                async Task OverALocalFile(string path, ICryptoTransform t, Stream destination)
                {
                    {|AG0102:using|} var file = new FileStream(path, FileMode.OpenOrCreate);
                    await file.WriteAsync(new byte[1], 0, 1);
                    {|AG0102:using|} var crypto = new CryptoStream(file, t, CryptoStreamMode.Read);
                    await crypto.CopyToAsync(destination);
                }
            }
            """);

    [Fact]
    public Task Read_streams_option_reports_them() =>
        VerifyAG0102.DiagnosticsWithOptions(
            Usings + """
                class C
                {
                    static async Task OverAFile(string path, ICryptoTransform t, Stream destination)
                    {
                        {|AG0102:using|} (var crypto = new CryptoStream(File.OpenRead(path), t, CryptoStreamMode.Read))
                            await crypto.CopyToAsync(destination);
                    }
                }
                """,
            "dotnet_diagnostic.AG0102.report_read_streams = true");

    [Fact]
    public Task Given_read_streams_option_reports_those_over_a_given_stream() =>
        VerifyAG0102.DiagnosticsWithOptions(
            Usings + """
                class C
                {
                    static async Task Decrypt(Stream data, ICryptoTransform t, Stream destination)
                    {
                        {|AG0102:using|} var crypto = new CryptoStream(data, t, CryptoStreamMode.Read);
                        await crypto.CopyToAsync(destination);
                    }

                    static async Task LeftOpen(Stream data, ICryptoTransform t, Stream destination)
                    {
                        using var crypto = new CryptoStream(data, t, CryptoStreamMode.Read, true);
                        await crypto.CopyToAsync(destination);
                    }
                }
                """,
            "dotnet_diagnostic.AG0102.report_given_read_streams = true");

    [Fact]
    public Task Survives_half_typed_code() => VerifyAG0102.DiagnosticsInBrokenCode(Usings + """
        class C
        {
            async Task M(Stream data, Unknown t, Stream destination)
            {
                {|AG0102:using|} var crypto = new CryptoStream(data, t, CryptoStreamMode.Read);
                await crypto.CopyToAsync(destination;
                {|AG0102:using|} var other = new CryptoStream(Missing.Stream, t, CryptoStreamMode.);
            }
        }
        """);
}
