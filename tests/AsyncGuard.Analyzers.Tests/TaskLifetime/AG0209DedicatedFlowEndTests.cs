using AsyncGuard.Analyzers.TaskLifetime;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using VerifyAG0209 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.TaskLifetime.AG0209TaskCompletionSourceInlineAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.TaskLifetime;

/// <summary>
/// Issue 16 (e209): report_final_step_completions also covers a completion written as the last step of a flow of its own —
/// the start delegate of a dedicated <c>Thread</c>, or the <c>Elapsed</c> handler of a one-shot <c>System.Timers.Timer</c>
/// (<c>AutoReset = false</c>): the awaiters resume on a thread that has nothing left to do.
/// </summary>
public sealed class AG0209DedicatedFlowEndTests
{
    private const string Usings = "using System; using System.Collections.Generic; using System.Threading; using System.Threading.Tasks;\n";

    private const string Flows = """
        static class Polyfills
        {
            public static Task<T> RunOnThread<T>(Func<T> function)
            {
                var tcs = /*B*/new TaskCompletionSource<T>()/*E*/;
                new Thread(() =>
                {
                    try
                    {
                        tcs.SetResult(function());
                    }
                    catch (Exception ex)
                    {
                        tcs.SetException(ex);
                    }
                })
                { IsBackground = true }.Start();
                return tcs.Task;
            }

            public static Task Delay(TimeSpan timeout)
            {
                TaskCompletionSource<object?> tcs = /*B*/new()/*E*/;
                var timer = new System.Timers.Timer(timeout.TotalMilliseconds) { AutoReset = false };
                timer.Elapsed += delegate { timer.Dispose(); tcs.SetResult(null); };
                timer.Start();
                return tcs.Task;
            }
        }

        sealed class Worker
        {
            private readonly TaskCompletionSource<bool> _stopped = /*B*/new TaskCompletionSource<bool>()/*E*/;
            private volatile bool _stop;

            public Task Stopped => _stopped.Task;

            public void Start(Action step)
            {
                var thread = new Thread(() =>
                {
                    while (!_stop)
                    {
                        step();
                    }

                    _stopped.TrySetResult(true);
                });
                thread.Start();
            }

            public void Stop() => _stop = true;
        }
        """;

    [Fact]
    public Task Silent_for_completions_ending_a_dedicated_thread_or_a_one_shot_timer() =>
        VerifyAG0209.NoDiagnostics(Usings + Flows.Replace("/*B*/", "").Replace("/*E*/", ""));

    [Fact]
    public Task The_option_reports_them()
    {
        var test = new Verifiers.AnalyzerTest<AG0209TaskCompletionSourceInlineAnalyzer>
        {
            TestCode = Usings + Flows.Replace("/*B*/", "{|AG0209:").Replace("/*E*/", "|}"),
            MarkupOptions = MarkupOptions.UseFirstDescriptor,
        };
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*]\ndotnet_diagnostic.AG0209.report_final_step_completions = true\n"));
        return test.RunAsync();
    }

    /// <summary>The nearest cases: more work after the completion, a repeating timer, a threading timer, a pool work item, a loop around the completion.</summary>
    [Fact]
    public Task Reported_where_the_flow_goes_on() =>
        new Verifiers.AnalyzerTest<AG0209TaskCompletionSourceInlineAnalyzer> { MarkupOptions = MarkupOptions.UseFirstDescriptor, TestCode = Usings + """
            static class Near
            {
                public static Task<int> ThenMoreWork(Func<int> function, Action after)
                {
                    var tcs = {|AG0209:new TaskCompletionSource<int>()|};
                    new Thread(() =>
                    {
                        tcs.SetResult(function());
                        after();
                    }).Start();
                    return tcs.Task;
                }

                public static Task Repeating(TimeSpan timeout)
                {
                    var tcs = {|AG0209:new TaskCompletionSource<object?>()|};
                    var timer = new System.Timers.Timer(timeout.TotalMilliseconds);
                    timer.Elapsed += delegate { tcs.TrySetResult(null); };
                    timer.Start();
                    return tcs.Task;
                }

                public static Task ThreadingTimer(TimeSpan timeout)
                {
                    var tcs = {|AG0209:new TaskCompletionSource<object?>()|};
                    var timer = new Timer(_ => { tcs.TrySetResult(null); }, null, timeout, Timeout.InfiniteTimeSpan);
                    return tcs.Task;
                }

                public static Task<int> PoolItem(Func<int> function)
                {
                    var tcs = {|AG0209:new TaskCompletionSource<int>()|};
                    ThreadPool.QueueUserWorkItem(_ => { tcs.SetResult(function()); });
                    return tcs.Task;
                }

                public static Task<int> InALoop(Func<int> function, int count)
                {
                    var tcs = {|AG0209:new TaskCompletionSource<int>()|};
                    new Thread(() =>
                    {
                        for (var i = 0; i < count; i++)
                        {
                            tcs.TrySetResult(function());
                        }
                    }).Start();
                    return tcs.Task;
                }

                public static Task<int> UnderALock(Func<int> function, object gate)
                {
                    var tcs = {|AG0209:new TaskCompletionSource<int>()|};
                    new Thread(() =>
                    {
                        lock (gate)
                        {
                            tcs.TrySetResult(function());
                        }
                    }).Start();
                    return tcs.Task;
                }
            }
            """ }.RunAsync();

    [Fact]
    public Task Never_throws_on_half_typed_code() =>
        VerifyAG0209.DiagnosticsInBrokenCode(Usings + """
            static class Broken
            {
                public static Task<int> A(Func<int> function)
                {
                    var tcs = {|AG0209:new TaskCompletionSource<int>()|};
                    new Unknown(() => { tcs.SetResult(function()); }).Start();
                    return tcs.Task;
                }

                public static Task B(TimeSpan timeout)
                {
                    var tcs = {|AG0209:new TaskCompletionSource<object?>()|};
                    var timer = new System.Timers.Timer(timeout.TotalMilliseconds) { AutoReset = };
                    timer.Elapsed += delegate { tcs.SetResult(null); };
                    return tcs.Task;
                }
            }
            """);
}
