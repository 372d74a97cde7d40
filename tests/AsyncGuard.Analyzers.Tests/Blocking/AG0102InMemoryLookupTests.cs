using Xunit;
using VerifyAG0102 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0102AsyncAlternativeAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>
/// AG0102 (issue 16, held-out DSharpPlus): a sync member of the compilation whose body only reads memory (fields, locals,
/// built-in operators, auto-properties, members of in-memory collection classes and of special types) cannot block, so its
/// async sibling is no replacement for it. Still reported: a body that calls another method (I/O, a helper of the
/// compilation), loops, uses an interface collection or a blocking collection, and an overridable member.
/// </summary>
public sealed class AG0102InMemoryLookupTests
{
    private const string Types = """
        public sealed class Channel { }

        public class Guild
        {
            internal ConcurrentDictionary<ulong, Channel> channels = new();
            private readonly Dictionary<string, int> _counts = new();
            private static readonly List<Channel> s_list = new();
            private readonly IDictionary<ulong, Channel> _map = new Dictionary<ulong, Channel>();
            private readonly BlockingCollection<Channel> _queue = new();
            public int Version { get; set; }

            // Expression body: a lookup in a concurrent dictionary (the corpus shape).
            internal Channel GetChannel(ulong id) => channels != null && channels.TryGetValue(id, out Channel c) ? c : null;
            public async Task<Channel> GetChannelAsync(ulong id) { await Task.Delay(1); return null; }

            // Block body: a guard that throws a framework exception, a pattern, an auto-property.
            public int Count(string key)
            {
                if (key is null)
                {
                    throw new ArgumentNullException(nameof(key));
                }

                var found = _counts.TryGetValue(key, out var n);
                return found ? n + Version : 0;
            }
            public async Task<int> CountAsync(string key) { await Task.Delay(1); return 0; }

            // Static: a list's count and indexer.
            public static Channel First() => s_list.Count > 0 ? s_list[0] : null;
            public static async Task<Channel> FirstAsync() { await Task.Delay(1); return null; }

            // Nearest cases that stay reported.
            public string Load(string path) => File.ReadAllText(path);
            public async Task<string> LoadAsync(string path) { await Task.Delay(1); return ""; }
            public Channel Find(ulong id) => GetChannel(id);
            public async Task<Channel> FindAsync(ulong id) { await Task.Delay(1); return null; }
            public Channel Map(ulong id) => _map.TryGetValue(id, out var c) ? c : null;
            public async Task<Channel> MapAsync(ulong id) { await Task.Delay(1); return null; }
            public Channel Next() => _queue.Take();
            public async Task<Channel> NextAsync() { await Task.Delay(1); return null; }
            public virtual Channel Peek(ulong id) => channels.TryGetValue(id, out var c) ? c : null;
            public async Task<Channel> PeekAsync(ulong id) { await Task.Delay(1); return null; }
            public Channel Spin() { while (s_list.Count == 0) { } return s_list[0]; }
            public int Total() => 0;
            public async Task<int> TotalAsync() { await Task.Delay(1); return 0; }
            public async Task<Channel> SpinAsync() { await Task.Delay(1); return null; }
        }
        """;

    private static string InAsync(string body) => $$"""
        using System; using System.IO; using System.Collections.Generic; using System.Collections.Concurrent;
        using System.Threading; using System.Threading.Tasks;

        class Parser
        {
            async Task Parse(Guild guild, Dictionary<ulong, Guild> guilds, ulong id)
            {
                await Task.Yield();
                {{body}}
            }
        }
        """ + Types;

    [Theory]
    // The corpus shape: in an await's argument, in a `??`, on an indexed receiver; a block body; a static member.
    [InlineData("var channel = guild.GetChannel(id) ?? new Channel();")]
    [InlineData("await Task.FromResult(guilds[id].GetChannel(id));")]
    [InlineData("var n = guild.Count(\"a\");")]
    [InlineData("var first = Guild.First();")]
    public Task Silent_for_a_member_that_only_reads_memory(string body) =>
        VerifyAG0102.Diagnostics(InAsync(body));

    [Theory]
    // I/O; a helper of the compilation; an interface collection; a blocking collection; an overridable member; a loop;
    [InlineData("var text = {|AG0102:guild.Load(\"p\")|};")]
    [InlineData("var c = {|AG0102:guild.Find(id)|};")]
    [InlineData("var c = {|AG0102:guild.Map(id)|};")]
    [InlineData("var c = {|AG0102:guild.Next()|};")]
    [InlineData("var c = {|AG0102:guild.Peek(id)|};")]
    [InlineData("var c = {|AG0102:guild.Spin()|};")]
    // A stub that reads no collection stands for nothing.
    [InlineData("var t = {|AG0102:guild.Total()|};")]
    public Task Reported_where_the_member_may_wait(string body) =>
        VerifyAG0102.Diagnostics(InAsync(body));

    [Theory]
    // Half-typed code: an unknown argument, an unknown member, an unfinished call. Nothing throws.
    [InlineData("var c = guild.GetChannel(missing);")]
    [InlineData("var c = guild.Missing(id);")]
    [InlineData("var c = guild.GetChannel(id;")]
    [InlineData("var c = unknown.GetChannel(id);")]
    public Task Never_throws_on_half_typed_code(string body) =>
        VerifyAG0102.DiagnosticsInBrokenCode(InAsync(body));

    [Fact]
    public Task Never_throws_on_a_half_typed_member_body() =>
        VerifyAG0102.DiagnosticsInBrokenCode(InAsync("var c = {|AG0102:guild.Broken(id)|};").Replace(
            "public virtual Channel Peek",
            "public Channel Broken(ulong id) => channels.TryGetValue(id, out var c) ? c : missing;\n    public async Task<Channel> BrokenAsync(ulong id) { await Task.Delay(1); return null; }\n    public virtual Channel Peek"));
}
