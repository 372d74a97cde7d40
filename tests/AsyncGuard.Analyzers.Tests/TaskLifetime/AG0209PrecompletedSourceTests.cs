using Microsoft.CodeAnalysis.Testing;
using Xunit;
using VerifyAG0209 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.TaskLifetime.AG0209TaskCompletionSourceInlineAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.TaskLifetime;

/// <summary>
/// Issue 16, eleventh pass (corpus9lib, held-out Pipelines.Sockets.Unofficial): a completion source completed on creation,
/// before anything reads its task (a cached pre-cancelled task factory), has no continuation that could run inline: silent.
/// Reported as soon as the task (or the source) is seen before the completion, or the completion may not happen.
/// </summary>
public sealed class AG0209PrecompletedSourceTests
{
    private const string Usings = "using System; using System.Collections.Generic; using System.Threading; using System.Threading.Tasks;\n";

    [Fact]
    public Task Silent_when_completed_before_the_task_is_read() =>
        VerifyAG0209.NoDiagnostics(Usings + """
            sealed class Token { }

            static class Precompleted
            {
                static Task<Token>? s_canceled;

                public static ValueTask<Token> GetCanceled() => new ValueTask<Token>(s_canceled ??= CreateCanceled());

                private static Task<Token> CreateCanceled()
                {
                    var tcs = new TaskCompletionSource<Token>();
                    tcs.SetCanceled();
                    return tcs.Task;
                }

                public static Task Faulted(Exception error)
                {
                    TaskCompletionSource source = new();
                    var message = error.Message;
                    Console.WriteLine(message);
                    source.TrySetException(error);
                    return source.Task;
                }

                public static async Task<int> Done(int value)
                {
                    var tcs = new TaskCompletionSource<int>();
                    tcs.TrySetResult(value);
                    return await tcs.Task;
                }

                public static Task<int> Continued()
                {
                    var tcs = new TaskCompletionSource<int>();
                    tcs.SetResult(1);
                    return tcs.Task.ContinueWith(t => t.Result + 1, TaskScheduler.Default);
                }

                public static IEnumerable<Task> InALoop(int n)
                {
                    for (var i = 0; i < n; i++)
                    {
                        var tcs = new TaskCompletionSource();
                        tcs.SetResult();
                        yield return tcs.Task;
                    }
                }
            }
            """);

    /// <summary>The nearest cases: the task or the source is seen before the completion, or the completion may not run.</summary>
    [Fact]
    public Task Reported_where_the_task_can_be_awaited_while_pending() =>
        new Verifiers.AnalyzerTest<AsyncGuard.Analyzers.TaskLifetime.AG0209TaskCompletionSourceInlineAnalyzer> { MarkupOptions = MarkupOptions.UseFirstDescriptor, TestCode = Usings + """
            class Near
            {
                Task? _pending;

                public Task TaskStoredFirst()
                {
                    var tcs = {|AG0209:new TaskCompletionSource()|};
                    _pending = tcs.Task;
                    tcs.SetResult();
                    return tcs.Task;
                }

                public Task CapturedFirst(List<Action> later)
                {
                    var tcs = {|AG0209:new TaskCompletionSource()|};
                    later.Add(() => Console.WriteLine(tcs.Task.IsCompleted));
                    tcs.SetResult();
                    return tcs.Task;
                }

                public Task<int> Conditional(bool done)
                {
                    var tcs = {|AG0209:new TaskCompletionSource<int>()|};
                    if (done) tcs.SetResult(1);
                    return tcs.Task;
                }

                public Task<int> CompletedWithItsOwnTask()
                {
                    var tcs = {|AG0209:new TaskCompletionSource<Task>()|};
                    tcs.SetResult(tcs.Task);
                    return Task.FromResult(1);
                }

                public Task AfterAReturnPath(bool early)
                {
                    var tcs = {|AG0209:new TaskCompletionSource()|};
                    if (early) return tcs.Task;
                    tcs.SetResult();
                    return tcs.Task;
                }

                public Task Aliased()
                {
                    TaskCompletionSource tcs = {|AG0209:new TaskCompletionSource()|}, other = tcs;
                    other.SetResult();
                    return tcs.Task;
                }

                public Task CompletedElsewhere(Action<TaskCompletionSource> complete)
                {
                    var tcs = {|AG0209:new TaskCompletionSource()|};
                    complete(tcs);
                    return tcs.Task;
                }

                public Task Field()
                {
                    var t = {|AG0209:new TaskCompletionSource()|};
                    _pending = t.Task;
                    return _pending;
                }
            }
            """ }.RunAsync();

    [Fact]
    public Task Half_typed_code_does_not_throw() =>
        new Verifiers.AnalyzerTest<AsyncGuard.Analyzers.TaskLifetime.AG0209TaskCompletionSourceInlineAnalyzer>
        {
            MarkupOptions = MarkupOptions.UseFirstDescriptor,
            TestCode = Usings + """
                class Half
                {
                    public Task M()
                    {
                        var tcs = {|AG0209:new TaskCompletionSource()|};
                        tcs.{|CS1061:SetSomething|}();
                        return tcs.Task;
                    }
                }
                """,
        }.RunAsync();
}
