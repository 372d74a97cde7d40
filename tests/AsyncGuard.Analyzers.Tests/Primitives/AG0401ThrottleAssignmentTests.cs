using Xunit;
using static AsyncGuard.Analyzers.Tests.Primitives.PrimitivesSources;
using VerifyAG0401 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Primitives.AG0401ReleaseInFinallyAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Primitives;

/// <summary>
/// AG0401's throttle test reads the counts a semaphore field is assigned in its type (`_s = new SemaphoreSlim(4)` in a
/// constructor makes it a throttle). The assignments are found from the field's name in the type's text (perf12): these
/// pin the spellings that must count (`this._s = ..`, `@s`, a unicode escape) and the ones that must not (a longer name, a
/// comment, a string, disabled code, a compound assignment).
/// </summary>
public sealed class AG0401ThrottleAssignmentTests
{
    private const string Acquire = "async Task M() { await _s.WaitAsync(); Work(); _s.Release(); }";

    private static string InClass(string constructorBody, string member = Acquire) => Usings + $$"""
        class C
        {
            private SemaphoreSlim _s;
            private SemaphoreSlim _s2;
            private SemaphoreSlim @lock;
            static void Work() { }

            C()
            {
                {{constructorBody}}
            }

        {{member}}
        }
        """ + RuntimeStandIns;

    [Theory]
    [InlineData("_s = new SemaphoreSlim(4);")]
    [InlineData("this._s = new SemaphoreSlim(4);")]
    [InlineData("this._s = new(initialCount: 3);")]
    [InlineData("_s = new SemaphoreSlim(1); _s = new SemaphoreSlim(Environment.ProcessorCount);")]
    [InlineData("_\\u0073 = new SemaphoreSlim(4);")]
    public Task Stays_silent_for_a_field_assigned_a_count_above_one(string constructorBody) =>
        VerifyAG0401.NoDiagnostics(InClass(constructorBody));

    [Fact]
    public Task Stays_silent_for_a_verbatim_name_assigned_a_count_above_one() =>
        VerifyAG0401.NoDiagnostics(InClass("@lock = new SemaphoreSlim(2);", "async Task M() { await @lock.WaitAsync(); Work(); @lock.Release(); }"));

    [Theory]
    [InlineData("_s = new SemaphoreSlim(1);")]
    [InlineData("this._s = new SemaphoreSlim(1, 1);")]
    [InlineData("_s = new SemaphoreSlim(1); _s2 = new SemaphoreSlim(4); // _s = new SemaphoreSlim(4);")]
    [InlineData("_s = new SemaphoreSlim(1); var text = \"_s = new SemaphoreSlim(4)\";")]
    [InlineData("_s = new SemaphoreSlim(1); _s2 = _s; /* _s = new(8) */")]
    [InlineData("_s = new SemaphoreSlim(1);\n#if NEVER\n_s = new SemaphoreSlim(4);\n#endif\n")]
    [InlineData("_\\u0073 = new SemaphoreSlim(1);")]
    public Task Still_reports_a_field_assigned_a_count_of_one(string constructorBody) =>
        VerifyAG0401.Diagnostics(InClass(constructorBody, "async Task M() { await {|AG0401:_s.WaitAsync()|}; Work(); _s.Release(); }"));
}
