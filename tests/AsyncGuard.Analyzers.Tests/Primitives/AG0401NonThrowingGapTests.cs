using Xunit;
using static AsyncGuard.Analyzers.Tests.Primitives.PrimitivesSources;
using VerifyAG0401 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Primitives.AG0401ReleaseInFinallyAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Primitives;

/// <summary>
/// AG0401: statements that cannot throw between the acquisition and the try whose finally releases (fix17, corpus17lib
/// CryptoExchange.Net RateLimitGate.ProcessAsync, CryptoExchangeWebSocketClient.CloseAsync): the permit cannot leak.
/// </summary>
public sealed class AG0401NonThrowingGapTests
{
    private static string InClass(string body) => Usings + $$"""
        enum Mode { Idle, Busy }
        class Other { public int Count; }
        class C
        {
            private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);
            private int _waiting;
            private long _total;
            private bool _stopRequested;
            private Mode _mode;
            private decimal _money;
            private string _name = "";
            private Other _other = new Other();
            private int[] _slots = new int[4];
            private int Prop { get; set; }
            static void Work() { }

        {{body}}
        }
        """ + RuntimeStandIns;

    [Theory]
    [InlineData("async Task M(CancellationToken ct) { await _gate.WaitAsync(ct).ConfigureAwait(false); bool release = true; _waiting++; try { Work(); } finally { if (release) _gate.Release(); } }")]
    [InlineData("async Task M() { await _gate.WaitAsync(); _stopRequested = true; try { Work(); } finally { _gate.Release(); } }")]
    [InlineData("async Task M(int n) { await _gate.WaitAsync(); var local = n; this._waiting = local; --_waiting; _mode = Mode.Busy; ; try { Work(); } finally { _gate.Release(); } }")]
    [InlineData("void M() { _gate.Wait(); _total = 5; int a = 1, b = 2; a = b; try { Work(); } finally { _gate.Release(); } }")]
    [InlineData("async Task M(bool flag) { await _gate.WaitAsync(); const int k = 3; _waiting = k; _stopRequested = flag; try { Work(); } finally { _gate.Release(); } }")]
    public Task Silent_when_nothing_between_can_throw(string member) => VerifyAG0401.Diagnostics(InClass(member));

    [Theory]
    [InlineData("async Task M() { await {|AG0401:_gate.WaitAsync()|}; Work(); try { Work(); } finally { _gate.Release(); } }")]
    [InlineData("async Task M() { await {|AG0401:_gate.WaitAsync()|}; _slots[0] = 1; try { Work(); } finally { _gate.Release(); } }")]
    [InlineData("async Task M() { await {|AG0401:_gate.WaitAsync()|}; _other.Count++; try { Work(); } finally { _gate.Release(); } }")]
    [InlineData("async Task M() { await {|AG0401:_gate.WaitAsync()|}; checked { _waiting++; } try { Work(); } finally { _gate.Release(); } }")]
    [InlineData("async Task M() { await {|AG0401:_gate.WaitAsync()|}; _waiting = checked(_waiting + 1); try { Work(); } finally { _gate.Release(); } }")]
    [InlineData("async Task M(object o) { await {|AG0401:_gate.WaitAsync()|}; var s = (string)o; try { Work(); } finally { _gate.Release(); } }")]
    [InlineData("async Task M() { await {|AG0401:_gate.WaitAsync()|}; var box = new object(); try { Work(); } finally { _gate.Release(); } }")]
    [InlineData("async Task M() { await {|AG0401:_gate.WaitAsync()|}; await Task.Yield(); try { Work(); } finally { _gate.Release(); } }")]
    [InlineData("async Task M() { await {|AG0401:_gate.WaitAsync()|}; Prop = 1; try { Work(); } finally { _gate.Release(); } }")]
    [InlineData("async Task M() { await {|AG0401:_gate.WaitAsync()|}; _money++; try { Work(); } finally { _gate.Release(); } }")]
    [InlineData("async Task M() { await {|AG0401:_gate.WaitAsync()|}; var n = _name.Length; try { Work(); } finally { _gate.Release(); } }")]
    [InlineData("async Task M() { await {|AG0401:_gate.WaitAsync()|}; _waiting++; Work(); _gate.Release(); }")]
    [InlineData("async Task M() { await {|AG0401:_gate.WaitAsync()|}; _waiting++; try { Work(); } catch { } _gate.Release(); }")]
    public Task Reports_when_something_between_may_throw(string member) => VerifyAG0401.Diagnostics(InClass(member));

    [Fact]
    public Task Half_typed_code_does_not_throw() => VerifyAG0401.Diagnostics(InClass("""
            async Task M() { await {|AG0401:_gate.WaitAsync()|}; {|CS0103:missing|} = 1; try { Work(); } finally { _gate.Release(); } }
        """));
}
