using AsyncGuard.Analyzers.TaskLifetime;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using VerifyAG0209 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.TaskLifetime.AG0209TaskCompletionSourceInlineAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.TaskLifetime;

/// <summary>
/// Issue 16 (e209): report_final_step_completions also covers a completion that ends a branch of an <c>if</c> which is
/// itself the async function's last step (a once-guard around the awaited work and the completion): nothing runs after it.
/// </summary>
public sealed class AG0209GuardedFinalStepTests
{
    private const string Usings = "using System; using System.Collections.Generic; using System.Threading; using System.Threading.Tasks;\n";

    private const string Guarded = """
        sealed class ResultHandler
        {
            private readonly TaskCompletionSource<int> _result;
            private long _done;

            public ResultHandler() => _result = /*B*/new TaskCompletionSource<int>()/*E*/;

            public Task<int> Task => _result.Task;

            public async Task TrySetResultAsync(int value, Func<Task> observe)
            {
                if (Interlocked.CompareExchange(ref _done, 1, 0) == 0)
                {
                    await observe().ConfigureAwait(false);
                    _result.SetResult(value);
                }
            }

            public async Task TrySetExceptionAsync(Exception error, Func<Task> observe)
            {
                await observe();
                if (Interlocked.CompareExchange(ref _done, 1, 0) == 0) _result.TrySetException(error);
                else if (error is OperationCanceledException) _result.TrySetCanceled();
                else
                {
                    _result.TrySetResult(-1);
                }
            }
        }
        """;

    [Fact]
    public Task Silent_for_completions_ending_the_branches_of_a_final_if() =>
        VerifyAG0209.NoDiagnostics(Usings + Guarded.Replace("/*B*/", "").Replace("/*E*/", ""));

    [Fact]
    public Task The_option_reports_them()
    {
        var test = new Verifiers.AnalyzerTest<AG0209TaskCompletionSourceInlineAnalyzer>
        {
            TestCode = Usings + Guarded.Replace("/*B*/", "{|AG0209:").Replace("/*E*/", "|}"),
            MarkupOptions = MarkupOptions.UseFirstDescriptor,
        };
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*]\ndotnet_diagnostic.AG0209.report_final_step_completions = true\n"));
        return test.RunAsync();
    }

    /// <summary>The nearest cases: an if followed by more work, a completion followed by a statement in the branch, an if in a loop or a lock.</summary>
    [Fact]
    public Task Reported_where_something_runs_after_the_completion() =>
        new Verifiers.AnalyzerTest<AG0209TaskCompletionSourceInlineAnalyzer> { MarkupOptions = MarkupOptions.UseFirstDescriptor, TestCode = Usings + """
            sealed class Near
            {
                private readonly TaskCompletionSource _thenWork = {|AG0209:new()|};
                private readonly TaskCompletionSource _thenStatement = {|AG0209:new()|};
                private readonly TaskCompletionSource _inLoop = {|AG0209:new()|};
                private readonly TaskCompletionSource _inLock = {|AG0209:new()|};
                private readonly object _gate = new();

                public Task All => Task.WhenAll(_thenWork.Task, _thenStatement.Task, _inLoop.Task, _inLock.Task);

                public async Task ThenWork(Func<Task<bool>> work)
                {
                    if (await work()) _thenWork.TrySetResult();
                    await work();
                }

                public async Task ThenStatement(Func<Task<bool>> work, Action log)
                {
                    if (await work())
                    {
                        _thenStatement.TrySetResult();
                        log();
                    }
                }

                public async Task InLoop(Func<Task<bool>> work)
                {
                    while (await work())
                    {
                        if (work != null) _inLoop.TrySetResult();
                    }
                }

                public async Task InLock(Func<Task<bool>> work)
                {
                    await work();
                    lock (_gate)
                    {
                        if (work != null) _inLock.TrySetResult();
                    }
                }
            }
            """ }.RunAsync();

    [Fact]
    public Task Never_throws_on_half_typed_code() =>
        VerifyAG0209.DiagnosticsInBrokenCode(Usings + """
            sealed class Broken
            {
                private readonly TaskCompletionSource _a = new();

                public async Task A(Func<Task> work)
                {
                    await work();
                    if (Missing) _a.TrySetResult();
                    else
                }
            }
            """);
}
