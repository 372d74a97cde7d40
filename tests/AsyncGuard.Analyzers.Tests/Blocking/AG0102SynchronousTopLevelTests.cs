using System.Threading.Tasks;
using AsyncGuard.Analyzers.Blocking;
using AsyncGuard.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Xunit;
using VerifyAG0102 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0102AsyncAlternativeAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>
/// AG0102 in top-level statements (issue 16, fifth pass): without an await they compile to a synchronous Main, whose calls
/// block the process's main thread as in a `static void Main` (silent by default, reported with
/// report_synchronous_top_level). Top-level statements with an await anywhere, and async lambdas or local functions
/// inside synchronous ones, stay reported.
/// </summary>
public sealed class AG0102SynchronousTopLevelTests
{
    private const string Usings = "using System; using System.IO; using System.Threading; using System.Threading.Tasks;\n";

    [Fact]
    public Task Silent_in_top_level_statements_without_an_await() =>
        VerifyAG0102.NoDiagnostics(Usings + """
            var text = File.ReadAllText("settings.json");
            Thread.Sleep(10);
            if (text.Length > 0)
            {
                File.WriteAllText("copy.json", text);
            }
            """, OutputKind.ConsoleApplication);

    [Fact]
    public Task Reported_in_top_level_statements_with_an_await() =>
        VerifyAG0102.Diagnostics(Usings + """
            var text = {|AG0102:File.ReadAllText("settings.json")|};
            {|AG0102:Thread.Sleep(10)|};
            await Task.Delay(1);
            """, OutputKind.ConsoleApplication);

    [Fact]
    public Task Reported_with_an_await_foreach_or_await_using_as_the_only_await() =>
        VerifyAG0102.Diagnostics(Usings + """
            {|AG0102:Thread.Sleep(10)|};
            await using var stream = new MemoryStream();
            """, OutputKind.ConsoleApplication);

    [Fact]
    public Task Reported_in_async_functions_inside_synchronous_top_level_statements() =>
        VerifyAG0102.Diagnostics(Usings + """
            Func<Task> later = async () =>
            {
                {|AG0102:Thread.Sleep(10)|};
                await Task.Yield();
            };
            Run().Wait();
            async Task Run()
            {
                var text = {|AG0102:File.ReadAllText("settings.json")|};
                await Task.Yield();
            }
            """, OutputKind.ConsoleApplication);

    [Fact]
    public Task Reported_in_a_task_returning_method_of_a_program_with_synchronous_top_level_statements() =>
        VerifyAG0102.Diagnostics(Usings + """
            Worker.Run().Wait();
            static class Worker
            {
                public static async Task Run()
                {
                    {|AG0102:Thread.Sleep(10)|};
                    await Task.Yield();
                }
            }
            """, OutputKind.ConsoleApplication);

    [Fact]
    public Task The_option_reports_synchronous_top_level_statements() =>
        new AnalyzerTest<AG0102AsyncAlternativeAnalyzer>
        {
            TestState =
            {
                Sources = { Usings + "var text = {|AG0102:File.ReadAllText(\"settings.json\")|};\n{|AG0102:Thread.Sleep(10)|};\n" },
                OutputKind = OutputKind.ConsoleApplication,
                AnalyzerConfigFiles = { ("/.editorconfig", "root = true\n\n[*.cs]\n" + SynchronousTopLevel.ReportOption + " = true\n") },
            },
        }.RunAsync();
}
