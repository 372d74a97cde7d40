using AsyncGuard.Analyzers.Blocking;
using AsyncGuard.Analyzers.Tests.Verifiers;
using Xunit;
using VerifyAG0102 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0102AsyncAlternativeAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>
/// AG0102's wrong classes from the corpus5 pass (issue 16): I/O whose every target is in memory (writers, hashes and zip
/// archives over MemoryStreams, the content of a response HttpClient buffered), twin hooks the function calls in turn,
/// and IDbContextFactory.CreateDbContext. Each silence has its nearest reported case beside it.
/// </summary>
public sealed class AG0102Corpus5Tests
{
    private const string Usings = "using System; using System.IO; using System.IO.Compression; using System.Net.Http; using System.Security.Cryptography; using System.Text.Json; using System.Threading; using System.Threading.Tasks;\n";

    // Class 1: a writer or a hash over an in-memory stream.

    [Fact]
    public Task Writer_over_a_memory_stream_local_is_silent() =>
        VerifyAG0102.NoDiagnostics(Usings + """
            class C
            {
                Task<byte[]> M()
                {
                    using (MemoryStream ms = new MemoryStream())
                    {
                        Utf8JsonWriter writer = new Utf8JsonWriter(ms);
                        writer.WriteStartObject();
                        writer.WriteEndObject();
                        writer.Flush();
                        return Task.FromResult(ms.ToArray());
                    }
                }

                async Task<byte[]> N()
                {
                    await Task.Yield();
                    using var ms = new MemoryStream(4096);
                    var writer = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true });
                    writer.Flush();
                    using var inline = new Utf8JsonWriter(new MemoryStream());
                    inline.Flush();
                    return ms.ToArray();
                }
            }
            """);

    [Fact]
    public Task Hash_of_a_memory_stream_is_silent() =>
        VerifyAG0102.NoDiagnostics(Usings + """
            class C
            {
                async Task<bool> M(byte[] expected, CancellationToken ct)
                {
                    await Task.Yield();
                    using MemoryStream hashStream = new MemoryStream(4096);
                    hashStream.Position = 0;
                    var a = SHA384.HashData(hashStream);
                    var b = SHA512.HashData(new MemoryStream(expected));
                    Stream held = new MemoryStream(expected);
                    var c = SHA256.HashData(held);
                    return a.Length + b.Length + c.Length > 0;
                }
            }
            """);

    [Fact]
    public Task Writer_or_hash_over_another_stream_is_reported() =>
        VerifyAG0102.Diagnostics(Usings + """
            class C
            {
                async Task M(string path, Stream given, byte[] data)
                {
                    await Task.Yield();
                    {|AG0102:using|} var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous);
                    var writer = new Utf8JsonWriter(file);
                    {|AG0102:writer.Flush()|};
                    var overGiven = new Utf8JsonWriter(given);
                    {|AG0102:overGiven.Flush()|};
                    var hash = {|AG0102:SHA384.HashData(given)|};

                    // A local that starts in memory but is assigned again may hold anything.
                    Stream target = new MemoryStream();
                    target = given;
                    var again = {|AG0102:SHA256.HashData(target)|};
                }
            }
            """);

    // Class 2: a ZipArchive over a MemoryStream.

    [Fact]
    public Task Zip_archive_over_a_memory_stream_is_silent() =>
        VerifyAG0102.NoDiagnostics(Usings + """
            using System.Collections.Generic;
            class C
            {
                async Task<Dictionary<string, byte[]>> M(HttpClient client, string url)
                {
                    var zip = await client.GetByteArrayAsync(url);
                    var files = new Dictionary<string, byte[]>();
                    using (ZipArchive archive = new ZipArchive(new MemoryStream(zip)))
                    {
                        foreach (ZipArchiveEntry entry in archive.Entries)
                        {
                            using (var memoryStream = new MemoryStream())
                            {
                                entry.Open().CopyTo(memoryStream);
                                files[entry.FullName] = memoryStream.ToArray();
                            }
                        }

                        var first = archive.GetEntry("a.dll");
                        using var read = first!.Open();
                    }

                    return files;
                }
            }
            """);

    [Fact]
    public Task Zip_archive_over_a_file_or_copied_to_a_given_stream_is_reported() =>
        VerifyAG0102.Diagnostics(Usings + """
            class C
            {
                async Task M(string path, string target, byte[] zip, Stream output)
                {
                    await Task.Yield();
                    {|AG0102:using|} (ZipArchive archive = new ZipArchive(new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None, 4096, FileOptions.Asynchronous), ZipArchiveMode.Update))
                    {
                        foreach (ZipArchiveEntry entry in archive.Entries)
                        {
                            var opened = {|AG0102:entry.Open()|};
                        }
                    }

                    using (ZipArchive inMemory = new ZipArchive(new MemoryStream(zip)))
                    {
                        foreach (ZipArchiveEntry entry in inMemory.Entries)
                        {
                            // The archive is in memory, but the copy writes to the given stream. (The extraction to a
                            // local file is a local zip transfer, sync-preferred since the sixteenth pass.)
                            {|AG0102:entry.Open().CopyTo(output)|};
                            entry.ExtractToFile(target);
                        }
                    }
                }
            }
            """);

    // Class 3: the content of a response HttpClient buffered before returning.

    [Fact]
    public Task Content_of_a_buffered_response_is_silent() =>
        VerifyAG0102.NoDiagnostics(Usings + """
            class C
            {
                private readonly HttpClient _client = new HttpClient();

                async Task<JsonDocument> M(HttpRequestMessage request, CancellationToken ct)
                {
                    HttpResponseMessage response = await _client.SendAsync(request, ct);
                    response.EnsureSuccessStatusCode();
                    return await JsonDocument.ParseAsync(response.Content.ReadAsStream(ct), cancellationToken: ct);
                }

                async Task<Stream> N(string url, CancellationToken ct)
                {
                    using var response = await _client.GetAsync(url, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
                    return response.Content.ReadAsStream();
                }
            }
            """);

    [Fact]
    public Task Content_of_a_streamed_or_unknown_response_is_reported() =>
        VerifyAG0102.Diagnostics(Usings + """
            class C
            {
                private readonly HttpClient _client = new HttpClient();
                private readonly HttpMessageInvoker _invoker = new HttpMessageInvoker(new HttpClientHandler());

                async Task M(HttpRequestMessage request, HttpResponseMessage given, HttpCompletionOption option, Stream file, CancellationToken ct)
                {
                    var streamed = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
                    var a = {|AG0102:streamed.Content.ReadAsStream(ct)|};
                    var b = {|AG0102:given.Content.ReadAsStream()|};
                    var unknown = await _client.SendAsync(request, option, ct);
                    var c = {|AG0102:unknown.Content.ReadAsStream()|};
                    var invoked = await _invoker.SendAsync(request, ct);
                    var d = {|AG0102:invoked.Content.ReadAsStream()|};
                    var buffered = await _client.SendAsync(request, ct);
                    {|AG0102:buffered.Content.CopyTo(file, null, ct)|};
                }
            }
            """);

    // Class 4: both hooks called in turn.

    private const string Hooks = """
        public abstract class JobBase
        {
            public virtual string ExecuteJob(IServiceProvider provider) => "";
            public virtual Task<string> ExecuteJobAsync(IServiceProvider provider) => Task.FromResult("done");
        }

        public interface ISiteTask
        {
            string ExecuteTask(IServiceProvider provider, string site, string parameters);
            Task<string> ExecuteTaskAsync(IServiceProvider provider, string site, string parameters, CancellationToken ct = default);
        }

        public sealed class Item { public string Parameters { get; set; } = ""; }

        """;

    [Fact]
    public Task Both_hooks_called_in_turn_are_silent() =>
        VerifyAG0102.NoDiagnostics(Usings + Hooks + """
            class Job : JobBase
            {
                async Task<string> Run(IServiceProvider provider, object taskObject, string site, Item item, CancellationToken ct)
                {
                    var notes = "";
                    notes += ExecuteJob(provider);
                    notes += await ExecuteJobAsync(provider);

                    var log = ((ISiteTask)taskObject).ExecuteTask(provider, site, item.Parameters);
                    log += await ((ISiteTask)taskObject).ExecuteTaskAsync(provider, site, item.Parameters, ct).ConfigureAwait(false);
                    return notes + log;
                }
            }
            """);

    [Fact]
    public Task Only_the_sync_hook_or_another_receiver_is_reported() =>
        VerifyAG0102.Diagnostics(Usings + Hooks + """
            class Job : JobBase
            {
                async Task<string> Run(IServiceProvider provider, IServiceProvider other, ISiteTask task, ISiteTask second, string site, Item item)
                {
                    await Task.Yield();
                    var log = {|AG0102:task.ExecuteTask(provider, site, item.Parameters)|};
                    log += await second.ExecuteTaskAsync(provider, site, item.Parameters);
                    var mixed = {|AG0102:ExecuteJob(other)|};
                    mixed += await ExecuteJobAsync(provider);
                    return log + mixed;
                }

                async Task<string> OnlySync(IServiceProvider provider)
                {
                    await Task.Yield();
                    return {|AG0102:ExecuteJob(provider)|};
                }

                async Task<string> Conditional(IServiceProvider provider, bool both)
                {
                    var notes = {|AG0102:ExecuteJob(provider)|};
                    if (both) { notes += await ExecuteJobAsync(provider); }
                    var more = {|AG0102:ExecuteJob(provider)|};
                    more += both ? await ExecuteJobAsync(provider) : "";
                    return notes + more;
                }

                async Task<string> Nested(IServiceProvider provider)
                {
                    var notes = {|AG0102:ExecuteJob(provider)|};
                    Func<Task<string>> later = async () => await ExecuteJobAsync(provider);
                    return notes + await later();
                }
            }
            """);

    // Class 5: IDbContextFactory<T>.CreateDbContext.

    private const string EntityFramework = """
        namespace Microsoft.EntityFrameworkCore
        {
            public class DbContext : IDisposable { public void Dispose() { } }
            public interface IDbContextFactory<TContext> where TContext : DbContext
            {
                TContext CreateDbContext();
                Task<TContext> CreateDbContextAsync(CancellationToken cancellationToken = default);
            }
        }

        public sealed class ShopContext : Microsoft.EntityFrameworkCore.DbContext { }

        public sealed class OwnFactory : Microsoft.EntityFrameworkCore.IDbContextFactory<ShopContext>
        {
            public ShopContext CreateDbContext() => new ShopContext();
            public async Task<ShopContext> CreateDbContextAsync(CancellationToken cancellationToken = default) { await Task.Delay(1, cancellationToken); return new ShopContext(); }
        }

        """;

    [Fact]
    public Task Context_factory_create_is_silent() =>
        VerifyAG0102.NoDiagnostics(Usings + EntityFramework + """
            class Repository(Microsoft.EntityFrameworkCore.IDbContextFactory<ShopContext> factory)
            {
                async Task<int> M(CancellationToken ct)
                {
                    await Task.Yield();
                    using var db = factory.CreateDbContext();
                    return 1;
                }
            }
            """);

    [Fact]
    public Task Context_factory_class_of_your_own_is_reported() =>
        VerifyAG0102.Diagnostics(Usings + EntityFramework + """
            class Repository(OwnFactory own)
            {
                async Task<int> M(CancellationToken ct)
                {
                    await Task.Yield();
                    using var mine = {|AG0102:own.CreateDbContext()|};
                    return 1;
                }
            }
            """);

    [Fact]
    public Task Context_factory_of_your_own_type_or_with_report_sync_preferred_is_reported() =>
        new AnalyzerTest<AG0102AsyncAlternativeAnalyzer>
        {
            TestCode = Usings + EntityFramework + """
                class Repository(Microsoft.EntityFrameworkCore.IDbContextFactory<ShopContext> factory, OwnFactory own)
                {
                    async Task<int> M(CancellationToken ct)
                    {
                        await Task.Yield();
                        using var db = {|AG0102:factory.CreateDbContext()|};
                        using var mine = {|AG0102:own.CreateDbContext()|};
                        return 1;
                    }
                }
                """,
            TestState = { AnalyzerConfigFiles = { ("/.editorconfig", "root = true\n\n[*.cs]\ndotnet_diagnostic.AG0102.report_sync_preferred = true\n") } },
        }.RunAsync();

    [Fact]
    public Task Half_typed_code_around_the_new_silences_does_not_throw() =>
        VerifyAG0102.DiagnosticsInBrokenCode(Usings + """
            class C
            {
                async Task M(HttpClient client)
                {
                    await Task.Yield();
                    var response = await client.SendAsync(;
                    var s = response.Content.ReadAsStream(
                    using var writer = new Utf8JsonWriter(new MemoryStream(;
                    writer.Flush();
                    foreach (var entry in missing.Entries) entry.Open().CopyTo(new MemoryStream());
                    SHA384.HashData(undefined);
                    ExecuteJob(x);
                    await ExecuteJobAsync(x);
                }
            }
            """);
}
