using Xunit;
using VerifyAG0301 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Cancellation.AG0301ForwardTokenAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Cancellation;

/// <summary>
/// AG0301 (issue 16, held-out DSharpPlus): `Add`/`TryAdd` on a BlockingCollection whose every value is made without a
/// bounded capacity never waits for room, so the token has nothing to cancel. Still reported: a bounded collection, one
/// assigned from elsewhere or given in, and `Take` (it waits for items whatever the bound).
/// </summary>
public sealed class AG0301UnboundedCollectionTests
{
    private static string Receiver(string members, string body) => $$"""
        using System; using System.Collections.Concurrent; using System.Net.Sockets; using System.Threading; using System.Threading.Tasks;

        sealed class Receiver
        {
            private readonly CancellationTokenSource _source = new CancellationTokenSource();
            private CancellationToken Token => _source.Token;
            {{members}}

            public async Task LoopAsync(UdpClient client)
            {
                while (!Token.IsCancellationRequested)
                {
                    var packet = await client.ReceiveAsync(Token);
                    {{body}}
                }
            }
        }
        """;

    [Theory]
    // The corpus shape: a get-only property assigned `[]` in the constructor; a field made with `new()` in its initializer;
    // a privately set property made over a queue (no capacity); TryAdd.
    [InlineData("private BlockingCollection<byte[]> Queue { get; }\n    public Receiver() { this.Queue = []; }", "this.Queue.Add(packet.Buffer);")]
    [InlineData("private readonly BlockingCollection<byte[]> _queue = new();", "_queue.Add(packet.Buffer);")]
    [InlineData("public BlockingCollection<byte[]> Queue { get; private set; } = new BlockingCollection<byte[]>(new ConcurrentQueue<byte[]>());", "Queue.TryAdd(packet.Buffer);")]
    public Task Silent_for_an_add_to_an_unbounded_collection(string members, string body) =>
        VerifyAG0301.Diagnostics(Receiver(members, body));

    [Theory]
    // A bound; a field also given a collection from outside; a public settable property; Take waits for items.
    [InlineData("private readonly BlockingCollection<byte[]> _queue = new(16);", "_queue.{|AG0301:Add|}(packet.Buffer);")]
    [InlineData("private BlockingCollection<byte[]> _queue = new();\n    public void Use(BlockingCollection<byte[]> queue) => _queue = queue;", "_queue.{|AG0301:Add|}(packet.Buffer);")]
    [InlineData("public BlockingCollection<byte[]> Queue { get; set; } = new();", "Queue.{|AG0301:Add|}(packet.Buffer);")]
    [InlineData("private readonly BlockingCollection<byte[]> _queue = new();", "_ = _queue.{|AG0301:Take|}();")]
    public Task Reported_where_the_collection_may_be_bounded_or_the_call_waits(string members, string body) =>
        VerifyAG0301.Diagnostics(Receiver(members, body));

    [Theory]
    // Half-typed code: an unknown element type, an unknown capacity (not known unbounded: reported), an unfinished call.
    // Nothing throws.
    [InlineData("private readonly BlockingCollection<Missing> _queue = new();", "_queue.Add(packet.Buffer);")]
    [InlineData("private readonly BlockingCollection<byte[]> _queue = new(missing);", "_queue.{|AG0301:Add|}(packet.Buffer);")]
    [InlineData("private readonly BlockingCollection<byte[]> _queue = new();", "_queue.Add(packet.Buffer;")]
    public Task Never_throws_on_half_typed_code(string members, string body) =>
        VerifyAG0301.DiagnosticsInBrokenCode(Receiver(members, body));
}
