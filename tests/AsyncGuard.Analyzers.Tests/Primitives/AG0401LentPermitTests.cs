using Xunit;
using static AsyncGuard.Analyzers.Tests.Primitives.PrimitivesSources;
using VerifyAG0401 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Primitives.AG0401ReleaseInFinallyAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Primitives;

/// <summary>
/// AG0401: a function that releases its caller's permit to wait and takes it back before returning, releasing nothing after
/// the acquisition (wrong17, corpus17lib CryptoExchange.Net RateLimitGate.CheckGuardsAsync): the caller's finally releases it.
/// </summary>
public sealed class AG0401LentPermitTests
{
    private static string InClass(string body) => Usings + $$"""
        class C
        {
            private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);
            private readonly SemaphoreSlim _other = new SemaphoreSlim(1, 1);
            static void Work() { }
            static bool Check(int i) => i > 0;

        {{body}}
        }
        """ + RuntimeStandIns;

    [Theory]
    // The CryptoExchange.Net shape: inside a foreach, the acquisition is followed by a return of a recursive call.
    [InlineData("async ValueTask<int> M(int[] items, CancellationToken ct) { foreach (var i in items) { if (Check(i)) { _gate.Release(); await Task.Delay(i, ct).ConfigureAwait(false); await _gate.WaitAsync(ct).ConfigureAwait(false); return await M(items, ct).ConfigureAwait(false); } } return 0; }")]
    [InlineData("async Task M(CancellationToken ct) { _gate.Release(); await Task.Delay(10, ct); await _gate.WaitAsync(ct); Work(); }")]
    [InlineData("void M() { _gate.Release(); Thread.Sleep(10); _gate.Wait(); Work(); }")]
    [InlineData("async Task M(bool b) { if (b) { _gate.Release(); await Task.Delay(1); } await _gate.WaitAsync(); Work(); }")]
    [InlineData("async Task M(int n) { while (n-- > 0) { _gate.Release(); await Task.Delay(1); await _gate.WaitAsync(); Work(); throw new InvalidOperationException(); } }")]
    [InlineData("async Task M(int n) { try { for (int i = 0; i < n; i++) { _gate.Release(); await _gate.WaitAsync(); return; } } catch (Exception) { Work(); } }")]
    public Task Silent_when_the_function_releases_only_before_it_acquires(string member) => VerifyAG0401.Diagnostics(InClass(member));

    [Theory]
    [InlineData("async Task M() { _gate.Release(); await {|AG0401:_gate.WaitAsync()|}; Work(); _gate.Release(); }")]
    [InlineData("async Task M() { _other.Release(); await {|AG0401:_gate.WaitAsync()|}; Work(); _gate.Release(); }")]
    [InlineData("async Task M(bool b) { while (b) { _gate.Release(); await {|AG0401:_gate.WaitAsync()|}; Work(); } }")]
    [InlineData("async Task M(int[] items) { foreach (var i in items) { _gate.Release(); await {|AG0401:_gate.WaitAsync()|}; if (Check(i)) continue; return; } }")]
    [InlineData("async Task M(int[] items) { foreach (var i in items) { _gate.Release(); await {|AG0401:_gate.WaitAsync()|}; if (Check(i)) break; return; } }")]
    [InlineData("async Task M(bool b) { do { try { _gate.Release(); await {|AG0401:_gate.WaitAsync()|}; Work(); return; } catch (Exception) { } } while (b); }")]
    [InlineData("async Task M(bool b) { while (b) { _gate.Release(); if (b) await {|AG0401:_gate.WaitAsync()|}; return; } }")]
    [InlineData("async Task M(bool b) { again: _gate.Release(); await {|AG0401:_gate.WaitAsync()|}; Work(); if (b) goto again; }")]
    [InlineData("async Task M() { try { _gate.Release(); await {|AG0401:_gate.WaitAsync()|}; Work(); } catch (Exception) { _gate.Release(); throw; } }")]
    [InlineData("async Task M() { _gate.Release(); await {|AG0401:_gate.WaitAsync()|}; Work(); Action a = () => Work(); _gate.Release(); }")]
    public Task Reports_when_a_release_can_run_after_the_acquisition(string member) => VerifyAG0401.Diagnostics(InClass(member));

    [Fact]
    public Task Half_typed_code_does_not_throw() => VerifyAG0401.Diagnostics(InClass("""
            async Task M() { _gate.Release(); await _gate.WaitAsync(); {|CS0103:missing|}(); }
            async Task N() { {|CS0103:missing|}.Release(); await {|AG0401:_gate.WaitAsync()|}; Work(); _gate.Release(); }
        """));
}
