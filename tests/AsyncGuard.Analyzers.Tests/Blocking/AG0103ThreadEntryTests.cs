using System.Threading.Tasks;
using AsyncGuard.Analyzers.Blocking;
using AsyncGuard.Analyzers.Tests.Verifiers;
using Xunit;
using VerifyAG0103 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0103SyncOverAsyncAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>
/// AG0103 in the function a dedicated <c>new Thread(..)</c> runs (issue 16, third pass): silent by default, reported with
/// report_thread_entries; the same wait run by any other caller stays reported.
/// </summary>
public sealed class AG0103ThreadEntryTests
{
    private const string Usings = "using System; using System.Threading; using System.Threading.Tasks;\n";

    private const string Silenced = Usings + """
        static class Program
        {
            static int _exit;
            static Task<int> RunAsync(object? args) => Task.FromResult(0);
            public static void Main(string[] args)
            {
                var main = new Thread(AppMain) { Name = nameof(AppMain) };
                main.Start(args);
                new Thread(new ThreadStart(Pump)).Start();
                new Thread(() => { [|RunAsync(null).Wait()|]; }).Start();
                new Thread(o => _exit = [|RunAsync(o).GetAwaiter().GetResult()|]).Start();
                main.Join();
            }
            private static void AppMain(object? o) { _exit = [|RunAsync(o).ConfigureAwait(false).GetAwaiter().GetResult()|]; }
            static void Pump() { [|Task.Delay(1).Wait()|]; }
        }
        """;

    private const string Reported = Usings + """
        class Worker
        {
            static Task<int> RunAsync(object? args) => Task.FromResult(0);
            public void Start()
            {
                new Thread(Both).Start();
                Both();
                new Thread(Exposed).Start();
                ThreadPool.QueueUserWorkItem(Pooled);
                Task.Run(() => {|AG0103:RunAsync(null).Wait()|});
                Action a = () => {|AG0103:RunAsync(null).Wait()|};
                new Thread(() => { Action inner = () => {|AG0103:RunAsync(null).Wait()|}; inner(); }).Start();
                Helper();
            }
            // Also called directly; public; a pool callback; a helper the entry calls.
            void Both() { {|AG0103:RunAsync(null).Wait()|}; }
            public void Exposed() { {|AG0103:RunAsync(null).Wait()|}; }
            void Pooled(object? state) { {|AG0103:RunAsync(state).Wait()|}; }
            void Helper() { {|AG0103:RunAsync(null).Wait()|}; }
        }
        """;

    [Fact]
    public Task Silent_in_the_function_a_dedicated_thread_runs() =>
        VerifyAG0103.Diagnostics(Silenced.Replace("[|", "").Replace("|]", ""));

    [Fact]
    public Task Reported_where_other_callers_or_the_pool_run_it() =>
        VerifyAG0103.Diagnostics(Reported);

    [Fact]
    public Task The_option_reports_thread_entries_too()
    {
        var test = new AnalyzerTest<AG0103SyncOverAsyncAnalyzer> { TestCode = Silenced.Replace("[|", "{|AG0103:").Replace("|]", "|}") };
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*.cs]\n" + ThreadEntries.ReportOption + " = true\n"));
        return test.RunAsync();
    }

    [Fact]
    public Task Half_typed_thread_entries_do_not_throw() =>
        VerifyAG0103.DiagnosticsInBrokenCode(Usings + """
            class Broken
            {
                void Start() { new Thread(Entry).Start(); new Missing(Other); new Thread(Missing).Start(); }
                void Entry() => Task.Delay(1).Wait();
                void Other() { {|AG0103:Task.Delay(1).Wait()|}; }
            }
            """);
}
