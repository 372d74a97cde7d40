using System.Threading.Tasks;
using Xunit;
using VerifyAG0102 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0102AsyncAlternativeAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>
/// AG0102 on the `using` of <c>entry.Open()</c> where the entry belongs to an update-mode zip archive of the same function
/// (issue 16, ho4c held-out pass; judged wrong on Remotely): in update mode every entry stream is a wrapper over the entry's
/// in-memory copy of its data, and disposing it writes nothing (the archive writes the entries at its own disposal), so
/// `await using` gains nothing. Still reported: create mode (disposal writes the compressed data into the archive's stream),
/// a mode not known at compile time, an archive parameter, an archive or entry local assigned again, and another library's
/// types with the same names.
/// </summary>
public sealed class AG0102UpdateArchiveEntryStreamTests
{
    private const string Usings = "using System; using System.IO; using System.IO.Compression; using System.Text; using System.Threading; using System.Threading.Tasks;\n";

    private static string InAsync(string body) => Usings + $$"""
        class MyEntry { public Stream Open() => null!; }
        class MyArchive { public MyArchive(Stream s, ZipArchiveMode mode) { } public MyEntry CreateEntry(string name) => new MyEntry(); }
        class C
        {
            async Task<int> M(Stream zipStream, Stream data, ZipArchive given, ZipArchiveMode mode, string path, string file, bool other, CancellationToken ct)
            {
                await Task.Yield();
                {{body}}
                return 0;
            }
        }
        """;

    [Theory]
    // A local file archive opened for update (its own disposal is the local zip archive row's), a using declaration and statement.
    [InlineData("using var archive = {|AG0102:ZipFile.Open(path, ZipArchiveMode.Update)|}; var entry = archive.CreateEntry(\"a\"); using var s = entry.Open(); await data.CopyToAsync(s, ct);")]
    [InlineData("using (var archive = {|AG0102:ZipFile.Open(path, ZipArchiveMode.Update)|}) { var entry = archive.CreateEntry(\"a\"); using (Stream s = entry.Open()) { await data.CopyToAsync(s, ct); } }")]
    // The call itself as the resource, the expression form of the using statement, a new ZipArchive over a parameter stream
    // (its own disposal stays reported).
    [InlineData("{|AG0102:using|} var archive = new ZipArchive(zipStream, ZipArchiveMode.Update, true); using var s = archive.CreateEntry(\"b\").Open(); await data.CopyToAsync(s, ct);")]
    [InlineData("{|AG0102:using|} var archive = new ZipArchive(zipStream, mode: ZipArchiveMode.Update, leaveOpen: true, Encoding.UTF8); using (archive.CreateEntry(\"b\").Open()) { await Task.Yield(); }")]
    // Existing entries: GetEntry and foreach over Entries (Open itself loads the data and keeps its own rules).
    [InlineData("using var archive = {|AG0102:ZipFile.Open(path, ZipArchiveMode.Update)|}; var entry = archive.GetEntry(\"a\")!; using var s = {|AG0102:entry.Open()|}; await s.WriteAsync(new byte[1], ct);")]
    [InlineData("using var archive = {|AG0102:ZipFile.Open(path, ZipArchiveMode.Update)|}; foreach (var e in archive.Entries) { using var s = {|AG0102:e.Open()|}; await s.WriteAsync(new byte[1], ct); }")]
    // A lambda with its own archive.
    [InlineData("Func<Task> add = async () => { using var archive = {|AG0102:ZipFile.Open(path, ZipArchiveMode.Update)|}; using var s = archive.CreateEntry(\"x\").Open(); await data.CopyToAsync(s, ct); }; await add();")]
    public Task Silent_on_disposing_an_update_mode_entry_stream(string body) =>
        VerifyAG0102.Diagnostics(InAsync(body));

    [Theory]
    // Create mode: the entry stream's disposal writes the compressed data into the archive's stream.
    [InlineData("{|AG0102:using|} var archive = new ZipArchive(zipStream, ZipArchiveMode.Create, true); var entry = archive.CreateEntry(\"a\"); {|AG0102:using|} var s = entry.Open(); await data.CopyToAsync(s, ct);")]
    // A mode not known at compile time.
    [InlineData("{|AG0102:using|} var archive = new ZipArchive(zipStream, mode, true); {|AG0102:using|} var s = archive.CreateEntry(\"a\").Open(); await data.CopyToAsync(s, ct);")]
    // An archive parameter, an archive local assigned again, an entry local assigned again.
    [InlineData("{|AG0102:using|} var s = given.CreateEntry(\"a\").Open(); await data.CopyToAsync(s, ct);")]
    [InlineData("var archive = new ZipArchive(zipStream, ZipArchiveMode.Update, true); if (other) archive = given; {|AG0102:using|} var s = archive.CreateEntry(\"a\").Open(); await data.CopyToAsync(s, ct);")]
    [InlineData("using var archive = {|AG0102:ZipFile.Open(path, ZipArchiveMode.Update)|}; var entry = archive.CreateEntry(\"a\"); if (other) entry = given.CreateEntry(\"b\"); {|AG0102:using|} var s = {|AG0102:entry.Open()|}; await data.CopyToAsync(s, ct);")]
    // An archive captured from the enclosing function.
    [InlineData("using var archive = {|AG0102:ZipFile.Open(path, ZipArchiveMode.Update)|}; Func<Task> add = async () => { {|AG0102:using|} var s = archive.CreateEntry(\"x\").Open(); await data.CopyToAsync(s, ct); }; await add();")]
    // Another library's types with the same names.
    [InlineData("var archive = new MyArchive(zipStream, ZipArchiveMode.Update); {|AG0102:using|} var s = archive.CreateEntry(\"a\").Open(); await data.CopyToAsync(s, ct);")]
    public Task Reported_where_the_entry_stream_is_not_an_update_mode_buffer(string body) =>
        VerifyAG0102.Diagnostics(InAsync(body));

    [Theory]
    // Half-typed code: an unknown archive, an unfinished call, a missing mode, an untyped entry. Nothing throws.
    [InlineData("using var archive = {|AG0102:ZipFile.Open(path, ZipArchiveMode.Update)|}; using var s = missing.CreateEntry(\"a\").Open();")]
    [InlineData("using var archive = {|AG0102:ZipFile.Open(path, ZipArchiveMode.Update)|}; using var s = archive.CreateEntry(\"a\").Open(;")]
    [InlineData("{|AG0102:using|} var archive = ZipFile.Open(path, ZipArchiveMode.); {|AG0102:using|} var s = archive.CreateEntry(\"a\").Open();")]
    [InlineData("var entry; using var s = entry.Open();")]
    public Task Never_throws_on_half_typed_code(string body) =>
        VerifyAG0102.DiagnosticsInBrokenCode(InAsync(body));
}
