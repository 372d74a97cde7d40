using AsyncGuard.Analyzers.TaskLifetime;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using VerifyAG0209 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.TaskLifetime.AG0209TaskCompletionSourceInlineAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.TaskLifetime;

/// <summary>
/// Issue 16 (e209): the continuation-proxy class (report_continuation_proxies) through a private helper — the source is
/// handed to a private method of its type that only completes it, in its own flow or inside an ExecuteSynchronously
/// continuation (the flag a constant, or a parameter the call gives a constant), or hands it on once more the same way;
/// the helper is called inside the ExecuteSynchronously continuation of the antecedent, and also (the fast path) as the
/// source's first use, before anyone can hold its task.
/// </summary>
public sealed class AG0209ProxyHelperTests
{
    private const string Usings = "using System; using System.Collections.Generic; using System.Threading; using System.Threading.Tasks;\n";

    private const string Helpers = """
        static class Chains
        {
            public static Task<TOut> Map<TIn, TOut>(this Task<TIn> task, Func<TIn, TOut> next)
            {
                const TaskContinuationOptions options = TaskContinuationOptions.ExecuteSynchronously;
                var tcs = /*B*/new TaskCompletionSource<TOut>()/*E*/;
                if (task.IsCompleted)
                {
                    Finish(tcs, task, next);
                    return tcs.Task;
                }

                task.ContinueWith(previous =>
                {
                    Finish(tcs, previous, next);
                }, options);
                return tcs.Task;
            }

            private static void Finish<TIn, TOut>(TaskCompletionSource<TOut> target, Task<TIn> previous, Func<TIn, TOut> next)
            {
                try
                {
                    if (previous.IsFaulted)
                    {
                        Fail(target, previous.Exception!);
                        return;
                    }

                    target.TrySetResult(next(previous.Result));
                }
                catch (Exception ex)
                {
                    target.TrySetException(ex);
                }
            }

            public static Task<TOut> Bind<TIn, TOut>(this Task<TIn> task, Func<TIn, Task<TOut>> next)
            {
                TaskCompletionSource<TOut> tcs = /*B*/new()/*E*/;
                task.ContinueWith(_ => Chain(tcs, task, next, TaskContinuationOptions.ExecuteSynchronously),
                    TaskContinuationOptions.ExecuteSynchronously | TaskContinuationOptions.DenyChildAttach);
                return tcs.Task;
            }

            private static void Chain<TIn, TOut>(TaskCompletionSource<TOut> target, Task<TIn> previous, Func<TIn, Task<TOut>> next, TaskContinuationOptions options)
            {
                if (previous.IsCanceled)
                {
                    target.TrySetCanceled();
                    return;
                }

                next(previous.Result).ContinueWith(inner =>
                {
                    if (inner.IsFaulted) Fail(target, inner.Exception!);
                    else target.TrySetResult(inner.Result);
                }, options);
            }

            private static void Fail<T>(TaskCompletionSource<T> target, AggregateException error) => target.TrySetException(error.InnerExceptions);
        }
        """;

    [Fact]
    public Task Silent_for_proxies_completed_through_a_private_helper() =>
        VerifyAG0209.NoDiagnostics(Usings + Helpers.Replace("/*B*/", "").Replace("/*E*/", ""));

    [Fact]
    public Task The_option_reports_proxies_completed_through_a_private_helper()
    {
        var test = new Verifiers.AnalyzerTest<AG0209TaskCompletionSourceInlineAnalyzer>
        {
            TestCode = Usings + Helpers.Replace("/*B*/", "{|AG0209:").Replace("/*E*/", "|}"),
            MarkupOptions = MarkupOptions.UseFirstDescriptor,
        };
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*]\ndotnet_diagnostic.AG0209.report_continuation_proxies = true\n"));
        return test.RunAsync();
    }

    /// <summary>The nearest cases: a helper that is not private or keeps the source, a continuation that is not synchronous, no continuation at all, a call after the task was read.</summary>
    [Fact]
    public Task Reported_where_the_helper_is_not_only_a_proxy() =>
        new Verifiers.AnalyzerTest<AG0209TaskCompletionSourceInlineAnalyzer> { MarkupOptions = MarkupOptions.UseFirstDescriptor, TestCode = Usings + """
            class Near
            {
                private readonly List<TaskCompletionSource<int>> _kept = new();

                public Task<int> PublicHelper(Task<int> task)
                {
                    var tcs = {|AG0209:new TaskCompletionSource<int>()|};
                    task.ContinueWith(t => Complete(tcs, t), TaskContinuationOptions.ExecuteSynchronously);
                    return tcs.Task;
                }

                public static void Complete(TaskCompletionSource<int> target, Task<int> t) => target.TrySetResult(t.Result);

                public Task<int> KeepingHelper(Task<int> task)
                {
                    var tcs = {|AG0209:new TaskCompletionSource<int>()|};
                    task.ContinueWith(t => Keep(tcs, t), TaskContinuationOptions.ExecuteSynchronously);
                    return tcs.Task;
                }

                private void Keep(TaskCompletionSource<int> target, Task<int> t)
                {
                    _kept.Add(target);
                    target.TrySetResult(t.Result);
                }

                public Task<int> NotSynchronous(Task<int> task)
                {
                    var tcs = {|AG0209:new TaskCompletionSource<int>()|};
                    task.ContinueWith(t => Done(tcs, t), TaskContinuationOptions.None);
                    return tcs.Task;
                }

                public Task<int> HelperContinuesAsynchronously(Task<int> task, Func<int, Task<int>> next)
                {
                    var tcs = {|AG0209:new TaskCompletionSource<int>()|};
                    task.ContinueWith(t => Then(tcs, t, next, TaskContinuationOptions.None), TaskContinuationOptions.ExecuteSynchronously);
                    return tcs.Task;
                }

                private static void Then(TaskCompletionSource<int> target, Task<int> t, Func<int, Task<int>> next, TaskContinuationOptions options) =>
                    next(t.Result).ContinueWith(inner => target.TrySetResult(inner.Result), options);

                public Task<int> OnlyTheFastPath(Task<int> task)
                {
                    var tcs = {|AG0209:new TaskCompletionSource<int>()|};
                    if (task.IsCompleted)
                    {
                        Done(tcs, task);
                    }

                    return tcs.Task;
                }

                public Task<int> AfterTheTaskWasRead(Task<int> task, Action<Task<int>> publish)
                {
                    var tcs = {|AG0209:new TaskCompletionSource<int>()|};
                    publish(tcs.Task);
                    Done(tcs, task);
                    task.ContinueWith(t => Done(tcs, t), TaskContinuationOptions.ExecuteSynchronously);
                    return tcs.Task;
                }

                public Task<int> Overridable(Task<int> task)
                {
                    var tcs = {|AG0209:new TaskCompletionSource<int>()|};
                    task.ContinueWith(t => Virtual(tcs, t), TaskContinuationOptions.ExecuteSynchronously);
                    return tcs.Task;
                }

                protected virtual void Virtual(TaskCompletionSource<int> target, Task<int> t) => target.TrySetResult(t.Result);

                public Task<int> AsyncHelper(Task<int> task)
                {
                    var tcs = {|AG0209:new TaskCompletionSource<int>()|};
                    task.ContinueWith(t => Later(tcs, t), TaskContinuationOptions.ExecuteSynchronously);
                    return tcs.Task;
                }

                private static async void Later(TaskCompletionSource<int> target, Task<int> t)
                {
                    await Task.Yield();
                    target.TrySetResult(t.Result);
                }

                private static void Done(TaskCompletionSource<int> target, Task<int> t) => target.TrySetResult(t.Result);
            }
            """ }.RunAsync();

    [Fact]
    public Task Never_throws_on_half_typed_code() =>
        VerifyAG0209.DiagnosticsInBrokenCode(Usings + """
            static class Broken
            {
                public static Task<int> A(Task<int> task)
                {
                    var tcs = {|AG0209:new TaskCompletionSource<int>()|};
                    task.ContinueWith(t => Missing(tcs, t), TaskContinuationOptions.ExecuteSynchronously);
                    return tcs.Task;
                }

                public static Task<int> B(Task<int> task)
                {
                    var tcs = new TaskCompletionSource<int>();
                    task.ContinueWith(t => Half(tcs, t), TaskContinuationOptions.ExecuteSynchronously);
                    return tcs.Task;
                }

                private static void Half(TaskCompletionSource<int> target, Task<int> t)
                {
                    target.TrySetResult(t.Result;
                }
            }
            """);
}
