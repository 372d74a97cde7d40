using Xunit;
using VerifyAG0101 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0101BlockingWaitAnalyzer>;
using VerifyAG0103 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0103SyncOverAsyncAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>
/// corpus7app classes A1 and A2 (issue 16): a wait on a task that is complete by the contract of the call that produced it —
/// the winner an awaited Task.WhenAny returns, and the element LINQ picks with a predicate that holds only for a completed
/// task. Each silence has its nearest reported case beside it.
/// </summary>
public sealed class CompletedByContractTests
{
    private const string Usings = "using System; using System.Collections.Generic; using System.Linq; using System.Threading; using System.Threading.Tasks;\n";

    [Fact]
    public Task Result_of_the_awaited_WhenAny_winner_is_silent() =>
        VerifyAG0101.NoDiagnostics(Usings + """
            class C
            {
                async Task<int> Cast(Task<int>[] accepts, CancellationToken ct)
                {
                    var tasks = new Task[accepts.Length + 1];
                    Array.Copy(accepts, tasks, accepts.Length);
                    tasks[accepts.Length] = Task.Delay(-1, ct);
                    var winner = await Task.WhenAny(tasks).ConfigureAwait(false);
                    ct.ThrowIfCancellationRequested();
                    var value = ((Task<int>)winner).Result;
                    winner.Dispose();
                    return value;
                }

                async Task<int> Generic(Task<int> a, Task<int> b) => (await Task.WhenAny(a, b)).Result;

                async Task<string> Awaiter(IEnumerable<Task<string>> all) =>
                    (await Task.WhenAny(all).ConfigureAwait(false)).GetAwaiter().GetResult();

                async Task<int> Loop(List<Task<int>> pending)
                {
                    var sum = 0;
                    Task<int> done;
                    while (pending.Count > 0)
                    {
                        done = await Task.WhenAny(pending);
                        pending.Remove(done);
                        sum += done.Result;
                    }

                    return sum;
                }
            }
            """);

    [Fact]
    public Task Waits_on_WhenAny_itself_or_on_a_local_also_assigned_else_are_reported() =>
        VerifyAG0101.Diagnostics(Usings + """
            class C
            {
                async Task<int> NotAwaited(Task<int> a, Task<int> b)
                {
                    await Task.Yield();
                    var winner = {|AG0101:Task.WhenAny(a, b).Result|};
                    return winner.Id;
                }

                async Task<int> Reassigned(Task<int> a, Task<int> b, Task<int> other)
                {
                    var winner = await Task.WhenAny(a, b);
                    if (winner == a)
                    {
                        winner = other;
                    }

                    return {|AG0101:winner.Result|};
                }

                async Task<int> ByRef(Task<int> a, Task<int> b)
                {
                    var winner = await Task.WhenAny(a, b);
                    Swap(ref winner, b);
                    return {|AG0101:winner.Result|};
                }

                async Task<int> Deconstructed(Task<int> a, Task<int> b)
                {
                    var winner = await Task.WhenAny(a, b);
                    (winner, _) = (b, 0);
                    return {|AG0101:winner.Result|};
                }

                static void Swap(ref Task<int> t, Task<int> other) => t = other;
            }
            """);

    [Fact]
    public Task Result_of_the_task_a_completion_predicate_picked_is_silent() =>
        VerifyAG0101.NoDiagnostics(Usings + """
            class C
            {
                async Task<int> M(List<Task<int>> tasks, bool flag)
                {
                    await Task.Yield();
                    var a = tasks.Single(x => x.Status == TaskStatus.RanToCompletion).Result;
                    var b = tasks.First(x => x.IsCompletedSuccessfully).Result;
                    var c = tasks.FirstOrDefault(x => TaskStatus.Faulted == x.Status)?.Result;
                    var d = tasks.Last(x => flag && x.IsCompleted).GetAwaiter().GetResult();
                    var e = tasks.SingleOrDefault(x => x.Status is TaskStatus.RanToCompletion or TaskStatus.Canceled)!.Result;
                    tasks.First(x => { return x.IsFaulted; }).Wait();
                    return a + b + (c ?? 0) + d + e;
                }
            }
            """);

    [Fact]
    public Task A_predicate_a_running_task_can_satisfy_is_reported() =>
        VerifyAG0101.Diagnostics(Usings + """
            class C
            {
                async Task<int> M(List<Task<int>> tasks, bool flag)
                {
                    await Task.Yield();
                    var a = {|AG0101:tasks.First(x => !x.IsCompleted).Result|};
                    var b = {|AG0101:tasks.First(x => flag || x.IsCompleted).Result|};
                    var c = {|AG0101:tasks.Single(x => x.Status != TaskStatus.RanToCompletion).Result|};
                    var d = {|AG0101:tasks.First(x => x.Status == TaskStatus.Running).Result|};
                    var e = {|AG0101:tasks.Where(x => x.IsCompleted).First().Result|};
                    var f = {|AG0101:tasks.First(x => tasks[0].IsCompleted).Result|};
                    var g = {|AG0101:tasks.First().Result|};
                    return a + b + c + d + e + f + g;
                }
            }
            """);

    [Fact]
    public Task AG0103_in_a_sync_lambda_after_a_wait_for_all_loop() =>
        VerifyAG0103.Diagnostics(Usings + """
            class C
            {
                Task<string> Run(Task<string> done, Task<string> cancelled, Task<string> faulted) =>
                    Task.Run(() =>
                    {
                        var tasks = new List<Task<string>> { done, cancelled, faulted };
                        do
                        {
                            try
                            {
                                var waitTasks = tasks.Where(x => !x.IsCompleted).Cast<Task>().ToArray();
                                if (waitTasks.Length != 0)
                                {
                                    {|AG0103:Task.WaitAll(waitTasks)|};
                                }
                            }
                            catch (AggregateException)
                            {
                            }
                        }
                        while (tasks.Any(t => !t.IsCompleted));

                        var silent = tasks.Single(x => x.Status == TaskStatus.RanToCompletion).Result;
                        var reported = {|AG0103:tasks.First(x => x.Status != TaskStatus.Faulted).Result|};
                        return silent + reported;
                    });
            }
            """);
}
