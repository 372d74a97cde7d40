using Xunit;
using VerifyAG0211 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.TaskLifetime.AG0211AwaitNullConditionalAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.TaskLifetime;

/// <summary>
/// AG0211 where a test on the way to the await already showed the receiver (a local or parameter never assigned again in the
/// member) non-null (issue 16, fourteenth pass, corpus16lib: RepoDB's <c>if (cache != null &amp;&amp; ..) await cache?.GetAsync(..)</c>):
/// the awaited value cannot be null, so nothing throws. Still reported: a test that does not decide the receiver (RepoDB's
/// tracer: <c>if (key == null || (trace == null &amp;&amp; flag)) return;</c>), a receiver assigned somewhere in the member, a
/// field, a nested <c>?.</c>, a guard that does not always leave, a test outside a local function.
/// </summary>
public sealed class AG0211ProvenReceiverTests
{
    private const string Prelude = """
        using System;
        using System.Threading.Tasks;
        class Cache
        {
            public Task<int> GetAsync(string key) => Task.FromResult(1);
            public Task AddAsync(string key) => Task.CompletedTask;
            public Cache Next => this;
        }
        class Named : Cache { }
        """;

    private static string InAsync(string body) => Prelude + $$"""
        class C
        {
            private Cache field = new Cache();
            private static bool Flag;
            async Task<int> M(Cache cache, string key, bool on)
            {
                var local = on ? cache : null;
                {{body}}
                return 0;
            }
            static void Reset(ref Cache c) => c = null;
            static bool Try(out Cache c) { c = null; return false; }
        }
        """;

    [Theory]
    // The corpus shape: a conjunction in the if, the await in its then-branch; its && / || / ! variants.
    [InlineData("if (cache != null && string.IsNullOrEmpty(key)) { var v = await cache?.GetAsync(key); }")]
    [InlineData("if (null != cache) await cache?.AddAsync(key);")]
    [InlineData("if (!(cache == null) && on) { await cache?.AddAsync(key); }")]
    [InlineData("if (cache is not null) { await cache?.AddAsync(key); }")]
    [InlineData("if (cache is Named named) { await cache?.AddAsync(key); }")]
    [InlineData("if (cache is { } c) { await cache?.AddAsync(key); }")]
    [InlineData("if (cache is Cache) { await cache?.AddAsync(key); }")]
    [InlineData("if (cache == null || !on) { } else { await cache?.AddAsync(key); }")]
    // Early exits before the await: return, throw, continue in a loop, a block ending in one.
    [InlineData("if (cache == null) return 0; await cache?.AddAsync(key);")]
    [InlineData("if (cache is null || key == null) throw new ArgumentNullException(nameof(cache)); await cache?.AddAsync(key);")]
    [InlineData("for (var i = 0; i < 2; i++) { if (local == null) continue; await local?.AddAsync(key); }")]
    [InlineData("if (cache == null) { Console.WriteLine(); return 1; } await cache?.AddAsync(key);")]
    // Other dominating positions: ?: arm, && right operand, while body, a lambda under the test.
    [InlineData("var n = cache != null ? await cache?.GetAsync(key) : 0;")]
    [InlineData("var ok = cache != null && await cache?.GetAsync(key) > 0;")]
    [InlineData("while (local != null) { await local?.AddAsync(key); break; }")]
    [InlineData("if (cache != null) { Func<Task> f = async () => await cache?.AddAsync(key); await f(); }")]
    public Task Silent_when_a_test_already_showed_the_receiver_non_null(string body) => VerifyAG0211.NoDiagnostics(InAsync(body));

    [Theory]
    // The tracer: the guard leaves only when both parts hold, so the receiver may still be null after it.
    [InlineData("if (key == null || (cache == null && Flag)) return 0; await {|AG0211:cache?.AddAsync(key)|};")]
    [InlineData("if (cache == null && on) return 0; await {|AG0211:cache?.AddAsync(key)|};")]
    // Tests that show nothing: ||, the wrong branch, `is var`, a guard that does not always leave.
    [InlineData("if (cache != null || on) { await {|AG0211:cache?.AddAsync(key)|}; }")]
    [InlineData("if (cache == null) { await {|AG0211:cache?.AddAsync(key)|}; }")]
    [InlineData("if (cache is var any) { await {|AG0211:cache?.AddAsync(key)|}; }")]
    [InlineData("if (cache == null) { Console.WriteLine(); } await {|AG0211:cache?.AddAsync(key)|};")]
    // A receiver assigned in the member (plainly, in a lambda, as ref/out, by deconstruction); a field; a nested ?.
    [InlineData("if (cache != null) { cache = null; await {|AG0211:cache?.AddAsync(key)|}; }")]
    [InlineData("Action a = () => cache = null; if (cache != null) { a(); await {|AG0211:cache?.AddAsync(key)|}; }")]
    [InlineData("if (local != null) { Reset(ref local); await {|AG0211:local?.AddAsync(key)|}; }")]
    [InlineData("if (local != null) { Try(out local); await {|AG0211:local?.AddAsync(key)|}; }")]
    [InlineData("if (local != null) { (local, key) = (null, key); await {|AG0211:local?.AddAsync(key)|}; }")]
    [InlineData("if (field != null) { await {|AG0211:field?.AddAsync(key)|}; }")]
    [InlineData("if (cache != null) { await {|AG0211:cache?.Next?.AddAsync(key)|}; }")]
    // A local function may run before the test that precedes its declaration.
    [InlineData("if (cache == null) return 0; async Task L() => await {|AG0211:cache?.AddAsync(key)|}; await L();")]
    public Task Still_reported_where_the_receiver_may_be_null(string body) => VerifyAG0211.Diagnostics(InAsync(body));

    [Fact]
    public Task Top_level_statements_see_assignments_in_other_statements() =>
        VerifyAG0211.Diagnostics("""
            using System.Threading.Tasks;
            Cache cache = new Cache();
            if (cache != null) { await {|AG0211:cache?.AddAsync("k")|}; }
            cache = null;
            class Cache { public Task AddAsync(string key) => Task.CompletedTask; }
            """, Microsoft.CodeAnalysis.OutputKind.ConsoleApplication);

    [Fact]
    public Task Half_typed_tests_do_not_throw() =>
        VerifyAG0211.DiagnosticsInBrokenCode(Prelude + """
            class C
            {
                async Task M(Cache cache)
                {
                    if (cache != Missing) { await {|AG0211:cache?.AddAsync("k")|}; }
                    if (Unknown(cache)) { await {|AG0211:cache?.AddAsync("k")|}; }
                    if (cache != null) { await cache?.AddAsync("k"); }
                }
            }
            """);
}
