using Xunit;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>
/// Issue 16, held-out ho4a (datastax/csharp-driver): a task handed to a helper of the compilation whose every normal return
/// leaves that parameter complete (Core/CompletionProofs.CompletingHelpers.cs) is complete after the call: the read of its
/// result that follows is not a second wait. The helper's own wait stays its own finding. The nearest helpers that may
/// return before the proof are still reported.
/// </summary>
public sealed class AG0103CompletingHelperTests
{
    private const string Usings = "using System; using System.Threading; using System.Threading.Tasks;\n";

    private static Task Verify(string source) =>
        new Verifiers.AnalyzerTest<AsyncGuard.Analyzers.Blocking.AG0103SyncOverAsyncAnalyzer> { TestCode = Usings + source }.RunAsync();

    private const string Helpers = """
        static class Waits
        {
            // A timed wait, then a status check that throws: every normal return has the task complete (the helper's own wait
            // is silent since d103: its outcome is checked on the task, AG0103BoundaryWaitTests).
            public static void Join(Task task, int timeout)
            {
                try
                {
                    task.Wait(timeout);
                }
                catch (AggregateException ex) when (ex.InnerExceptions.Count == 1)
                {
                    throw ex.InnerException!;
                }

                if (task.Status != TaskStatus.RanToCompletion)
                {
                    throw new TimeoutException();
                }
            }

            // A helper that only calls another such helper, on both of its paths.
            public static void JoinCounted(Task task, int timeout, bool counted)
            {
                if (!counted)
                {
                    Join(task, timeout);
                    return;
                }

                try
                {
                    Join(task, timeout);
                }
                catch (TimeoutException)
                {
                    Console.WriteLine("timeout");
                    throw;
                }
            }

            public static void Block(Task task) => {|AG0103:task.Wait()|};
        }

        """;

    [Fact]
    public Task Silent_after_a_helper_that_proves_its_parameter_on_every_return() => Verify(Helpers + """
        static class Reads
        {
            public static T Result<T>(Task<T> task, int timeout)
            {
                Waits.Join((Task)task, timeout);
                return task.Result;
            }

            public static T Counted<T>(Task<T> task, int timeout)
            {
                Waits.JoinCounted(task, timeout, counted: true);
                return task.GetAwaiter().GetResult();
            }

            public static int Blocked(Task<int> task)
            {
                Waits.Block(task);
                return task.Result;
            }

            public static int Local(Func<Task<int>> start)
            {
                var pending = start();
                Waits.Join(pending, 1000);
                Func<int> read = () => pending.Result;
                return read();
            }
        }
        """);

    [Fact]
    public Task Reported_when_the_helper_may_return_before_the_task_completes() => Verify("""
        static class Loose
        {
            // The timed wait's result is ignored: it may return with the task pending.
            public static void TimedOnly(Task task, int timeout) { {|AG0103:task.Wait(timeout)|}; }

            public static void EarlyReturn(Task task, bool fast)
            {
                if (fast)
                {
                    return;
                }

                {|AG0103:task.Wait()|};
            }

            public static void Other(Task task, Task other) => {|AG0103:other.Wait()|};

            public static void Reassigned(Task task, Func<Task> next)
            {
                task = next();
                {|AG0103:task.Wait()|};
            }

            public static Task AsTask(Task task) => task;
        }

        class Base
        {
            public virtual void Join(Task task) => {|AG0103:task.Wait()|};
        }

        static class Reads
        {
            public static int Timed(Task<int> task) { Loose.TimedOnly(task, 10); return {|AG0103:task.Result|}; }
            public static int Early(Task<int> task) { Loose.EarlyReturn(task, true); return {|AG0103:task.Result|}; }
            public static int Another(Task<int> task, Task<int> other) { Loose.Other(task, other); return {|AG0103:task.Result|}; }
            public static int Fresh(Task<int> task) { Loose.Reassigned(task, () => Task.CompletedTask); return {|AG0103:task.Result|}; }
            public static int Virtual(Base b, Task<int> task) { b.Join(task); return {|AG0103:task.Result|}; }
            public static int NotAwaited(Task<int> task) { Loose.AsTask(task); return {|AG0103:task.Result|}; }
            public static int Before(Task<int> task) { var r = {|AG0103:task.Result|}; Waits2.Join(task); return r; }
        }

        static class Waits2
        {
            // Its one caller hands it a task already waited on (CompletedParameters): silent itself.
            public static void Join(Task task) => task.Wait();
        }
        """);

    [Fact]
    public Task Half_typed_code_does_not_throw() => Verify("""
        static class Half
        {
            public static int Unknown(Task<int> task) { {|CS0103:Missing|}(task); return {|AG0103:task.Result|}; }
            public static int NoBody(Task<int> task) { Partial.Join(task); return {|AG0103:task.Result|}; }
            public static int Broken(Task<int> task) { Bad.Join(task); return {|AG0103:task.Result|}; }
        }

        static partial class Partial
        {
            public static partial void {|CS8795:Join|}(Task task);
        }

        static class Bad
        {
            public static void Join(Task task) { task.{|CS1061:Waitt|}(); }
        }
        """);
}
