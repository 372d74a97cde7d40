using System.Threading.Tasks;
using Xunit;
using VerifyAG0102 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0102AsyncAlternativeAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>
/// AG0102 on <c>entry.Open()</c> of an entry the function just made with <c>archive.CreateEntry(..)</c> (issue 16, eleventh
/// pass, debdns): such an entry was not in the archive, so Open does no I/O in Create mode (it wraps the archive stream in a
/// compressor) or in Update mode (a new empty MemoryStream); OpenAsync gains nothing. Judged wrong on DnsServer (2), silent
/// without an option (like the other calls that do no I/O). Still reported: entries taken from the archive (GetEntry,
/// Entries), from a parameter or another method, an entry local assigned again, passed by reference or captured from an
/// enclosing function, and an Open of another library's entry type.
/// </summary>
public sealed class AG0102NewArchiveEntryTests
{
    private const string Usings = "using System; using System.IO; using System.IO.Compression; using System.Text; using System.Threading; using System.Threading.Tasks;\n";

    private static string InAsync(string body) => Usings + $$"""
        class MyEntry { public Stream Open() => null!; public Task<Stream> OpenAsync(CancellationToken ct = default) => null!; }
        class MyArchive { public MyEntry CreateEntry(string name) => new MyEntry(); }
        class C
        {
            async Task<int> M(Stream zipStream, Stream data, ZipArchive given, ZipArchiveEntry entryParameter, MyArchive mine, string path, bool other, CancellationToken ct)
            {
                await Task.Yield();
                {{body}}
                return 0;
            }
            static ZipArchiveEntry MakeEntry(ZipArchive archive) => archive.CreateEntry("made");
            static void Swap(ref ZipArchiveEntry entry) { }
            static async Task AddAsync(ZipArchive backupZip, Stream source, string entryName)
            {
                ZipArchiveEntry entry = backupZip.CreateEntry(entryName);
                entry.LastWriteTime = DateTimeOffset.UtcNow;
                await using (Stream sE = entry.Open())
                {
                    await source.CopyToAsync(sE);
                }
            }
        }
        """;

    [Theory]
    // A create-mode archive of the function (its own disposal is still reported), with or without a compression level.
    [InlineData("{|AG0102:using|} (ZipArchive backup = new ZipArchive(zipStream, ZipArchiveMode.Create, true, Encoding.UTF8)) { ZipArchiveEntry entry = backup.CreateEntry(\"zones/a.keys\", CompressionLevel.Optimal); await using (Stream entryStream = entry.Open()) { await data.CopyToAsync(entryStream, ct); } }")]
    [InlineData("await using var archive = new ZipArchive(zipStream, ZipArchiveMode.Create, leaveOpen: true); var entry = archive.CreateEntry(\"a\"); entry.LastWriteTime = DateTimeOffset.Now; await using var s = entry.Open(); await data.CopyToAsync(s, ct);")]
    // An archive parameter (mode unknown: Read mode cannot create entries), the call itself as the receiver, a writer over it.
    [InlineData("var entry = given.CreateEntry(\"a\"); await using (var w = new StreamWriter(entry.Open())) { await w.WriteAsync(path); }")]
    [InlineData("await using var s = given.CreateEntry(\"a\", CompressionLevel.Fastest).Open(); await data.CopyToAsync(s, ct);")]
    [InlineData("Stream s = given.CreateEntry(\"a\").Open(); await data.CopyToAsync(s, ct); await s.DisposeAsync();")]
    // Update mode: a new entry's Open hands out an empty MemoryStream.
    [InlineData("await using var archive = new ZipArchive(zipStream, ZipArchiveMode.Update, true); var entry = archive.CreateEntry(\"new\"); await using (var s = entry.Open()) { await data.CopyToAsync(s, ct); }")]
    // A lambda and a local function that make their own entry.
    [InlineData("Func<Task> add = async () => { var e = given.CreateEntry(\"x\"); await using var s = e.Open(); await data.CopyToAsync(s, ct); }; await add();")]
    [InlineData("async Task AddAsync(string name) { ZipArchiveEntry e = given.CreateEntry(name); await using var s = e.Open(); await data.CopyToAsync(s, ct); } await AddAsync(\"y\");")]
    public Task Silent_on_opening_an_entry_the_function_just_created(string body) =>
        VerifyAG0102.Diagnostics(InAsync(body));

    [Theory]
    // Entries taken from the archive: Update mode loads their data, Read mode reads their header.
    [InlineData("await using var archive = new ZipArchive(zipStream, ZipArchiveMode.Update, true); var entry = archive.GetEntry(\"a\"); var s = {|AG0102:entry!.Open()|};")]
    [InlineData("foreach (var entry in given.Entries) { var s = {|AG0102:entry.Open()|}; }")]
    [InlineData("var entry = given.Entries[0]; var s = {|AG0102:entry.Open()|};")]
    // An entry from a parameter or another method.
    [InlineData("var s = {|AG0102:entryParameter.Open()|};")]
    [InlineData("var s = {|AG0102:MakeEntry(given).Open()|};")]
    // An entry local assigned again, passed by reference, or captured from an enclosing function.
    [InlineData("var entry = given.CreateEntry(\"a\"); if (other) entry = given.GetEntry(\"b\")!; var s = {|AG0102:entry.Open()|};")]
    [InlineData("var entry = given.CreateEntry(\"a\"); Swap(ref entry); var s = {|AG0102:entry.Open()|};")]
    [InlineData("var entry = given.CreateEntry(\"a\"); Func<Task> later = async () => { await Task.Yield(); var s = {|AG0102:entry.Open()|}; }; await later();")]
    // Another library's entry type with the same names.
    [InlineData("var entry = mine.CreateEntry(\"a\"); var s = {|AG0102:entry.Open()|};")]
    // Everything else about a create-mode archive stays: entries from files and the archive's disposal.
    [InlineData("{|AG0102:using|} var archive = new ZipArchive(zipStream, ZipArchiveMode.Create, true); {|AG0102:archive.CreateEntryFromFile(path, \"a\")|}; var entry = archive.CreateEntry(\"b\"); var s = entry.Open();")]
    public Task Reported_where_the_entry_is_not_one_the_function_just_created(string body) =>
        VerifyAG0102.Diagnostics(InAsync(body));

    [Theory]
    // Half-typed code: an unknown archive, a missing name (no call bound: still reported), an unfinished call, an unknown
    // receiver. Nothing throws.
    [InlineData("var entry = missing.CreateEntry(\"a\"); var s = entry.Open();")]
    [InlineData("var entry = given.CreateEntry(); var s = {|AG0102:entry.Open()|};")]
    [InlineData("var entry = given.CreateEntry(\"a\"; var s = entry.Open();")]
    [InlineData("var s = given.CreateEntry(\"a\").Open(;")]
    [InlineData("var entry; var s = entry.Open();")]
    public Task Never_throws_on_half_typed_code(string body) =>
        VerifyAG0102.DiagnosticsInBrokenCode(InAsync(body));
}
