using Xunit;
using static AsyncGuard.Analyzers.Tests.Primitives.PrimitivesSources;
using VerifyAG0401 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Primitives.AG0401ReleaseInFinallyAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Primitives;

/// <summary>
/// AG0401 and double-checked initialisation: between the acquisition and the guarded try, early exits that release first
/// and whose condition cannot throw (seen on the corpus: semantic-kernel's TextSearchStore.EnsureCollectionExistsAsync).
/// </summary>
public sealed class AG0401EarlyReleaseExitTests
{
    private static string InClass(string body) => Usings + $$"""
        class C
        {
            private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);
            private static readonly SemaphoreSlim Shared = new SemaphoreSlim(1, 1);
            private volatile bool _ready;
            private static bool s_ready;
            private object _value;
            private C _other;
            static bool Check() => true;
            static void Work() { }
            static Task WorkAsync() => Task.CompletedTask;

        {{body}}
        }
        """ + RuntimeStandIns;

    [Theory]
    [InlineData("async Task<object> M(CancellationToken ct) { if (_ready) return _value; await _gate.WaitAsync(ct).ConfigureAwait(false); if (_ready) { _gate.Release(); return _value; } try { await WorkAsync(); _ready = true; } finally { _gate.Release(); } return _value; }")]
    [InlineData("async Task M(bool force) { await _gate.WaitAsync(); if (_ready && !force) { _gate.Release(); return; } if (_value is null) { _gate.Release(); throw new InvalidOperationException(); } try { Work(); } finally { _gate.Release(); } }")]
    [InlineData("void M() { Shared.Wait(); if (s_ready == true) { Shared.Release(); return; } try { Work(); } finally { Shared.Release(); } }")]
    [InlineData("async Task<object> M() { await _gate.WaitAsync(); if (_value is not null) { _gate.Release(); return _value; } try { _value = new object(); } finally { _gate.Release(); } return _value; }")]
    public Task Stays_silent_for_early_exits_that_release_first(string member) => VerifyAG0401.NoDiagnostics(InClass(member));

    [Theory]
    // The condition calls code that can throw while the permit is held.
    [InlineData("async Task M() { await {|AG0401:_gate.WaitAsync()|}; if (Check()) { _gate.Release(); return; } try { Work(); } finally { _gate.Release(); } }")]
    // The condition dereferences another object.
    [InlineData("async Task M() { await {|AG0401:_gate.WaitAsync()|}; if (_other._ready) { _gate.Release(); return; } try { Work(); } finally { _gate.Release(); } }")]
    // The exit leaves without releasing.
    [InlineData("async Task M() { await {|AG0401:_gate.WaitAsync()|}; if (_ready) { return; } try { Work(); } finally { _gate.Release(); } }")]
    // The exit runs code before the release.
    [InlineData("async Task M() { await {|AG0401:_gate.WaitAsync()|}; if (_ready) { Work(); _gate.Release(); return; } try { Work(); } finally { _gate.Release(); } }")]
    // The exit releases another semaphore.
    [InlineData("async Task M() { await {|AG0401:_gate.WaitAsync()|}; if (_ready) { Shared.Release(); return; } try { Work(); } finally { _gate.Release(); } }")]
    // Code that can throw between the exit and the try.
    [InlineData("async Task M() { await {|AG0401:_gate.WaitAsync()|}; if (_ready) { _gate.Release(); return; } Work(); try { Work(); } finally { _gate.Release(); } }")]
    // An if with an else is not an early exit.
    [InlineData("async Task M() { await {|AG0401:_gate.WaitAsync()|}; if (_ready) { _gate.Release(); return; } else { Work(); } try { Work(); } finally { _gate.Release(); } }")]
    // No guarded try after the exits.
    [InlineData("async Task M() { await {|AG0401:_gate.WaitAsync()|}; if (_ready) { _gate.Release(); return; } Work(); _gate.Release(); }")]
    // The try's finally does not release.
    [InlineData("async Task M() { await {|AG0401:_gate.WaitAsync()|}; if (_ready) { _gate.Release(); return; } try { Work(); } finally { Work(); } _gate.Release(); }")]
    public Task Still_reports_exits_that_can_throw_or_keep_the_permit(string member) => VerifyAG0401.Diagnostics(InClass(member));

    [Fact]
    public Task Survives_half_typed_code() => VerifyAG0401.DiagnosticsInBrokenCode(Usings + """
        class C
        {
            private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);
            private bool _ready;
            async Task M()
            {
                await _gate.WaitAsync();
                if (_ready) { _gate.Release(); return; }
                try { Work( } finally { _gate.Release(); }
            }
        }
        """);
}
