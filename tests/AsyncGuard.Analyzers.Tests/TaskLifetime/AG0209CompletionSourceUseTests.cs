using AsyncGuard.Analyzers.TaskLifetime;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using VerifyAG0209 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.TaskLifetime.AG0209TaskCompletionSourceInlineAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.TaskLifetime;

/// <summary>
/// Issue 16 (debatable share): completion sources whose awaiters cannot run inline anywhere new — a task only waited on
/// synchronously (no continuation exists), and a proxy of another task completed only inside that task's
/// ExecuteSynchronously continuations.
/// </summary>
public sealed class AG0209CompletionSourceUseTests
{
    private const string Usings = "using System; using System.Collections.Generic; using System.Threading; using System.Threading.Tasks;\n";

    private const string Proxies = """
        static class Proxies
        {
            public static Task<TTo> Cast<TFrom, TTo>(Task<TFrom> task) where TFrom : TTo
            {
                var source = /*B*/new TaskCompletionSource<TTo>()/*E*/;
                task.ContinueWith(OnCompleted<TFrom, TTo>, state: source, TaskContinuationOptions.ExecuteSynchronously);
                return source.Task;
            }

            static void OnCompleted<TFrom, TTo>(Task<TFrom> completed, object? state) where TFrom : TTo
            {
                var source = (TaskCompletionSource<TTo>)state!;
                if (completed.IsFaulted) source.SetException(completed.Exception!.InnerExceptions);
                else source.SetResult(completed.Result);
            }

            public static List<Task<T>> InOrder<T>(Task<T>[] tasks)
            {
                var sources = new TaskCompletionSource<T>[tasks.Length];
                var result = new List<Task<T>>(sources.Length);
                var last = -1;
                Action<Task<T>> next = t => sources[Interlocked.Increment(ref last)].TrySetResult(t.Result);
                for (var i = 0; i != tasks.Length; ++i)
                {
                    sources[i] = /*B*/new TaskCompletionSource<T>()/*E*/;
                    result.Add(sources[i].Task);
                    tasks[i].ContinueWith(next, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously | TaskContinuationOptions.DenyChildAttach, TaskScheduler.Default);
                }

                return result;
            }

            public static Task<int> Inline(Task<int> task)
            {
                var tcs = /*B*/new TaskCompletionSource<int>()/*E*/;
                task.ContinueWith(t => tcs.TrySetResult(t.Result), TaskContinuationOptions.ExecuteSynchronously);
                return tcs.Task;
            }
        }
        """;

    [Fact]
    public Task Silent_for_proxies_of_a_task_completed_in_its_synchronous_continuations() =>
        VerifyAG0209.NoDiagnostics(Usings + Proxies.Replace("/*B*/", "").Replace("/*E*/", ""));

    [Fact]
    public Task The_option_reports_proxies()
    {
        var test = new Verifiers.AnalyzerTest<AG0209TaskCompletionSourceInlineAnalyzer>
        {
            TestCode = Usings + Proxies.Replace("/*B*/", "{|AG0209:").Replace("/*E*/", "|}"),
            MarkupOptions = MarkupOptions.UseFirstDescriptor,
        };
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*]\ndotnet_diagnostic.AG0209.report_continuation_proxies = true\n"));
        return test.RunAsync();
    }

    [Fact]
    public Task Silent_for_a_task_only_waited_on_synchronously() =>
        VerifyAG0209.NoDiagnostics(Usings + """
            class Window { public event EventHandler? Loaded; }
            static class Ui
            {
                public static IntPtr ShowAndGetHandle(Window window)
                {
                    var tcs = new TaskCompletionSource<IntPtr>();
                    window.Loaded += (s, e) => tcs.SetResult(IntPtr.Zero);
                    return tcs.Task.GetAwaiter().GetResult();
                }

                public static int Result(Action<int> register)
                {
                    var tcs = new TaskCompletionSource<int>();
                    register(1);
                    tcs.TrySetResult(1);
                    tcs.Task.Wait();
                    return tcs.Task.Result;
                }
            }
            """);

    /// <summary>The nearest cases: a continuation that is not synchronous, a completion from elsewhere, a task awaited or handed out, a source that escapes.</summary>
    [Fact]
    public Task Reported_where_awaiters_may_run_inline_in_foreign_code() =>
        new Verifiers.AnalyzerTest<AG0209TaskCompletionSourceInlineAnalyzer> { MarkupOptions = MarkupOptions.UseFirstDescriptor, TestCode = Usings + """
            static class Near
            {
                public static Task<int> NotSynchronous(Task<int> task)
                {
                    var tcs = {|AG0209:new TaskCompletionSource<int>()|};
                    task.ContinueWith(t => tcs.TrySetResult(t.Result), TaskContinuationOptions.None);
                    return tcs.Task;
                }

                public static Task<int> AlsoFromARegistration(Task<int> task, CancellationToken ct)
                {
                    var tcs = {|AG0209:new TaskCompletionSource<int>()|};
                    task.ContinueWith(t => tcs.TrySetResult(t.Result), TaskContinuationOptions.ExecuteSynchronously);
                    ct.Register(() => tcs.TrySetCanceled());
                    return tcs.Task;
                }

                public static Task<int> Escapes(Task<int> task, List<TaskCompletionSource<int>> pending)
                {
                    var tcs = {|AG0209:new TaskCompletionSource<int>()|};
                    pending.Add(tcs);
                    task.ContinueWith(t => tcs.TrySetResult(t.Result), TaskContinuationOptions.ExecuteSynchronously);
                    return tcs.Task;
                }

                public static async Task<int> AwaitedAndRead(Action<TaskCompletionSource<int>> register)
                {
                    var tcs = {|AG0209:new TaskCompletionSource<int>()|};
                    var first = tcs.Task.Result;
                    tcs.TrySetResult(1);
                    return first + await tcs.Task;
                }

                public static int NeverRead()
                {
                    var tcs = {|AG0209:new TaskCompletionSource<int>()|};
                    if (Environment.ProcessorCount > 0) tcs.TrySetResult(1);
                    return 1;
                }
            }
            """ }.RunAsync();
}
