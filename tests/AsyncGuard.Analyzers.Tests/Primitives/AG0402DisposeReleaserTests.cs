using AsyncGuard.CodeFixes.Primitives;
using Microsoft.CodeAnalysis;
using Xunit;
using static AsyncGuard.Analyzers.Tests.Primitives.PrimitivesSources;
using VerifyAG0402 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Primitives.AG0402DisposeReleaserAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Primitives;

public sealed class AG0402DisposeReleaserTests
{
    private static string InClass(string body) => Usings + $$"""
        class C
        {
            private readonly AsyncGuard.AsyncLock _lock = new AsyncGuard.AsyncLock();
            private AsyncGuard.AsyncLock.Releaser _held;
            static void Work() { }
            static void Keep(AsyncGuard.AsyncLock.Releaser r) { }

        {{body}}
        }
        """ + RuntimeStandIns;

    [Theory]
    [InlineData("async Task M() { {|AG0402:await _lock.LockAsync()|}; Work(); }")]
    [InlineData("async Task M(CancellationToken ct) { {|AG0402:await _lock.LockAsync(ct).ConfigureAwait(false)|}; Work(); }")]
    [InlineData("async Task M() { _ = {|AG0402:await _lock.LockAsync()|}; }")]
    [InlineData("async Task M() { var r = {|AG0402:await _lock.LockAsync()|}; Work(); }")]
    [InlineData("async Task M() { var r = {|AG0402:await _lock.LockAsync()|}; Work(); r.Dispose(); }")]
    [InlineData("async Task M() { var r = {|AG0402:await _lock.LockAsync()|}; Work(); await r.DisposeAsync(); }")]
    [InlineData("Func<Task> M() => async () => { {|AG0402:await _lock.LockAsync()|}; };")]
    [InlineData("async Task M() { async Task Local() { var r = {|AG0402:await (_lock.LockAsync())|}; } await Local(); }")]
    public Task Reports_a_releaser_not_disposed_through_using(string member) => VerifyAG0402.Diagnostics(InClass(member));

    [Theory]
    [InlineData("async Task M() { using (await _lock.LockAsync()) { Work(); } }")]
    [InlineData("async Task M() { using var r = await _lock.LockAsync(); Work(); }")]
    [InlineData("async Task M() { await using var r = await _lock.LockAsync(); Work(); }")]
    [InlineData("async Task M() { using (var r = await _lock.LockAsync()) { Work(); } }")]
    [InlineData("async Task M() { var r = await _lock.LockAsync(); using (r) { Work(); } }")]
    [InlineData("async Task M() { var r = await _lock.LockAsync(); try { Work(); } finally { r.Dispose(); } }")]
    [InlineData("async Task<AsyncGuard.AsyncLock.Releaser> M() { return await _lock.LockAsync(); }")]
    [InlineData("async Task M() { _held = await _lock.LockAsync(); }")]
    [InlineData("async Task M() { Keep(await _lock.LockAsync()); }")]
    [InlineData("async Task M() { var r = await _lock.LockAsync(); Keep(r); }")]
    [InlineData("async Task M() { var r = await _lock.LockAsync(); Action a = () => r.Dispose(); a(); }")]
    [InlineData("async Task M(Task<int> t) { await t; var n = await t; }")]
    public Task Stays_silent(string member) => VerifyAG0402.NoDiagnostics(InClass(member));

    [Fact]
    public Task Silent_without_the_runtime() => VerifyAG0402.NoDiagnostics(Usings + """
        class AsyncLock { public Task<IDisposable> LockAsync() => Task.FromResult<IDisposable>(null!); }
        class C { async Task M(AsyncLock l) { await l.LockAsync(); } }
        """);

    [Fact]
    public Task Survives_half_typed_code() => VerifyAG0402.DiagnosticsInBrokenCode(Usings + """
        class C
        {
            async Task M(AsyncGuard.AsyncLock l)
            {
                await l.LockAsync(;
                var r = await l.;
                await missing.LockAsync();
            }
        }
        """ + RuntimeStandIns);

    [Fact]
    public Task Fix_discarded_releaser_becomes_using_var() => VerifyAG0402.Fix<AG0402DisposeReleaserCodeFixProvider>(InClass("""
            async Task M(CancellationToken ct)
            {
                // take it
                {|AG0402:await _lock.LockAsync(ct)|};
                Work();
            }
        """), InClass("""
            async Task M(CancellationToken ct)
            {
                // take it
                using var releaser = await _lock.LockAsync(ct);
                Work();
            }
        """));

    [Fact]
    public Task Fix_never_disposed_local_gets_using() => VerifyAG0402.Fix<AG0402DisposeReleaserCodeFixProvider>(InClass("""
            async Task M()
            {
                var held = {|AG0402:await _lock.LockAsync()|};
                Work();
            }
        """), InClass("""
            async Task M()
            {
                using var held = await _lock.LockAsync();
                Work();
            }
        """));

    [Fact]
    public Task Fix_disposed_later_becomes_a_using_block() => VerifyAG0402.Fix<AG0402DisposeReleaserCodeFixProvider>(InClass("""
            async Task M()
            {
                var held = {|AG0402:await _lock.LockAsync()|};
                Work();
                held.Dispose();
                Work();
            }
        """), InClass("""
            async Task M()
            {
                using (var held = await _lock.LockAsync())
                {
                    Work();
                }
                Work();
            }
        """));

    [Fact]
    public Task Fix_all_picks_distinct_names_per_block() => VerifyAG0402.Fix<AG0402DisposeReleaserCodeFixProvider>(InClass("""
            async Task M(AsyncGuard.AsyncLock other)
            {
                {|AG0402:await _lock.LockAsync()|};
                {|AG0402:await other.LockAsync()|};
                Work();
            }
        """), InClass("""
            async Task M(AsyncGuard.AsyncLock other)
            {
                using var releaser = await _lock.LockAsync();
                using var releaser2 = await other.LockAsync();
                Work();
            }
        """));

    [Theory]
    [InlineData("async Task M() { var r = {|AG0402:await _lock.LockAsync()|}; var n = 1; r.Dispose(); Console.WriteLine(n); }")]
    [InlineData("async Task M(int k) { switch (k) { case 1: {|AG0402:await _lock.LockAsync()|}; break; } }")]
    public Task No_fix_where_the_rewrite_would_not_compile(string member) =>
        VerifyAG0402.NoFix<AG0402DisposeReleaserCodeFixProvider>(InClass(member));
}
