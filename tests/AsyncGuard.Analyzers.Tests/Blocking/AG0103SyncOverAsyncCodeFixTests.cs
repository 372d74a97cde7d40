using AsyncGuard.Analyzers.Blocking;
using AsyncGuard.Analyzers.Tests.Verifiers;
using AsyncGuard.CodeFixes.Blocking;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using VerifyAG0103 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0103SyncOverAsyncAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>Runs AG0101 beside AG0103, so that the blocking calls the propagation leaves behind are checked as AG0101 too.</summary>
public sealed class BlockingAnalyzers : Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer
{
    private readonly AG0101BlockingWaitAnalyzer _ag0101 = new();
    private readonly AG0103SyncOverAsyncAnalyzer _ag0103 = new();

    public override System.Collections.Immutable.ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics =>
        System.Collections.Immutable.ImmutableArray.Create(AG0101BlockingWaitAnalyzer.Rule, AG0103SyncOverAsyncAnalyzer.Rule);

    public override void Initialize(Microsoft.CodeAnalysis.Diagnostics.AnalysisContext context)
    {
        _ag0101.Initialize(context);
        _ag0103.Initialize(context);
    }
}

public sealed class AG0103SyncOverAsyncCodeFixTests
{
    private const string Usings = "using System; using System.Threading; using System.Threading.Tasks;\n";

    private static Task Fix(string before, string after, int? iterations = null, OutputKind outputKind = OutputKind.DynamicallyLinkedLibrary) =>
        Verify<BlockingAnalyzers>.Fix<AG0103SyncOverAsyncCodeFixProvider>(Usings + before, Usings + after, outputKind: outputKind, iterations: iterations);

    /// <summary>One fix only: the callers it leaves blocking are reported (and fixable) on their own.</summary>
    private static Task FixOnce(string before, string after)
    {
        var test = new CodeFixTest<BlockingAnalyzers, AG0103SyncOverAsyncCodeFixProvider>
        {
            TestCode = Usings + before,
            FixedCode = Usings + after,
            CodeFixTestBehaviors = CodeFixTestBehaviors.FixOne | CodeFixTestBehaviors.SkipFixAllCheck,
            NumberOfIncrementalIterations = 1,
        };
        test.FixedState.MarkupHandling = MarkupMode.Allow;
        return test.RunAsync();
    }

    [Fact]
    public Task Makes_a_void_method_async() => Fix("""
        class C
        {
            private void M(Task t)
            {
                {|AG0103:t.Wait()|};
            }
        }
        """, """
        class C
        {
            private async Task M(Task t)
            {
                await t;
            }
        }
        """);

    [Fact]
    public Task Returns_Task_of_T_and_converts_every_wait_of_the_function() => Fix("""
        class C
        {
            int Count(Task<string> t, Task<int> u)
            {
                var a = {|AG0103:t.Result|}.Length;
                return a + {|AG0103:u.GetAwaiter().GetResult()|};
            }

            static T Generic<T>(Task<T> t) => {|AG0103:t.ConfigureAwait(false).GetAwaiter().GetResult()|};

            void Both(Task w, CancellationToken ct)
            {
                {|AG0103:w.Wait(ct)|};
                {|AG0103:Task.WaitAll(w, w)|};
            }
        }
        """, """
        class C
        {
            async Task<int> Count(Task<string> t, Task<int> u)
            {
                var a = (await t).Length;
                return a + await u;
            }

            static async Task<T> Generic<T>(Task<T> t) => await t.ConfigureAwait(false);

            async Task Both(Task w, CancellationToken ct)
            {
                await w.WaitAsync(ct);
                await Task.WhenAll(w, w);
            }
        }
        """);

    [Fact]
    public Task Updates_callers_recursively_and_stops_at_public_api_lambdas_and_lock_bodies() => FixOnce("""
        public class C
        {
            public void Api(Task t) => Run(t);

            private void Run(Task t)
            {
                Step(t);
                Func<int> f = () => Count(t);
                lock (this)
                {
                    Step(t);
                }
            }

            private int Count(Task t)
            {
                Step(t);
                return 1;
            }

            private int Depth(Task t, int n)
            {
                Step(t);
                return n == 0 ? 0 : Depth(t, n - 1) + 1;
            }

            private async Task AlreadyAsync(Task t)
            {
                await Task.Yield();
                Step(t);
            }

            private Task<int> TaskReturning(Task t)
            {
                Step(t);
                return Task.FromResult(1);
            }

            private void Step(Task t)
            {
                {|AG0103:t.Wait()|};
            }
        }
        """, """
        public class C
        {
            public void Api(Task t) => {|AG0103:Run(t).GetAwaiter().GetResult()|};

            private async Task Run(Task t)
            {
                await Step(t);
                Func<int> f = () => {|AG0103:Count(t).GetAwaiter().GetResult()|};
                lock (this)
                {
                    {|AG0101:Step(t).GetAwaiter().GetResult()|};
                }
            }

            private async Task<int> Count(Task t)
            {
                await Step(t);
                return 1;
            }

            private async Task<int> Depth(Task t, int n)
            {
                await Step(t);
                return n == 0 ? 0 : await Depth(t, n - 1) + 1;
            }

            private async Task AlreadyAsync(Task t)
            {
                await Task.Yield();
                await Step(t);
            }

            private async Task<int> TaskReturning(Task t)
            {
                await Step(t);
                return 1;
            }

            private async Task Step(Task t)
            {
                await t;
            }
        }
        """);

    [Fact]
    public Task Converts_local_functions_and_their_enclosing_method() => Fix("""
        class C
        {
            void Outer(Task<int> t)
            {
                Console.WriteLine(Local() + 1);
                int Local() => {|AG0103:t.Result|};
            }
        }
        """, """
        class C
        {
            async Task Outer(Task<int> t)
            {
                Console.WriteLine(await Local() + 1);
                async Task<int> Local() => await t;
            }
        }
        """);

    [Fact]
    public Task Makes_Main_async() => Fix("""
        static class Program
        {
            static Task<int> RunAsync() => Task.FromResult(0);

            static int Main(string[] args)
            {
                return {|AG0103:RunAsync().Result|};
            }
        }
        """, """
        static class Program
        {
            static Task<int> RunAsync() => Task.FromResult(0);

            static async Task<int> Main(string[] args)
            {
                return await RunAsync();
            }
        }
        """, outputKind: OutputKind.ConsoleApplication);

    [Fact]
    public Task Makes_void_Main_calling_a_helper_async() => Fix("""
        static class Program
        {
            public static void Main() => Helper();

            static void Helper() => {|AG0103:Task.Delay(1).Wait()|};
        }
        """, """
        static class Program
        {
            public static async Task Main() => await Helper();

            static async Task Helper() => await Task.Delay(1);
        }
        """, outputKind: OutputKind.ConsoleApplication);

    [Fact]
    public Task Second_action_adds_the_Async_suffix_everywhere()
    {
        var test = new CodeFixTest<BlockingAnalyzers, AG0103SyncOverAsyncCodeFixProvider>
        {
            TestCode = Usings + """
                class C
                {
                    void Save(Task t) { {|AG0103:t.Wait()|}; }
                    void Caller(Task t) { Save(t); Save(t); }
                }
                """,
            FixedCode = Usings + """
                class C
                {
                    async Task SaveAsync(Task t) { await t; }
                    async Task CallerAsync(Task t) { await SaveAsync(t); await SaveAsync(t); }
                }
                """,
            CodeActionEquivalenceKey = AG0103SyncOverAsyncCodeFixProvider.MakeAsyncRenameKey,
            CodeActionIndex = 1,
        };
        return test.RunAsync();
    }

    [Fact]
    public Task Fix_all_propagates_across_documents_and_changes_a_shared_caller_once()
    {
        var test = new CodeFixTest<BlockingAnalyzers, AG0103SyncOverAsyncCodeFixProvider>();
        test.TestState.Sources.Add(("A.cs", Usings + """
            class A
            {
                internal void Load(Task t) { {|AG0103:t.Wait()|}; }
                internal int Read(Task<int> t) => {|AG0103:t.Result|};
            }
            """));
        test.TestState.Sources.Add(("B.cs", Usings + """
            class B
            {
                void Use(A a, Task t, Task<int> u)
                {
                    a.Load(t);
                    var x = a.Read(u);
                }

                void Other(A a, Task t) => a.Load(t);
            }
            """));
        test.FixedState.Sources.Add(("A.cs", Usings + """
            class A
            {
                internal async Task Load(Task t) { await t; }
                internal async Task<int> Read(Task<int> t) => await t;
            }
            """));
        test.FixedState.Sources.Add(("B.cs", Usings + """
            class B
            {
                async Task Use(A a, Task t, Task<int> u)
                {
                    await a.Load(t);
                    var x = await a.Read(u);
                }

                async Task Other(A a, Task t) => await a.Load(t);
            }
            """));
        return test.RunAsync();
    }

    [Theory]
    [InlineData("", "C(Task t) { {|AG0103:t.Wait()|}; }")]
    [InlineData("", "int P => {|AG0103:Task.FromResult(1).Result|};")]
    // Contracts declared in this compilation (an external one without async form is silent: AG0103ExternalContractTests).
    [InlineData(" : Base", "public override int Count() => {|AG0103:Task.FromResult(1).Result|}; } abstract class Base { public abstract int Count();")]
    [InlineData(" : IStore", "public void Dispose() => {|AG0103:Task.Delay(1).Wait()|}; } interface IStore { void Dispose();")]
    [InlineData("", "void M(Task t) { lock (this) { {|AG0103:t.Wait()|}; } }")]
    [InlineData("", "void M(Task t) { {|AG0103:t.Wait(10)|}; }")]
    [InlineData("", "void M(Task t, out int x) { x = 0; {|AG0103:t.Wait()|}; }")]
    [InlineData("", "void M(Task t) { {|AG0103:t.Wait()|}; } void N() { Action<Task> a = M; }")]
    [InlineData("", "System.Collections.Generic.IEnumerable<int> It(Task<int> t) { yield return {|AG0103:t.Result|}; }")]
    [InlineData("", "protected virtual void V(Task t) => {|AG0103:t.Wait()|};")]
    [InlineData("", "void M(Task<int> t) { Func<int> f = () => {|AG0103:t.Result|}; }")]
    public Task Offers_no_fix_where_the_function_cannot_become_async(string bases, string member) =>
        VerifyAG0103.NoFix<AG0103SyncOverAsyncCodeFixProvider>(Usings + "class C" + bases + "\n{\n    " + member + "\n}\n");
}
