using AsyncGuard.Analyzers.Blocking;
using AsyncGuard.Analyzers.Tests.Verifiers;
using Xunit;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>
/// Where a peer's [SuppressMessage] can come from although no declaration around the wait shows it: the other part of a
/// partial type or method, a local function or a lambda. PeerSuppressions looks for the enclosing symbol only when one of
/// these may carry attributes, so each must still silence, and the nearest unattributed site must still be reported.
/// </summary>
public sealed class PeerSuppressionScopeTests
{
    private const string Usings = "using System; using System.Diagnostics.CodeAnalysis; using System.Threading.Tasks;\n";

    [Fact]
    public Task AG0103_honours_a_suppression_on_another_part_of_a_partial_type()
    {
        var test = new AnalyzerTest<AG0103SyncOverAsyncAnalyzer>();
        test.TestState.Sources.Add(("A.cs", Usings + """
            partial class Adapter
            {
                int Read(Task<int> t) => t.Result;
            }

            class Plain
            {
                int Read(Task<int> t) => {|AG0103:t.Result|};
            }
            """));
        test.TestState.Sources.Add(("B.cs", Usings + """
            [SuppressMessage("Usage", "VSTHRD002", Justification = "sync adapter")]
            partial class Adapter
            {
            }
            """));
        return test.RunAsync();
    }

    [Fact]
    public Task AG0103_honours_a_suppression_on_a_local_function_or_a_lambda()
    {
        var test = new AnalyzerTest<AG0103SyncOverAsyncAnalyzer>();
        test.TestCode = Usings + """
            class C
            {
                int Local(Task<int> t)
                {
                    [SuppressMessage("Usage", "VSTHRD002", Justification = "thread entry")]
                    int Run() => t.Result;

                    int Other() => {|AG0103:t.Result|};
                    return Run() + Other();
                }

                int Lambda(Task<int> t)
                {
                    Func<int> f = [SuppressMessage("Usage", "VSTHRD002", Justification = "thread entry")] () => t.Result;
                    Func<int> g = () => {|AG0103:t.Result|};
                    return f() + g();
                }
            }
            """;
        return test.RunAsync();
    }
}
