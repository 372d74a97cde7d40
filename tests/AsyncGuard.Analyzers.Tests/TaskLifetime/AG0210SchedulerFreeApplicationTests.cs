using AsyncGuard.Analyzers.TaskLifetime;
using Microsoft.CodeAnalysis;
using Xunit;

namespace AsyncGuard.Analyzers.Tests.TaskLifetime;

/// <summary>
/// Issue 16, review29 (BBDown's minimal-API handler, N_m3u8DL-RE's downloader): a console application whose source never
/// names a scheduler, a task factory or a synchronization context runs every task on the default scheduler, so the call's
/// TaskScheduler.Current is TaskScheduler.Default: silent by default, reported again with report_scheduler_free_applications.
/// Still reported: a library, a windowed application, and an application that names any scheduler anywhere.
/// </summary>
public sealed class AG0210SchedulerFreeApplicationTests
{
    private const string Usings = "using System; using System.Threading; using System.Threading.Tasks;\n";

    private const string Program = """
        static class Program
        {
            static async Task Main(string[] args)
            {
                var download = Task.Delay(1);
                _ = /*B*/download.ContinueWith(async t => await Notify(t))/*E*/;
                var work = /*B*/Task.Factory.StartNew(async () => await Task.Delay(1))/*E*/;
                await /*B*/Task.Factory.ContinueWhenAll(new[] { download }, all => Console.WriteLine(all.Length))/*E*/;
                await work;
            }

            static Task Notify(Task t) => Task.CompletedTask;
        }
        """;

    private static Task Run(string source, OutputKind kind, string? option = null)
    {
        var test = new Verifiers.AnalyzerTest<AG0210AmbientSchedulerAnalyzer> { TestCode = source };
        test.TestState.OutputKind = kind;
        if (option != null)
        {
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*]\n" + option + "\n"));
        }

        return test.RunAsync();
    }

    private static string Silent(string source) => source.Replace("/*B*/", "").Replace("/*E*/", "");

    private static string Marked(string source) => source.Replace("/*B*/", "{|AG0210:").Replace("/*E*/", "|}");

    [Fact]
    public Task Silent_in_a_console_application_that_never_names_a_scheduler() =>
        Run(Usings + Silent(Program), OutputKind.ConsoleApplication);

    [Fact]
    public Task Silent_with_top_level_statements() =>
        Run(Usings + """
            var first = Task.Delay(1);
            await first.ContinueWith(t => Console.WriteLine(t.Status));
            await Task.Factory.StartNew(() => Console.WriteLine());
            """, OutputKind.ConsoleApplication);

    [Fact]
    public Task The_option_reports_them() =>
        Run(Usings + Marked(Program), OutputKind.ConsoleApplication, SchedulerFreeApplications.ReportOption + " = true");

    /// <summary>The nearest cases: the same code in a library or a windowed application, or beside any scheduler.</summary>
    [Fact]
    public Task Reported_in_a_library_or_a_windowed_application() =>
        Task.WhenAll(
            Run(Usings + Marked(Program), OutputKind.DynamicallyLinkedLibrary),
            Run(Usings + Marked(Program), OutputKind.WindowsApplication));

    [Theory]
    [InlineData("static TaskScheduler Ui() => TaskScheduler.FromCurrentSynchronizationContext();")]
    [InlineData("static void Install() => SynchronizationContext.SetSynchronizationContext(new SynchronizationContext());")]
    [InlineData("static TaskFactory Factory() => new TaskFactory(CancellationToken.None);")]
    [InlineData("static object Pair() => new ConcurrentExclusiveSchedulerPair().ExclusiveScheduler;")]
    [InlineData("static void Run(Task t, System.Func<TaskScheduler> get) => t.Start(get());")]
    public Task Reported_where_the_application_names_a_scheduler(string member) =>
        Run(Usings + Marked(Program) + "static class Other { " + member + " }\n", OutputKind.ConsoleApplication);

    [Fact]
    public Task Never_throws_on_half_typed_code()
    {
        var test = new Verifiers.AnalyzerTest<AG0210AmbientSchedulerAnalyzer>
        {
            TestCode = Usings + """
                static class Program
                {
                    static void Main() => Missing.Run().ContinueWith(t => Unknown(t));
                    static void Other(Task t) => t.ContinueWith(x => Console.WriteLine(x.));
                }
                """,
            CompilerDiagnostics = Microsoft.CodeAnalysis.Testing.CompilerDiagnostics.None,
        };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        return test.RunAsync();
    }
}
