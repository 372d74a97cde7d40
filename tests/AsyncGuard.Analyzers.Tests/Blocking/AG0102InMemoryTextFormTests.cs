using Xunit;
using VerifyAG0102 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0102AsyncAlternativeAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>
/// AG0102 (issue 16, fifteenth pass, held-out WireMock.Net): the sync text form of an API whose async members come as a
/// stream form (writes to a stream the caller passes, returns a plain Task) and a stream-free form with the same other
/// parameters returning <c>Task&lt;string&gt;</c> is silent: with no stream it builds the text in memory. Still reported: a
/// type without a stream form, a stream that replaces a parameter (a path), the stream form itself, a non-string result.
/// </summary>
public sealed class AG0102InMemoryTextFormTests
{
    private const string Types = """
        public sealed class Options { }

        // A converter in the shape of the corpus's JSON abstraction: a stream form and a text form of each operation.
        public interface IConverter
        {
            string Serialize(object value, Options options = null);
            void Serialize(Stream stream, object value, Options options = null);
            Task SerializeAsync(Stream stream, object value, Options options = null, CancellationToken cancellationToken = default);
            Task<string> SerializeAsync(object value, Options options = null, CancellationToken cancellationToken = default);
        }

        // Generic members, a writer as the stream, a ValueTask stream form, on a class (static and instance).
        public class Formatter
        {
            public string Format<T>(T value) => "";
            public ValueTask FormatAsync<T>(TextWriter writer, T value) => default;
            public Task<string> FormatAsync<T>(T value) => Task.FromResult("");
            public static string Render(int[] values, bool pretty) => "";
            public static Task RenderAsync(int[] values, Stream target, bool pretty, CancellationToken cancellationToken) => Task.CompletedTask;
            public static Task<string> RenderAsync(int[] values, bool pretty, CancellationToken cancellationToken) => Task.FromResult("");
        }

        public sealed class DerivedFormatter : Formatter { }

        // No stream form: a client that fetches its text.
        public interface IRemote
        {
            string Fetch(string id);
            Task<string> FetchAsync(string id, CancellationToken cancellationToken = default);
        }

        // The stream replaces the path instead of joining it: the path is I/O.
        public interface IFiles
        {
            string Read(string path);
            Task<string> ReadAsync(string path);
            Task ReadAsync(Stream source);
        }

        // Bytes, not text: not this class.
        public interface IEncoder
        {
            byte[] Encode(object value);
            Task<byte[]> EncodeAsync(object value);
            Task EncodeAsync(Stream target, object value);
        }
        """;

    private static string InAsync(string body) => $$"""
        using System; using System.IO; using System.Threading; using System.Threading.Tasks;

        class Mapper
        {
            async Task<string> Map(IConverter converter, Formatter formatter, DerivedFormatter derived, IRemote remote, IFiles files, IEncoder encoder, object value, Stream body, string path, CancellationToken ct)
            {
                await Task.Yield();
                {{body}}
                return "";
            }
        }
        """ + Types;

    [Theory]
    // The corpus shape: the converter's text form in an async mapper (options given, options left out).
    [InlineData("var json = converter.Serialize(value, new Options());")]
    [InlineData("var json = converter.Serialize(value);")]
    // Generic members with a writer as the stream form; a derived receiver; a static pair whose stream sits in the middle.
    [InlineData("var text = formatter.Format(value);")]
    [InlineData("var text = derived.Format(42);")]
    [InlineData("var text = Formatter.Render(new[] { 1 }, true);")]
    public Task Silent_for_the_text_form_of_a_stream_api(string body) =>
        VerifyAG0102.Diagnostics(InAsync(body));

    [Theory]
    // No stream form; a stream that replaces the path; the stream form itself; bytes instead of text.
    [InlineData("var text = {|AG0102:remote.Fetch(\"a\")|};")]
    [InlineData("var text = {|AG0102:files.Read(path)|};")]
    [InlineData("{|AG0102:converter.Serialize(body, value)|};")]
    [InlineData("var bytes = {|AG0102:encoder.Encode(value)|};")]
    public Task Reported_where_the_call_is_not_the_text_form(string body) =>
        VerifyAG0102.Diagnostics(InAsync(body));

    [Theory]
    // Half-typed code: an unknown receiver, an unknown argument, an unfinished call. Nothing throws.
    [InlineData("var json = missing.Serialize(value);")]
    [InlineData("var json = converter.Serialize(unknown);")]
    [InlineData("var json = converter.Serialize(value;")]
    [InlineData("var json = converter.Serialize(value, new Missing());")]
    public Task Never_throws_on_half_typed_code(string body) =>
        VerifyAG0102.DiagnosticsInBrokenCode(InAsync(body));
}
