using AsyncGuard.Analyzers.TaskLifetime;
using AsyncGuard.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;
using VerifyAG0208 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.TaskLifetime.AG0208ValueTaskMisuseAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.TaskLifetime;

public sealed class AG0208ValueTaskMisuseTests
{
    private const string Usings = "using System; using System.Collections.Generic; using System.Linq.Expressions; using System.Threading; using System.Threading.Tasks;\n";

    private const string Source = """
        class S
        {
            public ValueTask<int> GetAsync() => new ValueTask<int>(1);
            public ValueTask RunAsync() => default;
            public static void Take(ValueTask<int> vt) { }
        }

        """;

    [Fact]
    public Task Flags_a_local_consumed_twice() =>
        VerifyAG0208.Diagnostics(Usings + Source + """
            class C
            {
                async Task<int> TwoAwaits(S s)
                {
                    var vt = s.GetAsync();
                    var a = await vt;
                    return a + await {|AG0208:vt|};
                }

                async Task AwaitAndAsTask(S s)
                {
                    ValueTask vt = s.RunAsync();
                    await vt.ConfigureAwait(false);
                    await Task.WhenAll({|AG0208:vt|}.AsTask());
                }

                async Task<int> AwaitThenResult(S s)
                {
                    var vt = s.GetAsync();
                    await vt;
                    return {|AG0208:vt|}.Result;
                }

                int GetResultTwice(S s)
                {
                    var vt = s.GetAsync();
                    S.Take(vt);
                    return {|AG0208:vt|}.GetAwaiter().GetResult();
                }

                async Task InLoop(S s, int n)
                {
                    var vt = s.RunAsync();
                    for (var i = 0; i < n; i++)
                    {
                        await {|AG0208:vt|};
                    }
                }

                async Task InWhile(S s)
                {
                    ValueTask<int> vt;
                    vt = s.GetAsync();
                    while (await {|AG0208:vt|} > 0)
                    {
                    }
                }

                async Task AfterBranch(S s, bool flag)
                {
                    var vt = s.RunAsync();
                    if (flag)
                    {
                        await vt;
                    }

                    await {|AG0208:vt|};
                }
            }
            """);

    [Fact]
    public Task Flags_in_lambdas_local_functions_expression_bodies_and_generics() =>
        VerifyAG0208.Diagnostics(Usings + Source + """
            class C<T>
            {
                ValueTask<T> GetAsync() => default;

                Func<S, Task<int>> Lambda => async s =>
                {
                    var vt = s.GetAsync();
                    return await vt + await {|AG0208:vt|};
                };

                async Task<T> Generic()
                {
                    var vt = GetAsync();
                    await vt;
                    return await {|AG0208:vt|};
                }

                async Task Local(S s)
                {
                    await Twice();

                    async Task<int> Twice()
                    {
                        var vt = s.GetAsync();
                        return await vt + await {|AG0208:vt|};
                    }
                }

                async Task Captured(S s)
                {
                    var vt = s.GetAsync();
                    Func<Task<int>> again = async () => await vt;
                    await {|AG0208:vt|};
                    await again();
                }
            }
            """);

    [Fact]
    public Task Flags_top_level_statements() =>
        VerifyAG0208.Diagnostics(Usings + """
            var vt = GetAsync();
            Console.WriteLine(await vt);
            Console.WriteLine(await {|AG0208:vt|});

            static ValueTask<int> GetAsync() => new ValueTask<int>(1);
            """, OutputKind.ConsoleApplication);

    [Fact]
    public Task Flags_a_ValueTask_stored_in_a_field_property_element_or_collection() =>
        VerifyAG0208.Diagnostics(Usings + Source + """
            class C
            {
                private ValueTask<int> _pending;
                private ValueTask _initial = {|AG0208:new S().RunAsync()|};
                private readonly List<ValueTask> _all = new List<ValueTask>();
                private readonly Queue<ValueTask<int>> _queue = new Queue<ValueTask<int>>();

                public ValueTask<int> Pending { get; set; }

                void Store(S s, ValueTask<int>[] slots, Dictionary<string, ValueTask> byName)
                {
                    _pending = {|AG0208:s.GetAsync()|};
                    this.Pending = {|AG0208:s.GetAsync()|};
                    slots[0] = {|AG0208:s.GetAsync()|};
                    _all.Add({|AG0208:s.RunAsync()|});
                    _queue.Enqueue({|AG0208:s.GetAsync()|});
                    byName["a"] = {|AG0208:s.RunAsync()|};
                    var list = new List<ValueTask> { {|AG0208:s.RunAsync()|} };
                }
            }
            """);

    [Fact]
    public async Task Result_behind_a_check_of_the_wrong_polarity_is_reported_once_by_the_blocking_rule()
    {
        // The guard proves nothing (negated, or one side of ||), so AG0103 reports the blocking read; AG0208 leaves it to it.
        const string code = """
            class C
            {
                int Negated(S s)
                {
                    var vt = s.GetAsync();
                    if (!vt.IsCompleted)
                    {
                        return {|AG0103:vt.Result|};
                    }

                    return 0;
                }

                int Either(S s, bool flag)
                {
                    var vt = s.GetAsync();
                    return vt.IsCompleted || flag ? {|AG0103:vt.GetAwaiter().GetResult()|} : 0;
                }
            }
            """;
        await AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0103SyncOverAsyncAnalyzer>.Diagnostics(Usings + Source + code);
        await VerifyAG0208.NoDiagnostics(Usings + Source + code.Replace("{|AG0103:", "").Replace("|}", ""));
    }

    [Fact]
    public Task Silent_on_single_consumption_and_the_AsTask_pattern() =>
        VerifyAG0208.NoDiagnostics(Usings + Source + """
            class C
            {
                async Task<int> Once(S s)
                {
                    var vt = s.GetAsync();
                    DoOther();
                    return await vt;
                }

                async Task<int> AsTaskOnce(S s)
                {
                    var task = s.GetAsync().AsTask();
                    var a = await task;
                    var b = await task;
                    return a + b + task.Result;
                }

                async Task<int> AsTaskLocal(S s)
                {
                    var vt = s.GetAsync();
                    var task = vt.AsTask();
                    await task;
                    return await task;
                }

                ValueTask<int> Returned(S s)
                {
                    var vt = s.GetAsync();
                    return vt;
                }

                void Passed(S s)
                {
                    var vt = s.GetAsync();
                    S.Take(vt);
                }

                async Task Direct(S s)
                {
                    await s.GetAsync();
                    await s.GetAsync();
                    await s.RunAsync().ConfigureAwait(false);
                    _ = s.RunAsync();
                }

                void DoOther() { }
            }
            """);

    [Fact]
    public Task Silent_when_IsCompleted_checks_choose_one_consumption() =>
        VerifyAG0208.NoDiagnostics(Usings + Source + """
            class C
            {
                async Task<int> Branches(S s)
                {
                    var vt = s.GetAsync();
                    if (!vt.IsCompleted)
                    {
                        return await vt;
                    }
                    else
                    {
                        return vt.Result;
                    }
                }

                async Task<int> EarlyReturn(S s)
                {
                    var vt = s.GetAsync();
                    if (vt.IsCompletedSuccessfully)
                    {
                        return vt.Result;
                    }

                    return await vt;
                }

                async Task<int> Conditional(S s)
                {
                    var vt = s.GetAsync();
                    return vt.IsCompleted ? vt.Result : await vt;
                }

                int Guarded(S s)
                {
                    var vt = s.GetAsync();
                    if (!vt.IsCompleted)
                    {
                        return -1;
                    }

                    return vt.Result;
                }

                int AndGuard(S s)
                {
                    var vt = s.GetAsync();
                    return vt.IsCompleted && vt.Result > 0 ? 1 : 0;
                }

                async Task<int> Switch(S s, int mode)
                {
                    var vt = s.GetAsync();
                    switch (mode)
                    {
                        case 0:
                            return await vt;
                        default:
                            return await vt.AsTask();
                    }
                }

                async Task LoopDeclaredInside(S s, int n)
                {
                    for (var i = 0; i < n; i++)
                    {
                        var vt = s.GetAsync();
                        await vt;
                    }
                }

                async Task<int> LoopReturning(S s)
                {
                    var vt = s.GetAsync();
                    while (true)
                    {
                        if (vt.IsCompleted)
                        {
                            return await vt;
                        }

                        await Task.Yield();
                    }
                }
            }
            """);

    [Fact]
    public Task Silent_on_value_backed_ValueTasks_Tasks_reassignments_and_non_code() =>
        VerifyAG0208.NoDiagnostics(Usings + Source + """
            class C
            {
                async Task<int> FromValue(int x)
                {
                    var a = new ValueTask<int>(x);
                    var b = ValueTask.FromResult(x);
                    ValueTask c = default;
                    var d = ValueTask.CompletedTask;
                    await c; await c; await d; await d;
                    return await a + await a + await b + await b;
                }

                async Task<int> TaskTwice()
                {
                    var t = Task.FromResult(1);
                    return await t + await t;
                }

                async Task Reassigned(S s)
                {
                    var vt = s.RunAsync();
                    await vt;
                    vt = s.RunAsync();
                    await vt;
                }

                void NonCode(S s)
                {
                    var vt = s.GetAsync();
                    Expression<Func<int>> tree = () => vt.Result + vt.Result;
                    var name = nameof(vt);
                    S.Take(vt);
                }

                int Blocking(S s)
                {
                    // AG0103 reports this wait: AG0208 stays silent on it.
                    var vt = s.GetAsync();
                    return vt.Result;
                }

                async Task<int> BlockingInAsync(S s)
                {
                    // AG0101 reports this wait.
                    await Task.Yield();
                    return s.GetAsync().Result;
                }

                void Locals(S s)
                {
                    var array = new[] { s.RunAsync(), s.RunAsync() };
                    ValueTask? maybe = s.RunAsync();
                }
            }
            """);

    [Theory]
    [InlineData("class C { async Task M(S s) { var vt = s.GetAsync(); await vt; await ; } }")]
    [InlineData("class C { async Task M(S s) { var vt = s.Missing(); await vt; await vt; } }")]
    [InlineData("class C { async Task M(S s) { ValueTask<int> vt = ; await vt; await vt.AsTask(; } }")]
    [InlineData("class C { void M(S s) { var vt = s.GetAsync(); if (!vt.IsCompleted) return vt.Result } }")]
    [InlineData("class C { ValueTask<int> _f = ; void M(S s) { _f = s.GetAsync(; } }")]
    [InlineData("class C { async Task M(S s) { for (var vt = s.RunAsync(); ; ) await vt } }")]
    public async Task Half_typed_code_does_not_crash(string source)
    {
        var diagnostics = await RobustnessRunner.RunAsync(new AG0208ValueTaskMisuseAnalyzer(), Usings + Source + source);
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
    }
}
