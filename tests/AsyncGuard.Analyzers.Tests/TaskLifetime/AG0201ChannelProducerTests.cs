using System.Threading.Tasks;
using AsyncGuard.Analyzers.TaskLifetime;
using Xunit;
using VerifyAG0201 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.TaskLifetime.AG0201UnobservedTaskAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.TaskLifetime;

/// <summary>
/// Issue 16, eighth part (ff201; Open.ChannelExtensions' SourceAsync): a producer that starts writing into a channel and
/// returns the same channel's reader at once hands the writer's outcome to the readers through the channel's completion:
/// silent by default, reported with report_channel_producers. Still reported: a reader of another channel, a statement
/// between the write and the return, a write on a writer that is not a channel's.
/// </summary>
public sealed class AG0201ChannelProducerTests
{
    private const string Types = """
        using System; using System.Collections.Generic; using System.Threading; using System.Threading.Channels; using System.Threading.Tasks;
        public static class Writers
        {
            public static async Task<long> WriteAllAsync<T>(this ChannelWriter<T> writer, IEnumerable<T> source, bool complete, CancellationToken token = default)
            {
                long count = 0;
                try { foreach (var item in source) { await writer.WriteAsync(item, token); count++; } }
                catch (Exception e) { if (complete) writer.TryComplete(e); throw; }
                if (complete) writer.TryComplete();
                return count;
            }
        }
        """;

    private static string Producer(string body) => Types + $$"""
        public static class Producers
        {
            {{body}}
        }
        """;

    [Theory]
    // An extension on the writer, through ConfigureAwait, over two lines; a parameter channel or a local one.
    [InlineData("public static ChannelReader<int> Source(this Channel<int> target, IEnumerable<int> items) { target.Writer.WriteAllAsync(items, true).ConfigureAwait(false); return target.Reader; }")]
    [InlineData("public static ChannelReader<TRead> Source<TWrite, TRead>(Channel<TWrite, TRead> target, IEnumerable<TWrite> items)\n{\n    target.Writer\n        .WriteAllAsync(items, true)\n        .ConfigureAwait(false);\n\n    return target.Reader;\n}")]
    [InlineData("public static ChannelReader<int> Source(IEnumerable<int> items) { var channel = Channel.CreateUnbounded<int>(); channel.Writer.WriteAllAsync(items, true); return channel.Reader; }")]
    // The writer's own ValueTask-returning method.
    [InlineData("public static ChannelReader<int> One(Channel<int> channel) { channel.Writer.WriteAsync(1); return channel.Reader; }")]
    public Task Silent_where_the_reader_is_handed_back(string body) =>
        VerifyAG0201.NoDiagnostics(Producer(body));

    [Theory]
    // The reader of another channel.
    [InlineData("public static ChannelReader<int> Source(Channel<int> target, Channel<int> other, IEnumerable<int> items) { {|AG0201:target.Writer.WriteAllAsync(items, true)|}; return other.Reader; }")]
    // Something else between the write and the return.
    [InlineData("public static ChannelReader<int> Source(Channel<int> target, IEnumerable<int> items) { {|AG0201:target.Writer.WriteAllAsync(items, true)|}; Console.WriteLine(); return target.Reader; }")]
    // No reader returned; a writer that is no channel's.
    [InlineData("public static void Fill(Channel<int> target, IEnumerable<int> items) { {|AG0201:target.Writer.WriteAllAsync(items, true)|}; }")]
    [InlineData("public static ChannelReader<int> Fill(ChannelWriter<int> writer, Channel<int> target, IEnumerable<int> items) { {|AG0201:writer.WriteAllAsync(items, true)|}; return target.Reader; }")]
    public Task Reported_where_the_reader_does_not_carry_the_outcome(string body) =>
        VerifyAG0201.Diagnostics(Producer(body));

    [Fact]
    public Task The_option_reports_channel_producers() =>
        VerifyAG0201.DiagnosticsWithOptions(
            Producer("public static ChannelReader<int> Source(Channel<int> target, IEnumerable<int> items) { {|AG0201:target.Writer.WriteAllAsync(items, true).ConfigureAwait(false)|}; return target.Reader; }"),
            ChannelProducers.ReportOption + " = true");

    [Fact]
    public Task Never_throws_on_half_typed_code() =>
        VerifyAG0201.DiagnosticsInBrokenCode(Producer("""
            public static ChannelReader<int> A(Channel<int> target, IEnumerable<int> items) { {|AG0201:target.Writer.WriteAllAsync(items, true)|}; return target.Missing; }
            public static ChannelReader<int> B(Missing target, IEnumerable<int> items) { target.Writer.WriteAllAsync(items, true); return target.Reader; }
            public static ChannelReader<int> C(Channel<int> target, IEnumerable<int> items) { {|AG0201:target.Writer.WriteAllAsync(items, true)|}; return; }
            """));
}
