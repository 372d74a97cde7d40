using Xunit;
using static AsyncGuard.Analyzers.Tests.Primitives.PrimitivesSources;
using VerifyAG0401 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Primitives.AG0401ReleaseInFinallyAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Primitives;

/// <summary>
/// AG0401, fifteenth pass (held-out azure-webjobs-sdk FunctionListener.StopAsync): the guarded try written as the first
/// statement of a bare block right after the acquisition (`await s.WaitAsync(); { try { .. } finally { s.Release(); } }`)
/// is the shape the rule asks for: a bare block only scopes names. Still reported: a block whose first statement is not
/// the try, an empty block before the try, a block that is the body of an `if` or a loop.
/// </summary>
public sealed class AG0401BareBlockTests
{
    private static string InClass(string body) => Usings + $$"""
        class C
        {
            private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);
            private bool _ready;
            static void Work() { }
            static Task WorkAsync() => Task.CompletedTask;

        {{body}}
        }
        """ + RuntimeStandIns;

    [Theory]
    [InlineData("async Task M(CancellationToken ct) { await _gate.WaitAsync(ct); { try { await WorkAsync(); } finally { _gate.Release(); } } }")]
    [InlineData("void M() { _gate.Wait(); { { try { Work(); } finally { _gate.Release(); } } Work(); } }")]
    [InlineData("async Task M() { await _gate.WaitAsync().ConfigureAwait(false); { try { Work(); } finally { _gate.Release(); } var after = 1; _ready = after > 0; } }")]
    public Task Silent_when_the_bare_block_starts_with_the_guarded_try(string member) => VerifyAG0401.NoDiagnostics(InClass(member));

    [Theory]
    // Code that can throw first inside the block; an empty block and then the try (the try is not what the block starts with).
    [InlineData("async Task M() { await {|AG0401:_gate.WaitAsync()|}; { Work(); try { Work(); } finally { _gate.Release(); } } }")]
    [InlineData("void M() { {|AG0401:_gate.Wait()|}; { } Work(); try { Work(); } finally { _gate.Release(); } }")]
    // The try inside an if's block or a loop body does not always run.
    [InlineData("void M() { {|AG0401:_gate.Wait()|}; if (_ready) { try { Work(); } finally { _gate.Release(); } } }")]
    [InlineData("void M() { {|AG0401:_gate.Wait()|}; while (_ready) { try { Work(); } finally { _gate.Release(); } } }")]
    public Task Still_reported_when_the_block_does_not_start_with_it(string member) => VerifyAG0401.Diagnostics(InClass(member));

    [Theory]
    [InlineData("void M() { _gate.Wait(); { try { Work(); } finally { _gate.Release( } } }")]
    [InlineData("void M() { _gate.Wait(); { try { Missing(); } finally { _gate.Release(); } }")]
    [InlineData("void M() { missing.Wait(); { try { Work(); } finally { missing.Release(); } } }")]
    public Task Survives_half_typed_code(string member) => VerifyAG0401.DiagnosticsInBrokenCode(InClass(member));
}
