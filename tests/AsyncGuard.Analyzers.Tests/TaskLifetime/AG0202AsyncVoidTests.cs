using AsyncGuard.Analyzers.TaskLifetime;
using AsyncGuard.Analyzers.Tests.Infrastructure;
using AsyncGuard.CodeFixes.TaskLifetime;
using Xunit;
using VerifyAG0202 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.TaskLifetime.AG0202AsyncVoidAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.TaskLifetime;

public sealed class AG0202AsyncVoidTests
{
    private const string Usings = "using System; using System.Threading.Tasks;\n";

    [Fact]
    public Task Flags_async_void_methods_and_local_functions() =>
        VerifyAG0202.Diagnostics(Usings + """
            class C<T>
            {
                async {|AG0202:void|} Plain() => await Task.Yield();
                public static async {|AG0202:void|} Static(int x) { await Task.Delay(x); }
                private async {|AG0202:void|} Generic<U>(U u) { await Task.Yield(); }
                async {|AG0202:void|} OneArg(EventArgs e) { await Task.Yield(); }
                async {|AG0202:void|} NotArgs(object sender, string e) { await Task.Yield(); }
                protected virtual async {|AG0202:void|} Virtual() { await Task.Yield(); }
                void M()
                {
                    async {|AG0202:void|} Local() { await Task.Yield(); }
                    static async {|AG0202:void|} StaticLocal() => await Task.Yield();
                    Local();
                    StaticLocal();
                }
            }
            struct S { async {|AG0202:void|} M() { await Task.Yield(); } }
            """);

    [Fact]
    public Task Silent_for_event_handlers_overrides_implementations_and_non_async_void() =>
        VerifyAG0202.NoDiagnostics(Usings + """
            class MyArgs : EventArgs { }
            interface IRunner { void Run(); void Go(int x); }
            abstract class Base { public abstract void Run(); public virtual void Go() { } }
            class C : Base, IRunner
            {
                async void OnClick(object sender, EventArgs e) { await Task.Yield(); }
                async void OnMine(object? sender, MyArgs e) { await Task.Yield(); }
                async void OnGeneric<TArgs>(object sender, TArgs e) where TArgs : EventArgs { await Task.Yield(); }
                public override async void Run() { await Task.Yield(); }
                public override async void Go() { await Task.Yield(); }
                async void IRunner.Run() { await Task.Yield(); }
                public async void Go(int x) { await Task.Yield(); }
                void Sync() { }
                async Task Proper() { await Task.Yield(); }
                void M()
                {
                    async void OnLocal(object sender, EventArgs e) { await Task.Yield(); }
                    OnLocal(this, EventArgs.Empty);
                }
            }
            """);

    [Fact]
    public Task Silent_for_fire_and_forget_methods_that_catch_every_exception_of_their_awaits() =>
        VerifyAG0202.NoDiagnostics(Usings + """
            class C
            {
                static async void Ignore(Task task)
                {
                    _ = task ?? throw new ArgumentNullException(nameof(task));
                    try { await task.ConfigureAwait(false); }
                    catch { }
                }

                async void TimerCallback(object? state)
                {
                    try
                    {
                        await Task.Delay(1);
                        if (state is null) { return; }
                        await Task.Yield();
                    }
                    catch (OperationCanceledException) { }
                    catch (Exception e) { Console.WriteLine(e); }
                }

                async void Qualified()
                {
                    try { await Task.Yield(); } catch (System.Exception) { } finally { Console.WriteLine(); }
                }

                void M()
                {
                    async void Local() { try { await Task.Yield(); } catch { } }
                    Local();
                }
            }
            """);

    [Fact]
    public Task Flags_async_void_whose_awaits_can_still_throw() =>
        VerifyAG0202.Diagnostics(Usings + """
            class C
            {
                async {|AG0202:void|} AwaitAfterTry()
                {
                    try { await Task.Yield(); } catch { }
                    await Task.Delay(1);
                }

                async {|AG0202:void|} Narrow()
                {
                    try { await Task.Yield(); } catch (InvalidOperationException) { }
                }

                async {|AG0202:void|} Filtered()
                {
                    try { await Task.Yield(); } catch (Exception e) when (e is TimeoutException) { }
                }

                async {|AG0202:void|} Rethrows()
                {
                    try { await Task.Yield(); } catch (Exception e) { Console.WriteLine(e); throw; }
                }

                async {|AG0202:void|} InCatch()
                {
                    try { Console.WriteLine(); } catch { await Task.Yield(); }
                }

                async {|AG0202:void|} NoAwait() { Console.WriteLine(); }

                async {|AG0202:void|} Arrow() => await Task.Yield();
            }
            """);

    [Theory]
    [InlineData("class C { async void }")]
    [InlineData("class C { async void M( }")]
    [InlineData("class C { async void M(object sender, Undefined e) { } }")]
    [InlineData("class C : IMissing { public async void Run() { } }")]
    [InlineData("class C { void M() { async void L( } }")]
    public async Task Half_typed_code_does_not_crash(string source)
    {
        var diagnostics = await RobustnessRunner.RunAsync(new AG0202AsyncVoidAnalyzer(), Usings + source);
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
    }

    private static Task Fix(string before, string after) =>
        VerifyAG0202.Fix<AG0202AsyncVoidCodeFixProvider>(Usings + before, Usings + after);

    [Fact]
    public Task Returns_Task_and_awaits_callers_that_are_or_can_become_async() => Fix("""
        class C
        {
            /// <summary>Docs stay.</summary>
            public async {|AG0202:void|} Save(int x)
            {
                await Task.Delay(x);
            }

            async Task Caller()
            {
                Save(1);
                await Task.Yield();
            }

            Task TaskCaller()
            {
                Save(2);
                return Task.CompletedTask;
            }

            void SyncCaller(C? other)
            {
                Save(3);
                other?.Save(4);
                Action a = () => Save(5);
                Func<Task> f = async () => this.Save(6);
            }
        }
        """, """
        class C
        {
            /// <summary>Docs stay.</summary>
            public async Task Save(int x)
            {
                await Task.Delay(x);
            }

            async Task Caller()
            {
                await Save(1);
                await Task.Yield();
            }

            async Task TaskCaller()
            {
                await Save(2);
            }

            void SyncCaller(C? other)
            {
                Save(3);
                other?.Save(4);
                Action a = () => Save(5);
                Func<Task> f = async () => await this.Save(6);
            }
        }
        """);

    [Fact]
    public Task Local_functions_and_Fix_All_over_several_methods() => Fix("""
        class C
        {
            async {|AG0202:void|} A() => await Task.Yield();

            async {|AG0202:void|} B()
            {
                A();
                await Task.Yield();
            }

            async Task M()
            {
                async {|AG0202:void|} Local() { await Task.Yield(); }
                Local();
                B();
                await Task.Yield();
            }
        }
        """, """
        class C
        {
            async Task A() => await Task.Yield();

            async Task B()
            {
                await A();
                await Task.Yield();
            }

            async Task M()
            {
                async Task Local() { await Task.Yield(); }
                await Local();
                await B();
                await Task.Yield();
            }
        }
        """);

    [Fact]
    public Task No_fix_when_the_method_is_used_as_a_method_group_or_is_virtual() =>
        VerifyAG0202.NoFix<AG0202AsyncVoidCodeFixProvider>(Usings + """
            class C
            {
                async {|AG0202:void|} Run() { await Task.Yield(); }
                protected virtual async {|AG0202:void|} Virtual() { await Task.Yield(); }
                void M()
                {
                    Action a = Run;
                    a();
                }
            }
            """);

    [Fact]
    public Task Writes_the_qualified_name_where_the_namespace_is_not_imported() =>
        VerifyAG0202.Fix<AG0202AsyncVoidCodeFixProvider>("""
            class C
            {
                async {|AG0202:void|} Run() { await System.Threading.Tasks.Task.Yield(); }
            }
            """, """
            class C
            {
                async System.Threading.Tasks.Task Run() { await System.Threading.Tasks.Task.Yield(); }
            }
            """);
}
