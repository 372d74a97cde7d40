using System.Threading.Tasks;
using AsyncGuard.Analyzers.Blocking;
using AsyncGuard.Analyzers.Tests.Verifiers;
using Xunit;
using VerifyAG0102 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0102AsyncAlternativeAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>
/// AG0102 on the zip helpers that move bytes between local files and an archive that is a local file or memory (issue 16,
/// sixteenth pass, io102; sync-preferred): <c>entry.ExtractToFile</c>, <c>archive.ExtractToDirectory</c>,
/// <c>archive.CreateEntryFromFile</c> on an archive local the function opens from a path, in read or update mode over any
/// stream, or in create mode over a file or memory stream (also a parameter every caller of a method no other assembly can call
/// gives one); <c>ZipFile.ExtractToDirectory</c> / <c>CreateFromDirectory</c> given paths only. The async forms (.NET 10) do the
/// same local disk I/O. Silent by default, reported with report_sync_preferred. Still reported: a create-mode archive over any
/// other stream, a mode not known here, an archive from elsewhere, reassigned locals.
/// </summary>
public sealed class AG0102LocalZipTransferTests
{
    private const string Usings = "using System; using System.IO; using System.IO.Compression; using System.Linq; using System.Text; using System.Threading; using System.Threading.Tasks;\n";

    private const string SyncPreferred = SyncByNature.ReportSyncPreferredOption + " = true";

    private static string InAsync(string body) => Usings + $$"""
        class C
        {
            private ZipArchive _field = null!;
            public async Task<int> M(Stream zipStream, ZipArchive given, string path, string dir, byte[] bytes, ZipArchiveMode mode, bool other, CancellationToken ct)
            {
                await Task.Yield();
                {{body}}
                return 0;
            }
            static ZipArchive Make(Stream s) => new ZipArchive(s);
        }
        """;

    [Theory]
    // Entries of a read-mode archive over any stream (the constructor's default mode, a constant Read), extracted to files.
    [InlineData("var archive = new ZipArchive(zipStream, ZipArchiveMode.Read, false, Encoding.UTF8); foreach (ZipArchiveEntry entry in archive.Entries) { entry.ExtractToFile(Path.Combine(dir, entry.Name), true); }")]
    [InlineData("var archive = new ZipArchive(zipStream); var entry = archive.GetEntry(\"a\"); entry!.ExtractToFile(path);")]
    [InlineData("var archive = new ZipArchive(zipStream); archive.ExtractToDirectory(dir, true);")]
    [InlineData("var archive = new ZipArchive(mode: ZipArchiveMode.Read, stream: zipStream); ZipFileExtensions.ExtractToDirectory(archive, dir);")]
    // An archive opened from a path, also asynchronously, with entries filtered by LINQ first.
    [InlineData("var archive = {|AG0102:ZipFile.Open(path, ZipArchiveMode.Update)|}; archive.CreateEntryFromFile(path, \"a\"); archive.ExtractToDirectory(dir);")]
    [InlineData("await using var archive = await ZipFile.OpenReadAsync(path, ct); var pictures = archive.Entries.Where(e => e.Name.EndsWith(\".png\")); foreach (var picture in pictures) { picture.ExtractToFile(Path.Combine(dir, picture.Name)); }")]
    [InlineData("await using var archive = await ZipArchive.CreateAsync(zipStream, ZipArchiveMode.Read, false, null, ct); foreach (var entry in archive.Entries.OrderBy(e => e.Name)) { entry.ExtractToFile(path, true); }")]
    // Update mode keeps new entries in memory until disposal; create mode over a file or memory stream.
    [InlineData("var archive = new ZipArchive(zipStream, ZipArchiveMode.Update, true); archive.CreateEntryFromFile(path, \"a\", CompressionLevel.Optimal);")]
    [InlineData("await using var file = new FileStream(path, FileMode.Create, FileAccess.ReadWrite); var archive = new ZipArchive(file, ZipArchiveMode.Create, true); archive.CreateEntryFromFile(path, \"a\");")]
    [InlineData("Stream file = File.Create(path); var archive = new ZipArchive(file, ZipArchiveMode.Create); archive.CreateEntryFromFile(path, \"a\");")]
    [InlineData("var memory = new MemoryStream(); var archive = new ZipArchive(memory, ZipArchiveMode.Create, true); archive.CreateEntryFromFile(path, \"a\");")]
    [InlineData("var archive = {|AG0102:ZipFile.Open(path, ZipArchiveMode.Create)|}; archive.CreateEntryFromFile(path, \"a\");")]
    // The path-only helpers of ZipFile.
    [InlineData("ZipFile.ExtractToDirectory(path, dir); ZipFile.ExtractToDirectory(path, dir, Encoding.UTF8, true); ZipFile.CreateFromDirectory(dir, path); ZipFile.CreateFromDirectory(dir, path, CompressionLevel.Fastest, false);")]
    public Task Silent_on_transfers_between_local_files_and_a_local_archive(string body) =>
        VerifyAG0102.Diagnostics(InAsync(body));

    [Theory]
    // Create mode over a stream the function was given (this method has no caller to prove it), or a mode not known here.
    [InlineData("var archive = new ZipArchive(zipStream, ZipArchiveMode.Create, true); {|AG0102:archive.CreateEntryFromFile(path, \"a\")|};")]
    [InlineData("var archive = new ZipArchive(zipStream, mode, true); {|AG0102:archive.CreateEntryFromFile(path, \"a\")|}; {|AG0102:archive.ExtractToDirectory(dir)|};")]
    [InlineData("var archive = new ZipArchive(new BufferedStream(zipStream), ZipArchiveMode.Create); {|AG0102:archive.CreateEntryFromFile(path, \"a\")|};")]
    // An archive from elsewhere: a parameter, a field, a helper's result.
    [InlineData("{|AG0102:given.ExtractToDirectory(dir)|}; {|AG0102:given.CreateEntryFromFile(path, \"a\")|}; foreach (var entry in given.Entries) { {|AG0102:entry.ExtractToFile(path)|}; }")]
    [InlineData("{|AG0102:_field.ExtractToDirectory(dir)|}; var entry = _field.GetEntry(\"a\"); {|AG0102:entry!.ExtractToFile(path)|};")]
    [InlineData("var archive = Make(zipStream); {|AG0102:archive.ExtractToDirectory(dir)|};")]
    // Reassigned archive or entry locals, an entry taken another way, an archive captured by a lambda.
    [InlineData("var archive = new ZipArchive(zipStream); if (other) archive = given; {|AG0102:archive.ExtractToDirectory(dir)|};")]
    [InlineData("var archive = new ZipArchive(zipStream); var entry = archive.GetEntry(\"a\"); if (other) entry = given.GetEntry(\"b\"); {|AG0102:entry!.ExtractToFile(path)|};")]
    [InlineData("var archive = new ZipArchive(zipStream); var entry = archive.Entries[0]; {|AG0102:entry.ExtractToFile(path)|};")]
    [InlineData("var archive = new ZipArchive(zipStream); Func<Task> later = async () => { await Task.Yield(); {|AG0102:archive.ExtractToDirectory(dir)|}; }; await later();")]
    // ZipFile's stream overloads.
    [InlineData("{|AG0102:ZipFile.ExtractToDirectory(zipStream, dir)|}; {|AG0102:ZipFile.CreateFromDirectory(dir, zipStream)|};")]
    public Task Reported_where_the_archive_may_write_elsewhere_or_is_not_known(string body) =>
        VerifyAG0102.Diagnostics(InAsync(body));

    [Fact]
    public Task The_sync_preferred_option_reports_them_again() =>
        VerifyAG0102.DiagnosticsWithOptions(
            InAsync("var archive = new ZipArchive(zipStream); {|AG0102:archive.ExtractToDirectory(dir)|}; foreach (var entry in archive.Entries) { {|AG0102:entry.ExtractToFile(path)|}; } var memory = new MemoryStream(); var created = new ZipArchive(memory, ZipArchiveMode.Create, true); {|AG0102:created.CreateEntryFromFile(path, \"a\")|}; {|AG0102:ZipFile.ExtractToDirectory(path, dir)|};"),
            SyncPreferred);

    private const string Backup = Usings + """
        sealed class Backups
        {
            internal async Task BackupAsync(Stream zipStream, string path)
            {
                {|AG0102:using|} (var archive = new ZipArchive(zipStream, ZipArchiveMode.Create, true, Encoding.UTF8))
                {
                    MARK;
                }
                await Task.Yield();
            }
        }
        """;

    [Fact]
    public Task Create_mode_over_a_parameter_every_caller_gives_a_file_is_silent_two_calls_deep() =>
        // The archive's disposal is silent too (w2a: a local archive's `using` is sync-preferred).
        VerifyAG0102.Diagnostics(Backup.Replace("MARK", "archive.CreateEntryFromFile(path, \"a\")").Replace("{|AG0102:using|}", "using") + """
            class Settings
            {
                private readonly Backups _backups = new Backups();
                public async Task SaveAsync(string tmp)
                {
                    await using (FileStream file = new FileStream(tmp, FileMode.Create, FileAccess.ReadWrite))
                    {
                        await _backups.BackupAsync(file, tmp);
                    }
                }
                public Task ToMemoryAsync(string tmp) => _backups.BackupAsync(new MemoryStream(), tmp);
            }
            class Cluster
            {
                private readonly Backups _backups = new Backups();
                public Task TransferAsync(Stream zipStream, string tmp) => _backups.BackupAsync(zipStream: zipStream, path: tmp);
            }
            sealed class Api
            {
                private readonly Cluster _cluster = new Cluster();
                internal async Task HandleAsync(string tmp)
                {
                    await using var file = File.Create(tmp);
                    await _cluster.TransferAsync(file, tmp);
                }
            }
            """);

    [Theory]
    // A caller passes a stream of unknown kind, through one more parameter, or a caller's parameter of a public method.
    [InlineData("class Caller { public Task RunAsync(string tmp) => new Backups().BackupAsync(new MemoryStream(), tmp); public Task SendAsync(string tmp) => new Backups().BackupAsync(new BufferedStream(File.Create(tmp)), tmp); }")]
    [InlineData("public class Caller { public Task RunAsync(Stream zipStream, string tmp) => new Backups().BackupAsync(zipStream, tmp); Task GoAsync(string tmp) => RunAsync(File.Create(tmp), tmp); }")]
    [InlineData("class Caller { public Task RunAsync(Stream s, string tmp) { s = new MemoryStream(); return new Backups().BackupAsync(s, tmp); } Task GoAsync(string tmp) => RunAsync(File.Create(tmp), tmp); }")]
    // Three calls deep, a method group, no caller at all.
    [InlineData("class A { public Task RunAsync(Stream s, string tmp) => new Backups().BackupAsync(s, tmp); } class B { public Task RunAsync(Stream s, string tmp) => new A().RunAsync(s, tmp); } class D { public Task RunAsync(string tmp) => new B().RunAsync(File.Create(tmp), tmp); }")]
    [InlineData("class Caller { public Func<Stream, string, Task> Backup => new Backups().BackupAsync; }")]
    [InlineData("class Caller { }")]
    public Task Create_mode_over_a_parameter_stays_reported_when_a_caller_is_not_proved(string caller) =>
        VerifyAG0102.Diagnostics(Backup.Replace("MARK", "{|AG0102:archive.CreateEntryFromFile(path, \"a\")|}") + caller);

    [Fact]
    public Task A_public_method_stays_reported_whatever_its_callers_pass() =>
        VerifyAG0102.Diagnostics(Backup.Replace("MARK", "{|AG0102:archive.CreateEntryFromFile(path, \"a\")|}").Replace("sealed class Backups", "public sealed class Backups").Replace("internal async Task", "public async Task")
            + "class Caller { public Task RunAsync(string tmp) => new Backups().BackupAsync(new MemoryStream(), tmp); }");

    [Fact]
    public Task An_internal_method_stays_reported_when_internals_are_visible_to_another_assembly() =>
        VerifyAG0102.Diagnostics(Backup.Replace("MARK", "{|AG0102:archive.CreateEntryFromFile(path, \"a\")|}")
                .Replace("sealed class Backups", "[assembly: System.Runtime.CompilerServices.InternalsVisibleTo(\"Tests\")]\nsealed class Backups")
            + "class Caller { public Task RunAsync(string tmp) => new Backups().BackupAsync(new MemoryStream(), tmp); }");

    [Theory]
    // Half-typed code: a missing stream, mode or archive, an unknown entry source. Nothing throws.
    [InlineData("var archive = new ZipArchive(missing, ZipArchiveMode.Create); {|AG0102:archive.CreateEntryFromFile(path, \"a\")|};")]
    [InlineData("var archive = new ZipArchive(zipStream, ZipArchiveMode.); {|AG0102:archive.CreateEntryFromFile(path, \"a\")|};")]
    [InlineData("var archive = new ZipArchive(zipStream; archive.ExtractToDirectory(dir);")]
    [InlineData("var archive = new ZipArchive(zipStream); foreach (var entry in archive.Missing) { entry.ExtractToFile(path); }")]
    [InlineData("var entry; entry.ExtractToFile(path);")]
    [InlineData("ZipFile.ExtractToDirectory(path, ); missing.ExtractToDirectory(dir);")]
    public Task Never_throws_on_half_typed_code(string body) =>
        VerifyAG0102.DiagnosticsInBrokenCode(InAsync(body));
}
