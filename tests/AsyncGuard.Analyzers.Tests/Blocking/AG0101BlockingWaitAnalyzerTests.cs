using AsyncGuard.Analyzers.Blocking;
using AsyncGuard.Analyzers.Tests.Infrastructure;
using AsyncGuard.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Xunit;
using VerifyAG0101 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0101BlockingWaitAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Blocking;

public sealed class AG0101BlockingWaitAnalyzerTests
{
    private const string Usings = "using System; using System.Linq; using System.Threading; using System.Threading.Tasks;\n";

    [Theory]
    [InlineData("int x = {|AG0101:t.Result|};")]
    [InlineData("{|AG0101:t.Wait()|};")]
    [InlineData("{|AG0101:t.Wait(100)|};")]
    [InlineData("{|AG0101:t.Wait(TimeSpan.FromSeconds(1))|};")]
    [InlineData("{|AG0101:t.Wait(CancellationToken.None)|};")]
    [InlineData("{|AG0101:t.Wait(100, CancellationToken.None)|};")]
    [InlineData("int x = {|AG0101:t.GetAwaiter().GetResult()|};")]
    [InlineData("int x = {|AG0101:t.ConfigureAwait(false).GetAwaiter().GetResult()|};")]
    [InlineData("{|AG0101:Task.WaitAll(t, t)|};")]
    [InlineData("{|AG0101:Task.WaitAll(new Task[] { t })|};")]
    [InlineData("int i = {|AG0101:Task.WaitAny(t, t)|};")]
    [InlineData("int? n = t?{|AG0101:.Result|};")]
    [InlineData("t?{|AG0101:.Wait()|};")]
    [InlineData("int len = {|AG0101:Task.FromResult(\"a\").Result|}.Length;")]
    [InlineData("var s = ({|AG0101:t.Result|}).ToString();")]
    public Task Flags_blocking_waits_in_an_async_method(string statement) =>
        VerifyAG0101.Diagnostics(Usings + $$"""
            class C
            {
                async Task M(Task<int> t)
                {
                    await Task.Yield();
                    {{statement}}
                }
            }
            """);

    [Fact]
    public Task Flags_ValueTask_forms() =>
        VerifyAG0101.Diagnostics(Usings + """
            class C
            {
                async ValueTask<int> M(ValueTask<int> a, ValueTask<int> b, ValueTask c)
                {
                    await Task.Yield();
                    {|AG0101:c.GetAwaiter().GetResult()|};
                    int y = {|AG0101:b.ConfigureAwait(false).GetAwaiter().GetResult()|};
                    return {|AG0101:a.Result|} + y;
                }
            }
            """);

    [Fact]
    public Task Flags_Task_returning_functions_without_async_and_every_async_capable_form() =>
        VerifyAG0101.Diagnostics(Usings + """
            using System.Collections.Generic;
            class C<T>
            {
                Task<T> Generic(Task<T> t) => Task.FromResult({|AG0101:t.Result|});

                Task NotAsyncYet(Task t)
                {
                    {|AG0101:t.Wait()|};
                    return Task.CompletedTask;
                }

                async void Handler(Task t) => {|AG0101:t.Wait()|};

                async IAsyncEnumerable<int> Stream(Task<int> t)
                {
                    await Task.Yield();
                    yield return {|AG0101:t.Result|};
                }

                void Lambdas(Task<int> t)
                {
                    Func<Task<int>> a = async () => {|AG0101:t.Result|};
                    Func<Task<int>> b = () => Task.FromResult({|AG0101:t.Result|});
                    Func<Task, Task> c = async delegate (Task x) { {|AG0101:x.Wait()|}; };
                    Func<Task<int>, Task> d = async x => {|AG0101:x.Wait()|};
                    async Task Local() => {|AG0101:t.Wait()|};
                    static Task<int> StaticLocal(Task<int> u) => Task.FromResult({|AG0101:u.Result|});
                }
            }
            """);

    [Fact]
    public Task Flags_top_level_statements() =>
        VerifyAG0101.Diagnostics(Usings + """
            var t = Task.FromResult(1);
            Console.WriteLine({|AG0101:t.Result|});
            """, OutputKind.ConsoleApplication);

    [Fact]
    public Task Silent_in_synchronous_functions_including_a_sync_lambda_inside_an_async_method() =>
        VerifyAG0101.NoDiagnostics(Usings + """
            class C
            {
                int field = Task.FromResult(1).Result;
                C(Task t) { t.Wait(); }
                int P => Task.FromResult(1).Result;
                int Q { get { return Task.FromResult(1).Result; } }
                void Sync(Task<int> t) { var x = t.Result; t.Wait(); }
                async Task Outer(Task<int> t)
                {
                    await Task.Yield();
                    Func<int> f = () => t.Result;
                    Action a = delegate { t.Wait(); };
                    int Local() => t.Result;
                    var xs = new[] { 1 }.Select(i => t.Result + i);
                }
                public static int operator +(C c, int i) => Task.FromResult(i).Result;
            }
            """);

    [Fact]
    public Task Silent_when_the_task_is_proven_complete() =>
        VerifyAG0101.NoDiagnostics(Usings + """
            using System.Collections.Generic;
            class C
            {
                async Task<int> AwaitedEarlier(Task<int> t)
                {
                    await t;
                    return t.Result + t.GetAwaiter().GetResult();
                }

                async Task<int> AwaitedWithConfigureAwait(Task<int> t)
                {
                    await t.ConfigureAwait(false);
                    return t.Result;
                }

                async Task<int> WhenAll(Task<int> a, Task<int> b)
                {
                    await Task.WhenAll(a, b);
                    return a.Result + b.Result;
                }

                async Task<int> WhenAllArray(Task<int> a, Task<int> b)
                {
                    await Task.WhenAll(new[] { a, b });
                    return a.Result;
                }

                async Task<int> WhenAllCollection(List<Task<int>> tasks)
                {
                    await Task.WhenAll(tasks);
                    var sum = tasks[0].Result + tasks.Sum(t => t.Result);
                    foreach (var t in tasks) sum += t.Result;
                    return sum;
                }

                async Task<int> Guarded(Task<int> t)
                {
                    await Task.Yield();
                    if (t.IsCompleted) return t.Result;
                    if (t.IsCompletedSuccessfully && t.Result > 0) return 1;
                    return t.Status == TaskStatus.RanToCompletion ? t.Result : 0;
                }

                async Task<int> EarlyExit(Task<int> t)
                {
                    await Task.Yield();
                    if (!t.IsCompleted) return 0;
                    return t.Result;
                }

                async Task<int> Pattern(Task<int> t)
                {
                    await Task.Yield();
                    if (t is { IsCompletedSuccessfully: true }) return t.Result;
                    return 0;
                }

                async Task Continuation(Task<int> t)
                {
                    await t.ContinueWith(x => Console.WriteLine(x.Result));
                    await t.ContinueWith(async x => { await Task.Yield(); Console.WriteLine(x.Result); });
                }
            }
            """);

    [Fact]
    public Task Silent_in_expression_trees_nameof_and_for_unrelated_members_named_like_waits() =>
        VerifyAG0101.NoDiagnostics(Usings + """
            using System.Linq.Expressions;
            class Response { public int Result { get; set; } public void Wait() { } }
            class Awaiter { public int GetResult() => 0; }
            class C
            {
                async Task M(Task<int> t, Response r, Awaiter a, IQueryable<Task<int>> q)
                {
                    await Task.Yield();
                    Expression<Func<int>> e = () => t.Result;
                    var n = nameof(t.Result);
                    var m = nameof(Task.Wait);
                    r.Wait();
                    var x = r.Result + a.GetResult();
                    var s = from task in q select task.Result;
                    await Task.Delay(1);
                }
            }
            """);

    [Fact]
    public Task Flags_once_even_when_reassigned_after_the_await() =>
        VerifyAG0101.Diagnostics(Usings + """
            class C
            {
                async Task<int> M(Task<int> t)
                {
                    await t;
                    t = Task.Run(() => 2);
                    return {|AG0101:t.Result|};
                }
            }
            """);

    [Fact]
    public Task Flags_a_wait_awaited_only_inside_a_nested_lambda() =>
        VerifyAG0101.Diagnostics(Usings + """
            class C
            {
                async Task<int> M(Task<int> t)
                {
                    Func<Task> f = async () => await t;
                    await f();
                    return {|AG0101:t.Result|};
                }
            }
            """);

    [Theory]
    [InlineData("class C { async Task M(Task<int> t) { var x = t.Result")]
    [InlineData("class C { async Task M(Task<int> t) { t.Wait(")]
    [InlineData("class C { async Task M(Task<int> t) { t.GetAwaiter().GetResult( }")]
    [InlineData("class C { async Task M(Task<int> t) { Task.WaitAll(t,")]
    [InlineData("class C { async Task M() { Undefined.Result; x.Wait(); } }")]
    [InlineData("async Task M(Task<int> t) => t.Result; }")]
    [InlineData("class C { async Task M(Task<int> t) { await; t.")]
    [InlineData("var r = t.Result;")]
    public async Task Half_typed_code_does_not_crash(string source)
    {
        // Only analyzer exceptions fail here: whether a diagnostic is reported on broken code is not asserted.
        var diagnostics = await RobustnessRunner.RunAsync(new AG0101BlockingWaitAnalyzer(), Usings + source);
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
    }
}
