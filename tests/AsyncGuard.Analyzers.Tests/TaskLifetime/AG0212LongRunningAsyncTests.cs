using AsyncGuard.Analyzers.TaskLifetime;
using AsyncGuard.Analyzers.Tests.Infrastructure;
using AsyncGuard.Analyzers.Tests.Verifiers;
using AsyncGuard.CodeFixes.TaskLifetime;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using VerifyAG0212 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.TaskLifetime.AG0212LongRunningAsyncAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.TaskLifetime;

public sealed class AG0212LongRunningAsyncTests
{
    private const string Usings = "using System; using System.Threading; using System.Threading.Tasks;\n";

    [Theory]
    [InlineData("var t = {|AG0212:Task.Factory.StartNew(async () => await Task.Delay(1), TaskCreationOptions.LongRunning)|};")]
    [InlineData("var t = {|AG0212:Task.Factory.StartNew(async () => { await Task.Delay(1); return 1; }, TaskCreationOptions.LongRunning)|};")]
    [InlineData("var t = {|AG0212:Task.Factory.StartNew(async () => await Task.Delay(1), ct, TaskCreationOptions.LongRunning, TaskScheduler.Default)|};")]
    [InlineData("var t = {|AG0212:Task.Factory.StartNew(async () => await Task.Delay(1), TaskCreationOptions.LongRunning | TaskCreationOptions.DenyChildAttach)|};")]
    [InlineData("var t = {|AG0212:Task.Factory.StartNew(async s => await Task.Delay(1), state, TaskCreationOptions.LongRunning)|};")]
    [InlineData("var t = {|AG0212:Task.Factory.StartNew(async delegate { await Task.Delay(1); }, TaskCreationOptions.LongRunning)|};")]
    [InlineData("var t = {|AG0212:Task.Factory.StartNew(LoopAsync, TaskCreationOptions.LongRunning)|};")]
    [InlineData("var t = {|AG0212:Task.Factory.StartNew(() => LoopAsync(), TaskCreationOptions.LongRunning)|};")]
    [InlineData("var t = {|AG0212:Task.Factory.StartNew(() => { return LoopAsync(); }, TaskCreationOptions.LongRunning)|};")]
    [InlineData("var t = {|AG0212:factory.StartNew(async () => await Task.Delay(1), TaskCreationOptions.LongRunning)|};")]
    [InlineData("var t = {|AG0212:Task.Factory.StartNew(async () => await Task.Delay(1), creationOptions: TaskCreationOptions.LongRunning, cancellationToken: ct, scheduler: TaskScheduler.Default)|};")]
    [InlineData("_ = {|AG0212:Task<Task>.Factory.StartNew(async () => await Task.Delay(1), TaskCreationOptions.LongRunning)|};")]
    [InlineData("await {|AG0212:Task.Factory.StartNew(async () => await Task.Delay(1), TaskCreationOptions.LongRunning)|};")]
    public Task Flags_async_work_on_a_long_running_thread(string statement) =>
        VerifyAG0212.Diagnostics(Usings + $$"""
            class C
            {
                async Task LoopAsync() => await Task.Delay(1);
                async Task M(CancellationToken ct, object state, TaskFactory factory)
                {
                    {{statement}}
                }
            }
            """);

    [Fact]
    public Task Says_only_the_thread_is_wasted_when_the_task_is_unwrapped()
    {
        var test = new Verifiers.AnalyzerTest<AG0212LongRunningAsyncAnalyzer> { TestCode = Usings + """
            class C
            {
                async Task M()
                {
                    await {|#0:Task.Factory.StartNew(async () => await Task.Delay(1), TaskCreationOptions.LongRunning)|}.Unwrap();
                    await {|#1:Task.Factory.StartNew(async () => await Task.Delay(1), TaskCreationOptions.LongRunning)|};
                }
            }
            """ };
        test.ExpectedDiagnostics.Add(new DiagnosticResult(AG0212LongRunningAsyncAnalyzer.Rule).WithLocation(0).WithArguments("TaskFactory.StartNew", " and the rest runs on the thread pool anyway"));
        test.ExpectedDiagnostics.Add(new DiagnosticResult(AG0212LongRunningAsyncAnalyzer.Rule).WithLocation(1).WithArguments("TaskFactory.StartNew", " and the returned task completes before the work"));
        return test.RunAsync();
    }

    [Fact]
    public Task Silent_for_sync_work_without_LongRunning_or_with_options_not_constant() =>
        VerifyAG0212.NoDiagnostics(Usings + """
            class C
            {
                Task LoopAsync() => Task.CompletedTask;
                void Loop() { }
                void M(CancellationToken ct, TaskCreationOptions options)
                {
                    Task.Factory.StartNew(() => Loop(), TaskCreationOptions.LongRunning);
                    Task.Factory.StartNew(Loop, ct, TaskCreationOptions.LongRunning, TaskScheduler.Default);
                    Task.Factory.StartNew(() => { Thread.Sleep(1); return 1; }, TaskCreationOptions.LongRunning);
                    Task.Factory.StartNew(async () => await Task.Delay(1));
                    Task.Factory.StartNew(async () => await Task.Delay(1), TaskCreationOptions.DenyChildAttach);
                    Task.Factory.StartNew(async () => await Task.Delay(1), options);
                    Task.Factory.StartNew(LoopAsync, TaskCreationOptions.LongRunning);
                    Task.Run(async () => await Task.Delay(1));
                    new Thread(() => Loop()).Start();
                }
            }
            """);

    /// <summary>AG0206 and AG0210 report the same calls without LongRunning, and stay silent on this rule's (one finding, one diagnostic).</summary>
    [Fact]
    public async Task AG0206_and_AG0210_leave_the_call_to_AG0212_and_keep_their_own()
    {
        var source = Usings + """
            class C
            {
                async Task M()
                {
                    await Task.Factory.StartNew(async () => await Task.Delay(1), TaskCreationOptions.LongRunning);
                    await Task.Factory.StartNew(async () => await Task.Delay(1));
                    await Task.Factory.StartNew(() => Thread.Sleep(1), TaskCreationOptions.LongRunning);
                }
            }
            """;
        var ids = new List<string>();
        foreach (var analyzer in new DiagnosticAnalyzer[] { new AG0206NestedTaskAnalyzer(), new AG0210AmbientSchedulerAnalyzer(), new AG0212LongRunningAsyncAnalyzer() })
        {
            foreach (var d in await RobustnessRunner.RunAsync(analyzer, source))
            {
                ids.Add(d.Id + "@" + d.Location.GetLineSpan().StartLinePosition.Line);
            }
        }

        ids.Sort(StringComparer.Ordinal);
        Assert.Equal(new[] { "AG0206@6", "AG0210@6", "AG0210@7", "AG0212@5" }, ids);
    }

    [Theory]
    [InlineData("class C { void M() { Task.Factory.StartNew(async () => await Task.Delay(1), TaskCreationOptions.LongRunning; } }")]
    [InlineData("class C { void M() { Task.Factory.StartNew(async () => await , TaskCreationOptions.LongRunning); } }")]
    [InlineData("class C { void M(Missing f) { f.StartNew(async () => await Task.Delay(1), TaskCreationOptions.LongRunning); } }")]
    [InlineData("class C { void M() { Task.Factory.StartNew(Missing, TaskCreationOptions.LongRunning); } }")]
    [InlineData("class C { void M() { Task.Factory.StartNew(async () => await Task.Delay(1), TaskCreationOptions.Missing); } }")]
    public async Task Half_typed_code_does_not_crash(string source)
    {
        var diagnostics = await RobustnessRunner.RunAsync(new AG0212LongRunningAsyncAnalyzer(), Usings + source);
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
    }

    private static string InMethod(string body) => $$"""
        class C
        {
            async Task LoopAsync() => await Task.Delay(1);
            Task Keep(Task t) => t;
            async Task M(CancellationToken ct)
            {
                {{body}}
            }
        }
        """;

    [Theory]
    [InlineData("{|AG0212:Task.Factory.StartNew(async () => await Task.Delay(1), TaskCreationOptions.LongRunning)|};", "Task.Run(async () => await Task.Delay(1));")]
    [InlineData("await {|AG0212:Task.Factory.StartNew(async () => await Task.Delay(1), TaskCreationOptions.LongRunning)|};", "await Task.Run(async () => await Task.Delay(1));")]
    [InlineData("_ = {|AG0212:Task.Factory.StartNew(async () => await Task.Delay(1), TaskCreationOptions.LongRunning)|};", "_ = Task.Run(async () => await Task.Delay(1));")]
    [InlineData("Task t = {|AG0212:Task.Factory.StartNew(async () => { await Task.Delay(1); }, ct, TaskCreationOptions.LongRunning, TaskScheduler.Default)|};", "Task t = Task.Run(async () => { await Task.Delay(1); }, ct);")]
    [InlineData("await Keep({|AG0212:Task.Factory.StartNew(LoopAsync, TaskCreationOptions.LongRunning | TaskCreationOptions.DenyChildAttach)|});", "await Keep(Task.Run(LoopAsync));")]
    [InlineData("await {|AG0212:Task.Factory.StartNew(() => LoopAsync(), TaskCreationOptions.LongRunning)|};", "await Task.Run(() => LoopAsync());")]
    [InlineData("await {|AG0212:Task.Factory.StartNew(async () => await Task.Delay(1), TaskCreationOptions.LongRunning)|}.Unwrap();", "await Task.Run(async () => await Task.Delay(1));")]
    [InlineData("var n = await {|AG0212:Task.Factory.StartNew(async () => { await Task.Delay(1); return 1; }, ct, TaskCreationOptions.LongRunning, TaskScheduler.Default)|}\n            .Unwrap();", "var n = await Task.Run(async () => { await Task.Delay(1); return 1; }, ct);")]
    public Task Uses_Task_Run(string before, string after) =>
        VerifyAG0212.Fix<AG0212LongRunningAsyncCodeFixProvider>(Usings + InMethod(before), Usings + InMethod(after));

    [Theory]
    [InlineData("var t = {|AG0212:Task.Factory.StartNew(async () => await Task.Delay(1), TaskCreationOptions.LongRunning)|};")]
    [InlineData("await await {|AG0212:Task.Factory.StartNew(async () => await Task.Delay(1), TaskCreationOptions.LongRunning)|};")]
    [InlineData("await TaskExtensions.Unwrap({|AG0212:Task.Factory.StartNew(async () => await Task.Delay(1), TaskCreationOptions.LongRunning)|});")]
    [InlineData("await {|AG0212:Task.Factory.StartNew(async () => await Task.Delay(1), TaskCreationOptions.LongRunning | TaskCreationOptions.AttachedToParent)|};")]
    [InlineData("await {|AG0212:Task.Factory.StartNew(async () => await Task.Delay(1), ct, TaskCreationOptions.LongRunning, TaskScheduler.Current)|};")]
    [InlineData("await {|AG0212:Task.Factory.StartNew(async s => await Task.Delay(1), null, TaskCreationOptions.LongRunning)|};")]
    [InlineData("await {|AG0212:Task.Factory.StartNew(async () => await Task.Delay(1), creationOptions: TaskCreationOptions.LongRunning)|};")]
    public Task Offers_no_fix_where_Task_Run_would_change_the_meaning(string statement) =>
        VerifyAG0212.NoFix<AG0212LongRunningAsyncCodeFixProvider>(Usings + InMethod(statement));

    [Fact]
    public Task Fixes_all_in_one_pass() => VerifyAG0212.Fix<AG0212LongRunningAsyncCodeFixProvider>(
        Usings + InMethod("""
            await {|AG0212:Task.Factory.StartNew(async () => await Task.Delay(1), TaskCreationOptions.LongRunning)|};
                    await {|AG0212:Task.Factory.StartNew(LoopAsync, ct, TaskCreationOptions.LongRunning, TaskScheduler.Default)|};
            """),
        Usings + InMethod("""
            await Task.Run(async () => await Task.Delay(1));
                    await Task.Run(LoopAsync, ct);
            """));
}
