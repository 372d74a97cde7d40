using AsyncGuard.Analyzers.TaskLifetime;
using Xunit;
using VerifyAG0210 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.TaskLifetime.AG0210AmbientSchedulerAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.TaskLifetime;

/// <summary>
/// Issue 16, fourteenth pass (deb16): a dropped <c>ContinueWith</c> whose continuation only observes the antecedent's
/// exception (Pipelines.Sockets.Unofficial and StackExchange.Redis: <c>task?.ContinueWith(t => GC.KeepAlive(t.Exception),
/// OnlyOnFaulted)</c>, and SE.Redis's <c>static readonly Action&lt;Task&gt; observeErrors = ObverveErrors</c>): the scheduler
/// decides where next to nothing runs. Silent by default, reported again with report_fault_observers.
/// </summary>
public sealed class AG0210FaultObserverTests
{
    private const string Usings = "using System; using System.Threading; using System.Threading.Tasks;\n";

    private const string Observers = """
        static class C
        {
            private static readonly Action<Task> observeErrors = ObserveErrorsCore;
            private static void ObserveErrorsCore(this Task task)
            {
                if (task != null) GC.KeepAlive(task.Exception);
            }
            private static AggregateException? Read(Task t) => t.Exception;

            static void M(Task first, Task<int> second, Task? maybe)
            {
                maybe?/*B*/.ContinueWith(static t => GC.KeepAlive(t.Exception), TaskContinuationOptions.OnlyOnFaulted)/*E*/;
                /*B*/first.ContinueWith(t => GC.KeepAlive(t.Exception), TaskContinuationOptions.OnlyOnFaulted)/*E*/;
                /*B*/first.ContinueWith(observeErrors, TaskContinuationOptions.OnlyOnFaulted)/*E*/;
                /*B*/second.ContinueWith(observeErrors, TaskContinuationOptions.OnlyOnFaulted)/*E*/;
                _ = /*B*/first.ContinueWith(t => { _ = t.Exception; })/*E*/;
                /*B*/first.ContinueWith(t => t.Exception, TaskContinuationOptions.OnlyOnFaulted)/*E*/;
                /*B*/first.ContinueWith(Read, CancellationToken.None)/*E*/;
                /*B*/second.ContinueWith(t => { if (t is not null) { GC.KeepAlive(t.Exception); } })/*E*/;
                // Every inner exception marked handled (nineteenth pass).
                maybe?/*B*/.ContinueWith(t => { t.Exception?.Handle(_ => true); }, TaskContinuationOptions.ExecuteSynchronously)/*E*/;
                /*B*/first.ContinueWith(t => t.Exception!.Handle(e => { return true; }), TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously)/*E*/;
            }
        }
        """;

    [Fact]
    public Task Silent_when_the_continuation_only_observes_the_fault_and_is_dropped() =>
        VerifyAG0210.NoDiagnostics(Usings + Observers.Replace("/*B*/", "").Replace("/*E*/", ""));

    [Fact]
    public Task The_option_reports_them() =>
        VerifyAG0210.DiagnosticsWithOptions(
            Usings + Observers
                .Replace("maybe?/*B*/.ContinueWith(static t => GC.KeepAlive(t.Exception), TaskContinuationOptions.OnlyOnFaulted)/*E*/",
                    "maybe?{|AG0210:.ContinueWith(static t => GC.KeepAlive(t.Exception), TaskContinuationOptions.OnlyOnFaulted)|}")
                .Replace("maybe?/*B*/.ContinueWith(t => { t.Exception?.Handle(_ => true); }, TaskContinuationOptions.ExecuteSynchronously)/*E*/",
                    "maybe?{|AG0210:.ContinueWith(t => { t.Exception?.Handle(_ => true); }, TaskContinuationOptions.ExecuteSynchronously)|}")
                .Replace("/*B*/", "{|AG0210:").Replace("/*E*/", "|}"),
            FaultObservers.ReportOption + " = true");

    /// <summary>
    /// The nearest cases: a continuation that logs or calls back (Rebus's LogException, right), another task's exception, a
    /// field that is not static readonly, an instance method, an async lambda, a task that is kept, returned or waited on.
    /// </summary>
    [Fact]
    public Task Reported_when_the_continuation_does_more_or_the_task_is_used() =>
        VerifyAG0210.Diagnostics(Usings + """
            class C
            {
                Task? _kept;
                static Action<Task> mutable = Observe;
                static void Observe(Task t) => GC.KeepAlive(t.Exception);
                void Instance(Task t) => GC.KeepAlive(t.Exception);
                static void LogException(Task t) => Console.WriteLine(t.Exception);
                Task M(Task first, Task other)
                {
                    {|AG0210:first.ContinueWith(LogException, TaskContinuationOptions.OnlyOnFaulted)|};
                    {|AG0210:first.ContinueWith(t => { GC.KeepAlive(t.Exception); Console.WriteLine(); })|};
                    {|AG0210:first.ContinueWith(t => GC.KeepAlive(other.Exception))|};
                    {|AG0210:first.ContinueWith(t => GC.KeepAlive(t.Status))|};
                    {|AG0210:first.ContinueWith(t => t.Exception?.Handle(e => e is TimeoutException))|};
                    {|AG0210:first.ContinueWith(t => other.Exception?.Handle(_ => true))|};
                    {|AG0210:first.ContinueWith(t => t.Exception?.Handle(_ => { Console.WriteLine(); return true; }))|};
                    {|AG0210:first.ContinueWith(t => { if (t != null) GC.KeepAlive(t.Exception); else Console.WriteLine(); })|};
                    {|AG0210:first.ContinueWith(mutable)|};
                    {|AG0210:first.ContinueWith(Instance)|};
                    {|AG0210:first.ContinueWith(async t => GC.KeepAlive(t.Exception))|};
                    _kept = {|AG0210:first.ContinueWith(t => GC.KeepAlive(t.Exception))|};
                    {|AG0210:first.ContinueWith(t => GC.KeepAlive(t.Exception))|}.Wait();
                    {|AG0210:Task.Factory.StartNew(() => GC.KeepAlive(first.Exception))|};
                    return {|AG0210:first.ContinueWith(t => GC.KeepAlive(t.Exception))|};
                }
            }
            """);

    [Fact]
    public Task Half_typed_continuations_do_not_throw() =>
        VerifyAG0210.DiagnosticsInBrokenCode(Usings + """
            class C
            {
                static readonly Action<Task> broken = Missing;
                void M(Task first)
                {
                    {|AG0210:first.ContinueWith(broken)|};
                    first.ContinueWith(t => GC.KeepAlive(t.Missing));
                    first.ContinueWith(t => GC.KeepAlive(t.Exception), 
                }
            }
            """);
}
