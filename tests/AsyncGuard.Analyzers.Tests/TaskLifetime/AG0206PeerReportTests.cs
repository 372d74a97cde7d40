using AsyncGuard.Analyzers.TaskLifetime;
using AsyncGuard.CodeFixes.TaskLifetime;
using Xunit;
using VerifyAG0206 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.TaskLifetime.AG0206NestedTaskAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.TaskLifetime;

/// <summary>
/// AG0206 shapes from the peers' issue trackers (thirteenth pass): the await of a nested task's outer task whose
/// result, the inner task, the code keeps (awaited again, stored, returned, passed on, called on) waits for the work or
/// hands it on; only an inner task that is dropped is lost.
/// </summary>
public sealed class AG0206PeerReportTests
{
    private const string Usings = "using System; using System.Threading; using System.Threading.Tasks;\n";

    [Fact]
    public Task Silent_when_the_inner_task_is_awaited_again_or_kept() =>
        VerifyAG0206.NoDiagnostics(Usings + """
            class C
            {
                static void Use(Task inner) { }

                async Task<Task> M(Task t, CancellationToken ct)
                {
                    await await Task.Factory.StartNew(async () => await Task.Delay(1));
                    var n = await await Task.Factory.StartNew(async () => { await Task.Delay(1); return 1; }, ct);
                    await (await t.ContinueWith(async _ => await Task.Delay(1), TaskScheduler.Default)).ConfigureAwait(false);
                    await (await Task.Factory.ContinueWhenAll(new[] { t }, async _ => await Task.Delay(1)));
                    var inner = await Task.Factory.StartNew(async () => await Task.Delay(1));
                    await inner;
                    Task held;
                    held = await t.ContinueWith(async _ => await Task.Delay(n));
                    Use(await Task.Factory.StartNew(async () => await Task.Delay(1)));
                    (await Task.Factory.StartNew(async () => await Task.Delay(1))).Wait(ct);
                    await held;
                    return await Task.Factory.StartNew(async () => await Task.Delay(1));
                }
            }
            """);

    [Fact]
    public Task Still_reported_when_the_inner_task_is_dropped_discarded_or_the_outer_task_is_combined() =>
        VerifyAG0206.Diagnostics(Usings + """
            class C
            {
                async Task M(Task t)
                {
                    await {|AG0206:Task.Factory.StartNew(async () => await Task.Delay(1))|};
                    _ = await {|AG0206:t.ContinueWith(async _ => await Task.Delay(1))|};
                    var text = $"{await {|AG0206:Task.Factory.StartNew(async () => await Task.Delay(1))|}}";
                    await await Task.WhenAny({|AG0206:Task.Factory.StartNew(async () => await Task.Delay(1))|}, t);
                }

                Task Returned() => {|AG0206:Task.Factory.StartNew(async () => await Task.Delay(1))|};
            }
            """);

    [Fact]
    public Task The_report_double_await_option_reports_await_await() =>
        VerifyAG0206.DiagnosticsWithOptions(Usings + """
            class C
            {
                async Task M(Task t)
                {
                    await await {|AG0206:Task.Factory.StartNew(async () => await Task.Delay(1))|};
                    await (await {|AG0206:t.ContinueWith(async _ => await Task.Delay(1))|}).ConfigureAwait(false);
                    var inner = await Task.Factory.StartNew(async () => await Task.Delay(1));
                    await inner;
                }
            }
            """, AG0206NestedTaskAnalyzer.ReportDoubleAwaitOption + " = true");

    [Fact]
    public async Task Under_the_option_the_fix_drops_the_outer_await()
    {
        var test = new Verifiers.CodeFixTest<AG0206NestedTaskAnalyzer, AG0206NestedTaskCodeFixProvider>
        {
            TestCode = Usings + "class C { async Task M() { await await {|AG0206:Task.Factory.StartNew(async () => await Task.Delay(1))|}; } }",
            FixedCode = Usings + "class C { async Task M() { await Task.Run(async () => await Task.Delay(1)); } }",
        };
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*.cs]\n" + AG0206NestedTaskAnalyzer.ReportDoubleAwaitOption + " = true\n"));
        await test.RunAsync();
    }
}
