using AsyncGuard.Analyzers.Blocking;
using AsyncGuard.Analyzers.Tests.Verifiers;
using Xunit;
using VerifyAG0101 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0101BlockingWaitAnalyzer>;
using VerifyAG0103 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0103SyncOverAsyncAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>
/// AG0101/AG0103 (issue 16, deb9): NetAnalyzers' CA2012 ("use ValueTasks correctly") is the peer of a wait that consumes a
/// ValueTask synchronously; a suppression of it at such a wait is honoured like the other peers'. Around a Task wait it
/// says nothing and the wait stays reported.
/// </summary>
public sealed class ValueTaskPeerSuppressionTests
{
    private const string Usings = "using System; using System.Diagnostics.CodeAnalysis; using System.Threading; using System.Threading.Tasks;\n";

    [Fact]
    public Task AG0101_honours_CA2012_at_a_ValueTask_wait_only() =>
        VerifyAG0101.Diagnostics(Usings + """
            class Breaker
            {
                private readonly Func<int, ValueTask<TimeSpan>> _generator = n => new ValueTask<TimeSpan>(TimeSpan.FromSeconds(n));
                private readonly object _lock = new object();

                async Task Open(int n, ValueTask<int> vt, Task<int> t)
                {
                    await Task.Yield();
                    TimeSpan d;
                    lock (_lock)
                    {
            #pragma warning disable CA2012 // the generator is expected to complete synchronously
                        d = _generator(n).GetAwaiter().GetResult();
                        var x = vt.Result;
                        var y = vt.ConfigureAwait(false).GetAwaiter().GetResult();
                        var z = {|AG0101:t.Result|};
            #pragma warning restore CA2012
                    }
                    var after = {|AG0101:_generator(n).GetAwaiter().GetResult()|};
                }

                [SuppressMessage("Reliability", "CA2012:Use ValueTasks correctly", Justification = "completed by contract")]
                async Task<int> Member(ValueTask<int> vt) { await Task.Yield(); return vt.GetAwaiter().GetResult(); }
            }
            """);

    [Fact]
    public Task AG0103_honours_CA2012_at_a_ValueTask_wait_only() =>
        VerifyAG0103.Diagnostics(Usings + """
            class Adapter
            {
                int A(ValueTask<int> vt)
                {
            #pragma warning disable CA2012
                    return vt.GetAwaiter().GetResult();
            #pragma warning restore CA2012
                }

                int B(Task<int> t)
                {
            #pragma warning disable CA2012
                    return {|AG0103:t.GetAwaiter().GetResult()|};
            #pragma warning restore CA2012
                }

                int C(ValueTask<int> vt) => {|AG0103:vt.Result|};
            }
            """);

    [Fact]
    public Task Reported_anyway_when_the_option_says_so()
    {
        var test = new AnalyzerTest<AG0103SyncOverAsyncAnalyzer>();
        test.TestCode = Usings + """
            class Adapter
            {
                int A(ValueTask<int> vt)
                {
            #pragma warning disable CA2012
                    return {|AG0103:vt.GetAwaiter().GetResult()|};
            #pragma warning restore CA2012
                }
            }
            """;
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*.cs]\ndotnet_diagnostic.AG0103.honor_peer_suppressions = false\n"));
        return test.RunAsync();
    }

    [Fact]
    public Task Half_typed_code_does_not_throw()
    {
        var test = new AnalyzerTest<AG0101BlockingWaitAnalyzer> { CompilerDiagnostics = Microsoft.CodeAnalysis.Testing.CompilerDiagnostics.None };
        test.TestCode = Usings + """
            class C
            {
                async Task A(ValueTask<int> vt)
                {
                    await Task.Yield();
            #pragma warning disable CA2012
                    var x = vt.GetAwaiter().GetResult(;
                    var y = Unknown().GetAwaiter().GetResult();
                    var z = vt.Result.;
                }
            }
            """;
        return test.RunAsync();
    }
}
