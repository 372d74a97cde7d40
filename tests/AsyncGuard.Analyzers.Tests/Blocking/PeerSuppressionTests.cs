using AsyncGuard.Analyzers.Blocking;
using AsyncGuard.Analyzers.Tests.Verifiers;
using Xunit;
using VerifyAG0101 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0101BlockingWaitAnalyzer>;
using VerifyAG0103 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0103SyncOverAsyncAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>AG0101/AG0103 honour a suppression of an equivalent rule of another analyzer at the site (option to report anyway).</summary>
public sealed class PeerSuppressionTests
{
    private const string Usings = "using System; using System.Diagnostics.CodeAnalysis; using System.Threading; using System.Threading.Tasks;\n";

    private const string Source = Usings + """
        namespace N
        {
            class Worker
            {
                void ThreadEntry(Task t, Task u)
                {
        #pragma warning disable VSTHRD002 // runs on its own dedicated thread: blocking is the point
                    t.Wait();
        #pragma warning restore VSTHRD002
                    {|AG0103:u.Wait()|};
                }

                void OtherRule(Task t)
                {
        #pragma warning disable CA2000 // unrelated rule
                    {|AG0103:t.Wait()|};
        #pragma warning restore CA2000
                }

                void InLock(Task t)
                {
                    lock (this)
                    {
        #pragma warning disable CA1849 // cannot await in a lock
                        t.Wait();
        #pragma warning restore CA1849
                    }
                }

                void NotAnEquivalent(Task t)
                {
        #pragma warning disable VSTHRD103 // VSTHRD103 is about sync calls with async twins in async code, not AG0103's
                    {|AG0103:t.Wait()|};
        #pragma warning restore VSTHRD103
                }

                [SuppressMessage("Usage", "VSTHRD002:Avoid problematic synchronous waits", Justification = "sync interface adapter")]
                int Adapter(Task<int> t) => t.Result;

                [SuppressMessage("Design", "MA0045", Justification = "legacy sync API")]
                int Meziantou(Task<int> t) { Func<int> f = () => t.Result; return f(); }

                int NotSuppressed(Task<int> t) => {|AG0103:t.Result|};

                int GlobalMember(Task<int> t) => t.Result;
            }

            [SuppressMessage("Usage", "AsyncFixer02", Justification = "all members are sync adapters")]
            class Adapters
            {
                int A(Task<int> t) => t.Result;
                class Nested { int B(Task<int> t) => t.Result; }
            }
        }

        namespace M
        {
            class Globally { int C(Task<int> t) => t.Result; }
        }

        namespace O
        {
            class NotCovered { int D(Task<int> t) => {|AG0103:t.Result|}; }
        }
        """;

    private const string Global = """
        [assembly: System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "VSTHRD002:Avoid problematic synchronous waits", Justification = "sync boundary", Scope = "member", Target = "~M:N.Worker.GlobalMember(System.Threading.Tasks.Task{System.Int32})~System.Int32")]
        [assembly: System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "VSTHRD002", Justification = "sync boundary", Scope = "namespaceanddescendants", Target = "~N:M")]
        """;

    [Fact]
    public Task AG0103_honours_pragmas_attributes_and_global_suppressions_of_its_peers()
    {
        var test = new AnalyzerTest<AG0103SyncOverAsyncAnalyzer>();
        test.TestState.Sources.Add(("Test0.cs", Source));
        test.TestState.Sources.Add(("GlobalSuppressions.cs", Global));
        return test.RunAsync();
    }

    [Fact]
    public Task AG0103_reports_anyway_when_the_option_says_so()
    {
        var test = new AnalyzerTest<AG0103SyncOverAsyncAnalyzer>();
        test.TestCode = Usings + """
            class C
            {
                void ThreadEntry(Task t)
                {
            #pragma warning disable VSTHRD002 // dedicated thread
                    {|AG0103:t.Wait()|};
            #pragma warning restore VSTHRD002
                }

                [SuppressMessage("Usage", "VSTHRD002:Avoid problematic synchronous waits", Justification = "adapter")]
                int Adapter(Task<int> t) => {|AG0103:t.Result|};
            }
            """;
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*.cs]\ndotnet_diagnostic.AG0103.honor_peer_suppressions = false\n"));
        return test.RunAsync();
    }

    [Fact]
    public Task AG0101_honours_its_peers_too() =>
        VerifyAG0101.Diagnostics(Usings + """
            class C
            {
                async Task<int> A(Task<int> t, Task<int> u)
                {
                    await Task.Yield();
            #pragma warning disable VSTHRD103 // completed by the caller
                    var x = t.Result;
            #pragma warning restore VSTHRD103
                    return x + {|AG0101:u.Result|};
                }

                [SuppressMessage("Usage", "MA0042", Justification = "legacy")]
                async Task<int> B(Task<int> t) { await Task.Yield(); return t.Result; }

                [SuppressMessage("Usage", "MA0045", Justification = "MA0045 is AG0103's equivalent, not AG0101's")]
                async Task<int> D(Task<int> t) { await Task.Yield(); return {|AG0101:t.Result|}; }
            }
            """);

    [Fact]
    public Task Pragmas_in_inactive_regions_and_other_files_do_not_count()
    {
        var test = new AnalyzerTest<AG0103SyncOverAsyncAnalyzer>();
        test.TestState.Sources.Add(("Test0.cs", Usings + """
            class C
            {
            #if NEVER
            #pragma warning disable VSTHRD002
            #endif
                int A(Task<int> t) => {|AG0103:t.Result|};
            }
            """));
        test.TestState.Sources.Add(("Test1.cs", "#pragma warning disable VSTHRD002\nclass D { }\n"));
        return test.RunAsync();
    }
}
