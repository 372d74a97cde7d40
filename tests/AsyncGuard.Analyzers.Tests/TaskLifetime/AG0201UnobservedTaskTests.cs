using AsyncGuard.Analyzers.TaskLifetime;
using AsyncGuard.Analyzers.Tests.Infrastructure;
using AsyncGuard.Analyzers.Tests.Verifiers;
using AsyncGuard.CodeFixes.TaskLifetime;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using VerifyAG0201 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.TaskLifetime.AG0201UnobservedTaskAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.TaskLifetime;

public sealed class AG0201UnobservedTaskTests
{
    private const string Usings = "using System; using System.Linq; using System.Linq.Expressions; using System.Threading; using System.Threading.Tasks;\n";

    private const string Members = """
            Task Work() => Task.CompletedTask;
            Task<int> Count() => Task.FromResult(1);
            ValueTask Tick() => default;
            static Task<string> Load(string s) => Task.FromResult(s);
            MyAwaitable Custom() => new MyAwaitable();
        """;

    private const string CustomAwaitable = """
        internal sealed class MyAwaitable { public System.Runtime.CompilerServices.TaskAwaiter GetAwaiter() => Task.CompletedTask.GetAwaiter(); }
        """;

    [Theory]
    [InlineData("{|AG0201:Work()|};")]
    [InlineData("{|AG0201:Count()|};")]
    [InlineData("{|AG0201:Tick()|};")]
    [InlineData("{|AG0201:Custom()|};")]
    [InlineData("{|AG0201:C.Load(\"x\")|};")]
    [InlineData("{|AG0201:Task.Delay(1).ContinueWith(_ => 1)|};")]
    [InlineData("{|AG0201:new ValueTask()|};")]
    [InlineData("{|AG0201:self?.Work()|};")]
    [InlineData("{|AG0201:self?.Count()|};")]
    [InlineData("Action a = () => {|AG0201:Work()|};")]
    [InlineData("Action a = delegate { {|AG0201:Work()|}; };")]
    [InlineData("void Local() { {|AG0201:Work()|}; }")]
    public Task Flags_a_dropped_awaitable_in_a_synchronous_method(string statement) =>
        VerifyAG0201.Diagnostics(Usings + $$"""
            class C
            {
            {{Members}}
                void M(C? self)
                {
                    {{statement}}
                }
            }
            {{CustomAwaitable}}
            """);

    [Fact]
    public Task Flags_Task_returning_functions_without_async_accessors_constructors_and_sync_lambdas_inside_async_methods() =>
        VerifyAG0201.Diagnostics(Usings + $$"""
            class C
            {
            {{Members}}
                C() { {|AG0201:Work()|}; }
                int P { get { {|AG0201:Work()|}; return 1; } }
                Task NotAsync() { {|AG0201:Work()|}; return Work(); }
                Task<int> NotAsyncGeneric<T>(T x) { {|AG0201:Load(x!.ToString()!)|}; return Count(); }
                async Task Outer()
                {
                    await Work();
                    Action a = () => { {|AG0201:Work()|}; };
                    Func<Task> f = () => { {|AG0201:Work()|}; return Work(); };
                }
                public static C operator +(C c, int i) { {|AG0201:c.Work()|}; return c; }
            }
            {{CustomAwaitable}}
            """);

    [Fact]
    public Task Silent_in_top_level_statements_without_await_where_CS4014_reports_too() =>
        WithCompilerWarnings(Usings + """
            {|CS4014:Task.Delay(1)|};
            Console.WriteLine();
            """, OutputKind.ConsoleApplication);

    /// <summary>Also compares the compiler's warnings, so that CS4014 can be shown reporting where AG0201 stays silent.</summary>
    private static Task WithCompilerWarnings(string source, OutputKind outputKind = OutputKind.DynamicallyLinkedLibrary)
    {
        var test = new Verifiers.AnalyzerTest<AG0201UnobservedTaskAnalyzer> { TestCode = source, CompilerDiagnostics = CompilerDiagnostics.Warnings };
        test.TestState.OutputKind = outputKind;
        return test.RunAsync();
    }

    [Fact]
    public Task Silent_in_async_functions_where_CS4014_reports() =>
        WithCompilerWarnings(Usings + $$"""
            class C
            {
            {{Members}}
                async Task M()
                {
                    {|CS4014:Work()|};
                    Func<Task> f = async () => { {|CS4014:Work()|}; await Work(); };
                    async Task Local() { {|CS4014:Work()|}; await Work(); }
                    await Local();
                }
            }
            {{CustomAwaitable}}
            """);

    [Fact]
    public Task Silent_in_async_top_level_statements() =>
        WithCompilerWarnings(Usings + """
            {|CS4014:Task.Delay(1)|};
            await Task.Delay(1);
            """, OutputKind.ConsoleApplication);

    [Fact]
    public Task Silent_for_observed_values_discards_non_awaitables_and_expression_trees() =>
        VerifyAG0201.NoDiagnostics(Usings + $$"""
            class C
            {
            {{Members}}
                static void Sync() { }
                int Number() => 1;
                Task Forward() => Work();
                Task Returned() { return Work(); }
                void M(C? self)
                {
                    _ = Work();
                    _ = self?.Work();
                    var t = Work();
                    Task u = Count();
                    Func<Task> f = () => Work();
                    Func<Task> g = Work;
                    Number();
                    Sync();
                    Work().Wait();
                    Expression<Action> e = () => Work();
                    Expression<Func<Action>> nested = () => () => Work();
                    Console.WriteLine(Work());
                    new[] { Work() }.ToList();
                    GC.KeepAlive(t);
                    GC.KeepAlive(u);
                }
            }
            {{CustomAwaitable}}
            """);

    [Fact]
    public Task Flags_arrow_bodies_of_void_members_and_lambdas_that_drop_a_task() =>
        VerifyAG0201.Diagnostics(Usings + $$"""
            class C
            {
            {{Members}}
                void Ping() => {|AG0201:Work()|};
                void PingMaybe(C? self) => {|AG0201:self?.Work()|};
                C(int x) => {|AG0201:Work()|};
                int P { get => 1; set => {|AG0201:Work()|}; }
                event Action E { add => {|AG0201:Work()|}; remove { } }
                void M()
                {
                    void Local() => {|AG0201:Tick()|};
                    Action a = () => {|AG0201:Count()|};
                    Action<int> b = x => {|AG0201:Load(x.ToString())|};
                    Action c = (() => {|AG0201:Work()|});
                    EventHandler h = (s, e) => {|AG0201:Work()|};
                    Local();
                }
            }
            {{CustomAwaitable}}
            """);

    [Fact]
    public Task Silent_for_arrow_bodies_that_return_the_task() =>
        VerifyAG0201.NoDiagnostics(Usings + $$"""
            class C
            {
            {{Members}}
                Task Forward() => Work();
                Task P => Work();
                Task this[int i] => Work();
                Task Get { get => Work(); }
                public static Task operator +(C c, int i) => c.Work();
                void M()
                {
                    Task Local() => Work();
                    Func<Task> f = () => Work();
                    _ = Local();
                }
            }
            {{CustomAwaitable}}
            """);

    private const string Observers = """
        static class Observers
        {
            public static Task LogExceptions(this Task task)
            {
                task.ContinueWith(t => Console.WriteLine(t.Exception), TaskContinuationOptions.OnlyOnFaulted);
                return task;
            }

            public static async Task Observe(this Task task)
            {
                try { await task.ConfigureAwait(false); }
                catch (Exception e) { Console.WriteLine(e); }
            }

            public static Task<T> OnFault<T>(this Task<T> task, Action<Exception> handler)
            {
                task.GetAwaiter().OnCompleted(() => { if (task.IsFaulted) handler(task.Exception!); });
                return task;
            }

            public static Task Track(Task task) => task.ContinueWith(t => t.Exception);

            // Not observers: they hand back the task (or a new one) without looking at its fault.
            public static Task Passthrough(this Task task) { Console.WriteLine(); return task; }
            public static async Task AwaitWithoutCatch(this Task task) { try { await task; } finally { Console.WriteLine(); } }
            public static async Task AwaitInCatchLambda(this Task task) { Func<Task> f = async () => await task; try { await f(); } catch { } }
        }
        """;

    [Fact]
    public Task Silent_for_a_call_that_is_itself_the_observation() =>
        VerifyAG0201.NoDiagnostics(Usings + $$"""
            class C
            {
            {{Members}}
                void M()
                {
                    Work().LogExceptions();
                    Work().Observe();
                    Count().OnFault(e => Console.WriteLine(e));
                    Observers.Track(Work());
                    Observers.LogExceptions(Work());
                    Work().ContinueWith(t => Console.WriteLine(t.Exception));
                    Work().ContinueWith(t => { if (t.IsFaulted) Console.WriteLine(); });
                    Work().ContinueWith(_ => Console.WriteLine(), TaskContinuationOptions.OnlyOnFaulted);
                    Work().ContinueWith(_ => Console.WriteLine(), CancellationToken.None, TaskContinuationOptions.NotOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                    Work().ContinueWith(t => Forward(t));
                    Work().ContinueWith(Handle);
                    Action<Task> handler = Handle;
                    Work().ContinueWith(handler, TaskScheduler.Default);
                }

                static void Handle(Task t) { }
                static void Forward(Task t) { }

                // The antecedent is owned elsewhere: the continuation only hooks its completion.
                void Hook(Task task) => task.ContinueWith(_ => Console.WriteLine(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                Task _pending = Task.CompletedTask;
                void HookField() { _pending.ContinueWith(_ => Console.WriteLine()); }
                Task HookLocal()
                {
                    var ret = Work();
                    ret.ContinueWith(_ => Console.WriteLine(), TaskScheduler.Default);
                    return ret;
                }
                void Ping() => Work().LogExceptions();
            }
            {{CustomAwaitable}}
            {{Observers}}
            """);

    [Fact]
    public Task Silent_for_a_call_told_to_fire_and_forget_by_its_flags_and_for_swapping_a_field() =>
        VerifyAG0201.Diagnostics(Usings + """
            [Flags] enum CommandFlags { None = 0, HighPriority = 1, FireAndForget = 2 }
            class Db
            {
                Task<bool> _pending = Task.FromResult(true);
                public Task<bool> ExpireAsync(string key, CommandFlags flags = CommandFlags.None) => Task.FromResult(true);
                void M()
                {
                    ExpireAsync("k", CommandFlags.FireAndForget);
                    ExpireAsync("k", CommandFlags.FireAndForget | CommandFlags.HighPriority);
                    Interlocked.Exchange(ref _pending, Task.FromResult(false));
                    Interlocked.CompareExchange(ref _pending, Task.FromResult(false), _pending);
                    {|AG0201:ExpireAsync("k", CommandFlags.HighPriority)|};
                    {|AG0201:ExpireAsync("k")|};
                }
            }
            """);

    /// <summary>
    /// Corpus class (MassTransit, garnet): a background start whose work observes its own failures (its body is one
    /// catch-all `try`, or it only calls a method whose body is) never faults, so dropping its task loses nothing.
    /// </summary>
    [Fact]
    public Task Silent_for_a_background_start_whose_work_catches_everything() =>
        WithOption(ReportBackgroundStarts, Usings + """
            class C
            {
                Func<int> _get = () => 0;
                void M(TaskScheduler scheduler)
                {
                    Task.Run(() => Refresh(1));
                    Task.Run(async () => await Refresh(2).ConfigureAwait(false));
                    Task.Run(Compile);
                    Task.Run(Poll);
                    Task.Run(async () =>
                    {
                        try { await Task.Delay(1); }
                        catch (Exception e) { Console.WriteLine(e); }
                    });
                    Task.Run(() => { try { Console.WriteLine(); } catch { } });
                    Task.Factory.StartNew(Compile, CancellationToken.None, TaskCreationOptions.None, scheduler);
                    Task.Factory.StartNew(() => { try { Console.WriteLine(); } catch (System.Exception) { } });
                    Task.Run(() => Local());

                    void Local()
                    {
                        try { Console.WriteLine(); }
                        catch (Exception) { }
                    }
                }

                async Task Refresh(int n)
                {
                    try
                    {
                        await Task.Delay(n);
                    }
                    catch (Exception ex)
                    {
                        Console.WriteLine(ex);
                    }
                }

                void Compile()
                {
                    try { Interlocked.Exchange(ref _get, () => 1); }
                    catch (Exception) { }
                }

                async Task Poll()
                {
                    try { await Task.Delay(1); }
                    catch (OperationCanceledException) { }
                    catch (Exception e) { Console.WriteLine(e); }
                }
            }
            """);

    /// <summary>The nearest cases: work that can still fault stays reported.</summary>
    [Fact]
    public Task Reported_for_a_background_start_whose_work_can_still_fault() =>
        WithOption(ReportBackgroundStarts, Usings + """
            class C
            {
                bool _stopping;
                void M()
                {
                    {|AG0201:Task.Run(() => Throws())|};
                    {|AG0201:Task.Run(Rethrows)|};
                    {|AG0201:Task.Run(Filtered)|};
                    {|AG0201:Task.Run(Narrow)|};
                    {|AG0201:Task.Run(Guarded)|};
                    {|AG0201:Task.Run(Overridable)|};
                    {|AG0201:Task.Run(() => Console.WriteLine())|};
                    {|AG0201:Task.Run(() => { Console.WriteLine(); try { } catch { } })|};
                    {|AG0201:Task.Run(async () => { try { await Task.Delay(1); } catch (Exception e) { throw new InvalidOperationException("x", e); } })|};
                    {|AG0201:Task.Factory.StartNew(() => Throws())|};
                }

                void Throws() => throw new InvalidOperationException();
                void Rethrows() { try { Console.WriteLine(); } catch (Exception) { Console.WriteLine(); throw; } }
                void Filtered() { try { Console.WriteLine(); } catch (Exception e) when (e is IOException2) { } }
                void Narrow() { try { Console.WriteLine(); } catch (InvalidOperationException) { } }
                void Guarded()
                {
                    if (_stopping)
                        return;
                    _stopping = true;
                    try { Console.WriteLine(); } catch (Exception) { }
                }

                protected virtual void Overridable() { try { Console.WriteLine(); } catch (Exception) { } }
            }
            class IOException2 : Exception { }
            """);

    [Fact]
    public Task Flags_helpers_that_hand_the_task_back_without_observing_it() =>
        VerifyAG0201.Diagnostics(Usings + $$"""
            class C
            {
            {{Members}}
                void M()
                {
                    {|AG0201:Work().Passthrough()|};
                    {|AG0201:Work().AwaitWithoutCatch()|};
                    {|AG0201:Work().AwaitInCatchLambda()|};
                    {|AG0201:Work().ContinueWith(t => Console.WriteLine())|};
                    {|AG0201:Work().ContinueWith(t => Console.WriteLine(), TaskContinuationOptions.OnlyOnRanToCompletion)|};
                    var started = Work();
                    {|AG0201:started.ContinueWith(_ => Console.WriteLine())|};
                }
            }
            {{CustomAwaitable}}
            {{Observers}}
            """);

    /// <summary>A helper from another assembly: judged by its shape (an extension on a task returning the same task type).</summary>
    [Fact]
    public async Task Metadata_helpers_are_judged_by_their_shape()
    {
        var library = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create(
            "Helpers",
            new[]
            {
                Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText("""
                    using System; using System.Threading; using System.Threading.Tasks;
                    namespace Helpers
                    {
                        public static class TaskHelpers
                        {
                            public static Task LogFaults(this Task task, Action<Exception>? log = null) => task;
                            public static Task<T> LogFaults<T>(this Task<T> task) => task;
                            public static Task WithTimeout(this Task task, TimeSpan timeout) => task;
                            public static Task WithCancellation(this Task task, CancellationToken token) => task;
                            public static Task AsPlain<T>(this Task<T> task) => task;
                            public static Task Start(Task task) => task;
                        }
                    }
                    """),
            },
            TestReferences.Net100,
            new Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var test = new Verifiers.AnalyzerTest<AG0201UnobservedTaskAnalyzer>
        {
            TestCode = Usings + "using Helpers;\n" + $$"""
                class C
                {
                {{Members}}
                    void M()
                    {
                        Work().LogFaults();
                        Work().LogFaults(e => Console.WriteLine(e));
                        Count().LogFaults();
                        {|AG0201:Work().WithTimeout(TimeSpan.FromSeconds(1))|};
                        {|AG0201:Work().WithCancellation(CancellationToken.None)|};
                        {|AG0201:Count().AsPlain()|};
                        {|AG0201:TaskHelpers.Start(Work())|};
                    }
                }
                {{CustomAwaitable}}
                """,
        };
        using var image = new System.IO.MemoryStream();
        Assert.True(library.Emit(image).Success);
        test.TestState.AdditionalReferences.Add(MetadataReference.CreateFromImage(image.ToArray()));
        await test.RunAsync();
    }

    private const string ReportBackgroundStarts = "dotnet_diagnostic.AG0201.report_background_starts = true";

    private static Task WithOption(string option, string source)
    {
        var test = new Verifiers.AnalyzerTest<AG0201UnobservedTaskAnalyzer> { TestCode = source };
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*]\n" + option + "\n"));
        return test.RunAsync();
    }

    private const string BackgroundStarts = """
        class C
        {
            readonly Timer _timer;
            C() { _timer = new Timer(OnTick); <<Task.Run(() => Work())>>; }
            Task Work() => throw new InvalidOperationException();
            void OnTick(object? state) { <<Task.Run(Work)>>; }
            void M(TaskScheduler scheduler)
            {
                <<Task.Run(() => Work())>>;
                <<Task.Run(async () => await Work())>>;
                <<Task.Factory.StartNew(() => Work(), CancellationToken.None, TaskCreationOptions.None, scheduler)>>;
                Action a = () => <<Task.Run(Work)>>;
                Action b = () => { <<Task.Run(Work)>>; };
                void Local() => <<Task.Run(Work)>>;
            }
            void Arrow() => <<Task.Run(Work)>>;
        }
        """;

    /// <summary>
    /// Issue 16 (debatable share): a `Task.Run` / `StartNew` dropped in a function that returns no awaitable is a
    /// deliberate start of background work; that function has no task to hand it to.
    /// </summary>
    [Fact]
    public Task Silent_for_a_background_start_in_a_function_that_returns_no_awaitable() =>
        VerifyAG0201.NoDiagnostics(Usings + BackgroundStarts.Replace("<<", "").Replace(">>", ""));

    [Fact]
    public Task The_option_reports_background_starts_in_synchronous_functions() =>
        // OnTick is a TimerCallback, an external contract's member (AG0201ExternalContractTests): reported with that option too.
        WithOption(ReportBackgroundStarts + "\ndotnet_diagnostic.AG0201.report_external_contracts = true", Usings + BackgroundStarts.Replace("<<", "{|AG0201:").Replace(">>", "|}"));

    /// <summary>The nearest cases: a function that could hand the task on, and a dropped call of async work.</summary>
    [Fact]
    public Task Reported_for_a_background_start_a_function_could_return_and_for_dropped_async_calls() =>
        VerifyAG0201.Diagnostics(Usings + """
            class C
            {
                Task Work() => throw new InvalidOperationException();
                Task M()
                {
                    {|AG0201:Task.Run(() => Work())|};
                    return Task.CompletedTask;
                }
                Task<int> N()
                {
                    {|AG0201:Task.Factory.StartNew(() => 1)|};
                    return Task.FromResult(1);
                }
                void P()
                {
                    Func<Task> f = () => { {|AG0201:Task.Run(Work)|}; return Task.CompletedTask; };
                    {|AG0201:Work()|};
                    {|AG0201:Task.Delay(10)|};
                }
            }
            """);

    /// <summary>Issue 16: `#pragma warning disable CS4014` (the compiler's same finding), VSTHRD110 or MA0134 around the statement.</summary>
    [Fact]
    public Task Honours_a_suppression_of_the_equivalent_rules() =>
        VerifyAG0201.Diagnostics(Usings + """
            using System.Diagnostics.CodeAnalysis;
            class C
            {
                Task Work() => Task.CompletedTask;
                void M()
                {
            #pragma warning disable CS4014 // not awaited on purpose
                    Work();
            #pragma warning restore CS4014
                    {|AG0201:Work()|};
            #pragma warning disable VSTHRD110
                    Work();
            #pragma warning restore VSTHRD110
            #pragma warning disable CS0168
                    {|AG0201:Work()|};
            #pragma warning restore CS0168
                }
                [SuppressMessage("Usage", "MA0134:Observe result of async calls", Justification = "fire and forget")]
                void N() { Work(); }
            }
            """);

    [Fact]
    public Task The_option_turns_honouring_peer_suppressions_off() =>
        WithOption("dotnet_diagnostic.AG0201.honor_peer_suppressions = false", Usings + """
            class C
            {
                Task Work() => Task.CompletedTask;
                void M()
                {
            #pragma warning disable CS4014
                    {|AG0201:Work()|};
            #pragma warning restore CS4014
                }
            }
            """);

    [Fact]
    public Task Silent_in_generated_code() =>
        VerifyAG0201.NoDiagnostics("// <auto-generated/>\n" + Usings + """
            class C { void M() { Task.Delay(1); } }
            """);

    [Fact]
    public async Task The_report_discards_option_reports_discards()
    {
        var test = new Verifiers.AnalyzerTest<AG0201UnobservedTaskAnalyzer>
        {
            TestCode = Usings + "class C { void M() { _ = {|AG0201:Task.Delay(1)|}; _ = Task.FromResult(1).Result; } }",
        };
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*]\ndotnet_diagnostic.AG0201.report_discards = true\n"));
        await test.RunAsync();
    }

    [Theory]
    [InlineData("class C { void M() { Task.")]
    [InlineData("class C { void M() { Task.Delay( } }")]
    [InlineData("class C { void M() { Undefined(); x?.Y(); new Nope(); } }")]
    [InlineData("class C { void M() { _ = ; Action a = () => ; } }")]
    [InlineData("class C { void M() { Task.Run(async () => { await }); } }")]
    [InlineData("class C { void M(dynamic d) { d.Run(); d?.Go(); } }")]
    public async Task Half_typed_code_does_not_crash(string source)
    {
        var diagnostics = await RobustnessRunner.RunAsync(new AG0201UnobservedTaskAnalyzer(), Usings + source);
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
    }

    // ---- fixes ----

    private static Task FixAwait(string before, string after, string? batch = null, OutputKind outputKind = OutputKind.DynamicallyLinkedLibrary) =>
        VerifyAG0201.Fix<AG0201UnobservedTaskCodeFixProvider>(Usings + before, Usings + after, batch is null ? null : Usings + batch, outputKind);

    [Fact]
    public Task Await_makes_a_Task_returning_method_async_and_rewrites_its_returns() => FixAwait("""
        class C
        {
            Task Work() => Task.CompletedTask;

            Task M(bool flag)
            {
                // keep me
                {|AG0201:Work()|}; // and me
                if (flag)
                {
                    return Task.CompletedTask;
                }

                return Work();
            }

            Task<int> N()
            {
                {|AG0201:Work()|};
                return Task.FromResult(1);
            }
        }
        """, """
        class C
        {
            Task Work() => Task.CompletedTask;

            async Task M(bool flag)
            {
                // keep me
                await Work(); // and me
                if (flag)
                {
                    return;
                }

                await Work();
            }

            async Task<int> N()
            {
                await Work();
                return 1;
            }
        }
        """);

    [Fact]
    public Task Fix_All_awaits_every_dropped_task_of_a_function_once() => FixAwait("""
        class C
        {
            Task Work() => Task.CompletedTask;

            Task M()
            {
                {|AG0201:Work()|};
                {|AG0201:Work()|};
                Func<Task> f = () =>
                {
                    {|AG0201:Work()|};
                    return Task.CompletedTask;
                };
                return f();
            }
        }
        """, """
        class C
        {
            Task Work() => Task.CompletedTask;

            async Task M()
            {
                await Work();
                await Work();
                Func<Task> f = async () =>
                {
                    await Work();
                };
                await f();
            }
        }
        """);

    [Fact]
    public Task Discard_is_the_only_fix_in_a_void_method_and_for_conditional_access() =>
        VerifyAG0201.Fix<AG0201UnobservedTaskCodeFixProvider>(Usings + """
            class C
            {
                Task Work() => Task.CompletedTask;

                void M(C? self)
                {
                    {|AG0201:Work()|};
                    {|AG0201:self?.Work()|};
                    Action a = () => {|AG0201:Work()|};
                }

                void Ping() => {|AG0201:Work()|};
            }
            """, Usings + """
            class C
            {
                Task Work() => Task.CompletedTask;

                void M(C? self)
                {
                    _ = Work();
                    _ = self?.Work();
                    Action a = () => _ = Work();
                }

                void Ping() => _ = Work();
            }
            """);

    [Fact]
    public Task No_discard_fix_when_a_variable_is_called_underscore() =>
        VerifyAG0201.NoFix<AG0201UnobservedTaskCodeFixProvider>(Usings + """
            class C
            {
                void M(int _)
                {
                    {|AG0201:Task.Delay(_)|};
                }
            }
            """);

    [Fact]
    public Task No_await_inside_lock_but_discard_still_works() =>
        VerifyAG0201.Fix<AG0201UnobservedTaskCodeFixProvider>(Usings + """
            class C
            {
                Task M()
                {
                    lock (this)
                    {
                        {|AG0201:Task.Delay(1)|};
                    }

                    return Task.CompletedTask;
                }
            }
            """, Usings + """
            class C
            {
                Task M()
                {
                    lock (this)
                    {
                        _ = Task.Delay(1);
                    }

                    return Task.CompletedTask;
                }
            }
            """);

    [Fact]
    public async Task Top_level_statements_get_the_await_for_CS4014()
    {
        var test = new CodeFixTest<AG0201UnobservedTaskAnalyzer, AG0201UnobservedTaskCodeFixProvider>
        {
            TestCode = Usings + "{|CS4014:Task.Delay(1)|};\nConsole.WriteLine();\n",
            FixedCode = Usings + "await Task.Delay(1);\nConsole.WriteLine();\n",
            CompilerDiagnostics = CompilerDiagnostics.Warnings,
        };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        test.FixedState.OutputKind = OutputKind.ConsoleApplication;
        test.BatchFixedState.OutputKind = OutputKind.ConsoleApplication;
        await test.RunAsync();
    }

    [Fact]
    public async Task Fixes_the_compilers_CS4014_too()
    {
        var test = new CodeFixTest<AG0201UnobservedTaskAnalyzer, AG0201UnobservedTaskCodeFixProvider>
        {
            TestCode = Usings + "class C { async Task M() { {|CS4014:Task.Delay(1)|}; await Task.Yield(); } }",
            FixedCode = Usings + "class C { async Task M() { await Task.Delay(1); await Task.Yield(); } }",
            CompilerDiagnostics = CompilerDiagnostics.Warnings,
        };
        await test.RunAsync();
    }

    [Fact]
    public async Task Discards_for_CS4014_with_the_second_action()
    {
        var test = new CodeFixTest<AG0201UnobservedTaskAnalyzer, AG0201UnobservedTaskCodeFixProvider>
        {
            TestCode = Usings + "class C { async Task M() { {|CS4014:Task.Delay(1)|}; await Task.Yield(); } }",
            FixedCode = Usings + "class C { async Task M() { _ = Task.Delay(1); await Task.Yield(); } }",
            CompilerDiagnostics = CompilerDiagnostics.Warnings,
            CodeActionEquivalenceKey = AG0201UnobservedTaskCodeFixProvider.DiscardKey,
            CodeActionIndex = 1,
        };
        await test.RunAsync();
    }
}
