using AsyncGuard.Analyzers.TaskLifetime;
using AsyncGuard.Analyzers.Tests.Infrastructure;
using AsyncGuard.CodeFixes.TaskLifetime;
using Xunit;
using VerifyAG0203 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.TaskLifetime.AG0203AsyncLambdaToVoidDelegateAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.TaskLifetime;

public sealed class AG0203AsyncLambdaToVoidDelegateTests
{
    private const string Usings = "using System; using System.Collections.Generic; using System.Threading; using System.Threading.Tasks;\n";

    [Fact]
    public Task Silent_for_fire_and_forget_lambdas_that_catch_every_exception_of_their_awaits() =>
        VerifyAG0203.NoDiagnostics(Usings + """
            class C
            {
                static Task Post(SynchronizationContext context, Func<Task> action)
                {
                    var tcs = new TaskCompletionSource<object?>(TaskCreationOptions.RunContinuationsAsynchronously);
                    context.Post(async state =>
                    {
                        try
                        {
                            await ((Func<Task>)state!)().ConfigureAwait(false);
                            tcs.TrySetResult(null);
                        }
                        catch (OperationCanceledException e) { tcs.TrySetCanceled(e.CancellationToken); }
                        catch (Exception e) { tcs.TrySetException(e); }
                    }, action);
                    return tcs.Task;
                }

                void M()
                {
                    var timer = new Timer(async _ => { try { await Task.Yield(); } catch { } });
                    ThreadPool.QueueUserWorkItem(async _ => { try { await Task.Delay(1); } catch (Exception) { } });
                }
            }
            """);

    [Fact]
    public Task Flags_catching_lambdas_that_a_loop_expects_done_and_lambdas_that_can_still_throw() =>
        VerifyAG0203.Diagnostics(Usings + """
            class C
            {
                void M()
                {
                    new List<int>().ForEach({|AG0203:async|} x => { try { await Task.Delay(x); } catch { } });
                    Parallel.For(0, 3, {|AG0203:async|} i => { try { await Task.Delay(i); } catch { } });
                    var timer = new Timer({|AG0203:async|} _ => { try { await Task.Yield(); } catch (Exception) { throw; } });
                    ThreadPool.QueueUserWorkItem({|AG0203:async|} _ => { try { await Task.Yield(); } catch (TimeoutException) { } });
                    Action a = {|AG0203:async|} () => { try { await Task.Yield(); } catch { } await Task.Yield(); };
                }
            }
            """);

    [Theory]
    [InlineData("Action a = {|AG0203:async|} () => await Task.Yield();")]
    [InlineData("Action<int> a = {|AG0203:async|} x => await Task.Delay(x);")]
    [InlineData("Action<int, string> a = {|AG0203:async|} (x, s) => { await Task.Delay(x); };")]
    [InlineData("Action a = {|AG0203:async|} delegate { await Task.Yield(); };")]
    [InlineData("ThreadStart s = {|AG0203:async|} () => await Task.Yield();")]
    [InlineData("var t = new Thread({|AG0203:async|} () => await Task.Yield());")]
    [InlineData("var timer = new Timer({|AG0203:async|} _ => await Task.Yield());")]
    [InlineData("ThreadPool.QueueUserWorkItem({|AG0203:async|} _ => await Task.Yield());")]
    [InlineData("new List<int>().ForEach({|AG0203:async|} x => await Task.Delay(x));")]
    [InlineData("Array.ForEach(new[] { 1 }, {|AG0203:async|} x => await Task.Delay(x));")]
    [InlineData("Parallel.For(0, 3, {|AG0203:async|} i => await Task.Delay(i));")]
    [InlineData("Parallel.ForEach(new[] { 1 }, {|AG0203:async|} x => await Task.Delay(x));")]
    [InlineData("Run({|AG0203:async|} () => await Task.Yield());")]
    [InlineData("Action a = ({|AG0203:async|} () => await Task.Yield());")]
    [InlineData("Action a = (Action)({|AG0203:async|} () => await Task.Yield());")]
    [InlineData("MyCallback m = {|AG0203:async|} (int x) => await Task.Delay(x);")]
    public Task Flags_async_lambdas_converted_to_void_delegates(string statement) =>
        VerifyAG0203.Diagnostics(Usings + $$"""
            delegate void MyCallback(int x);
            class C
            {
                static void Run(Action a) => a();
                void M()
                {
                    {{statement}}
                }
            }
            """);

    [Fact]
    public Task Silent_for_Task_returning_delegates_event_subscriptions_and_sync_lambdas() =>
        VerifyAG0203.NoDiagnostics(Usings + """
            class C
            {
                event EventHandler? Changed;
                event Action? Plain;
                static void Run(Action a) => a();
                static void Run(Func<Task> f) => f();
                async Task M()
                {
                    Func<Task> f = async () => await Task.Yield();
                    Func<int, Task<int>> g = async x => { await Task.Yield(); return x; };
                    var natural = async () => await Task.Yield();
                    await Task.Run(async () => await Task.Yield());
                    Run(async () => await Task.Yield());
                    Action sync = () => { };
                    Changed += async (s, e) => await Task.Yield();
                    Changed -= async (s, e) => await Task.Yield();
                    Plain += async () => await Task.Yield();
                    await Parallel.ForEachAsync(new[] { 1 }, async (x, ct) => await Task.Delay(x, ct));
                }
            }
            """);

    [Theory]
    [InlineData("class C { void M() { Action a = async () => ; } }")]
    [InlineData("class C { void M() { Action a = async => await; } }")]
    [InlineData("class C { void M() { Undefined(async () => await Task.Yield()); } }")]
    [InlineData("class C { void M() { x.Ev += async (s, e) => { }; } }")]
    [InlineData("class C { void M() { new List<int>().ForEach(async x => { await Task.Delay(x); } }")]
    public async Task Half_typed_code_does_not_crash(string source)
    {
        var diagnostics = await RobustnessRunner.RunAsync(new AG0203AsyncLambdaToVoidDelegateAnalyzer(), Usings + source);
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
    }

    private static Task Fix(string before, string after) =>
        VerifyAG0203.Fix<AG0203AsyncLambdaToVoidDelegateCodeFixProvider>(Usings + before, Usings + after);

    [Fact]
    public Task Parallel_ForEach_becomes_ForEachAsync() => Fix("""
        class C
        {
            async Task M(int[] items, ParallelOptions options)
            {
                // each item
                Parallel.ForEach(items, {|AG0203:async|} item =>
                {
                    await Task.Delay(item);
                });
                Parallel.ForEach(items, options, {|AG0203:async|} (int item) => await Task.Delay(item));
            }
        }
        """, """
        class C
        {
            async Task M(int[] items, ParallelOptions options)
            {
                // each item
                await Parallel.ForEachAsync(items, async (item, cancellationToken) =>
                {
                    await Task.Delay(item);
                });
                await Parallel.ForEachAsync(items, options, async (int item, CancellationToken cancellationToken) => await Task.Delay(item));
            }
        }
        """);

    [Fact]
    public Task List_and_Array_ForEach_become_foreach_loops_and_the_method_becomes_async() => Fix("""
        class C
        {
            Task M(List<string> names, int[] delays)
            {
                names.ForEach({|AG0203:async|} name =>
                {
                    await Task.Delay(name.Length);
                    Console.WriteLine(name);
                });
                Array.ForEach(delays, {|AG0203:async|} d => await Task.Delay(d));
                return Task.CompletedTask;
            }
        }
        """, """
        class C
        {
            async Task M(List<string> names, int[] delays)
            {
                foreach (var name in names)
                {
                    await Task.Delay(name.Length);
                    Console.WriteLine(name);
                }
                foreach (var d in delays)
                {
                    await Task.Delay(d);
                }
            }
        }
        """);

    [Fact]
    public Task New_Thread_Start_becomes_Task_Run() => Fix("""
        class C
        {
            void M()
            {
                new Thread({|AG0203:async|} () => await Task.Delay(1)).Start();
            }
        }
        """, """
        class C
        {
            void M()
            {
                _ = Task.Run(async () => await Task.Delay(1));
            }
        }
        """);

    [Fact]
    public Task No_fix_for_other_delegates_returns_in_the_body_clashing_names_or_void_methods() =>
        VerifyAG0203.NoFix<AG0203AsyncLambdaToVoidDelegateCodeFixProvider>(Usings + """
            class C
            {
                void Sync(List<int> xs) => xs.ForEach({|AG0203:async|} x => await Task.Delay(x));

                async Task M(List<int> xs, int x)
                {
                    Action a = {|AG0203:async|} () => await Task.Yield();
                    xs.ForEach({|AG0203:async|} y => { if (y > 0) return; await Task.Delay(y); });
                    xs.ForEach({|AG0203:async|} x => await Task.Delay(x));
                    var t = new Thread({|AG0203:async|} () => await Task.Yield());
                    t.Start();
                    await Task.Yield();
                }
            }
            """);
}
