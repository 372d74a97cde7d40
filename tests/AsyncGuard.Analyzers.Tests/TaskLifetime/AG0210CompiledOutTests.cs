using AsyncGuard.Analyzers.TaskLifetime;
using AsyncGuard.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;
using VerifyAG0210 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.TaskLifetime.AG0210AmbientSchedulerAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.TaskLifetime;

/// <summary>AG0210 (issue 16, D7): a scheduling call inside a `[Conditional]` helper that this build compiles out.</summary>
public sealed class AG0210CompiledOutTests
{
    private const string Usings = "using System; using System.Diagnostics; using System.Threading; using System.Threading.Tasks;\n";

    private const string Helpers = """
        class C
        {
            [Conditional("DEBUG")]
            void Check(Task task) => task.ContinueWith(_ => Debug.Fail("faulted"), TaskContinuationOptions.OnlyOnFaulted);

            [Conditional("DEBUG"), Conditional("CHECKED")]
            void Trace(Task task)
            {
                Action a = () => Task.Factory.StartNew(() => Console.WriteLine());
                task.ContinueWith(_ => Console.WriteLine());
            }

            void OnCompleted(Task task)
            {
                OnFaulted(task);

                [Conditional("DEBUG")]
                static void OnFaulted(Task task) => task.ContinueWith(t => Debug.Fail("unobserved"), TaskContinuationOptions.OnlyOnFaulted);
            }
        }

        public class Api
        {
            [Conditional("DEBUG")]
            internal void Check(Task task) => task.ContinueWith(_ => Console.WriteLine());
        }

        internal class Hidden
        {
            [Conditional("DEBUG")]
            public void Check(Task task) => task.ContinueWith(_ => Console.WriteLine());
        }
        """;

    private const string Reported = """
        class C
        {
            [Conditional("DEBUG")]
            void Check(Task task) => {|AG0210:task.ContinueWith(_ => Debug.Fail("faulted"), TaskContinuationOptions.OnlyOnFaulted)|};

            [Conditional("DEBUG"), Conditional("CHECKED")]
            void Trace(Task task)
            {
                Action a = () => {|AG0210:Task.Factory.StartNew(() => Console.WriteLine())|};
                {|AG0210:task.ContinueWith(_ => Console.WriteLine())|};
            }

            void OnCompleted(Task task)
            {
                OnFaulted(task);

                [Conditional("DEBUG")]
                static void OnFaulted(Task task) => {|AG0210:task.ContinueWith(t => Debug.Fail("unobserved"), TaskContinuationOptions.OnlyOnFaulted)|};
            }
        }

        public class Api
        {
            [Conditional("DEBUG")]
            internal void Check(Task task) => {|AG0210:task.ContinueWith(_ => Console.WriteLine())|};
        }

        internal class Hidden
        {
            [Conditional("DEBUG")]
            public void Check(Task task) => {|AG0210:task.ContinueWith(_ => Console.WriteLine())|};
        }
        """;

    [Fact]
    public Task Silent_inside_a_Conditional_method_or_local_function_this_build_compiles_out() =>
        VerifyAG0210.NoDiagnostics(Usings + Helpers);

    [Fact]
    public async Task Reported_when_the_build_defines_the_symbol()
    {
        var test = new Verifiers.AnalyzerTest<AG0210AmbientSchedulerAnalyzer> { TestCode = Usings + Reported };
        test.SolutionTransforms.Add((solution, projectId) =>
        {
            var options = (CSharpParseOptions)solution.GetProject(projectId)!.ParseOptions!;
            return solution.WithProjectParseOptions(projectId, options.WithPreprocessorSymbols("DEBUG", "TRACE"));
        });
        await test.RunAsync();
    }

    [Fact]
    public Task Reported_when_the_file_defines_the_symbol() =>
        VerifyAG0210.Diagnostics("#define DEBUG\n" + Usings + Reported);

    [Fact]
    public Task The_option_reports_compiled_out_calls() =>
        VerifyAG0210.DiagnosticsWithOptions(Usings + Reported, "dotnet_diagnostic.AG0210.report_compiled_out = true");

    [Fact]
    public Task Reported_where_the_call_still_runs() =>
        VerifyAG0210.Diagnostics("#define KEPT\n" + Usings + """
            public class C
            {
                // Visible to other assemblies, whose Debug builds keep the calls.
                [Conditional("DEBUG")]
                public void Check(Task task) => {|AG0210:task.ContinueWith(_ => Console.WriteLine())|};

                [Conditional("DEBUG")]
                protected void Guard(Task task) => {|AG0210:task.ContinueWith(_ => Console.WriteLine())|};

                // One condition defined in the file keeps the calls.
                [Conditional("NEVER"), Conditional("KEPT")]
                void Either(Task task) => {|AG0210:task.ContinueWith(_ => Console.WriteLine())|};

                // The enclosing method is not conditional, only its neighbour local function.
                void Outer(Task task)
                {
                    {|AG0210:task.ContinueWith(_ => Console.WriteLine())|};
                    Local(task);

                    [Conditional("DEBUG")]
                    static void Local(Task t) => t.ContinueWith(_ => Console.WriteLine());
                }

                // Another attribute is no condition.
                [Obsolete]
                void Old(Task task) => {|AG0210:task.ContinueWith(_ => Console.WriteLine())|};
            }
            """);

    [Theory]
    [InlineData("class C { [Conditional] void M(Task t) { t.ContinueWith(_ => Console.WriteLine()); } }")]
    [InlineData("class C { [Conditional(null)] void M(Task t) { t.ContinueWith(_ => Console.WriteLine()); } }")]
    [InlineData("class C { [Conditional(\"DEBUG\")] int M(Task t) { t.ContinueWith(_ => Console.WriteLine()); } }")]
    [InlineData("class C { void M(Task t) { [Conditional(\"DEBUG\")] void L() => t.ContinueWith(; } }")]
    [InlineData("class C { [Conditional(\"DEBUG\")] void M(Task t) => t.ContinueWith(x => x.")]
    public async Task Half_typed_code_does_not_crash(string source)
    {
        var diagnostics = await RobustnessRunner.RunAsync(new AG0210AmbientSchedulerAnalyzer(), Usings + source);
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
    }
}
