using System.Threading.Tasks;
using AsyncGuard.Analyzers.Blocking;
using Microsoft.CodeAnalysis;
using Xunit;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>
/// AG0102 on streams and readers (issue 16, sixth pass; BaGetter's debatable class):
/// <list type="bullet">
/// <item>a `using` of a stream the function made and only reads, now also when it is compared with null, handed to a
/// <c>StreamReader</c>/<c>BinaryReader</c>, or handed to a non-virtual method of this compilation that only reads it
/// (report_read_streams);</item>
/// <item>a `using` of an object made only from such readers (a token reader over a text reader): it was given nothing it
/// could write to (report_read_streams);</item>
/// <item>calls that read through such a reader over a local file opened for synchronous I/O, directly or by a method of
/// this compilation: the async form queues the same synchronous read (report_sync_preferred).</item>
/// </list>
/// The nearest cases stay reported: a stream written (here or in the callee), handed to an interface, virtual or foreign
/// method or to a writer, a wrapper given something else, a file opened with FileOptions.Asynchronous or useAsync.
/// </summary>
public sealed class AG0102StreamReaderTests
{
    // A token reader and writer of another assembly, shaped like a JSON library's: asynchronously disposable, made from a
    // text reader (writer), with async forms of their calls.
    private const string Library = """
        using System; using System.IO; using System.Threading.Tasks;
        namespace Tokens
        {
            public sealed class TokenReader : IDisposable, IAsyncDisposable
            {
                public TokenReader(TextReader reader) { }
                public TokenReader(TextReader reader, Stream log) { }
                public bool Read() => false;
                public Task<bool> ReadAsync() => Task.FromResult(false);
                public void CopyTo(Stream target) { }
                public Task CopyToAsync(Stream target) => Task.CompletedTask;
                public void Dispose() { }
                public ValueTask DisposeAsync() => default;
            }
            public sealed class TokenWriter : IDisposable, IAsyncDisposable
            {
                public TokenWriter(TextWriter writer) { }
                public void Dispose() { }
                public ValueTask DisposeAsync() => default;
            }
            public static class Token
            {
                public static object ReadFrom(TokenReader reader) => reader;
                public static Task<object> ReadFromAsync(TokenReader reader) => Task.FromResult<object>(reader);
            }
        }
        """;

    private const string Usings = "using System; using System.IO; using System.Threading; using System.Threading.Tasks; using Tokens;\n";

    private static string InAsync(string body) => Usings + $$"""
        interface IRepository
        {
            Task<Stream> Get(Uri address, CancellationToken ct);
        }
        interface ISink
        {
            Task Take(Stream s);
        }
        static class StreamHelpers
        {
            public static async Task<MemoryStream> CopyOut(this Stream original, CancellationToken ct)
            {
                var result = new MemoryStream();
                await original.CopyToAsync(result, 4096, ct);
                result.Position = 0;
                return result;
            }
            public static Task<int> ReadOne(Stream s, byte[] b) => Forward(s, b);
            private static Task<int> Forward(Stream s, byte[] b) => s.ReadAsync(b, 0, 1);
            public static Task Fill(Stream s, byte[] b) => s.WriteAsync(b, 0, 1);
            public static Stream Kept;
            public static void Keep(Stream s) { Kept = s; }
        }
        class Opener
        {
            public static async Task<Stream> OpenTempAsync(string path)
            {
                var file = File.Open(path, FileMode.Create);
                await Task.Yield();
                file.Seek(0, SeekOrigin.Begin);
                return file;
            }
            public static async Task<Stream> OpenAsyncIoAsync(string path)
            {
                await Task.Yield();
                return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.Asynchronous);
            }
            public static async Task<Stream> OpenEitherAsync(string path, bool other)
            {
                var file = File.OpenRead(path);
                await Task.Yield();
                if (other) file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, true);
                return file;
            }
            public virtual Task<Stream> OpenVirtualAsync(string path) => Task.FromResult<Stream>(File.OpenRead(path));
        }
        class C
        {
            async Task<int> M(IRepository repository, ISink sink, Opener opener, Uri address, string path, Stream network, byte[] buffer, CancellationToken ct)
            {
                await Task.Yield();
                {{body}}
                return 0;
            }
        }
        """;

    private static Task Run(string source, string? option = null)
    {
        var library = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create(
            "Tokens",
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
    // Handed to a method of this compilation that only reads it (an extension, two calls deep), compared with null.
    [InlineData("using var stream = await repository.Get(address, ct); if (stream == null) return 1; using var copy = await stream.CopyOut(ct);")]
    [InlineData("using var stream = await repository.Get(address, ct); if (stream is null) return 1; await StreamHelpers.ReadOne(stream, buffer);")]
    // Handed to a reader, and a token reader made from that reader: nothing was given anything it could write to.
    [InlineData("using var stream = await repository.Get(address, ct); using var text = new StreamReader(stream); var all = await text.ReadToEndAsync();")]
    [InlineData("using var stream = await repository.Get(address, ct); using var text = new StreamReader(stream, System.Text.Encoding.UTF8); using var tokens = new TokenReader(text); await tokens.ReadAsync();")]
    [InlineData("using var text = new StreamReader(path); using var tokens = new TokenReader(text); await tokens.ReadAsync();")]
    public Task Silent_on_streams_handed_only_to_readers(string body) => Run(InAsync(body));

    [Theory]
    // Reads through a reader over a local file opened for synchronous I/O (in any access mode), directly or by a method of
    // this compilation whose every return gives one: the async form would queue the same synchronous read.
    [InlineData("using var file = File.Open(path, FileMode.Create); using var text = new StreamReader(file); using var tokens = new TokenReader(text); tokens.Read(); while (tokens.Read()) { var record = Token.ReadFrom(tokens); }")]
    [InlineData("using var file = await Opener.OpenTempAsync(path); using var text = new StreamReader(file); using var tokens = new TokenReader(text); tokens.Read(); var record = Token.ReadFrom(tokens);")]
    [InlineData("using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.SequentialScan); using var text = new StreamReader(file); using var tokens = new TokenReader(text); tokens.Read();")]
    [InlineData("using var text = File.OpenText(path); using var tokens = new TokenReader(text); tokens.Read();")]
    public Task Silent_on_reads_through_readers_over_synchronous_files(string body) => Run(InAsync(body));

    [Theory]
    // Written here, or by the callee; handed to an interface method, or to a callee that stores it, or to a writer.
    [InlineData("{|AG0102:using|} var stream = await repository.Get(address, ct); await StreamHelpers.Fill(stream, buffer);")]
    [InlineData("{|AG0102:using|} var stream = await repository.Get(address, ct); if (stream == null) return 1; await sink.Take(stream);")]
    [InlineData("{|AG0102:using|} var stream = await repository.Get(address, ct); await stream.ReadAsync(buffer, 0, 1, ct); StreamHelpers.Keep(stream);")]
    // (corpus11lib: a statement between the two `using`s: a writer declared right after would close the stream first, see AG0102WrapperOwnedStreamTests.)
    [InlineData("{|AG0102:using|} var stream = await repository.Get(address, ct); await Task.Yield(); {|AG0102:using|} var writer = new StreamWriter(stream); await writer.WriteAsync(\"x\");")]
    // Only compared with null: nothing shows it is a read stream.
    [InlineData("{|AG0102:using|} var stream = await repository.Get(address, ct); if (stream != null) return 1;")]
    // A token reader over a stream that was written, or also given a stream, and a token writer.
    [InlineData("{|AG0102:using|} var stream = await repository.Get(address, ct); await stream.WriteAsync(buffer, 0, 1, ct); using var text = new StreamReader(stream); {|AG0102:using|} var tokens = new TokenReader(text); await tokens.ReadAsync();")]
    [InlineData("using var stream = await repository.Get(address, ct); using var text = new StreamReader(stream); {|AG0102:using|} var tokens = new TokenReader(text, network); await tokens.ReadAsync();")]
    [InlineData("{|AG0102:using|} var stream = await repository.Get(address, ct); await Task.Yield(); {|AG0102:using|} var writer = new StreamWriter(stream); {|AG0102:using|} var tokens = new TokenWriter(writer);")]
    public Task Reported_where_the_stream_may_be_written(string body) => Run(InAsync(body));

    [Theory]
    // The file is opened for asynchronous I/O (FileOptions.Asynchronous, useAsync, by the callee): ReadAsync is real async I/O.
    [InlineData("using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.Asynchronous); using var text = new StreamReader(file); using var tokens = new TokenReader(text); {|AG0102:tokens.Read()|};")]
    [InlineData("using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, useAsync: true); using var text = new StreamReader(file); using var tokens = new TokenReader(text); {|AG0102:Token.ReadFrom(tokens)|};")]
    [InlineData("using var file = await Opener.OpenAsyncIoAsync(path); using var text = new StreamReader(file); using var tokens = new TokenReader(text); {|AG0102:tokens.Read()|};")]
    // The callee may return another stream, or is virtual; the stream is not a file; the reader is not a `using` local.
    [InlineData("using var file = await Opener.OpenEitherAsync(path, true); using var text = new StreamReader(file); using var tokens = new TokenReader(text); {|AG0102:tokens.Read()|};")]
    [InlineData("using var file = await opener.OpenVirtualAsync(path); using var text = new StreamReader(file); using var tokens = new TokenReader(text); {|AG0102:tokens.Read()|};")]
    [InlineData("using var stream = await repository.Get(address, ct); using var text = new StreamReader(stream); using var tokens = new TokenReader(text); {|AG0102:tokens.Read()|};")]
    [InlineData("using var file = File.OpenRead(path); var text = new StreamReader(file); {|AG0102:using|} var tokens = new TokenReader(text); {|AG0102:tokens.Read()|};")]
    // The call is given something else to write to.
    [InlineData("using var file = File.OpenRead(path); using var text = new StreamReader(file); using var tokens = new TokenReader(text); {|AG0102:tokens.CopyTo(network)|};")]
    public Task Reported_where_the_read_may_be_asynchronous(string body) => Run(InAsync(body));

    [Theory]
    // A temporary file deleted on close, opened for synchronous I/O: its disposal flushes bytes the close deletes, and the
    // async form would queue the same synchronous write (on an error path, or at the end of a `using`).
    [InlineData("var tmp = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 4096, FileOptions.DeleteOnClose); try { await network.CopyToAsync(tmp, ct); tmp.Position = 0; } catch (Exception) { tmp.Dispose(); throw; }")]
    [InlineData("using var tmp = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 4096, FileOptions.DeleteOnClose | FileOptions.SequentialScan); await network.CopyToAsync(tmp, ct);")]
    [InlineData("using var tmp = File.Create(path, 4096, FileOptions.DeleteOnClose); await tmp.WriteAsync(buffer, 0, 1, ct);")]
    public Task Silent_on_disposal_of_temporary_files_opened_for_synchronous_io(string body) => Run(InAsync(body));

    [Theory]
    // Opened for asynchronous I/O, kept after close, options not constant, or the local reassigned: reported.
    [InlineData("var tmp = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 4096, FileOptions.DeleteOnClose | FileOptions.Asynchronous); try { await network.CopyToAsync(tmp, ct); } catch (Exception) { {|AG0102:tmp.Dispose()|}; throw; }")]
    [InlineData("var tmp = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 4096, FileOptions.None); try { await network.CopyToAsync(tmp, ct); } catch (Exception) { {|AG0102:tmp.Dispose()|}; throw; }")]
    [InlineData("var options = FileOptions.DeleteOnClose; {|AG0102:using|} var tmp = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 4096, options); await network.CopyToAsync(tmp, ct);")]
    [InlineData("var tmp = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 4096, FileOptions.DeleteOnClose); if (buffer.Length > 1) tmp = File.OpenWrite(path); await network.CopyToAsync(tmp, ct); {|AG0102:tmp.Dispose()|};")]
    [InlineData("{|AG0102:using|} var tmp = File.Create(path, 4096, FileOptions.DeleteOnClose | FileOptions.Asynchronous); await tmp.WriteAsync(buffer, 0, 1, ct);")]
    public Task Reported_on_disposal_of_other_written_files(string body) => Run(InAsync(body));

    private static string InMemory(string body) => Usings + "using System.IO.Compression; using System.Net.Http; using System.Text.Json;\n" + $$"""
        class OwnClient : HttpClient { }
        class C
        {
            static void Inspect(HttpResponseMessage response) { }
            async Task<int> M(HttpClient client, OwnClient own, HttpRequestMessage request, HttpCompletionOption option, Stream network, byte[] buffer, bool other, byte[] zip, CancellationToken ct)
            {
                await Task.Yield();
                {{body}}
                return 0;
            }
        }
        """;

    [Theory]
    // A writer made over a memory stream (held in a local of that type, or made as one and never reassigned): Flush copies
    // into memory.
    [InlineData("using (MemoryStream ms = new MemoryStream()) { var writer = new Utf8JsonWriter(ms); writer.WriteStartObject(); writer.WriteEndObject(); writer.Flush(); }")]
    [InlineData("Stream ms = new MemoryStream(4096); Utf8JsonWriter writer = new Utf8JsonWriter(ms, new JsonWriterOptions()); writer.Flush();")]
    // Content of a response the client read whole (no completion option, or ResponseContentRead): served from its buffer.
    [InlineData("var response = await client.SendAsync(request, ct); response.EnsureSuccessStatusCode(); var body = response.Content.ReadAsStream(ct); await body.ReadAsync(buffer, 0, 1, ct);")]
    [InlineData("HttpResponseMessage response = await client.GetAsync(\"http://x\", HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false); var status = response.StatusCode; var body = response.Content.ReadAsStream();")]
    [InlineData("var ms = new MemoryStream(); var writer = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true }); writer.Flush();")]
    // An archive over a memory stream made from bytes, its entries opened and copied into memory.
    [InlineData("using (ZipArchive archive = new ZipArchive(new MemoryStream(zip))) { foreach (ZipArchiveEntry entry in archive.Entries) { using (var ms = new MemoryStream()) { entry.Open().CopyTo(ms); } } }")]
    [InlineData("var bytes = new MemoryStream(zip); using var archive = new ZipArchive(bytes, ZipArchiveMode.Read, false); var first = archive.Entries[0]; using var data = new MemoryStream(); first.Open().CopyTo(data);")]
    public Task Silent_on_calls_over_memory(string body) => Run(InMemory(body));

    [Theory]
    // A writer over another stream, or a local that may hold another writer or stream; a call given another stream.
    [InlineData("var writer = new Utf8JsonWriter(network); {|AG0102:writer.Flush()|};")]
    [InlineData("var ms = new MemoryStream(); var writer = new Utf8JsonWriter(ms); if (other) writer = new Utf8JsonWriter(network); {|AG0102:writer.Flush()|};")]
    [InlineData("Stream s = new MemoryStream(); if (other) s = network; var writer = new Utf8JsonWriter(s); {|AG0102:writer.Flush()|};")]
    // Content that may still be on the wire: headers-read, an option not known here, a client class of the application,
    // content replaced, or the response handed to a method that may replace it.
    [InlineData("var response = await client.GetAsync(\"http://x\", HttpCompletionOption.ResponseHeadersRead, ct); var body = {|AG0102:response.Content.ReadAsStream(ct)|};")]
    [InlineData("var response = await client.SendAsync(request, option, ct); var body = {|AG0102:response.Content.ReadAsStream(ct)|};")]
    [InlineData("var response = await own.SendAsync(request, ct); var body = {|AG0102:response.Content.ReadAsStream(ct)|};")]
    [InlineData("var response = await client.SendAsync(request, ct); response.Content = new StreamContent(network); var body = {|AG0102:response.Content.ReadAsStream(ct)|};")]
    [InlineData("var response = await client.SendAsync(request, ct); Inspect(response); var body = {|AG0102:response.Content.ReadAsStream(ct)|};")]
    [InlineData("var response = await client.SendAsync(request, ct); {|AG0102:response.Content.CopyTo(network, null, ct)|};")]
    // An archive over another stream (its entry.Open() is silent since the ninth pass, zip7: AG0102ReadArchiveEntryTests; the
    // copy is not), an entry copied out to another stream, a stream local that may be reassigned.
    [InlineData("{|AG0102:using|} (ZipArchive archive = new ZipArchive(network)) { foreach (ZipArchiveEntry entry in archive.Entries) { using (var ms = new MemoryStream()) { {|AG0102:entry.Open().CopyTo(ms)|}; } } }")]
    [InlineData("using (ZipArchive archive = new ZipArchive(new MemoryStream(zip))) { foreach (ZipArchiveEntry entry in archive.Entries) { {|AG0102:entry.Open().CopyTo(network)|}; } }")]
    [InlineData("Stream bytes = new MemoryStream(zip); if (other) bytes = network; {|AG0102:using|} var archive = new ZipArchive(bytes);")]
    public Task Reported_where_the_receiver_may_reach_a_device(string body) => Run(InMemory(body));

    [Fact]
    public Task The_read_streams_option_reports_handed_streams_and_token_readers() =>
        Run(
            InAsync("{|AG0102:using|} var stream = await repository.Get(address, ct); using var text = new StreamReader(stream); {|AG0102:using|} var tokens = new TokenReader(text); await tokens.ReadAsync();"),
            ReadStreams.ReportReadStreamsOption);

    [Fact]
    public Task The_sync_preferred_option_reports_temporary_file_disposal() =>
        Run(
            InAsync("var tmp = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 4096, FileOptions.DeleteOnClose); try { await network.CopyToAsync(tmp, ct); } catch (Exception) { {|AG0102:tmp.Dispose()|}; throw; } {|AG0102:using|} var other = File.Create(path, 4096, FileOptions.DeleteOnClose); await other.WriteAsync(buffer, 0, 1, ct);"),
            SyncByNature.ReportSyncPreferredOption);

    [Fact]
    public Task The_sync_preferred_option_reports_reads_over_synchronous_files() =>
        Run(
            InAsync("using var file = await Opener.OpenTempAsync(path); using var text = new StreamReader(file); using var tokens = new TokenReader(text); {|AG0102:tokens.Read()|}; var record = {|AG0102:Token.ReadFrom(tokens)|};"),
            SyncByNature.ReportSyncPreferredOption);

    [Fact]
    public Task Half_typed_readers_do_not_throw() =>
        Verifiers.Verify<AG0102AsyncAlternativeAnalyzer>.DiagnosticsInBrokenCode(Usings.Replace(" using Tokens;", "") + """
            class C
            {
                async Task M(Missing repository, string path)
                {
                    await Task.Yield();
                    using var stream = await repository.Get();
                    using var text = new StreamReader(stream);
                    using var tokens = new Missing(text);
                    tokens.Read();
                    {|AG0102:using|} var file = File.Open(path, FileMode.
                    using var other = new StreamReader(file);
                    Missing.ReadFrom(other, );
                    var ms = new MemoryStream(
                    var writer = new Missing(ms);
                    writer.Flush();
                    var json = new System.Text.Json.Utf8JsonWriter(ms, );
                    {|AG0102:json.Flush()|};
                    var response = await new System.Net.Http.HttpClient().SendAsync(;
                    var body = response.Content.ReadAsStream();
                }
            }
            """);
}
