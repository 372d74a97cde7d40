using AsyncGuard.Analyzers.TaskLifetime;
using AsyncGuard.Analyzers.Tests.Infrastructure;
using AsyncGuard.CodeFixes.TaskLifetime;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using VerifyAG0209 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.TaskLifetime.AG0209TaskCompletionSourceInlineAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.TaskLifetime;

public sealed class AG0209TaskCompletionSourceInlineTests
{
    private const string Usings = "using System; using System.Threading.Tasks;\n";

    private static DiagnosticResult Info(int line, int column, int endColumn, string type) =>
        new DiagnosticResult(AG0209TaskCompletionSourceInlineAnalyzer.Rule).WithSpan(line, column, line, endColumn).WithArguments(type);

    [Fact]
    public async Task Flags_every_constructor_form_without_the_option()
    {
        var test = new Verifiers.AnalyzerTest<AG0209TaskCompletionSourceInlineAnalyzer>
        {
            TestCode = Usings + """
                class C
                {
                    void M(object state)
                    {
                        var a = {|#0:new TaskCompletionSource()|};
                        var b = {|#1:new TaskCompletionSource<int>()|};
                        TaskCompletionSource<string> c = {|#2:new()|};
                        var d = {|#3:new TaskCompletionSource<int>(state)|};
                        var e = {|#4:new TaskCompletionSource(TaskCreationOptions.LongRunning)|};
                        var f = {|#5:new TaskCompletionSource<bool>(state, TaskCreationOptions.DenyChildAttach)|};
                        var g = new TaskCompletionSource(TaskContinuationOptions.RunContinuationsAsynchronously);
                        var h = new TaskCompletionSource<int>(TaskContinuationOptions.ExecuteSynchronously);
                        var i = {|#6:new TaskCompletionSource<int>(DayOfWeek.Monday)|};
                    }
                }
                """,
            ExpectedDiagnostics =
            {
                new DiagnosticResult(AG0209TaskCompletionSourceInlineAnalyzer.Rule).WithLocation(0).WithArguments("TaskCompletionSource"),
                new DiagnosticResult(AG0209TaskCompletionSourceInlineAnalyzer.Rule).WithLocation(1).WithArguments("TaskCompletionSource<int>"),
                new DiagnosticResult(AG0209TaskCompletionSourceInlineAnalyzer.Rule).WithLocation(2).WithArguments("TaskCompletionSource<string>"),
                new DiagnosticResult(AG0209TaskCompletionSourceInlineAnalyzer.Rule).WithLocation(3).WithArguments("TaskCompletionSource<int>"),
                new DiagnosticResult(AG0209TaskCompletionSourceInlineAnalyzer.Rule).WithLocation(4).WithArguments("TaskCompletionSource"),
                new DiagnosticResult(AG0209TaskCompletionSourceInlineAnalyzer.Rule).WithLocation(5).WithArguments("TaskCompletionSource<bool>"),
                new DiagnosticResult(AG0209TaskCompletionSourceInlineAnalyzer.Rule).WithLocation(6).WithArguments("TaskCompletionSource<int>"),
            },
        };
        await test.RunAsync();
    }

    [Fact]
    public async Task The_mistake_is_silent_by_default_where_CA2247_reports_it_and_the_missing_option_is_info()
    {
        var diagnostics = await RobustnessRunner.RunAsync(new AG0209TaskCompletionSourceInlineAnalyzer(), Usings +
            "class C { object A = new TaskCompletionSource(); object B = new TaskCompletionSource(TaskContinuationOptions.RunContinuationsAsynchronously); }");
        Assert.Equal(new[] { DiagnosticSeverity.Info }, diagnostics.OrderBy(d => d.Location.SourceSpan.Start).Select(d => d.Severity));
    }

    /// <summary>
    /// Issue 17's one behaviour change: the TaskContinuationOptions mistake is CA2247's alone, whatever CA2247's severity
    /// (it was an AG0209 warning where CA2247 was off); the nearest case still reported is a state argument of another type.
    /// </summary>
    [Theory]
    [InlineData("dotnet_diagnostic.CA2247.severity = none")]
    [InlineData("dotnet_diagnostic.CA2247.severity = silent")]
    [InlineData("dotnet_diagnostic.AG0209.report_continuation_options = true")]
    public async Task The_mistake_is_left_to_CA2247_even_where_it_is_off(string setting)
    {
        var test = new Verifiers.AnalyzerTest<AG0209TaskCompletionSourceInlineAnalyzer>
        {
            TestCode = Usings + """
                class C
                {
                    object A = new TaskCompletionSource(TaskContinuationOptions.RunContinuationsAsynchronously);
                    object B = new TaskCompletionSource<int>(TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.LongRunning);
                    object C2 = {|#0:new TaskCompletionSource(TaskStatus.Running)|};
                }
                """,
            ExpectedDiagnostics = { new DiagnosticResult(AG0209TaskCompletionSourceInlineAnalyzer.Rule).WithLocation(0).WithArguments("TaskCompletionSource") },
        };
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*.cs]\n" + setting + "\n"));
        await test.RunAsync();
    }

    [Fact]
    public Task The_mistake_is_silent_where_CA2247_is_on() =>
        VerifyAG0209.NoDiagnostics(Usings + "class C { object A = new TaskCompletionSource(TaskContinuationOptions.RunContinuationsAsynchronously); }");

    [Fact]
    public Task Silent_with_the_option_or_a_non_constant_option() =>
        VerifyAG0209.NoDiagnostics(Usings + """
            class C
            {
                void M(TaskCreationOptions options, object state)
                {
                    var a = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    var b = new TaskCompletionSource<int>(TaskCreationOptions.LongRunning | TaskCreationOptions.RunContinuationsAsynchronously);
                    var c = new TaskCompletionSource<int>(state, TaskCreationOptions.RunContinuationsAsynchronously);
                    var d = new TaskCompletionSource(options);
                    TaskCompletionSource<int> e = new(TaskCreationOptions.RunContinuationsAsynchronously);
                    var f = new object();
                }
            }
            """);

    [Theory]
    [InlineData("class C { void M() { var tcs = new TaskCompletionSource<int>(TaskContinuationOptions. } }")]
    [InlineData("class C { void M() { var tcs = new TaskCompletionSource<Missing>(); } }")]
    [InlineData("class C { void M() { var tcs = new TaskCompletionSource(1, 2, 3); } }")]
    public async Task Half_typed_code_does_not_crash(string source)
    {
        var diagnostics = await RobustnessRunner.RunAsync(new AG0209TaskCompletionSourceInlineAnalyzer(), Usings + source);
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
    }

    private static DiagnosticResult Missing(int location) => new DiagnosticResult(AG0209TaskCompletionSourceInlineAnalyzer.Rule).WithLocation(location);

    [Fact]
    public async Task Adds_the_option_and_leaves_the_wrong_enum_to_CA2247()
    {
        var test = new Verifiers.CodeFixTest<AG0209TaskCompletionSourceInlineAnalyzer, AG0209TaskCompletionSourceInlineCodeFixProvider>
        {
            TestCode = Usings + """
                class C
                {
                    void M(object state)
                    {
                        var a = {|#0:new TaskCompletionSource()|};
                        var b = {|#1:new TaskCompletionSource<int>(state)|};
                        TaskCompletionSource<string> c = {|#2:new()|};
                        var e = {|#3:new TaskCompletionSource(TaskCreationOptions.LongRunning)|};
                        var f = {|#4:new TaskCompletionSource<bool>(state, TaskCreationOptions.DenyChildAttach)|};
                        var g = new TaskCompletionSource(TaskContinuationOptions.RunContinuationsAsynchronously);
                        var h = new TaskCompletionSource<int>(TaskContinuationOptions.LongRunning | TaskContinuationOptions.DenyChildAttach);
                    }
                }
                """,
            FixedCode = Usings + """
                class C
                {
                    void M(object state)
                    {
                        var a = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                        var b = new TaskCompletionSource<int>(state, TaskCreationOptions.RunContinuationsAsynchronously);
                        TaskCompletionSource<string> c = new(TaskCreationOptions.RunContinuationsAsynchronously);
                        var e = new TaskCompletionSource(TaskCreationOptions.LongRunning | TaskCreationOptions.RunContinuationsAsynchronously);
                        var f = new TaskCompletionSource<bool>(state, TaskCreationOptions.DenyChildAttach | TaskCreationOptions.RunContinuationsAsynchronously);
                        var g = new TaskCompletionSource(TaskContinuationOptions.RunContinuationsAsynchronously);
                        var h = new TaskCompletionSource<int>(TaskContinuationOptions.LongRunning | TaskContinuationOptions.DenyChildAttach);
                    }
                }
                """,
        };
        test.ExpectedDiagnostics.AddRange(new[]
        {
            Missing(0).WithArguments("TaskCompletionSource"), Missing(1).WithArguments("TaskCompletionSource<int>"),
            Missing(2).WithArguments("TaskCompletionSource<string>"), Missing(3).WithArguments("TaskCompletionSource"),
            Missing(4).WithArguments("TaskCompletionSource<bool>"),
        });
        await test.RunAsync();
    }
}
