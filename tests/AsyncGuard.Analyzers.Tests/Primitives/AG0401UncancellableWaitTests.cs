using Xunit;
using static AsyncGuard.Analyzers.Tests.Primitives.PrimitivesSources;
using VerifyAG0401 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Primitives.AG0401ReleaseInFinallyAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Primitives;

/// <summary>
/// Corpus6 W7: the acquisition first inside the try whose finally releases is harmful only when the wait can fail
/// (cancelled, timed out). A wait without a token, or with a token that cannot be cancelled, cannot.
/// </summary>
public sealed class AG0401UncancellableWaitTests
{
    private static string InClass(string body) => Usings + $$"""
        class C
        {
            private static readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);
            private readonly AsyncGuard.AsyncSemaphore _permits = new AsyncGuard.AsyncSemaphore(1);
            private int _count;
            static void Work() { }
            static Task WorkAsync() => Task.CompletedTask;

        {{body}}
        }
        """ + RuntimeStandIns;

    [Theory]
    [InlineData("async Task M() { try { await _gate.WaitAsync(); await WorkAsync(); } finally { _gate.Release(); } }")]
    [InlineData("async Task M() { try { await _gate.WaitAsync().ConfigureAwait(false); Work(); } finally { _gate.Release(); } }")]
    [InlineData("void M() { try { _gate.Wait(); Work(); } finally { _gate.Release(); } }")]
    [InlineData("async Task M() { try { await _gate.WaitAsync(CancellationToken.None); Work(); } finally { _gate.Release(); } }")]
    [InlineData("async Task M() { try { await _gate.WaitAsync(cancellationToken: default); Work(); } finally { _gate.Release(); } }")]
    [InlineData("async Task M() { try { await _gate.WaitAsync(default(CancellationToken)); Work(); } finally { _gate.Release(); } }")]
    [InlineData("async Task M() { try { await _gate.WaitAsync(new CancellationToken()); Work(); } finally { _gate.Release(); } }")]
    [InlineData("void M() { try { _gate.Wait(new CancellationToken(false)); Work(); } finally { _gate.Release(); } }")]
    [InlineData("async Task M() { try { await _permits.WaitAsync(); Work(); } finally { _permits.Release(); } }")]
    [InlineData("async Task M(SemaphoreSlim s) { try { await s.WaitAsync(); _count++; } finally { s.Release(); } }")]
    [InlineData("Func<Task> M() => async () => { try { await _gate.WaitAsync(); Work(); } finally { _gate.Release(); } };")]
    public Task Stays_silent_for_a_wait_that_cannot_fail_first_in_the_try(string member) => VerifyAG0401.NoDiagnostics(InClass(member));

    [Theory]
    [InlineData("async Task M(CancellationToken ct) { try { await {|AG0401:_gate.WaitAsync(ct)|}; Work(); } finally { _gate.Release(); } }")]
    [InlineData("void M(CancellationToken ct) { try { {|AG0401:_gate.Wait(ct)|}; Work(); } finally { _gate.Release(); } }")]
    [InlineData("async Task M(CancellationTokenSource cts) { try { await {|AG0401:_gate.WaitAsync(cts.Token)|}; Work(); } finally { _gate.Release(); } }")]
    [InlineData("async Task M() { try { await {|AG0401:_gate.WaitAsync(new CancellationToken(true))|}; Work(); } finally { _gate.Release(); } }")]
    [InlineData("async Task M(bool b) { try { await {|AG0401:_gate.WaitAsync(new CancellationToken(b))|}; Work(); } finally { _gate.Release(); } }")]
    [InlineData("async Task M(CancellationToken ct) { try { await {|AG0401:_permits.WaitAsync(cancellationToken: ct)|}; Work(); } finally { _permits.Release(); } }")]
    public Task Still_reports_a_wait_that_can_be_cancelled(string member) => VerifyAG0401.Diagnostics(InClass(member));

    [Theory]
    // The first shape (no try at all) does not depend on the wait: an exception in the guarded code leaks the permit.
    [InlineData("async Task M() { await {|AG0401:_gate.WaitAsync()|}; Work(); _gate.Release(); }")]
    [InlineData("void M() { {|AG0401:_gate.Wait(CancellationToken.None)|}; Work(); _gate.Release(); }")]
    public Task Still_reports_the_unprotected_shape_without_a_token(string member) => VerifyAG0401.Diagnostics(InClass(member));

    [Fact]
    public Task Option_reports_an_uncancellable_wait_in_the_try()
    {
        var test = new Verifiers.AnalyzerTest<AsyncGuard.Analyzers.Primitives.AG0401ReleaseInFinallyAnalyzer>
        {
            TestCode = InClass("async Task M() { try { await {|AG0401:_gate.WaitAsync()|}; Work(); } finally { _gate.Release(); } }"),
        };
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*.cs]\ndotnet_diagnostic.AG0401.report_uncancellable_wait_in_try = true\n"));
        return test.RunAsync();
    }

    [Fact]
    public Task Survives_half_typed_code() => VerifyAG0401.DiagnosticsInBrokenCode(Usings + """
        class C
        {
            SemaphoreSlim s = new SemaphoreSlim(1, 1);
            async Task M()
            {
                try { await s.WaitAsync(missing); Work(); } finally { s.Release(); }
                try { await s.WaitAsync(CancellationToken.); } finally { s.Release(); }
                try { s.Wait(new CancellationToken(; } finally { s.Release(); }
            }
        }
        """);
}
