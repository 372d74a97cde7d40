using AsyncGuard.Analyzers.TaskLifetime;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using VerifyAG0209 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.TaskLifetime.AG0209TaskCompletionSourceInlineAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.TaskLifetime;

/// <summary>
/// Issue 16, review29: a completion source completed only as the last step of an async function (SuperSocket's
/// listeners set their stop signal after the accept loop, live-streaming-server-net's session in the last finally) is
/// silent by default: its awaiters resume inline on a flow that has nothing left to do and holds nothing. Reported again
/// with report_final_step_completions.
/// </summary>
public sealed class AG0209FinalStepCompletionTests
{
    private const string Usings = "using System; using System.Threading; using System.Threading.Tasks;\n";

    private const string FinalStep = """
        class Listener
        {
            private TaskCompletionSource<bool>? _stopped;
            private readonly TaskCompletionSource _ended = /*B*/new()/*E*/;
            private readonly TaskCompletionSource<int> _result = /*B*/new TaskCompletionSource<int>()/*E*/;
            private readonly CancellationTokenSource _cts = new();

            public Task StopAsync()
            {
                this._stopped = /*B*/new TaskCompletionSource<bool>()/*E*/;
                _cts.Cancel();
                return _stopped.Task;
            }

            public Task Ended => _ended.Task;

            public Task<int> Result => _result.Task;

            private async Task AcceptLoop(Func<Task> accept)
            {
                while (!_cts.IsCancellationRequested)
                {
                    await accept();
                }

                _stopped?.TrySetResult(true);
            }

            private async Task RunAsync(Func<Task> step)
            {
                try
                {
                    await step();
                }
                catch (Exception)
                {
                }
                finally
                {
                    _cts.Dispose();
                    {
                        this._ended.TrySetResult();
                    }
                }
            }

            private async Task Compute(Func<Task<int>> step)
            {
                try
                {
                    _result.SetResult(await step());
                }
                catch (Exception e)
                {
                    _result.TrySetException(e);
                }
            }

            private bool _running;
            private readonly TaskCompletionSource _run = /*B*/new TaskCompletionSource()/*E*/;

            private async Task RunFlagged(Func<Task> step)
            {
                try
                {
                    _running = true;
                    await step();
                    _run.TrySetResult();
                }
                catch (Exception e)
                {
                    _run.TrySetException(e);
                }
                finally
                {
                    _running = false;
                }
            }

            public Task Run => _run.Task;

            private sealed class Context
            {
                private readonly TaskCompletionSource _done;
                private readonly TaskCompletionSource<int> _count = /*B*/new()/*E*/;
                public Context() => _done = /*B*/new TaskCompletionSource()/*E*/;
                public void Complete() { _done.TrySetResult(); }
                public void Counted(int count) => _count.TrySetResult(count);
                public Task Done => _done.Task;
                public Task<int> Count => _count.Task;
            }

            private async Task ClientTask(Context context, Func<Task<int>> send)
            {
                var count = 0;
                while (!_cts.IsCancellationRequested)
                {
                    count += await send();
                }

                context.Complete();
            }

            private async Task Counter(Context context, Func<Task<int>> send)
            {
                var count = await send();
                context.Counted(count);
            }

            private async Task Other(Context context, Func<Task> work)
            {
                try
                {
                    await work();
                }
                finally
                {
                    context.Complete();
                }
            }

            public static Task<int> Local(Func<Task<int>> step)
            {
                var done = /*B*/new TaskCompletionSource<int>()/*E*/;
                _ = Task.Run(async () =>
                {
                    var value = await step();
                    done.TrySetResult(value);
                });
                return done.Task;
            }
        }
        """;

    [Fact]
    public Task Silent_when_completed_only_as_the_last_step_of_an_async_function() =>
        VerifyAG0209.NoDiagnostics(Usings + FinalStep.Replace("/*B*/", "").Replace("/*E*/", ""));

    [Fact]
    public Task The_option_reports_them()
    {
        var test = new Verifiers.AnalyzerTest<AG0209TaskCompletionSourceInlineAnalyzer>
        {
            TestCode = Usings + FinalStep.Replace("/*B*/", "{|AG0209:").Replace("/*E*/", "|}"),
            MarkupOptions = MarkupOptions.UseFirstDescriptor,
        };
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*]\n" + FinalStepCompletions.ReportOption + " = true\n"));
        return test.RunAsync();
    }

    /// <summary>
    /// The nearest cases (the corpus's right findings): completed inside a loop or a lock, followed by other work, under an
    /// if, in a function that is not async or never awaits, before a finally, or the source reaching other code.
    /// </summary>
    [Fact]
    public Task Reported_where_the_completion_is_not_the_last_step() =>
        new Verifiers.AnalyzerTest<AG0209TaskCompletionSourceInlineAnalyzer> { MarkupOptions = MarkupOptions.UseFirstDescriptor, TestCode = Usings + """
            class Near
            {
                private readonly object _gate = new();
                private readonly TaskCompletionSource _inLoop = {|AG0209:new()|};
                private readonly TaskCompletionSource _thenEvent = {|AG0209:new()|};
                private readonly TaskCompletionSource _underLock = {|AG0209:new()|};
                private readonly TaskCompletionSource _underIf = {|AG0209:new()|};
                private readonly TaskCompletionSource _notAsync = {|AG0209:new()|};
                private readonly TaskCompletionSource _noAwait = {|AG0209:new()|};
                private readonly TaskCompletionSource _beforeFinally = {|AG0209:new()|};
                private readonly TaskCompletionSource _alsoElsewhere = {|AG0209:new()|};
                private readonly TaskCompletionSource _passed = {|AG0209:new()|};
                public readonly TaskCompletionSource Visible = {|AG0209:new()|};
                public event Action? Completed;

                public Task All => Task.WhenAll(_inLoop.Task, _thenEvent.Task, _underLock.Task, _underIf.Task, _notAsync.Task, _noAwait.Task, _beforeFinally.Task, _alsoElsewhere.Task, _passed.Task);

                private async Task Loop(Func<Task<bool>> next)
                {
                    while (await next())
                    {
                        _inLoop.TrySetResult();
                    }
                }

                private async Task ThenEvent(Func<Task> work)
                {
                    await work();
                    _thenEvent.TrySetResult();
                    Completed?.Invoke();
                }

                private async Task UnderLock(Func<Task> work)
                {
                    await work();
                    lock (_gate)
                    {
                        _underLock.TrySetResult();
                    }
                }

                private async Task UnderIf(Func<Task<bool>> work)
                {
                    if (await work())
                    {
                        _underIf.TrySetResult();
                    }

                    await work();
                }

                private void NotAsync() => _notAsync.TrySetResult();

                private void NotAsyncBlock()
                {
                    _notAsync.TrySetResult();
                }

                private async Task NoAwait()
                {
                    _noAwait.TrySetResult();
                }

                private async Task BeforeFinally(Func<Task> work)
                {
                    try
                    {
                        await work();
                        _beforeFinally.TrySetResult();
                    }
                    finally
                    {
                        Completed?.Invoke();
                    }
                }

                private async Task EndsA(Func<Task> work)
                {
                    await work();
                    _alsoElsewhere.TrySetResult();
                }

                private async Task EndsB(Func<Task> work)
                {
                    await work();
                    _passed.TrySetResult();
                }

                private async Task EndsC(Func<Task> work)
                {
                    await work();
                    Visible.TrySetResult();
                }

                public void Cancel(CancellationToken token) => token.Register(() => _alsoElsewhere.TrySetCanceled());

                public void Pass(Action<TaskCompletionSource> take) => take(_passed);

                private readonly TaskCompletionSource _finallyRuns = {|AG0209:new()|};

                private async Task FinallyRuns(Func<Task> work)
                {
                    try
                    {
                        await work();
                        _finallyRuns.TrySetResult();
                    }
                    finally
                    {
                        _flag = Compute();
                    }
                }

                private bool _flag;
                private static bool Compute() => true;

                private sealed class Context
                {
                    private readonly TaskCompletionSource _early = {|AG0209:new()|};
                    private readonly TaskCompletionSource _grouped = {|AG0209:new()|};
                    private readonly TaskCompletionSource _twoSteps = {|AG0209:new()|};
                    public void Early() => _early.TrySetResult();
                    public void Grouped() => _grouped.TrySetResult();
                    public void TwoSteps() { _twoSteps.TrySetResult(); Console.WriteLine(); }
                    public Task All => Task.WhenAll(_early.Task, _grouped.Task, _twoSteps.Task);
                }

                private async Task Uses(Context context, Func<Task> work)
                {
                    context.Early();
                    await work();
                    Action later = context.Grouped;
                    later();
                    context.TwoSteps();
                }

                public sealed class Exposed
                {
                    private readonly TaskCompletionSource _done = {|AG0209:new()|};
                    public void Complete() => _done.TrySetResult();
                    public Task Done => _done.Task;
                }

                private async Task Ends(Exposed visible, Func<Task> work)
                {
                    await work();
                    visible.Complete();
                }
            }
            """ }.RunAsync();

    [Fact]
    public Task Never_throws_on_half_typed_code() =>
        VerifyAG0209.DiagnosticsInBrokenCode(Usings + """
            class Broken
            {
                private readonly TaskCompletionSource _a = {|AG0209:new()|};
                private readonly TaskCompletionSource _b = new();

                private async Task A(Unknown u)
                {
                    await u.Run();
                    _a.TrySetResult(;
                    u.Take(_a);
                }

                private async Task B()
                {
                    await Missing();
                    _b.TrySetResult();
                }
            }
            """);
}
