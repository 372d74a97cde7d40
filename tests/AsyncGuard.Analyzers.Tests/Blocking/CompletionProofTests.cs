using Xunit;
using VerifyAG0101 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0101BlockingWaitAnalyzer>;
using VerifyAG0103 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0103SyncOverAsyncAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>AG0101/AG0103: a task proven complete by control flow is not a blocking wait; the nearest unproven forms still are.</summary>
public sealed class CompletionProofTests
{
    private const string Usings = "using System; using System.Linq; using System.Threading; using System.Threading.Tasks; using System.Collections.Generic;\n";

    [Fact]
    // The checked timed waits themselves are silent by default (bounded, outcome used: WaitContractTests).
    public Task Silent_after_a_timed_wait_that_returned_true() =>
        VerifyAG0103.NoDiagnostics(Usings + """
            class C
            {
                int Inside(Task<int> t)
                {
                    if (t.Wait(1000)) return t.Result;
                    return 0;
                }
                int AfterEarlyExit(Task<int> t)
                {
                    if (!t.Wait(TimeSpan.FromSeconds(1))) throw new TimeoutException();
                    return t.Result + t.GetAwaiter().GetResult();
                }
                int WaitAllArray(Task<int> a, Task<int> b)
                {
                    if (!Task.WaitAll(new Task[] { a, b }, 1000)) return 0;
                    return a.Result + b.Result;
                }
                int WaitAllCollection(Task<int>[] tasks)
                {
                    if (Task.WaitAll(tasks, 1000)) return tasks[0].Result + tasks.Sum(t => t.Result);
                    return 0;
                }
                int Loop(Task<int> t)
                {
                    while (!t.IsCompleted) Thread.Sleep(1);
                    return t.Result;
                }
            }
            """);

    [Fact]
    public Task Flags_a_timed_wait_that_may_have_returned_false_or_that_waited_for_another_task() =>
        VerifyAG0103.Diagnostics(Usings + """
            class C
            {
                int Negated(Task<int> t)
                {
                    if (!t.Wait(1000)) return {|AG0103:t.Result|};
                    return 0;
                }
                int Ignored(Task<int> t)
                {
                    {|AG0103:t.Wait(1000)|};
                    return {|AG0103:t.Result|};
                }
                int Other(Task<int> t, Task<int> u)
                {
                    if (u.Wait(1000)) return {|AG0103:t.Result|};
                    return 0;
                }
                int WaitAllOfOthers(Task<int> t, Task<int> a)
                {
                    if (Task.WaitAll(new Task[] { a }, 1000)) return {|AG0103:t.Result|};
                    return 0;
                }
            }
            """);

    [Fact]
    public Task Silent_in_the_final_arms_of_a_switch_on_the_status() =>
        VerifyAG0101.Diagnostics(Usings + """
            class C
            {
                async Task<int> Statement(Task<int> t)
                {
                    await Task.Yield();
                    switch (t.Status)
                    {
                        case TaskStatus.RanToCompletion:
                            return t.Result;
                        case TaskStatus.Faulted:
                        case TaskStatus.Canceled:
                            t.GetAwaiter().GetResult();
                            return 0;
                        case TaskStatus.Running:
                            return {|AG0101:t.Result|};
                        default:
                            return {|AG0101:t.Result|};
                    }
                }
                async Task<int> Expression(Task<int> t)
                {
                    await Task.Yield();
                    return t.Status switch
                    {
                        TaskStatus.RanToCompletion => t.Result,
                        TaskStatus.Faulted or TaskStatus.Canceled => t.GetAwaiter().GetResult(),
                        TaskStatus.WaitingForActivation => {|AG0101:t.Result|},
                        _ => {|AG0101:t.Result|},
                    };
                }
            }
            """);

    [Fact]
    public Task Silent_under_property_patterns_and_constant_comparisons() =>
        VerifyAG0103.Diagnostics(Usings + """
            class C
            {
                int A(Task<int> t) => t is { IsCompletedSuccessfully: true } ? t.Result : 0;
                int B(Task<int> t) => t is { Status: TaskStatus.RanToCompletion } ? t.Result : 0;
                int D(Task<int> t) => t.IsCompleted is true ? t.Result : 0;
                int E(Task<int> t) => t.IsCompleted == true ? t.Result : 0;
                int F(Task<int> t) => t.Status != TaskStatus.RanToCompletion ? 0 : t.Result;
                int G(Task<int> t)
                {
                    if (t is not { IsCompleted: true }) return 0;
                    return t.Result;
                }
                int H(ValueTask<int> t) => t.IsCompletedSuccessfully ? t.Result : 0;
                int StatusLocal(Task task)
                {
                    TaskStatus status = task.Status;
                    switch (status)
                    {
                        case TaskStatus.RanToCompletion: return ((Task<int>)task).Result;
                        default: return {|AG0103:((Task<int>)task).Result|};
                    }
                }
                int StatusLocalReassigned(Task task, Task other)
                {
                    var status = task.Status;
                    status = other.Status;
                    return status == TaskStatus.RanToCompletion ? {|AG0103:((Task<int>)task).Result|} : 0;
                }
                int NotComplete(Task<int> t) => t is { IsCompleted: false } ? {|AG0103:t.Result|} : 0;
                int Running(Task<int> t) => t is { Status: TaskStatus.Running } ? {|AG0103:t.Result|} : 0;
                int NotEqual(Task<int> t) => t.Status != TaskStatus.RanToCompletion ? {|AG0103:t.Result|} : 0;
            }
            """);

    [Fact]
    public Task Silent_in_the_tasks_own_continuations() =>
        VerifyAG0103.Diagnostics(Usings + """
            class C
            {
                void ContinueWith(Task<int> t) => t.ContinueWith(_ => Console.WriteLine(t.Result));
                void OnCompleted(Task<int> t)
                {
                    var awaiter = t.GetAwaiter();
                    awaiter.OnCompleted(() => Console.WriteLine(awaiter.GetResult() + t.Result));
                }
                void UnsafeOnCompleted(Task<int> t) =>
                    t.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(() => Console.WriteLine(t.Result));
                int AwaiterCompleted(Task<int> t)
                {
                    var awaiter = t.GetAwaiter();
                    if (awaiter.IsCompleted) return awaiter.GetResult();
                    return 0;
                }
                void AnotherTasksContinuation(Task<int> t, Task u) => u.ContinueWith(_ => Console.WriteLine({|AG0103:t.Result|}));
                void AnotherAwaiter(Task<int> t, Task u) => u.GetAwaiter().OnCompleted(() => Console.WriteLine({|AG0103:t.Result|}));
                int AwaiterNotCompleted(Task<int> t)
                {
                    var awaiter = t.GetAwaiter();
                    if (!awaiter.IsCompleted) return {|AG0103:awaiter.GetResult()|};
                    return 0;
                }
            }
            """);

    [Fact]
    public Task Flags_what_control_flow_does_not_prove() =>
        VerifyAG0101.Diagnostics(Usings + """
            class C
            {
                async Task<int> AwaitedInOneBranch(Task<int> t, bool b)
                {
                    if (b) await t;
                    return {|AG0101:t.Result|};
                }
                async Task<int> NegatedGuard(Task<int> t)
                {
                    await Task.Yield();
                    if (!t.IsCompleted)
                    {
                        Console.WriteLine("not yet");
                        return {|AG0101:t.Result|};
                    }
                    return t.Result;
                }
                async Task<int> ConjunctionExit(Task<int> t, bool ready)
                {
                    await Task.Yield();
                    if (ready && t.IsCompletedSuccessfully) return 1;
                    return {|AG0101:t.Result|};
                }
                async Task<int> Disjunction(Task<int> t, bool ready)
                {
                    await Task.Yield();
                    if (ready || t.IsCompleted) return {|AG0101:t.Result|};
                    return 0;
                }
                async Task<int> OtherTask(Task<int> t, Task<int> u)
                {
                    await u;
                    if (u.IsCompleted) return {|AG0101:t.Result|};
                    return 0;
                }
                async Task<int> Reassigned(Task<int> t)
                {
                    await Task.Yield();
                    if (t.IsCompleted)
                    {
                        t = Task.Run(() => 2);
                        return {|AG0101:t.Result|};
                    }
                    return 0;
                }
                async Task<int> AwaitedInTryUsedInCatch(Task<int> t)
                {
                    try { await t; return 1; }
                    catch (Exception) { return {|AG0101:t.Result|}; }
                }
                async Task<int> AwaitedInLoopBody(Task<int> t, int n)
                {
                    var sum = 0;
                    for (var i = 0; i < n; i++) { sum += {|AG0101:t.Result|}; await t; }
                    return sum;
                }
            }
            """);

    [Fact]
    public Task A_sync_lambda_inherits_the_proofs_before_it_a_local_function_does_not() =>
        VerifyAG0103.Diagnostics(Usings + """
            class C
            {
                async Task<int> M(Task<int> t, bool b)
                {
                    if (b) { Func<int> early = () => {|AG0103:t.Result|}; }
                    await t;
                    Func<int> f = () => t.Result;
                    Func<Task<int>, int> g = u => t.IsCompleted ? {|AG0103:u.Result|} + t.Result : 0;
                    return f() + Local();
                    int Local() => {|AG0103:t.Result|};
                }
                int Guarded(Task<int> t) => t.IsCompleted ? new Func<int>(() => t.Result)() : 0;
                int Unguarded(Task<int> t) => new Func<int>(() => {|AG0103:t.Result|})();
            }
            """);

    [Fact]
    public Task Proofs_hold_for_a_chain_of_fields_and_properties() =>
        VerifyAG0103.Diagnostics(Usings + """
            class C
            {
                private Lazy<Task<int>> _lazy = new Lazy<Task<int>>(() => Task.FromResult(1));
                private Lazy<Task<int>> _other = new Lazy<Task<int>>(() => Task.FromResult(1));
                private readonly C _inner;
                int Guarded()
                {
                    if (!_lazy.IsValueCreated || !_lazy.Value.IsCompleted) throw new InvalidOperationException();
                    return _lazy.Value.Result + this._lazy.Value.Result;
                }
                int Nested() => _inner._lazy.Value.IsCompleted ? _inner._lazy.Value.Result : 0;
                int OtherChain() => _lazy.Value.IsCompleted ? {|AG0103:_other.Value.Result|} + {|AG0103:_inner._lazy.Value.Result|} : 0;
                int LinkReassigned()
                {
                    if (!_lazy.Value.IsCompleted) return 0;
                    _lazy = new Lazy<Task<int>>(() => Task.Run(() => 2));
                    return {|AG0103:_lazy.Value.Result|};
                }
                int OtherInstance(C other) => _lazy.Value.IsCompleted ? {|AG0103:other._lazy.Value.Result|} : 0;
                private readonly TaskCompletionSource<int> _value = new TaskCompletionSource<int>();
                bool HasValue => _value.Task.Status == TaskStatus.RanToCompletion;
                bool Started => _value.Task.Status != TaskStatus.Created;
                int OwnProperty() => HasValue ? _value.Task.Result : 0;
                int OwnPropertyProvesNothing() => Started ? {|AG0103:_value.Task.Result|} : 0;
                int OtherInstancesProperty(C other) => other.HasValue ? {|AG0103:_value.Task.Result|} : 0;
            }
            """);

    [Fact]
    public Task A_wait_that_returned_proves_the_task_complete_for_the_waits_after_it() =>
        VerifyAG0103.Diagnostics(Usings + """
            class C
            {
                int WaitThenResult(Task<int> t, CancellationToken ct)
                {
                    try
                    {
                        {|AG0103:t.Wait(ct)|};
                        return t.Result;
                    }
                    catch (AggregateException) { return {|AG0103:t.Result|}; }
                }
                int ResultTwice(Task<int> t) => {|AG0103:t.Result|} + t.GetAwaiter().GetResult();
                int WaitAllThen(Task<int> a, Task<int> b)
                {
                    {|AG0103:Task.WaitAll(a, b)|};
                    return a.Result + b.Result;
                }
                int TimedWaitIgnored(Task<int> t)
                {
                    {|AG0103:t.Wait(100)|};
                    return {|AG0103:t.Result|};
                }
                int OtherTask(Task<int> t, Task<int> u) => {|AG0103:u.Result|} + {|AG0103:t.Result|};
            }
            """);

    [Fact]
    public Task The_tasks_own_wait_handle_and_non_returning_calls() =>
        VerifyAG0103.Diagnostics(Usings + """
            class C
            {
                int WaitAny(Task<int> t, WaitHandle closed)
                {
                    var handle = ((IAsyncResult)t).AsyncWaitHandle;
                    if (WaitHandle.WaitAny(new[] { handle, closed }) == 0) return t.Result;
                    if (WaitHandle.WaitAny(new[] { handle, closed }) == 1) return {|AG0103:t.Result|};
                    return 0;
                }
                int WaitOne(Task<int> t, Task<int> u)
                {
                    if (((IAsyncResult)t).AsyncWaitHandle.WaitOne(100)) return t.Result;
                    if (((IAsyncResult)u).AsyncWaitHandle.WaitOne(100)) return {|AG0103:t.Result|};
                    return 0;
                }
                int Rethrown(Task<int> t)
                {
                    try { {|AG0103:t.Wait()|}; }
                    catch (AggregateException e) { System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException!).Throw(); }
                    return t.Result;
                }
                int Swallowed(Task<int> t)
                {
                    try { {|AG0103:t.Wait()|}; }
                    catch (AggregateException) { }
                    return {|AG0103:t.Result|};
                }
            }
            """);

    [Fact]
    public Task The_winner_of_WhenAny_and_completion_extension_methods() =>
        VerifyAG0101.Diagnostics(Usings + """
            static class TaskCompat
            {
                public static bool IsCompletedSuccessfully(this Task task) => task.Status == TaskStatus.RanToCompletion;
            }
            class C
            {
                async Task<int> Winner(Task<int> t, Task cancel)
                {
                    var completed = await Task.WhenAny(t, cancel).ConfigureAwait(false);
                    if (completed != t) throw new OperationCanceledException();
                    return t.GetAwaiter().GetResult();
                }
                async Task<int> NotTheDelay(Task<int> t, TimeSpan timeout)
                {
                    var delay = Task.Delay(timeout);
                    var completed = await Task.WhenAny(t, delay);
                    if (completed == delay) throw new TimeoutException();
                    return t.Result;
                }
                async Task<int> Direct(Task<int> t, Task other) => await Task.WhenAny(t, other) == t ? t.Result : 0;
                async Task<int> LostTheRace(Task<int> t, Task other)
                {
                    var completed = await Task.WhenAny(t, other);
                    if (completed == t) return 0;
                    return {|AG0101:t.Result|};
                }
                async Task<int> ThreeCandidates(Task<int> t, Task a, Task b)
                {
                    var completed = await Task.WhenAny(t, a, b);
                    if (completed == a) return 0;
                    return {|AG0101:t.Result|};
                }
                async Task<int> Extension(Task<int> t)
                {
                    await Task.Yield();
                    return TaskCompat.IsCompletedSuccessfully(t) ? t.Result : {|AG0101:t.GetAwaiter().GetResult()|};
                }
            }
            """);

    [Fact]
    public Task Continuations_of_several_tasks_linq_chains_and_custom_awaiters() =>
        VerifyAG0103.Diagnostics(Usings + """
            using System.Runtime.CompilerServices;
            class C
            {
                Task<int[]> All(Task<int>[] tasks) => Task.Factory.ContinueWhenAll(tasks, done => done.Select(x => x.Result).ToArray());
                Task<int> Any(Task<int>[] tasks) => Task.Factory.ContinueWhenAny(tasks, first => first.Result);
                Task<int[]> Others(Task<int>[] tasks, Task<int>[] others) => Task.Factory.ContinueWhenAll(tasks, done => others.Select(x => {|AG0103:x.Result|}).ToArray());
                int[] Chain(Task<int>[] tasks)
                {
                    {|AG0103:Task.WaitAll(tasks)|};
                    return tasks.Where(x => x.Result > 0).OrderBy(x => x.Result).Select(x => x.Result).ToArray();
                }
                int[] Projected(Task<int>[] tasks, Func<Task<int>, Task<int>> next)
                {
                    {|AG0103:Task.WaitAll(tasks)|};
                    return tasks.Select(next).Select(x => {|AG0103:x.Result|}).ToArray();
                }
            }
            sealed class Adapter : INotifyCompletion
            {
                private readonly TaskAwaiter<int> _awaiter;
                private readonly Task<int> _task = Task.Delay(1).ContinueWith(_ => 1);
                public bool IsCompleted => _awaiter.IsCompleted;
                public void OnCompleted(Action continuation) => _awaiter.OnCompleted(continuation);
                public int GetResult() => _awaiter.GetResult() + _task.Result;
                public int Peek() => {|AG0103:_task.Result|};
            }
            sealed class NotAnAwaiter
            {
                private readonly Task<int> _task = Task.Delay(1).ContinueWith(_ => 1);
                public int GetResult() => {|AG0103:_task.Result|};
            }
            """);

    [Fact]
    public Task Silent_where_every_path_is_proven() =>
        VerifyAG0101.NoDiagnostics(Usings + """
            class C
            {
                async Task<int> BothBranches(Task<int> t, bool b)
                {
                    if (b) await t; else await t.ConfigureAwait(false);
                    return t.Result;
                }
                async Task<int> AwaitedBeforeTry(Task<int> t)
                {
                    await t;
                    try { Console.WriteLine(); return 1; }
                    catch (Exception) { return t.Result; }
                    finally { Console.WriteLine(t.Result); }
                }
                async Task<int> Guarded(Task<int> t, bool ready)
                {
                    await Task.Yield();
                    if (ready && t.IsCompletedSuccessfully) return t.Result;
                    if (!t.IsCompleted || ready) return 0;
                    return t.Result;
                }
                async Task<int> WaitAsync(Task<int> t)
                {
                    await t.WaitAsync(TimeSpan.FromSeconds(1));
                    return t.Result;
                }
                async Task<int> Field()
                {
                    await _task;
                    return _task.Result + this._task.Result;
                }
                private readonly Task<int> _task = Task.FromResult(1);
            }
            """);
}
