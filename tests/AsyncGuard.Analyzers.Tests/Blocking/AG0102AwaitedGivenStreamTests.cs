using AsyncGuard.Analyzers.Blocking;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using VerifyAG0102 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0102AsyncAlternativeAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>
/// AG0102, issue 16 (eighteenth pass, d102): two widenings of the read-stream classes.
/// <list type="bullet">
/// <item>A `using` of <c>await t</c> where <c>t</c> is the function's own <c>Task&lt;Stream&gt;</c> parameter, only read (a
/// reader over it, a <c>PipeReader</c> over it, a method of the compilation that only reads it): Docker.DotNet's
/// MonitorStreamAsync. Silent by default, reported with <c>report_given_read_streams</c>.</item>
/// <item>A `using` of a <c>FileStream</c> opened read-only by a helper declared in another file (FluentFTP's
/// GetFileReadStream). Silent by default, reported with <c>report_read_streams</c>.</item>
/// </list>
/// Each silent shape has its nearest reported case beside it.
/// </summary>
public sealed class AG0102AwaitedGivenStreamTests
{
    private const string Usings = "using System; using System.Collections.Generic; using System.IO; using System.IO.Pipelines; using System.Text; using System.Threading; using System.Threading.Tasks;\n";

    private static string InAsync(string body) => Usings + $$"""
        interface ISink { Task Take(Stream s); }
        sealed class Lines
        {
            public async IAsyncEnumerable<string> Read(Stream stream)
            {
                var reader = PipeReader.Create(stream);
                var result = await reader.ReadAsync();
                yield return result.Buffer.Length.ToString();
            }
        }
        class C
        {
            Task<Stream> _field = Task.FromResult(Stream.Null);
            async Task M(Task<Stream> streamTask, ValueTask<Stream> later, Task<FileStream> fileTask, ISink sink, Lines lines, byte[] buffer, IProgress<string> progress)
            {
                {{body}}
            }
        }
        """;

    [Theory]
    // Docker.DotNet: a reader over it, read to the end.
    [InlineData("using (var stream = await streamTask) using (var reader = new StreamReader(stream, new UTF8Encoding(false))) { string line; while ((line = await reader.ReadLineAsync()) != null) progress.Report(line); }")]
    // Docker.DotNet: handed to a method of the compilation that reads it through a PipeReader.
    [InlineData("using (var stream = await streamTask) { await foreach (var line in lines.Read(stream)) progress.Report(line); }")]
    // A using declaration, ConfigureAwait, a ValueTask, Stream's own reads.
    [InlineData("using var stream = await streamTask.ConfigureAwait(false); await stream.ReadAsync(buffer, 0, buffer.Length);")]
    [InlineData("using (Stream stream = await later) { await stream.CopyToAsync(Stream.Null); }")]
    public Task Silent_on_a_stream_awaited_from_a_given_task_and_only_read(string body) =>
        VerifyAG0102.NoDiagnostics(InAsync(body));

    [Theory]
    // Written.
    [InlineData("{|AG0102:using|} (var stream = await streamTask) { await stream.WriteAsync(buffer, 0, 1); }")]
    // Handed to an interface.
    [InlineData("{|AG0102:using|} (var stream = await streamTask) { await sink.Take(stream); }")]
    // Never read.
    [InlineData("{|AG0102:using|} (var stream = await streamTask) { }")]
    // A task the function assigns, a task of a field, a more specific type.
    [InlineData("streamTask = Task.FromResult(Stream.Null); {|AG0102:using|} (var stream = await streamTask) { await stream.ReadAsync(buffer, 0, 1); }")]
    [InlineData("{|AG0102:using|} (var stream = await _field) { await stream.ReadAsync(buffer, 0, 1); }")]
    [InlineData("{|AG0102:using|} (var file = await fileTask) { await file.ReadAsync(buffer, 0, 1); }")]
    public Task Reported_where_the_stream_is_written_handed_over_or_not_given(string body) =>
        VerifyAG0102.Diagnostics(InAsync(body));

    [Fact]
    public Task The_option_reports_the_awaited_given_stream() =>
        VerifyAG0102.DiagnosticsWithOptions(
            InAsync("{|AG0102:using|} (var stream = await streamTask) { await stream.ReadAsync(buffer, 0, 1); }"),
            ReadStreams.ReportGivenReadStreamsOption + " = true");

    private const string Helpers = Usings + """
        static class Files
        {
            public static Stream OpenForUpload(string path, bool isAsync) =>
                new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, isAsync);

            public static Stream OpenForDownload(string path, bool append)
            {
                if (append)
                    return new FileStream(path, FileMode.Append, FileAccess.Write);
                return new FileStream(path, FileMode.Create, FileAccess.Read);
            }
        }

        class Base
        {
            public virtual Stream Open(string path) => File.OpenRead(path);
        }
        """;

    private static Task Run(string caller, params string[] options)
    {
        var test = new AsyncGuard.Analyzers.Tests.Verifiers.AnalyzerTest<AsyncGuard.Analyzers.Blocking.AG0102AsyncAlternativeAnalyzer>();
        test.TestState.Sources.Add(("/0/Helpers.cs", Helpers));
        test.TestState.Sources.Add(("/0/Caller.cs", caller));
        if (options.Length > 0)
        {
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*.cs]\n" + string.Join("\n", options) + "\n"));
        }

        return test.RunAsync();
    }

    private static string Caller(string body) => Usings + $$"""
        abstract class Client : Base
        {
            protected abstract Task<int> UploadAsync(Stream source, CancellationToken ct);
            async Task M(string path, CancellationToken ct)
            {
                {{body}}
            }
        }
        """;

    [Fact]
    public Task Silent_on_a_read_only_file_a_helper_of_another_file_opens() =>
        Run(Caller("using (var file = Files.OpenForUpload(path, true)) { await UploadAsync(file, ct); } using var again = Files.OpenForUpload(path, false); await UploadAsync(again, ct);"));

    [Fact]
    public Task Reported_where_the_helper_may_open_for_writing_or_is_virtual() =>
        Run(Caller("{|AG0102:using|} (var file = Files.OpenForDownload(path, false)) { await UploadAsync(file, ct); } {|AG0102:using|} (var other = Open(path)) { await UploadAsync(other, ct); }"));

    [Fact]
    public Task The_option_reports_the_read_only_file_too() =>
        Run(Caller("{|AG0102:using|} (var file = Files.OpenForUpload(path, true)) { await UploadAsync(file, ct); }"),
            ReadStreams.ReportReadStreamsOption + " = true");

    [Fact]
    public Task Half_typed_code_does_not_throw()
    {
        var test = new AsyncGuard.Analyzers.Tests.Verifiers.AnalyzerTest<AsyncGuard.Analyzers.Blocking.AG0102AsyncAlternativeAnalyzer> { CompilerDiagnostics = CompilerDiagnostics.None };
        test.TestState.Sources.Add(("/0/Helpers.cs", Helpers + "static class Broken { public static Stream Open(string p) => new FileStream(p, FileMode.Open, Missing.Read); }"));
        test.TestState.Sources.Add(("/0/Caller.cs", Usings + """
            class C
            {
                async Task M(Task<Stream> t, Task<Unknown> u, string path, byte[] buffer)
                {
                    {|AG0102:using|} (var s = await t) { await s.ReadAsync(buffer, 0, 1); s. }
                    using (var x = await u) { await x.ReadAsync(buffer, 0, 1); }
                    {|AG0102:using|} (var f = Broken.Open(path)) { await f.WriteAsync(buffer, 0, 1); }
                    using (var g = Nope.Open(path)) { }
                }
            }
            """));
        return test.RunAsync();
    }
}
