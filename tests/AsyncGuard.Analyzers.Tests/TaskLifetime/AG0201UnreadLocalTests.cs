using AsyncGuard.Analyzers.TaskLifetime;
using AsyncGuard.Analyzers.Tests.Infrastructure;
using AsyncGuard.Analyzers.Tests.Verifiers;
using AsyncGuard.CodeFixes.TaskLifetime;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using VerifyAG0201 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.TaskLifetime.AG0201UnobservedTaskAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.TaskLifetime;

/// <summary>AG0201 (issue 16, M1): a task stored in a local that nothing reads is not observed.</summary>
public sealed class AG0201UnreadLocalTests
{
    private const string Usings = "using System; using System.Threading; using System.Threading.Tasks;\n";

    private const string ReportSyncLocals = AG0201UnobservedTaskAnalyzer.ReportSyncUnreadLocalsOption + " = true";

    private const string Members = """
            Task Work() => Task.CompletedTask;
            Task<int> Count() => Task.FromResult(1);
            ValueTask Tick() => default;
            static Task<bool> StartMuxAsync(string binary, string[] names, string output) => Task.FromResult(true);
            MyAwaitable Custom() => new MyAwaitable();
            Task _field = Task.CompletedTask;
            void Use(Task t) { }
            void Swap(ref Task t) { }
            void Make(out Task t) => t = Task.CompletedTask;
        """;

    private const string CustomAwaitable = """
        internal sealed class MyAwaitable { public System.Runtime.CompilerServices.TaskAwaiter GetAwaiter() => Task.CompletedTask.GetAwaiter(); }
        """;

    private static string InClass(string body) => Usings + $$"""
        class C
        {
        {{Members}}
        {{body}}
        }
        {{CustomAwaitable}}
        """;

    [Theory]
    [InlineData("void M() { var t = {|AG0201:Work()|}; }")]
    [InlineData("void M() { Task<int> c = {|AG0201:Count()|}; }")]
    [InlineData("void M() { Task t = {|AG0201:Count()|}; }")]
    [InlineData("void M() { var v = {|AG0201:Tick()|}; }")]
    [InlineData("void M() { var a = {|AG0201:Custom()|}; }")]
    [InlineData("void M() { var v = {|AG0201:new ValueTask()|}; }")]
    [InlineData("void M(C? self) { var t = {|AG0201:self?.Work()|}; }")]
    [InlineData("void M() { var t = {|AG0201:(Work())|}; }")]
    [InlineData("async Task M() { var t = {|AG0201:Work()|}; await Task.Yield(); }")]
    [InlineData("Task M() { var t = {|AG0201:Work()|}; return Task.CompletedTask; }")]
    [InlineData("void M() { Task t; t = {|AG0201:Work()|}; }")]
    [InlineData("void M() { var t = {|AG0201:Work()|}; t = {|AG0201:Work()|}; }")]
    [InlineData("void M() { Task t = null!; if (t is null) { } Task u; u = {|AG0201:Work()|}; }")]
    [InlineData("void M() { Action a = () => { var t = {|AG0201:Work()|}; }; }")]
    [InlineData("void M() { Func<Task> f = async () => { var t = {|AG0201:Work()|}; await Task.Yield(); }; }")]
    [InlineData("void M() { void Local() { var t = {|AG0201:Work()|}; } Local(); }")]
    [InlineData("void M() { Task a = {|AG0201:Work()|}, b = {|AG0201:Work()|}; }")]
    [InlineData("Task M() { var t = {|AG0201:Task.Run(() => { })|}; return Task.CompletedTask; }")]
    // Names spelled like the local that cannot read it (the cheap syntactic pre-check must not take them for reads).
    [InlineData("void M(C other) { var _field = {|AG0201:Work()|}; Use(other._field); }")]
    [InlineData("void M(C? other) { var _field = {|AG0201:Work()|}; other?._field.Wait(); }")]
    [InlineData("void M() { var t = {|AG0201:Work()|}; Use(t: Task.CompletedTask); }")]
    [InlineData("void M() { var t = {|AG0201:Work()|}; var o = new { t = 1 }; }")]
    [InlineData("void A() { var t = {|AG0201:Work()|}; } void B(Task t) => t.Wait();")]
    [InlineData("void M() { var t = {|AG0201:Work()|}; Action a = () => { Task t2 = null!; t2.Wait(); }; }")]
    [InlineData("int P { get { var t = {|AG0201:Work()|}; return 1; } }")]
    [InlineData("void M(int k) { switch (k) { case 1: var t = {|AG0201:Work()|}; break; default: t = {|AG0201:Work()|}; break; } }")]
    [InlineData("void M() { { var t = {|AG0201:Work()|}; } { var t = Work(); t.Wait(); } }")]
    public Task Flags_a_task_stored_in_a_local_nothing_reads(string member) =>
        VerifyAG0201.DiagnosticsWithOptions(InClass(member), ReportSyncLocals);

    // Eighth part (ff201): in a function that returns no awaitable, an unread local is the spelling of a discard from
    // before `_ =` (MassTransit's StatsD counters): silent unless report_sync_unread_locals; where the function could await it, an
    // await left out (N_m3u8DL-RE): still reported.
    [Theory]
    [InlineData("void M() { var t = Work(); }")]
    [InlineData("void Increment() { Task<int> t = Count(); }")]
    [InlineData("void M() { Task t; t = Work(); }")]
    [InlineData("C() { var dummy = Tick(); }")]
    [InlineData("int P { get { var t = Work(); return 1; } }")]
    [InlineData("void M() { Action a = () => { var t = Work(); }; }")]
    [InlineData("async Task M() { Action a = () => { var t = Work(); }; await Task.Yield(); }")]
    public Task Silent_in_a_function_that_returns_no_awaitable(string member) =>
        VerifyAG0201.NoDiagnostics(InClass(member));

    [Theory]
    [InlineData("async Task M() { var t = {|AG0201:Work()|}; await Task.Yield(); }")]
    [InlineData("Task M() { var t = {|AG0201:Work()|}; return Task.CompletedTask; }")]
    [InlineData("ValueTask<int> M() { var t = {|AG0201:Count()|}; return new ValueTask<int>(1); }")]
    [InlineData("void M() { Func<Task> f = () => { var t = {|AG0201:Work()|}; return Task.CompletedTask; }; }")]
    [InlineData("void M() { async Task Local() { var t = {|AG0201:Work()|}; await Task.Yield(); } _ = Local(); }")]
    public Task Reported_in_a_function_that_could_await(string member) =>
        VerifyAG0201.Diagnostics(InClass(member));

    [Fact]
    public Task Flags_the_muxer_started_into_an_unread_local() =>
        VerifyAG0201.Diagnostics(InClass("""
            async Task RecordAsync(string[] names, string output, bool last)
            {
                if (last)
                {
                    var t = {|AG0201:StartMuxAsync("ffmpeg", names, output)|};
                }

                await Task.Delay(1);
            }
            """));

    [Fact]
    public Task Flags_an_unread_local_in_top_level_statements() =>
        VerifyAG0201.Diagnostics(Usings + """
            var t = {|AG0201:Task.Delay(1)|};
            await Task.Yield();
            """, OutputKind.ConsoleApplication);

    [Theory]
    [InlineData("async Task M() { var t = Work(); await t; }")]
    [InlineData("Task M() { var t = Work(); return t; }")]
    [InlineData("void M() { var t = Work(); Use(t); }")]
    [InlineData("void M() { var t = Work(); _field = t; }")]
    [InlineData("void M() { var t = Work(); if (t == null) { } }")]
    [InlineData("void M() { var t = Work(); Console.WriteLine(t.IsCompleted); }")]
    [InlineData("void M() { var t = Work(); Swap(ref t); }")]
    [InlineData("void M() { var t = Work(); Make(out t); }")]
    [InlineData("void M() { var t = Work(); Action a = () => t.Wait(); }")]
    [InlineData("void M() { var t = Work(); Local(); void Local() => Use(t); }")]
    [InlineData("void M() { var t = Work(); Console.WriteLine(nameof(t)); }")]
    [InlineData("void M() { var t = Work(); t ??= Work(); }")]
    [InlineData("void M() { Task t = Work(); Task u; (t, u) = (Work(), Work()); }")]
    [InlineData("void M() { var t = Work(); var all = new[] { t }; }")]
    [InlineData("void M() { var t = Work(); var s = $\"{t}\"; }")]
    [InlineData("void M() { Task t; t = Work(); Console.WriteLine(t.Status); }")]
    [InlineData("void M() { Task t = null!; t = Work(); t.Wait(); }")]
    [InlineData("void M() { var t = Work(); Console.WriteLine(t = Work()); }")]
    [InlineData("void M() { using var t = Work(); }")]
    [InlineData("void M() { using (var t = Work()) { } }")]
    [InlineData("void M() { _ = Work(); }")]
    [InlineData("void M() { var _ = Work(); }")]
    [InlineData("void M() { var n = Count().Result; }")]
    [InlineData("void M() { object o = Work(); }")]
    [InlineData("void M() { var t = Task.CompletedTask; }")]
    [InlineData("void M() { var t = _field; }")]
    [InlineData("void M() { var t = Task.Run(() => { }); }")]
    [InlineData("void M() { Task t = null!; }")]
    [InlineData("void M() { ref Task t = ref _field; }")]
    [InlineData("void M(int k) { switch (k) { case 1: var t = Work(); break; default: t = Work(); t.Wait(); break; } }")]
    [InlineData("void M() { for (var i = 0; i < 2; i++) { Task t; if (i > 0) { t = Work(); } else { t = Work(); } Use(t); } }")]
    public Task Silent_when_the_local_is_read_or_not_a_task_or_a_discard(string member) =>
        VerifyAG0201.NoDiagnostics(InClass(member));

    [Fact]
    public Task The_report_discards_option_reports_a_local_named_underscore() =>
        VerifyAG0201.DiagnosticsWithOptions(Usings + "class C { void M() { var _ = {|AG0201:Task.Delay(1)|}; } }", "dotnet_diagnostic.AG0201.report_discards = true");

    [Fact]
    public Task The_report_background_starts_option_reports_an_unread_Task_Run_in_a_void_method() =>
        VerifyAG0201.DiagnosticsWithOptions(Usings + "class C { void M() { var t = {|AG0201:Task.Run(() => { })|}; } }", "dotnet_diagnostic.AG0201.report_background_starts = true", ReportSyncLocals);

    [Fact]
    public Task Honours_a_CS4014_suppression_around_the_declaration() =>
        VerifyAG0201.NoDiagnostics(InClass("""
            void M()
            {
            #pragma warning disable CS4014
                var t = Work();
            #pragma warning restore CS4014
            }
            """));

    [Theory]
    [InlineData("class C { void M() { var t = Undefined(); } }")]
    [InlineData("class C { void M() { var t = Task.Delay(1); t. } }")]
    [InlineData("class C { void M() { var t = Task.Delay(1); Use(t } }")]
    [InlineData("class C { void M() { Task t = Task.Delay(1), ; } }")]
    [InlineData("class C { void M() { t = Task.Delay(1); } }")]
    [InlineData("class C { void M() { var = Task.Delay(1); } }")]
    [InlineData("var t = Task.Delay(1); void F() { t = }")]
    public async Task Half_typed_code_does_not_crash(string source)
    {
        var diagnostics = await RobustnessRunner.RunAsync(new AG0201UnobservedTaskAnalyzer(), Usings + source);
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
    }

    [Fact]
    public Task An_unbound_name_spelled_like_the_local_counts_as_a_read() =>
        VerifyAG0201.NoDiagnostics(InClass("void M() { var t = Work(); Console.WriteLine({|CS0103:t2|}); Action a = () => { var x = t; }; }"));

    // ---- fixes ----

    [Fact]
    public Task Await_replaces_the_declaration_in_an_async_method() =>
        VerifyAG0201.Fix<AG0201UnobservedTaskCodeFixProvider>(InClass("""
            async Task M()
            {
                // start it
                var t = {|AG0201:Work()|}; // muxer
                await Task.Yield();
            }
            """), InClass("""
            async Task M()
            {
                // start it
                await Work(); // muxer
                await Task.Yield();
            }
            """));

    [Fact]
    public Task Await_makes_a_Task_returning_method_async() =>
        VerifyAG0201.Fix<AG0201UnobservedTaskCodeFixProvider>(InClass("""
            Task M()
            {
                Task<int> t = {|AG0201:Count()|};
                return Task.CompletedTask;
            }
            """), InClass("""
            async Task M()
            {
                await Count();
            }
            """));

    [Fact]
    public Task Discard_replaces_the_declaration_and_the_assignment_in_a_void_method() =>
        FixWithDiscardsReported(InClass("""
            void M()
            {
                var t = {|AG0201:Work()|};
                Task u;
                u = {|AG0201:Work()|};
            }
            """), InClass("""
            void M()
            {
                _ = Work();
                Task u;
                _ = Work();
            }
            """));

    [Fact]
    public async Task Await_in_top_level_statements()
    {
        var test = new CodeFixTest<AG0201UnobservedTaskAnalyzer, AG0201UnobservedTaskCodeFixProvider>
        {
            TestCode = Usings + "var t = {|AG0201:Task.Delay(1)|};\nConsole.WriteLine();\n",
            FixedCode = Usings + "await Task.Delay(1);\nConsole.WriteLine();\n",
        };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        test.FixedState.OutputKind = OutputKind.ConsoleApplication;
        test.BatchFixedState.OutputKind = OutputKind.ConsoleApplication;
        await test.RunAsync();
    }

    [Fact]
    public async Task Discard_with_the_second_action_in_an_async_method()
    {
        var test = new CodeFixTest<AG0201UnobservedTaskAnalyzer, AG0201UnobservedTaskCodeFixProvider>
        {
            TestCode = Usings + "class C { async Task M() { var t = {|AG0201:Task.Delay(1)|}; await Task.Yield(); } }",
            FixedCode = Usings + "class C { async Task M() { _ = Task.Delay(1); await Task.Yield(); } }",
            CodeActionEquivalenceKey = AG0201UnobservedTaskCodeFixProvider.DiscardKey,
            CodeActionIndex = 1,
        };
        await test.RunAsync();
    }

    [Fact]
    public Task No_fix_for_a_declaration_of_two_locals_or_one_written_again()
    {
        var source = InClass("""
            void M()
            {
                Task a = {|AG0201:Work()|}, b = {|AG0201:Work()|};
            }
            """);
        return FixWithDiscardsReported(source, source);
    }

    /// <summary>The fix in a void method, where an unread local is reported under report_sync_unread_locals only.</summary>
    private static Task FixWithDiscardsReported(string source, string fixedSource)
    {
        var test = new CodeFixTest<AG0201UnobservedTaskAnalyzer, AG0201UnobservedTaskCodeFixProvider> { TestCode = source, FixedCode = fixedSource };
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*.cs]\n" + ReportSyncLocals + "\n"));
        return test.RunAsync();
    }

    [Fact]
    public async Task A_declaration_written_again_is_fixed_once_its_assignment_is()
    {
        var test = new CodeFixTest<AG0201UnobservedTaskAnalyzer, AG0201UnobservedTaskCodeFixProvider>
        {
            TestCode = InClass("""
                void M()
                {
                    var t = {|AG0201:Work()|};
                    t = {|AG0201:Work()|};
                }
                """),
            FixedCode = InClass("""
                void M()
                {
                    _ = Work();
                    _ = Work();
                }
                """),
            NumberOfIncrementalIterations = 2,
            NumberOfFixAllIterations = 2,
        };
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*.cs]\n" + ReportSyncLocals + "\n"));
        await test.RunAsync();
    }
}
