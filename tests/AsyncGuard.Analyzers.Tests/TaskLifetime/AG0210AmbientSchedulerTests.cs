using AsyncGuard.Analyzers.TaskLifetime;
using AsyncGuard.Analyzers.Tests.Infrastructure;
using AsyncGuard.CodeFixes.TaskLifetime;
using Xunit;
using VerifyAG0210 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.TaskLifetime.AG0210AmbientSchedulerAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.TaskLifetime;

public sealed class AG0210AmbientSchedulerTests
{
    private const string Usings = "using System; using System.Threading; using System.Threading.Tasks;\n";

    [Theory]
    [InlineData("var t = {|AG0210:Task.Factory.StartNew(() => 1)|};")]
    [InlineData("var t = {|AG0210:Task.Factory.StartNew(() => { }, ct)|};")]
    [InlineData("var t = {|AG0210:Task.Factory.StartNew(() => { }, TaskCreationOptions.LongRunning)|};")]
    [InlineData("var t = {|AG0210:Task.Factory.StartNew(s => { }, state)|};")]
    [InlineData("var t = {|AG0210:Task<int>.Factory.StartNew(() => 1)|};")]
    [InlineData("var t = {|AG0210:task.ContinueWith(_ => { })|};")]
    [InlineData("var t = {|AG0210:task.ContinueWith(_ => 1, ct)|};")]
    [InlineData("var t = {|AG0210:task.ContinueWith((_, s) => { }, state, TaskContinuationOptions.OnlyOnFaulted)|};")]
    [InlineData("var t = {|AG0210:Task.FromResult(1).ContinueWith(r => r.Result)|};")]
    [InlineData("var t = {|AG0210:Task.Factory.ContinueWhenAll(new[] { task }, all => { })|};")]
    [InlineData("var t = {|AG0210:Task.Factory.ContinueWhenAny(new[] { task }, any => 1, ct)|};")]
    [InlineData("var t = self?{|AG0210:.Pending.ContinueWith(_ => { })|};")]
    public Task Flags_scheduling_without_a_scheduler(string statement) =>
        VerifyAG0210.Diagnostics(Usings + $$"""
            class C
            {
                Task Pending = Task.CompletedTask;
                void M(Task task, CancellationToken ct, object state, C? self)
                {
                    {{statement}}
                }
            }
            """);

    [Fact]
    public Task Silent_with_a_scheduler_a_custom_factory_or_Task_Run() =>
        VerifyAG0210.NoDiagnostics(Usings + """
            class C
            {
                void M(Task task, TaskScheduler scheduler, TaskFactory factory)
                {
                    Task.Factory.StartNew(() => { }, CancellationToken.None, TaskCreationOptions.None, TaskScheduler.Default);
                    task.ContinueWith(_ => { }, TaskScheduler.Default);
                    task.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, scheduler);
                    new TaskFactory(scheduler).StartNew(() => { });
                    factory.StartNew(() => { });
                    Task.Run(() => { });
                    Task.Factory.ContinueWhenAll(new[] { task }, _ => { }, CancellationToken.None, TaskContinuationOptions.None, scheduler);
                }
            }
            """);

    [Theory]
    [InlineData("class C { void M() { Task.Factory.StartNew( } }")]
    [InlineData("class C { void M(Task t) { t.ContinueWith(; } }")]
    [InlineData("class C { void M(Missing t) { t.ContinueWith(_ => 1); Missing.Factory.StartNew(() => 1); } }")]
    public async Task Half_typed_code_does_not_crash(string source)
    {
        var diagnostics = await RobustnessRunner.RunAsync(new AG0210AmbientSchedulerAnalyzer(), Usings + source);
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
    }

    private static string InMethod(string body) => $$"""
        class C
        {
            void M(Task task, CancellationToken ct, object state)
            {
                {{body}}
            }
        }
        """;

    [Theory]
    [InlineData("var t = {|AG0210:Task.Factory.StartNew(() => 1)|};", "var t = Task.Run(() => 1);")]
    [InlineData("var t = {|AG0210:Task.Factory.StartNew(() => { }, ct)|};", "var t = Task.Run(() => { }, ct);")]
    [InlineData("var t = {|AG0210:Task.Factory.StartNew(async () => await Task.Yield())|};", "var t = Task.Factory.StartNew(async () => await Task.Yield(), CancellationToken.None, TaskCreationOptions.None, TaskScheduler.Default);")]
    [InlineData("var t = {|AG0210:Task.Factory.StartNew(() => { }, TaskCreationOptions.LongRunning)|};", "var t = Task.Factory.StartNew(() => { }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);")]
    [InlineData("var t = {|AG0210:Task.Factory.StartNew(s => { }, state)|};", "var t = Task.Factory.StartNew(s => { }, state, CancellationToken.None, TaskCreationOptions.None, TaskScheduler.Default);")]
    [InlineData("var t = {|AG0210:Task<int>.Factory.StartNew(() => 1)|};", "var t = Task<int>.Factory.StartNew(() => 1, CancellationToken.None, TaskCreationOptions.None, TaskScheduler.Default);")]
    [InlineData("var t = {|AG0210:task.ContinueWith(_ => { })|};", "var t = task.ContinueWith(_ => { }, TaskScheduler.Default);")]
    [InlineData("var t = {|AG0210:task.ContinueWith((_, s) => { }, state)|};", "var t = task.ContinueWith((_, s) => { }, state, TaskScheduler.Default);")]
    [InlineData("var t = {|AG0210:task.ContinueWith(_ => 1, ct)|};", "var t = task.ContinueWith(_ => 1, ct, TaskContinuationOptions.None, TaskScheduler.Default);")]
    [InlineData("var t = {|AG0210:task.ContinueWith(_ => { }, TaskContinuationOptions.OnlyOnFaulted)|};", "var t = task.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);")]
    [InlineData("var t = {|AG0210:Task.Factory.ContinueWhenAll(new[] { task }, all => { })|};", "var t = Task.Factory.ContinueWhenAll(new[] { task }, all => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);")]
    [InlineData("var t = {|AG0210:Task.Factory.ContinueWhenAny(new[] { task }, any => 1, ct)|};", "var t = Task.Factory.ContinueWhenAny(new[] { task }, any => 1, ct, TaskContinuationOptions.None, TaskScheduler.Default);")]
    public Task Uses_Task_Run_or_passes_the_default_scheduler(string before, string after) =>
        VerifyAG0210.Fix<AG0210AmbientSchedulerCodeFixProvider>(Usings + InMethod(before), Usings + InMethod(after));

    [Fact]
    public Task Keeps_a_multi_line_call_readable_and_fixes_all() => VerifyAG0210.Fix<AG0210AmbientSchedulerCodeFixProvider>(Usings + """
        class C
        {
            Task M(Task task)
            {
                return {|AG0210:{|AG0210:task.ContinueWith(_ => 1)|}
                    .ContinueWith(_ => { })|};
            }
        }
        """, Usings + """
        class C
        {
            Task M(Task task)
            {
                return task.ContinueWith(_ => 1, TaskScheduler.Default)
                    .ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
        """);
}
