using System.Threading.Tasks;
using AsyncGuard.Analyzers.Blocking;
using AsyncGuard.Analyzers.Tests.Verifiers;
using Xunit;
using VerifyAG0102 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0102AsyncAlternativeAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>
/// AG0102 on the `using` of a zip archive whose bytes stay on the local machine (issue 16, sixteenth pass, w2a;
/// sync-preferred, the disposal side of the local zip transfers): an archive local opened from a path, or made over a file or
/// memory stream (also a parameter every caller of a method no other assembly can call gives one) in a constant mode. Its
/// disposal writes the central directory or the updated archive into that local file, or only closes it. Silent by default,
/// reported with report_sync_preferred. Still reported: an archive over any other stream (also in read mode: the eighth pass
/// keeps a read-mode archive over a given stream reported), a mode not known here, an archive from elsewhere.
/// </summary>
public sealed class AG0102LocalZipArchiveUsingTests
{
    private const string Usings = "using System; using System.IO; using System.IO.Compression; using System.Text; using System.Threading; using System.Threading.Tasks;\n";

    private const string SyncPreferred = SyncByNature.ReportSyncPreferredOption + " = true";

    private static string InAsync(string body) => Usings + $$"""
        class C
        {
            public async Task<int> M(Stream zipStream, string path, string dir, ZipArchiveMode mode, CancellationToken ct)
            {
                await Task.Yield();
                {{body}}
                return 0;
            }
            static ZipArchive Make(Stream s) => new ZipArchive(s);
        }
        """;

    [Theory]
    // Update mode over a file the function opened (using statement, using declaration, a FileStream-typed local).
    [InlineData("await using (var stream = File.Open(path, FileMode.Open)) { using (var archive = new ZipArchive(stream, ZipArchiveMode.Update)) { var entry = archive.CreateEntry(\"build.json\"); await using var w = new StreamWriter(entry.Open()); await w.WriteAsync(\"{}\"); } }")]
    [InlineData("await using var file = new FileStream(path, FileMode.Create, FileAccess.ReadWrite); using var archive = new ZipArchive(file, ZipArchiveMode.Create, true, Encoding.UTF8); archive.CreateEntryFromFile(path, \"a\");")]
    [InlineData("FileStream file = File.Create(path); using ZipArchive archive = new ZipArchive(mode: ZipArchiveMode.Create, stream: file); await file.FlushAsync(ct);")]
    // Opened from a path, in any mode.
    [InlineData("using (var archive = {|AG0102:ZipFile.Open(path, ZipArchiveMode.Update)|}) { archive.CreateEntryFromFile(path, \"a\"); }")]
    [InlineData("using var archive = await ZipFile.OpenAsync(path, ZipArchiveMode.Create, ct); archive.CreateEntryFromFile(path, \"a\");")]
    public Task Silent_on_the_disposal_of_a_local_archive(string body) =>
        VerifyAG0102.Diagnostics(InAsync(body));

    [Theory]
    // Any mode over a stream the function was given (no caller proves it), a stream of another kind, a mode not known here.
    [InlineData("{|AG0102:using|} (var archive = new ZipArchive(zipStream, ZipArchiveMode.Create, true)) { archive.CreateEntry(\"a\"); }")]
    [InlineData("{|AG0102:using|} var archive = new ZipArchive(zipStream, ZipArchiveMode.Update); archive.CreateEntry(\"a\");")]
    [InlineData("{|AG0102:using|} var archive = new ZipArchive(new BufferedStream(File.Create(path)), ZipArchiveMode.Create); archive.CreateEntry(\"a\");")]
    [InlineData("await using var file = File.Create(path); {|AG0102:using|} var archive = new ZipArchive(file, mode); archive.CreateEntry(\"a\");")]
    // An archive from a helper; a file opened here for asynchronous I/O (also through options not known here).
    [InlineData("{|AG0102:using|} var archive = Make(File.OpenRead(path)); archive.CreateEntry(\"a\");")]
    [InlineData("await using var file = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 4096, useAsync: true); {|AG0102:using|} var archive = new ZipArchive(file, ZipArchiveMode.Create, true);")]
    [InlineData("await using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None, 4096, FileOptions.Asynchronous); {|AG0102:using|} var archive = new ZipArchive(file, ZipArchiveMode.Update);")]
    // The nearest right finding: the file written by an async copy keeps its own `using` reported (its disposal flushes the
    // last buffer), whatever the archive over it does.
    [InlineData("{|AG0102:using|} var file = new FileStream(path, FileMode.Create, FileAccess.ReadWrite); await zipStream.CopyToAsync(file, ct); using var archive = new ZipArchive(file, ZipArchiveMode.Update, true); archive.CreateEntry(\"a\");")]
    public Task Reported_where_the_archive_may_write_elsewhere_or_is_not_known(string body) =>
        VerifyAG0102.Diagnostics(InAsync(body));

    [Fact]
    public Task The_sync_preferred_option_reports_them_again() =>
        VerifyAG0102.DiagnosticsWithOptions(
            InAsync("await using var file = new FileStream(path, FileMode.Create, FileAccess.ReadWrite); {|AG0102:using|} var archive = new ZipArchive(file, ZipArchiveMode.Create, true); archive.CreateEntry(\"a\"); {|AG0102:using|} (var opened = await ZipFile.OpenAsync(path, ZipArchiveMode.Update, ct)) { opened.CreateEntry(\"b\"); }"),
            SyncPreferred);

    [Theory]
    // Half-typed code: a missing stream, mode or declaration. Nothing throws.
    [InlineData("{|AG0102:using|} var archive = new ZipArchive(missing, ZipArchiveMode.Create); archive.CreateEntry(\"a\");")]
    [InlineData("await using var file = File.Create(path); {|AG0102:using|} var archive = new ZipArchive(file, ZipArchiveMode.); archive.CreateEntry(\"a\");")]
    [InlineData("{|AG0102:using|} (var archive = new ZipArchive(File.Create(path), ) { }")]
    [InlineData("{|AG0102:using|} ZipArchive a = , b = new ZipArchive(zipStream);")]
    public Task Never_throws_on_half_typed_code(string body) =>
        VerifyAG0102.DiagnosticsInBrokenCode(InAsync(body));
}
