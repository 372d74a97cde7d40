using Microsoft.CodeAnalysis.Testing;
using Xunit;
using VerifyAG0102 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0102AsyncAlternativeAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>
/// Issue 16, fourteenth pass (xfile16): facts about another method of the compilation (Core/MethodFacts.cs, one cache per
/// compilation). A stream a factory PARAMETER opens over memory is over memory when the method is private (or a local
/// function), never writes the parameter, and every call of it, in any file of the compilation, passes a factory built from
/// plain values (MimeKit's OpenPgpContext.EncryptAsync(encrypter, ..)). Multi-document sources: the helper and its callers
/// sit in different files (parts of one partial class). Each silence has its nearest reported case beside it.
/// </summary>
public sealed class AG0102MethodFactsTests
{
    private const string Usings = "using System; using System.Collections.Generic; using System.IO; using System.Threading; using System.Threading.Tasks;\n";

    private const string Types = Usings + StreamStubs.StreamBase + """
        public class BlockStream : StreamBase
        {
            private readonly List<byte[]> _blocks = new List<byte[]>();
            private long _length;
        }

        public enum Level { Fast, Small }

        public sealed class Encrypter
        {
            public Encrypter(Level level, bool integrity) { }
            public Encrypter(string keyFile) { }
            public void AddKey(byte[] key) { }
            public Stream Open(Stream target, long length) => new BufferedStream(target);
        }

        public static class Levels
        {
            public static Level Of(int n) => n > 0 ? Level.Small : Level.Fast;
        }

        """;

    /// <summary>The helper: a private static method writing through the factory parameter into its own memory stream.</summary>
    private const string Helper = Usings + """
        public partial class Context
        {
            private static async Task<Stream> EncryptAsync(Encrypter encrypter, Stream content, CancellationToken ct)
            {
                var memory = new BlockStream();
                using (var armored = new BufferedStream(memory))
                {
                    var buffer = new byte[4096];
                    using (var encrypted = encrypter.Open(armored, content.Length))
                    {
                        int n;
                        while ((n = await content.ReadAsync(buffer, 0, buffer.Length, ct)) > 0)
                            encrypted.Write(buffer, 0, n);
                        encrypted.Flush();
                    }
                }

                memory.Position = 0;
                return memory;
            }
        }
        """;

    private const string ReportedHelper = Usings + """
        public partial class Context
        {
            private static async Task<Stream> EncryptAsync(Encrypter encrypter, Stream content, CancellationToken ct)
            {
                var memory = new BlockStream();
                using (var armored = new BufferedStream(memory))
                {
                    var buffer = new byte[4096];
                    {|AG0102:using|} (var encrypted = encrypter.Open(armored, content.Length))
                    {
                        int n;
                        while ((n = await content.ReadAsync(buffer, 0, buffer.Length, ct)) > 0)
                            {|AG0102:encrypted.Write(buffer, 0, n)|};
                        {|AG0102:encrypted.Flush()|};
                    }
                }

                memory.Position = 0;
                return memory;
            }
        }
        """;

    private static Task Run(params string[] sources)
    {
        var test = new AsyncGuard.Analyzers.Tests.Verifiers.AnalyzerTest<AsyncGuard.Analyzers.Blocking.AG0102AsyncAlternativeAnalyzer>();
        for (var i = 0; i < sources.Length; i++)
        {
            test.TestState.Sources.Add(($"/0/Test{i}.cs", sources[i]));
        }

        return test.RunAsync();
    }

    private static Task RunBroken(params string[] sources)
    {
        var test = new AsyncGuard.Analyzers.Tests.Verifiers.AnalyzerTest<AsyncGuard.Analyzers.Blocking.AG0102AsyncAlternativeAnalyzer> { CompilerDiagnostics = CompilerDiagnostics.None };
        for (var i = 0; i < sources.Length; i++)
        {
            test.TestState.Sources.Add(($"/0/Test{i}.cs", sources[i]));
        }

        return test.RunAsync();
    }

    [Fact]
    public Task Factory_parameter_whose_every_caller_in_other_files_passes_a_plain_factory_is_silent() =>
        Run(Types, Helper, Usings + """
            public partial class Context
            {
                public async Task<Stream> EncryptAsync(byte[] key, Stream content, CancellationToken ct)
                {
                    var encrypter = new Encrypter(Levels.Of(2), true);
                    encrypter.AddKey(key);
                    return await EncryptAsync(encrypter, content, ct).ConfigureAwait(false);
                }

                public Task<Stream> EncryptFastAsync(Stream content) => Context.EncryptAsync(new Encrypter(Level.Fast, false), content, CancellationToken.None);
            }
            """);

    [Fact]
    public Task Local_function_factory_parameter_is_silent_when_every_call_passes_a_plain_factory() =>
        VerifyAG0102.NoDiagnostics(Types + """
            public class Packer
            {
                public async Task PackAsync(Stream content, CancellationToken ct)
                {
                    var first = new Encrypter(Level.Small, true);
                    await WriteAsync(first);
                    await WriteAsync(new Encrypter(Level.Fast, false));

                    async Task WriteAsync(Encrypter encrypter)
                    {
                        var memory = new BlockStream();
                        var buffer = new byte[16];
                        await content.ReadAsync(buffer, 0, buffer.Length, ct);
                        using var encrypted = encrypter.Open(memory, 16);
                        encrypted.Write(buffer, 0, buffer.Length);
                    }
                }
            }
            """);

    [Fact]
    public Task One_caller_passing_a_field_a_parameter_or_a_string_built_factory_is_reported() =>
        Run(Types, ReportedHelper, Usings + """
            public partial class Context
            {
                private readonly Encrypter _shared = new Encrypter(Level.Fast, true);

                public Task<Stream> PlainAsync(Stream content) => EncryptAsync(new Encrypter(Level.Fast, false), content, CancellationToken.None);

                public Task<Stream> SharedAsync(Stream content) => EncryptAsync(_shared, content, CancellationToken.None);
            }
            """);

    [Fact]
    public Task A_caller_passing_its_own_parameter_is_reported() =>
        Run(Types, ReportedHelper, Usings + """
            public partial class Context
            {
                public Task<Stream> GivenAsync(Encrypter given, Stream content) => EncryptAsync(given, content, CancellationToken.None);
            }
            """);

    [Fact]
    public Task A_caller_passing_a_factory_built_with_a_path_is_reported() =>
        Run(Types, ReportedHelper, Usings + """
            public partial class Context
            {
                public Task<Stream> KeyFileAsync(string path, Stream content)
                {
                    var encrypter = new Encrypter(path);
                    return EncryptAsync(encrypter, content, CancellationToken.None);
                }
            }
            """);

    [Fact]
    public Task A_caller_local_assigned_again_is_reported() =>
        Run(Types, ReportedHelper, Usings + """
            public partial class Context
            {
                public Task<Stream> SwappedAsync(Encrypter given, Stream content)
                {
                    var encrypter = new Encrypter(Level.Fast, true);
                    if (content.Length > 10)
                        encrypter = given;
                    return EncryptAsync(encrypter, content, CancellationToken.None);
                }
            }
            """);

    [Fact]
    public Task A_method_group_use_or_no_call_at_all_is_reported() =>
        Run(Types, ReportedHelper, Usings + """
            public partial class Context
            {
                public Func<Encrypter, Stream, CancellationToken, Task<Stream>> Handler => EncryptAsync;
            }
            """);

    [Fact]
    public Task A_helper_that_is_not_private_or_writes_its_parameter_is_reported() =>
        VerifyAG0102.Diagnostics(Types + """
            public class Packer
            {
                internal async Task OpenAsync(Encrypter encrypter, Stream content, CancellationToken ct)
                {
                    await Task.Yield();
                    var memory = new BlockStream();
                    {|AG0102:using|} var encrypted = encrypter.Open(memory, 16);
                }

                private async Task RewrittenAsync(Encrypter encrypter, Encrypter other, CancellationToken ct)
                {
                    await Task.Yield();
                    encrypter = other;
                    var memory = new BlockStream();
                    {|AG0102:using|} var encrypted = encrypter.Open(memory, 16);
                }

                public async Task CallAsync(Stream content, CancellationToken ct)
                {
                    await OpenAsync(new Encrypter(Level.Fast, true), content, ct);
                    await RewrittenAsync(new Encrypter(Level.Fast, true), new Encrypter(Level.Small, true), ct);
                }
            }
            """);

    [Fact]
    public Task A_factory_parameter_opening_over_a_stream_not_in_memory_is_reported() =>
        VerifyAG0102.Diagnostics(Types + """
            public class Packer
            {
                private async Task OpenAsync(Encrypter encrypter, Stream target, CancellationToken ct)
                {
                    await Task.Yield();
                    {|AG0102:using|} var encrypted = encrypter.Open(target, 16);
                }

                public Task CallAsync(Stream target, CancellationToken ct) => OpenAsync(new Encrypter(Level.Fast, true), target, ct);
            }
            """);

    [Fact]
    public Task Recursive_helper_is_decided_by_its_outside_calls() =>
        VerifyAG0102.Diagnostics(Types + """
            public class Packer
            {
                private async Task OpenAsync(Encrypter encrypter, int depth, CancellationToken ct)
                {
                    await Task.Yield();
                    var memory = new BlockStream();
                    using (var encrypted = encrypter.Open(memory, 16)) { }
                    if (depth > 0)
                        await OpenAsync(new Encrypter(Level.Small, true), depth - 1, ct);
                }

                private async Task ForwardAsync(Encrypter encrypter, int depth, CancellationToken ct)
                {
                    await Task.Yield();
                    var memory = new BlockStream();
                    {|AG0102:using|} (var encrypted = encrypter.Open(memory, 16)) { }
                    if (depth > 0)
                        await ForwardAsync(encrypter, depth - 1, ct);
                }

                public async Task CallAsync(CancellationToken ct)
                {
                    await OpenAsync(new Encrypter(Level.Fast, true), 2, ct);
                    await ForwardAsync(new Encrypter(Level.Fast, true), 2, ct);
                }
            }
            """);

    [Fact]
    public Task Survives_half_typed_code() =>
        RunBroken(Types, Usings + """
            public partial class Context
            {
                private static async Task OpenAsync(Encrypter encrypter, Missing other, CancellationToken ct)
                {
                    await Task.Yield();
                    var memory = new BlockStream();
                    {|AG0102:using|} (var encrypted = encrypter.Open(memory, 16)) { }
                }

                private static async Task OpenMissingAsync(Missing encrypter, CancellationToken ct)
                {
                    await Task.Yield();
                    var memory = new BlockStream();
                    using (var encrypted = encrypter.Open(memory, 16)) { }
                }
            }
            """, Usings + """
            public partial class Context
            {
                public Task CallAsync() => OpenAsync(new Encrypter(Level.Fast, ), null, CancellationToken.None);
                public Task OtherAsync() => OpenAsync(new Missing(), , );
                public Task ThirdAsync() => OpenMissingAsync(new Missing(1), CancellationToken.None);
            }
            """);

    private const string HttpUsings = "using System; using System.IO; using System.Net.Http; using System.Text.Json; using System.Threading; using System.Threading.Tasks;\n";

    [Fact]
    public Task Content_stream_of_a_response_a_helper_in_another_file_buffered_is_silent_and_a_streamed_one_reported()
    {
        var test = new AsyncGuard.Analyzers.Tests.Verifiers.AnalyzerTest<AsyncGuard.Analyzers.Blocking.AG0102AsyncAlternativeAnalyzer>();
        test.TestState.Sources.Add(("/0/Helpers.cs", HttpUsings + """
            public static class HttpHelpers
            {
                public static async Task<HttpResponseMessage> SendJsonAsync(this HttpClient client, HttpRequestMessage request) =>
                    await client.SendAsync(request).ConfigureAwait(false);

                public static async Task<HttpResponseMessage> StreamedAsync(HttpClient client, HttpRequestMessage request, bool headersOnly)
                {
                    if (headersOnly)
                        return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                    return await client.SendAsync(request);
                }
            }
            """));
        test.TestState.Sources.Add(("/0/Callers.cs", HttpUsings + """
            public class Service
            {
                private readonly HttpClient _client = new HttpClient();

                public async Task<string?> BufferedAsync(HttpRequestMessage request, CancellationToken ct)
                {
                    var response = await _client.SendJsonAsync(request).ConfigureAwait(false);
                    using var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
                    return await JsonSerializer.DeserializeAsync<string>(stream, cancellationToken: ct);
                }

                public async Task<string?> StreamedAsync(HttpRequestMessage request, CancellationToken ct)
                {
                    var response = await HttpHelpers.StreamedAsync(_client, request, true);
                    {|AG0102:using|} var stream = await response.Content.ReadAsStreamAsync(ct);
                    return await JsonSerializer.DeserializeAsync<string>(stream, cancellationToken: ct);
                }
            }
            """));
        return test.RunAsync();
    }

    [Fact]
    public Task Memory_a_helper_in_another_file_returns_on_every_path_is_silent_and_one_other_path_is_reported() =>
        Run(Types, Usings + """
            public partial class Context
            {
                private static async Task<Stream> CompressAsync(Stream content, CancellationToken ct)
                {
                    var memory = new BlockStream();
                    var buffer = new byte[16];
                    await content.ReadAsync(buffer, 0, buffer.Length, ct);
                    memory.Position = 0;
                    return memory;
                }

                internal static Stream Fresh(bool large) => new BlockStream();

                internal static Stream Pick(Stream given, bool fresh)
                {
                    if (fresh)
                        return new BlockStream();
                    return given;
                }

                internal static Stream Self(int depth) => depth > 0 ? Self(depth - 1) : new BlockStream();
            }
            """, Usings + """
            public partial class Context
            {
                public async Task UseAsync(Stream content, Stream target, CancellationToken ct)
                {
                    await Task.Yield();
                    var buffer = new byte[16];
                    using (var compressed = await CompressAsync(content, ct).ConfigureAwait(false))
                    {
                        compressed.Read(buffer, 0, buffer.Length);
                    }

                    using (var fresh = Fresh(true))
                    {
                        fresh.Write(buffer, 0, buffer.Length);
                    }

                    {|AG0102:using|} (var picked = Pick(target, true))
                    {
                        {|AG0102:picked.Read(buffer, 0, buffer.Length)|};
                    }

                    {|AG0102:using|} (var self = Self(2))
                    {
                        {|AG0102:self.Flush()|};
                    }
                }
            }
            """);

    [Fact]
    public Task Factory_a_helper_in_another_file_builds_from_plain_values_is_silent_and_the_nearest_helpers_are_reported() =>
        Run(Types, Usings + """
            public partial class Context
            {
                private readonly Encrypter _shared = new Encrypter(Level.Fast, true);

                private static Encrypter Make(byte[] key)
                {
                    var encrypter = new Encrypter(Levels.Of(1), true);
                    encrypter.AddKey(key);
                    return encrypter;
                }

                private Encrypter MakeFast() => new Encrypter(Level.Fast, false);

                private static Encrypter FromFile(string path) => new Encrypter(path);

                private Encrypter SharedOrNew(bool shared)
                {
                    if (shared)
                        return _shared;
                    return new Encrypter(Level.Small, true);
                }

                protected virtual Encrypter Overridable() => new Encrypter(Level.Small, true);

                private static Encrypter Given(Encrypter given) => given;
            }
            """, Usings + """
            public partial class Context
            {
                public async Task UseAsync(byte[] key, Encrypter other, string path, CancellationToken ct)
                {
                    await Task.Yield();
                    var buffer = new byte[16];
                    var memory = new BlockStream();

                    var made = Make(key);
                    using (var z = made.Open(memory, 16)) { z.Write(buffer, 0, buffer.Length); }
                    var fast = this.MakeFast();
                    using (var z = fast.Open(memory, 16)) { z.Flush(); }

                    var file = FromFile(path);
                    {|AG0102:using|} (var z = file.Open(memory, 16)) { }
                    var shared = SharedOrNew(true);
                    {|AG0102:using|} (var z = shared.Open(memory, 16)) { }
                    var overridable = Overridable();
                    {|AG0102:using|} (var z = overridable.Open(memory, 16)) { }
                    var given = Given(other);
                    {|AG0102:using|} (var z = given.Open(memory, 16)) { }
                }
            }
            """);
}
