using System.Threading.Tasks;
using AsyncGuard.Analyzers.Blocking;
using AsyncGuard.Analyzers.Tests.Verifiers;
using Xunit;
using VerifyAG0103 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0103SyncOverAsyncAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>
/// Issue 16, eleventh pass (debmix): the function a <c>Task.Factory.StartNew(.., TaskCreationOptions.LongRunning, ..)</c>
/// on the default (or current, assumed default) scheduler runs is a dedicated thread's entry, as for <c>new Thread(..)</c>
/// (TwitchDownloader's VideoDownloadThread.Execute): silent by default, reported with report_thread_entries.
/// </summary>
public sealed class AG0103LongRunningEntryTests
{
    private const string Usings = "using System; using System.Threading; using System.Threading.Tasks;\n";

    private const string Silenced = Usings + """
        class Downloader
        {
            Task? _thread;
            readonly CancellationToken _token;
            static Task<bool> PartAsync(int part) => Task.FromResult(true);

            public void Start()
            {
                _thread = Task.Factory.StartNew(Execute, _token, TaskCreationOptions.LongRunning, TaskScheduler.Current);
                Task.Factory.StartNew(() => { [|PartAsync(1).GetAwaiter().GetResult()|]; }, CancellationToken.None, TaskCreationOptions.LongRunning | TaskCreationOptions.DenyChildAttach, TaskScheduler.Default);
                Task<bool>.Factory.StartNew(() => [|PartAsync(2).Result|], TaskCreationOptions.LongRunning);
                Task.Factory.StartNew(state => [|PartAsync((int)state!).Wait()|], 3, TaskCreationOptions.LongRunning);
            }

            private void Execute()
            {
                while (!_token.IsCancellationRequested)
                {
                    var ok = [|PartAsync(0).GetAwaiter().GetResult()|];
                    if (!ok) Thread.Sleep(100);
                }
            }
        }
        """;

    /// <summary>The nearest cases: not LongRunning, a scheduler of the code's own, a factory of its own, an entry also called directly, a nested lambda, a non-constant option.</summary>
    private const string Reported = Usings + """
        class Near
        {
            static Task<bool> PartAsync(int part) => Task.FromResult(true);

            public void Start(TaskScheduler scheduler, TaskCreationOptions options)
            {
                Task.Factory.StartNew(Pooled, CancellationToken.None, TaskCreationOptions.None, TaskScheduler.Default);
                Task.Factory.StartNew(() => {|AG0103:PartAsync(1).Wait()|}, CancellationToken.None, TaskCreationOptions.LongRunning, scheduler);
                new TaskFactory(scheduler).StartNew(() => {|AG0103:PartAsync(2).Wait()|}, TaskCreationOptions.LongRunning);
                Task.Factory.StartNew(Both, TaskCreationOptions.LongRunning);
                Both();
                Task.Factory.StartNew(() => { Action inner = () => {|AG0103:PartAsync(3).Wait()|}; inner(); }, TaskCreationOptions.LongRunning);
                Task.Factory.StartNew(() => {|AG0103:PartAsync(4).Wait()|}, options);
                Task.Run(() => {|AG0103:PartAsync(5).Wait()|});
            }

            void Pooled() { {|AG0103:PartAsync(0).Wait()|}; }
            void Both() { {|AG0103:PartAsync(6).Wait()|}; }
        }
        """;

    [Fact]
    public Task Silent_in_the_function_a_long_running_start_runs() =>
        VerifyAG0103.Diagnostics(Silenced.Replace("[|", "").Replace("|]", ""));

    [Fact]
    public Task Reported_where_no_dedicated_thread_is_certain() =>
        VerifyAG0103.Diagnostics(Reported);

    [Fact]
    public Task The_option_reports_them_too()
    {
        var test = new AnalyzerTest<AG0103SyncOverAsyncAnalyzer> { TestCode = Silenced.Replace("[|", "{|AG0103:").Replace("|]", "|}") };
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*.cs]\n" + ThreadEntries.ReportOption + " = true\n"));
        return test.RunAsync();
    }
}
