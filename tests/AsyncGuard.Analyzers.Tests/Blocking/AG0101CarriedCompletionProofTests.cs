using Xunit;
using VerifyAG0101 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0101BlockingWaitAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>
/// AG0101: completion proven through a bool local read later as the guard, and through `?.` with `== true` / `is true`
/// (corpus5 class 6, YARP's request-failure path). The nearest unproven forms are still reported.
/// </summary>
public sealed class AG0101CarriedCompletionProofTests
{
    private const string Usings = "using System; using System.Threading; using System.Threading.Tasks;\n";

    private const string Content = """
        sealed class Content
        {
            private readonly TaskCompletionSource<int> _tcs = new();
            public Task<int> ConsumptionTask => _tcs.Task;
        }

        """;

    [Fact]
    public Task Silent_when_a_bool_local_holds_a_conditional_access_completion_test() =>
        VerifyAG0101.NoDiagnostics(Usings + Content + """
            class C
            {
                async Task<int> Yarp(Content? content, bool cancelled)
                {
                    var tried = content?.ConsumptionTask.IsCompleted == true;
                    if (cancelled)
                    {
                        var n = 0;
                        if (tried)
                        {
                            n = content!.ConsumptionTask.Result;
                        }
                        await Task.Yield();
                        return n;
                    }
                    if (tried)
                    {
                        return content!.ConsumptionTask.Result;
                    }
                    return 0;
                }
                async Task<int> IsTrue(Content? content)
                {
                    await Task.Yield();
                    var done = content?.ConsumptionTask.IsCompleted is true;
                    return done ? content!.ConsumptionTask.Result : 0;
                }
                async Task<int> InPlace(Content? content)
                {
                    await Task.Yield();
                    if (content?.ConsumptionTask.IsCompletedSuccessfully == true) return content.ConsumptionTask.Result;
                    if (true == content?.ConsumptionTask.IsFaulted) return content.ConsumptionTask.Result;
                    return 0;
                }
                async Task<int> PlainLocal(Task<int> t)
                {
                    await Task.Yield();
                    var done = t.IsCompleted;
                    if (!done) return 0;
                    return t.Result;
                }
                async Task<int> NegatedLocal(Task<int> t)
                {
                    await Task.Yield();
                    bool pending = !t.IsCompleted;
                    if (pending == false) return t.GetAwaiter().GetResult();
                    return 0;
                }
                async Task<int> Ternary(Task<int> t, bool check)
                {
                    await Task.Yield();
                    var done = check ? t.IsCompleted : false;
                    return done ? t.Result : 0;
                }
            }
            """);

    [Fact]
    public Task Flags_when_the_local_or_the_task_changed_or_the_test_says_nothing() =>
        VerifyAG0101.Diagnostics(Usings + Content + """
            class C
            {
                async Task<int> TaskReassigned(Task<int> t, Task<int> other)
                {
                    await Task.Yield();
                    var done = t.IsCompleted;
                    t = other;
                    return done ? {|AG0101:t.Result|} : 0;
                }
                async Task<int> ChainReassigned(Content? content, Content fresh)
                {
                    await Task.Yield();
                    var tried = content?.ConsumptionTask.IsCompleted == true;
                    content = fresh;
                    if (tried) return {|AG0101:content.ConsumptionTask.Result|};
                    return 0;
                }
                async Task<int> LocalReassigned(Task<int> t, bool b)
                {
                    await Task.Yield();
                    var done = t.IsCompleted;
                    done = b;
                    return done ? {|AG0101:t.Result|} : 0;
                }
                async Task<int> LocalWrittenInLambda(Task<int> t, bool b)
                {
                    await Task.Yield();
                    var done = t.IsCompleted;
                    Action set = () => done = b;
                    set();
                    return done ? {|AG0101:t.Result|} : 0;
                }
                async Task<int> LocalPassedByRef(Task<int> t)
                {
                    await Task.Yield();
                    var done = t.IsCompleted;
                    Flip(ref done);
                    return done ? {|AG0101:t.Result|} : 0;
                }
                static void Flip(ref bool b) => b = !b;
                async Task<int> OtherTask(Task<int> t, Task<int> u)
                {
                    await Task.Yield();
                    var done = u.IsCompleted;
                    return done ? {|AG0101:t.Result|} : 0;
                }
                async Task<int> EqualsFalse(Content? content)
                {
                    await Task.Yield();
                    var tried = content?.ConsumptionTask.IsCompleted == false;
                    if (tried) return {|AG0101:content!.ConsumptionTask.Result|};
                    return 0;
                }
                async Task<int> NotEqualsTrueWrongBranch(Content? content)
                {
                    await Task.Yield();
                    if (content?.ConsumptionTask.IsCompleted != true) return {|AG0101:content!.ConsumptionTask.Result|};
                    return 0;
                }
                async Task<int> NotEqualsFalse(Content? content)
                {
                    await Task.Yield();
                    // Null also differs from false.
                    if (content?.ConsumptionTask.IsCompleted != false) return {|AG0101:content!.ConsumptionTask.Result|};
                    return 0;
                }
                async Task<int> WrongBranch(Task<int> t)
                {
                    await Task.Yield();
                    var done = t.IsCompleted;
                    if (done) return 0;
                    return {|AG0101:t.Result|};
                }
                async Task<int> IsFalse(Content? content)
                {
                    await Task.Yield();
                    var done = content?.ConsumptionTask.IsCompleted is false;
                    return done ? {|AG0101:content!.ConsumptionTask.Result|} : 0;
                }
                async Task<int> TernaryWithTrue(Task<int> t, bool check)
                {
                    await Task.Yield();
                    var done = check ? t.IsCompleted : true;
                    return done ? {|AG0101:t.Result|} : 0;
                }
                async Task<int> InLoop(Task<int>[] tasks)
                {
                    var t = tasks[0];
                    var sum = 0;
                    for (var i = 0; i < tasks.Length; i++)
                    {
                        var done = t.IsCompleted;
                        t = tasks[i];
                        if (done) sum += {|AG0101:t.Result|};
                        await Task.Yield();
                    }
                    return sum;
                }
            }
            """);
}
