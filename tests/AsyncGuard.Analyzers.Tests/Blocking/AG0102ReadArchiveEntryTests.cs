using System.Threading.Tasks;
using AsyncGuard.Analyzers.Blocking;
using AsyncGuard.Analyzers.Core;
using Xunit;
using VerifyAG0102 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0102AsyncAlternativeAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>
/// AG0102 on <c>entry.Open()</c> of an entry of a read-mode archive the function constructs synchronously (issue 16, ninth
/// pass, zip7): whatever the archive's stream, its constructor has read the end of central directory (or copied a non-seekable
/// stream into memory) and Entries/GetEntry the central directory, synchronously; Open in read mode reads only the entry's local
/// header. Silent by default, reported with report_read_archive_entries; the eighth pass's archives over a local file opened for
/// synchronous I/O stay silent either way (they follow report_sync_preferred). Still reported: Update and Create mode, a mode
/// not known here, an archive parameter or field, an archive made by a call of another method or by ZipArchive.CreateAsync /
/// ZipFile.OpenReadAsync, an archive or entry local assigned again, an archive captured from an enclosing function.
/// </summary>
public sealed class AG0102ReadArchiveEntryTests
{
    private const string Usings = "using System; using System.IO; using System.IO.Compression; using System.Text; using System.Threading; using System.Threading.Tasks;\n";

    private static string InAsync(string body) => Usings + $$"""
        interface ILoader { void Load(Stream s); }
        interface IImporter { Task ImportAsync(Stream s, CancellationToken ct); }
        class C
        {
            private ZipArchive _field = null!;
            async Task<int> M(Stream zipStream, ZipArchive given, string path, ILoader loader, IImporter importer, ZipArchiveMode mode, bool other, CancellationToken ct)
            {
                await Task.Yield();
                {{body}}
                return 0;
            }
            static ZipArchive Make(Stream s) => new ZipArchive(s);
        }
        """;

    [Theory]
    // Foreach over Entries, GetEntry locals, no mode argument, leaveOpen / encoding overloads, named arguments.
    [InlineData("{|AG0102:using|} (ZipArchive backup = new ZipArchive(zipStream, ZipArchiveMode.Read, false, Encoding.UTF8)) { foreach (ZipArchiveEntry entry in backup.Entries) { await using (Stream s = entry.Open()) { loader.Load(s); } } }")]
    [InlineData("{|AG0102:using|} (ZipArchive backup = new ZipArchive(zipStream, ZipArchiveMode.Read, false, Encoding.UTF8)) { ZipArchiveEntry entry = backup.GetEntry(\"log.config\"); if (entry is not null) { await using (Stream s = entry.Open()) { loader.Load(s); } } }")]
    [InlineData("{|AG0102:using|} var archive = new ZipArchive(zipStream); var entry = archive.GetEntry(\"a\"); await using var s = entry!.Open(); await importer.ImportAsync(s, ct);")]
    [InlineData("{|AG0102:using|} var archive = new ZipArchive(zipStream, ZipArchiveMode.Read); foreach (var entry in archive.Entries) { var s = entry.Open(); }")]
    [InlineData("using var archive = new ZipArchive(zipStream, ZipArchiveMode.Read, leaveOpen: true); foreach (var entry in archive.Entries) { var s = entry.Open(); }")]
    [InlineData("using var archive = new ZipArchive(entryNameEncoding: Encoding.UTF8, leaveOpen: true, mode: ZipArchiveMode.Read, stream: zipStream); foreach (var entry in archive.Entries) { var s = entry.Open(); }")]
    // A plain local (never reassigned), an `await using` declaration, a stream the function copied to.
    [InlineData("var archive = new ZipArchive(zipStream, ZipArchiveMode.Read, true); foreach (var entry in archive.Entries) { var s = entry.Open(); } {|AG0102:archive.Dispose()|};")]
    [InlineData("await using var archive = new ZipArchive(zipStream); foreach (var entry in archive.Entries) { await using var s = entry.Open(); await importer.ImportAsync(s, ct); }")]
    [InlineData("var copy = new MemoryStream(); await zipStream.CopyToAsync(copy, ct); copy.Position = 0; using var archive = new ZipArchive(copy); var entry = archive.GetEntry(\"a\"); var s = entry?.Open();")]
    // A read-mode archive ZipFile opens in a plain local (the `using` local-file case is the eighth pass's).
    [InlineData("var archive = {|AG0102:ZipFile.OpenRead(path)|}; foreach (var entry in archive.Entries) { var s = entry.Open(); }")]
    [InlineData("var archive = {|AG0102:ZipFile.Open(path, ZipArchiveMode.Read, Encoding.UTF8)|}; var entry = archive.GetEntry(\"a\"); var s = entry!.Open();")]
    public Task Silent_on_entries_of_read_mode_archives_the_function_constructs(string body) =>
        VerifyAG0102.Diagnostics(InAsync(body));

    [Theory]
    // Update and Create mode, a mode not known here.
    [InlineData("{|AG0102:using|} var archive = new ZipArchive(zipStream, ZipArchiveMode.Update, true); foreach (var entry in archive.Entries) { var s = {|AG0102:entry.Open()|}; }")]
    // (A Create-mode entry made by CreateEntry is silent since the eleventh pass: its Open does no I/O, AG0102NewArchiveEntryTests.)
    [InlineData("{|AG0102:using|} var archive = new ZipArchive(zipStream, ZipArchiveMode.Create, true); var entry = archive.CreateEntry(\"a\"); var s = entry.Open();")]
    [InlineData("{|AG0102:using|} var archive = new ZipArchive(zipStream, ZipArchiveMode.Create, true); var entry = archive.GetEntry(\"a\"); var s = {|AG0102:entry!.Open()|};")]
    [InlineData("{|AG0102:using|} var archive = new ZipArchive(zipStream, mode, true); foreach (var entry in archive.Entries) { var s = {|AG0102:entry.Open()|}; }")]
    [InlineData("using var archive = {|AG0102:ZipFile.Open(path, ZipArchiveMode.Update)|}; foreach (var entry in archive.Entries) { var s = {|AG0102:entry.Open()|}; }")]
    // An archive from elsewhere: a parameter, a field, a call of another method.
    [InlineData("foreach (var entry in given.Entries) { var s = {|AG0102:entry.Open()|}; }")]
    [InlineData("var entry = given.GetEntry(\"a\"); var s = {|AG0102:entry!.Open()|};")]
    [InlineData("foreach (var entry in _field.Entries) { var s = {|AG0102:entry.Open()|}; }")]
    [InlineData("{|AG0102:using|} var archive = Make(zipStream); foreach (var entry in archive.Entries) { var s = {|AG0102:entry.Open()|}; }")]
    // Archives made asynchronously.
    [InlineData("await using var archive = await ZipArchive.CreateAsync(zipStream, ZipArchiveMode.Read, false, null, ct); foreach (var entry in archive.Entries) { var s = {|AG0102:entry.Open()|}; }")]
    [InlineData("await using var archive = await ZipFile.OpenReadAsync(path, ct); foreach (var entry in archive.Entries) { var s = {|AG0102:entry.Open()|}; }")]
    // An archive or entry local assigned again; an entry taken another way.
    [InlineData("var archive = new ZipArchive(zipStream); if (other) archive = given; foreach (var entry in archive.Entries) { var s = {|AG0102:entry.Open()|}; }")]
    [InlineData("{|AG0102:using|} var archive = new ZipArchive(zipStream); var entry = archive.GetEntry(\"a\"); if (other) entry = given.GetEntry(\"b\"); var s = {|AG0102:entry!.Open()|};")]
    [InlineData("{|AG0102:using|} var archive = new ZipArchive(zipStream); var entry = archive.Entries[0]; var s = {|AG0102:entry.Open()|};")]
    // An archive captured from an enclosing function.
    [InlineData("var archive = new ZipArchive(zipStream); Func<Task> later = async () => { await Task.Yield(); foreach (var entry in archive.Entries) { var s = {|AG0102:entry.Open()|}; } }; await later();")]
    // Everything else about the archive stays: entries from files into a create-mode archive over a given stream, the disposal
    // of a create-mode archive. (Extraction to files from a read-mode archive is a local zip transfer since the sixteenth pass:
    // AG0102LocalZipTransferTests.)
    [InlineData("{|AG0102:using|} var archive = new ZipArchive(zipStream); foreach (var entry in archive.Entries) { entry.ExtractToFile(path, true); }")]
    [InlineData("{|AG0102:using|} var archive = new ZipArchive(zipStream, ZipArchiveMode.Create, true); {|AG0102:archive.CreateEntryFromFile(path, \"a\")|};")]
    public Task Reported_where_the_archive_is_not_a_read_mode_archive_the_function_constructs(string body) =>
        VerifyAG0102.Diagnostics(InAsync(body));

    [Fact]
    public Task The_option_reports_them_again() =>
        VerifyAG0102.DiagnosticsWithOptions(
            InAsync("{|AG0102:using|} var archive = new ZipArchive(zipStream, ZipArchiveMode.Read, false, Encoding.UTF8); foreach (var entry in archive.Entries) { var s = {|AG0102:entry.Open()|}; } var one = archive.GetEntry(\"a\"); var t = {|AG0102:one!.Open()|};"),
            SyncFileReaders.ReportReadArchiveEntriesOption + " = true");

    [Fact]
    public Task The_option_leaves_the_local_file_archives_to_the_sync_preferred_option() =>
        VerifyAG0102.DiagnosticsWithOptions(
            InAsync("using var archive = {|AG0102:ZipFile.OpenRead(path)|}; foreach (var entry in archive.Entries) { var s = entry.Open(); } using var file = File.OpenRead(path); using var second = new ZipArchive(file, ZipArchiveMode.Read, true); var one = second.GetEntry(\"a\"); var t = one!.Open();"),
            SyncFileReaders.ReportReadArchiveEntriesOption + " = true");

    [Fact]
    public Task The_sync_preferred_option_alone_leaves_them_silent() =>
        VerifyAG0102.DiagnosticsWithOptions(
            InAsync("{|AG0102:using|} var archive = new ZipArchive(zipStream); foreach (var entry in archive.Entries) { var s = entry.Open(); } using var local = {|AG0102:ZipFile.OpenRead(path)|}; foreach (var e in local.Entries) { var t = {|AG0102:e.Open()|}; }"),
            SyncPreferred);

    private const string SyncPreferred = SyncByNature.ReportSyncPreferredOption + " = true";

    [Theory]
    // Half-typed code: an unknown stream, a missing mode, an unfinished constructor, an unknown entry source, a missing
    // argument or receiver. Nothing is silenced that the code does not show; nothing throws.
    [InlineData("{|AG0102:using|} var archive = new ZipArchive(missing, ZipArchiveMode.Read); foreach (var entry in archive.Entries) { var s = {|AG0102:entry.Open()|}; }")]
    [InlineData("{|AG0102:using|} var archive = new ZipArchive(zipStream, ZipArchiveMode.); foreach (var entry in archive.Entries) { var s = {|AG0102:entry.Open()|}; }")]
    [InlineData("{|AG0102:using|} var archive = new ZipArchive(zipStream; foreach (var entry in archive.Entries) { var s = entry.Open(); }")]
    [InlineData("{|AG0102:using|} var archive = new ZipArchive(zipStream); foreach (var entry in archive.Missing) { var s = entry.Open(); }")]
    [InlineData("{|AG0102:using|} var archive = new ZipArchive(zipStream); var entry = archive.GetEntry(); var s = {|AG0102:entry.Open()|};")]
    [InlineData("{|AG0102:using|} var archive = new ZipArchive(zipStream); var s = .Open();")]
    [InlineData("var entry; var s = entry.Open();")]
    public Task Never_throws_on_half_typed_code(string body) =>
        VerifyAG0102.DiagnosticsInBrokenCode(InAsync(body));
}
