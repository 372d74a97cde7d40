using AsyncGuard.Analyzers.TaskLifetime;
using Xunit;
using VerifyAG0210 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.TaskLifetime.AG0210AmbientSchedulerAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.TaskLifetime;

/// <summary>
/// Issue 16, eleventh pass (debmix): an ambient-scheduler call whose delegate has an empty body and whose task is dropped
/// (FtpServer's BackgroundCommandHandler: <c>taskFaulted.ContinueWith(t => { }, OnlyOnCanceled);</c>) runs nothing on
/// whatever scheduler is current, and nothing waits for it: silent by default, reported again with report_empty_continuations.
/// </summary>
public sealed class AG0210EmptyContinuationTests
{
    private const string Usings = "using System; using System.Threading; using System.Threading.Tasks;\n";

    private const string Empty = """
        class C
        {
            void M(Task first, Task<int> second, Task[] all, Task? maybe)
            {
                /*B*/first.ContinueWith(t => { }, TaskContinuationOptions.OnlyOnCanceled)/*E*/;
                _ = /*B*/second.ContinueWith(delegate { })/*E*/;
                maybe?/*B*/.ContinueWith((Task _) => { }, CancellationToken.None)/*E*/;
                /*B*/Task.Factory.StartNew(() => { })/*E*/;
                _ = /*B*/Task.Factory.ContinueWhenAll(all, tasks => { })/*E*/;
                /*B*/Task.Factory.StartNew(state => { }, 1, TaskCreationOptions.None)/*E*/;
            }
        }
        """;

    [Fact]
    public Task Silent_when_the_delegate_does_nothing_and_the_task_is_dropped() =>
        VerifyAG0210.NoDiagnostics(Usings + Empty.Replace("/*B*/", "").Replace("/*E*/", ""));

    [Fact]
    public Task The_option_reports_them() =>
        VerifyAG0210.DiagnosticsWithOptions(
            Usings + Empty
                .Replace("maybe?/*B*/.ContinueWith((Task _) => { }, CancellationToken.None)/*E*/", "maybe?{|AG0210:.ContinueWith((Task _) => { }, CancellationToken.None)|}")
                .Replace("/*B*/", "{|AG0210:").Replace("/*E*/", "|}"),
            EmptyContinuations.ReportOption + " = true");

    /// <summary>The nearest cases: a body that does something, a method group, an async lambda, or a task that is kept, returned or waited on.</summary>
    [Fact]
    public Task Reported_when_the_delegate_runs_code_or_the_task_is_used() =>
        VerifyAG0210.Diagnostics(Usings + """
            class C
            {
                Task? _kept;
                static void Nothing(Task t) { }
                Task M(Task first)
                {
                    // (A body that only observes t.Exception is AG0210FaultObserverTests' class since the fourteenth pass.)
                    {|AG0210:first.ContinueWith(t => { _ = t.Exception; Console.WriteLine(); }, TaskContinuationOptions.OnlyOnFaulted)|};
                    {|AG0210:first.ContinueWith(t => Console.WriteLine(t.Exception))|};
                    {|AG0210:first.ContinueWith(Nothing)|};
                    {|AG0210:first.ContinueWith(async t => { })|};
                    _kept = {|AG0210:first.ContinueWith(t => { })|};
                    var local = {|AG0210:first.ContinueWith(t => { })|};
                    {|AG0210:first.ContinueWith(t => { })|}.Wait();
                    return {|AG0210:Task.Factory.StartNew(() => { })|};
                }

                async Task Awaited(Task first) => await {|AG0210:first.ContinueWith(t => { })|};
            }
            """);
}
