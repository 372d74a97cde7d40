using System.Threading.Tasks;
using AsyncGuard.Analyzers.Blocking;
using Microsoft.CodeAnalysis;
using Xunit;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>
/// AG0102 on a `using` of a file that a helper of this compilation opens and returns (issue 16, eleventh pass, deb102;
/// FluentFTP's <c>using (var s = FtpFileStream.GetFileReadStream(..))</c>): the helper is neither virtual, abstract nor an
/// interface member, and every return of it (two helpers at most, through await, ConfigureAwait, <c>?.</c>, a local that is
/// never reassigned; a <c>return null</c> beside them) gives a FileStream opened with FileAccess.Read (the read-streams class,
/// reported with report_read_streams) or a temporary file opened with DeleteOnClose for synchronous I/O (the sync-preferred
/// class, reported with report_sync_preferred), as if the function had opened it itself. Still reported: a helper that may
/// return anything else, an interface or virtual method, a method of another assembly, a chain of three helpers.
/// </summary>
public sealed class AG0102ReturnedFileTests
{
    private const string Library = """
        using System.IO;
        namespace Elsewhere
        {
            public static class Opener
            {
                public static Stream OpenRead(string path) => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, true);
            }
        }
        """;

    private const string Usings = "using System; using System.IO; using System.Threading; using System.Threading.Tasks; using Elsewhere;\n";

    private static string InAsync(string body) => Usings + $$"""
        interface IOpener { Stream Open(string path); }
        class Base { public virtual Stream OpenVirtual(string path) => File.OpenRead(path); }
        static class Files
        {
            public static Stream OpenForReading(string path, bool isAsync) => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, isAsync);
            public static FileStream OpenInfo(FileInfo info) { return info.OpenRead(); }
            public static Stream OpenLocal(string path) { var s = File.Open(path, FileMode.Open, FileAccess.Read); return s; }
            public static Stream? OpenOrNull(string path) { if (path.Length == 0) return null; return File.OpenRead(path); }
            public static Stream OpenForwarded(string path) => OpenForReading(path, true);
            public static Stream OpenThreeDeep(string path) => OpenForwarded(path);
            public static Stream OpenEither(string path, bool write) => write ? File.OpenWrite(path) : File.OpenRead(path);
            public static Stream OpenWritable(string path) { if (path.Length == 0) return File.OpenRead(path); return File.Create(path); }
            public static Stream OpenReassigned(string path) { var s = File.OpenRead(path); if (path.Length > 1) s = File.Create(path); return s; }
            public static Stream Pass(Stream s) => s;
            public static Stream? Nothing() => null;
            public static async Task<FileStream> CopyToTemporaryAsync(this Stream source, CancellationToken ct)
            {
                var result = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 4096, FileOptions.DeleteOnClose);
                try { await source.CopyToAsync(result, ct); result.Position = 0; }
                catch (Exception) { result.Dispose(); throw; }
                return result;
            }
            public static async Task<Stream?> UploadOrNullAsync(Stream? body, CancellationToken ct)
            {
                if (body is null) return null;
                return await body?.CopyToTemporaryAsync(ct)!;
            }
            public static async Task<FileStream> CopyToAsyncTemporaryAsync(this Stream source, CancellationToken ct)
            {
                var result = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 4096, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
                await source.CopyToAsync(result, ct);
                return result;
            }
            public static FileStream CreateKept(string path) => new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 4096, FileOptions.None);
        }
        class C
        {
            async Task<int> M(string path, FileInfo info, IOpener opener, Base shapes, Stream network, byte[] buffer, CancellationToken ct)
            {
                await Task.Yield();
                {{body}}
                return 0;
            }
            Stream OpenMine(string path) => File.OpenRead(path);
        }
        """;

    private static Task Run(string source, string? option = null)
    {
        var library = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create(
            "Elsewhere",
            new[] { Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(Library) },
            Verifiers.TestReferences.Net100,
            new Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var image = new System.IO.MemoryStream();
        Assert.True(library.Emit(image).Success);
        var test = new Verifiers.AnalyzerTest<AG0102AsyncAlternativeAnalyzer> { TestCode = source };
        test.TestState.AdditionalReferences.Add(MetadataReference.CreateFromImage(image.ToArray()));
        if (option != null)
        {
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*.cs]\n" + option + " = true\n"));
        }

        return test.RunAsync();
    }

    [Theory]
    // A read-only FileStream a helper returns: an expression body, a block, a local of the helper, a null beside it,
    // two helpers deep, an instance method of the type, a local function.
    [InlineData("using var fs = Files.OpenForReading(path, true); await fs.CopyToAsync(network, ct);")]
    [InlineData("using (var fs = Files.OpenInfo(info)) { await fs.CopyToAsync(network, ct); }")]
    [InlineData("using var fs = Files.OpenLocal(path);")]
    [InlineData("using var fs = Files.OpenOrNull(path); if (fs is null) return 1;")]
    [InlineData("using var fs = Files.OpenForwarded(path); await fs.ReadAsync(buffer, ct);")]
    [InlineData("using (Stream fs = OpenMine(path), other = Files.OpenInfo(info)) { await fs.CopyToAsync(other, ct); }")]
    [InlineData("using var fs = Open(path); static Stream Open(string p) { return new FileStream(p, FileMode.Open, FileAccess.Read); }")]
    // A temporary file deleted on close, opened for synchronous I/O by a helper: awaited, with ConfigureAwait, through `?.`.
    [InlineData("using var tmp = await network.CopyToTemporaryAsync(ct); await tmp.CopyToAsync(network, ct);")]
    [InlineData("using var upload = await Files.UploadOrNullAsync(network, ct).ConfigureAwait(false); if (upload == null) return 1;")]
    public Task Silent_on_files_a_helper_opens_read_only_or_as_temporary(string body) => Run(InAsync(body));

    [Theory]
    // The helper may return another stream on some path, a reassigned local, a stream it was given, only null.
    [InlineData("{|AG0102:using|} var fs = Files.OpenEither(path, false);")]
    [InlineData("{|AG0102:using|} var fs = Files.OpenWritable(path);")]
    [InlineData("{|AG0102:using|} var fs = Files.OpenReassigned(path);")]
    [InlineData("{|AG0102:using|} var fs = Files.Pass(network);")]
    [InlineData("{|AG0102:using|} var fs = Files.Nothing();")]
    // Its implementations are not known: an interface or virtual method; a method of another assembly; three helpers deep.
    [InlineData("{|AG0102:using|} var fs = opener.Open(path);")]
    [InlineData("{|AG0102:using|} var fs = shapes.OpenVirtual(path);")]
    [InlineData("{|AG0102:using|} var fs = Opener.OpenRead(path);")]
    [InlineData("{|AG0102:using|} var fs = Files.OpenThreeDeep(path);")]
    // A temporary file opened for asynchronous I/O, a file kept after close.
    [InlineData("{|AG0102:using|} var tmp = await network.CopyToAsyncTemporaryAsync(ct);")]
    [InlineData("{|AG0102:using|} var kept = Files.CreateKept(path); await network.CopyToAsync(kept, ct);")]
    // Another resource of the same `using` that is not such a file.
    [InlineData("{|AG0102:using|} (Stream fs = Files.OpenLocal(path), other = Files.Pass(network)) { await fs.CopyToAsync(other, ct); }")]
    public Task Reported_where_the_helper_may_return_another_stream(string body) => Run(InAsync(body));

    [Fact]
    public Task The_read_streams_option_reports_read_only_files_of_helpers() =>
        Run(InAsync("{|AG0102:using|} var fs = Files.OpenForReading(path, true); {|AG0102:using|} var local = Files.OpenLocal(path);"), ReadStreams.ReportReadStreamsOption);

    [Fact]
    public Task The_sync_preferred_option_reports_temporary_files_of_helpers() =>
        // The helper's own disposal of its temporary file on the error path is the same sync-preferred class.
        Run(
            InAsync("{|AG0102:using|} var tmp = await network.CopyToTemporaryAsync(ct); {|AG0102:using|} var upload = await Files.UploadOrNullAsync(network, ct);")
                .Replace("catch (Exception) { result.Dispose(); throw; }", "catch (Exception) { {|AG0102:result.Dispose()|}; throw; }"),
            "dotnet_diagnostic.AG0102.report_sync_preferred");

    [Fact]
    public Task Half_typed_helpers_stay_quiet_or_reported_without_throwing() =>
        Run(Usings + """
            static class Broken
            {
                public static Stream Open(string path) { return {|CS0103:Missing|}(path); }
                public static Stream Partial(string path) { if (path.Length == 0) return File.OpenRead(path); return {|CS0103:undefined|}; }
            }
            class C
            {
                async Task M(string path)
                {
                    await Task.Yield();
                    {|AG0102:using|} var a = Broken.Open(path);
                    {|AG0102:using|} var b = Broken.Partial(path);
                }
            }
            """);
}
