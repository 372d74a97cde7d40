using AsyncGuard.Analyzers.Cancellation;
using AsyncGuard.Analyzers.Style;
using AsyncGuard.CodeFixes.Cancellation;
using AsyncGuard.CodeFixes.Style;
using Microsoft.CodeAnalysis;
using Xunit;
using V = AsyncGuard.Analyzers.Tests.Style.StyleVerify<AsyncGuard.Analyzers.Style.AG0501ConfigureAwaitAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Style;

public sealed class AG0501ConfigureAwaitTests
{
    private const string Usings = "using System; using System.IO; using System.Collections.Generic; using System.Threading; using System.Threading.Tasks;\n";
    private const string Always = "dotnet_diagnostic.AG0501.configure_await_mode = always";

    [Fact]
    public void Is_info_and_off_by_default()
    {
        Assert.False(AG0501ConfigureAwaitAnalyzer.Rule.IsEnabledByDefault);
        Assert.Equal(DiagnosticSeverity.Info, AG0501ConfigureAwaitAnalyzer.Rule.DefaultSeverity);
        Assert.Equal("AsyncGuard.Style", AG0501ConfigureAwaitAnalyzer.Rule.Category);
    }

    [Fact]
    public async Task Silent_without_the_editorconfig_switch()
    {
        var diagnostics = await Infrastructure.RobustnessRunner.RunAsync(new AG0501ConfigureAwaitAnalyzer(), Usings + """
            public class C { public async Task M() => await Task.Delay(1); }
            """);
        Assert.Empty(diagnostics);
    }

    [Fact]
    public Task Flags_awaits_of_tasks_and_value_tasks_in_varied_syntax() => V.Diagnostics(Usings + """
        public sealed class MyTask : Task { public MyTask() : base(() => { }) { } }
        public class C
        {
            private Task<int>? _maybe;
            private static Task<int> Get() => Task.FromResult(1);
            private static ValueTask<int> GetValue() => new ValueTask<int>(1);

            public async Task Methods(Task t, MyTask mine)
            {
                await {|AG0501:t|};
                await {|AG0501:Task.Delay(1)|};
                var x = await {|AG0501:Get()|} + await {|AG0501:GetValue()|};
                await {|AG0501:new ValueTask()|};
                await {|AG0501:mine|};
                await {|AG0501:(t)|};
                await {|AG0501:_maybe!|};
                await {|AG0501:(x > 0 ? t : Task.CompletedTask)|};
            }

            public Task<int> ExpressionBodied() => Run(async () => await {|AG0501:Get()|});

            public async Task<T> Generic<T>(Task<T> t) => await {|AG0501:t|};

            public async Task LocalFunctionsAndLambdas()
            {
                async Task Local() => await {|AG0501:Task.CompletedTask|};
                Func<Task> f = async delegate { await {|AG0501:Task.Delay(1)|}; };
                await {|AG0501:Local()|};
                await {|AG0501:f()|};
            }

            public async Task ConditionalAccess(C? c) => await {|AG0501:c?._maybe!|};

            private static Task<int> Run(Func<Task<int>> f) => f();
        }
        """);

    [Fact]
    public Task Flags_await_foreach_and_await_using() => V.Diagnostics(Usings + """
        public class C
        {
            private static async IAsyncEnumerable<int> Items() { await Task.Yield(); yield return 1; }

            public async Task M(Stream stream, CancellationToken ct)
            {
                await foreach (var i in {|AG0501:Items()|}) { }
                await foreach (var i in {|AG0501:Items().WithCancellation(ct)|}) { }
                await foreach (var (a, b) in {|AG0501:Pairs()|}) { }
                await using ({|AG0501:new BufferedStream(stream)|}) { }
                await using ({|AG0501:var s = new BufferedStream(stream)|}) { }
                await using {|AG0501:var t = new BufferedStream(stream)|};
            }

            private static async IAsyncEnumerable<(int, int)> Pairs() { await Task.Yield(); yield return (1, 2); }
        }
        """);

    [Fact]
    public Task Silent_for_configured_and_unconfigurable_awaits() => V.Diagnostics(Usings + """
        public sealed class Custom { public System.Runtime.CompilerServices.TaskAwaiter GetAwaiter() => Task.CompletedTask.GetAwaiter(); }
        public class C
        {
            private static async IAsyncEnumerable<int> Items() { await Task.Yield(); yield return 1; }

            public async Task M(Task t, Task<int> r, CancellationToken ct)
            {
                await t.ConfigureAwait(false);
                await t.ConfigureAwait(true);
                await t.ConfigureAwait(ConfigureAwaitOptions.None);
                await (r.ConfigureAwait(false));
                await Task.Yield();
                await new Custom();
                var configured = t.ConfigureAwait(false);
                await configured;
                await foreach (var i in Items().ConfigureAwait(false)) { }
                await foreach (var i in Items().WithCancellation(ct).ConfigureAwait(false)) { }
                await foreach (var i in Items().ConfigureAwait(false).WithCancellation(ct)) { }
                var sequence = Items().ConfigureAwait(false);
                await foreach (var i in sequence) { }
                var stream = new MemoryStream();
                await using (stream.ConfigureAwait(false)) { }
                await using var s = stream.ConfigureAwait(false);
                using var sync = new MemoryStream();
                foreach (var i in new[] { 1 }) { }
            }
        }
        """);

    [Fact]
    public Task Library_mode_skips_executables() => V.Diagnostics(Usings + """
        await Task.Delay(1);
        public class C { public async Task M() => await Task.Delay(1); }
        """, OutputKind.ConsoleApplication);

    [Fact]
    public Task Always_mode_flags_executables_too() => V.Diagnostics(Usings + """
        await {|AG0501:Task.Delay(1)|};
        public class C { public async Task M() => await {|AG0501:Task.Delay(1)|}; }
        """, OutputKind.ConsoleApplication, Always);

    [Fact]
    public Task The_short_mode_key_is_not_read_and_unknown_values_mean_library() => V.Diagnostics(Usings + """
        public class C { public async Task M() => await Task.Delay(1); public static void Main() { } }
        """, OutputKind.WindowsApplication, "asyncguard.configure_await_mode = always\ndotnet_diagnostic.AG0501.configure_await_mode = sometimes");

    [Theory]
    [InlineData("xunit.core")]
    [InlineData("nunit.framework")]
    [InlineData("Microsoft.VisualStudio.TestPlatform.TestFramework")]
    public Task Library_mode_skips_test_projects(string framework) => V.Diagnostics(Usings + """
        public class Tests { public async Task M() => await Task.Delay(1); }
        """, references: new[] { V.AssemblyNamed(framework) });

    [Fact]
    public Task Library_mode_skips_ui_and_aspnetcore_types_and_their_nested_types() => V.Diagnostics(Usings + """
        namespace System.Windows.Forms { public class Control { } public class Form : Control { } }
        namespace Microsoft.AspNetCore.Mvc { public abstract class ControllerBase { } }
        namespace Microsoft.AspNetCore.Components { public abstract class ComponentBase { } }
        namespace Microsoft.AspNetCore.SignalR { public abstract class Hub { } public abstract class Hub<T> : Hub { } }
        namespace App
        {
            public class MainForm : System.Windows.Forms.Form
            {
                public async Task Load() => await Task.Delay(1);
                private sealed class Helper { public async Task Run() => await Task.Delay(1); }
            }
            public class Orders : Microsoft.AspNetCore.Mvc.ControllerBase { public async Task<int> Get() { await Task.Delay(1); return 1; } }
            public class Counter : Microsoft.AspNetCore.Components.ComponentBase { public async Task Click() => await Task.Delay(1); }
            public class Chat : Microsoft.AspNetCore.SignalR.Hub<object> { public async Task Send() => await Task.Delay(1); }
            public class Service { public async Task Save() => await {|AG0501:Task.Delay(1)|}; }
        }
        """);

    [Fact]
    public Task Always_mode_flags_ui_types() => V.Diagnostics(Usings + """
        namespace System.Windows.Forms { public class Control { } }
        public class MainForm : System.Windows.Forms.Control { public async Task Load() => await {|AG0501:Task.Delay(1)|}; }
        """, options: Always);

    [Fact]
    public Task Survives_half_typed_code()
    {
        var test = new Verifiers.AnalyzerTest<AG0501ConfigureAwaitAnalyzer>
        {
            TestCode = Usings + "class C { async Task M(Undefined u) { await u; await ; await foreach (var x in ) { } await using (var s = ) { } await using var t = ; } }",
            CompilerDiagnostics = Microsoft.CodeAnalysis.Testing.CompilerDiagnostics.None,
        };
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", V.EditorConfig("AG0501", Always)));
        return test.RunAsync();
    }

    [Fact]
    public Task Fix_appends_ConfigureAwait_false_with_parentheses_and_trivia() => V.Fix<AG0501ConfigureAwaitCodeFixProvider>(Usings + """
        public class C
        {
            private Task<int>? _maybe;
            public async Task M(Task t, C? c, object o)
            {
                await {|AG0501:t|} /* kept */;
                var x = await {|AG0501:Task.FromResult(1)|} + 1;
                await {|AG0501:c?._maybe!|};
                await {|AG0501:(Task)o|};
                await {|AG0501:(x > 0 ? t : Task.CompletedTask)|};
                await {|AG0501:_maybe!|};
            }
        }
        """, Usings + """
        public class C
        {
            private Task<int>? _maybe;
            public async Task M(Task t, C? c, object o)
            {
                await t.ConfigureAwait(false) /* kept */;
                var x = await Task.FromResult(1).ConfigureAwait(false) + 1;
                await (c?._maybe!).ConfigureAwait(false);
                await ((Task)o).ConfigureAwait(false);
                await (x > 0 ? t : Task.CompletedTask).ConfigureAwait(false);
                await _maybe!.ConfigureAwait(false);
            }
        }
        """);

    [Fact]
    public Task Fix_composes_with_WithCancellation_on_await_foreach() => V.Fix<AG0501ConfigureAwaitCodeFixProvider>(Usings + """
        public class C
        {
            private static async IAsyncEnumerable<int> Items() { await Task.Yield(); yield return 1; }
            public async Task M(CancellationToken ct)
            {
                await foreach (var i in {|AG0501:Items()|}) { }
                await foreach (var i in {|AG0501:Items().WithCancellation(ct)|}) { }
            }
        }
        """, Usings + """
        public class C
        {
            private static async IAsyncEnumerable<int> Items() { await Task.Yield(); yield return 1; }
            public async Task M(CancellationToken ct)
            {
                await foreach (var i in Items().ConfigureAwait(false)) { }
                await foreach (var i in Items().WithCancellation(ct).ConfigureAwait(false)) { }
            }
        }
        """);

    [Fact]
    public Task AG0302_fix_after_AG0501_fix_puts_WithCancellation_before_ConfigureAwait() =>
        Verifiers.Verify<AG0302EnumerateWithTokenAnalyzer>.Fix<AG0302EnumerateWithTokenCodeFixProvider>(Usings + """
        public class C
        {
            private static IAsyncEnumerable<int> Items() => Produce();
        private static async IAsyncEnumerable<int> Produce([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default) { await Task.Yield(); yield return 1; }
            public async Task M(CancellationToken ct)
            {
                await foreach (var i in {|AG0302:Items().ConfigureAwait(false)|}) { }
            }
        }
        """, Usings + """
        public class C
        {
            private static IAsyncEnumerable<int> Items() => Produce();
        private static async IAsyncEnumerable<int> Produce([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default) { await Task.Yield(); yield return 1; }
            public async Task M(CancellationToken ct)
            {
                await foreach (var i in Items().WithCancellation(ct).ConfigureAwait(false)) { }
            }
        }
        """);

    [Fact]
    public Task Fix_imports_System_Threading_Tasks_for_the_sequence_extension_once() => V.Fix<AG0501ConfigureAwaitCodeFixProvider>("""
        using System.Collections.Generic;

        public class C
        {
            public async System.Threading.Tasks.Task M(IAsyncEnumerable<int> a, IAsyncEnumerable<int> b)
            {
                await foreach (var i in {|AG0501:a|}) { }
                await foreach (var i in {|AG0501:b|}) { }
            }
        }
        """, """
        using System.Collections.Generic;
        using System.Threading.Tasks;

        public class C
        {
            public async System.Threading.Tasks.Task M(IAsyncEnumerable<int> a, IAsyncEnumerable<int> b)
            {
                await foreach (var i in a.ConfigureAwait(false)) { }
                await foreach (var i in b.ConfigureAwait(false)) { }
            }
        }
        """);

    [Fact]
    public Task Fix_await_using_of_a_new_object_but_not_the_declaration_forms() => V.Fix<AG0501ConfigureAwaitCodeFixProvider>(Usings + """
        public class C
        {
            public async Task M(IAsyncDisposable? maybe)
            {
                await using ({|AG0501:new BufferedStream(Stream.Null)|}) { }
                await using ({|AG0501:maybe|}) { }
                await using ({|AG0501:var s = new BufferedStream(Stream.Null)|}) { }
                await using {|AG0501:var t = new BufferedStream(Stream.Null)|};
            }
        }
        """, Usings + """
        public class C
        {
            public async Task M(IAsyncDisposable? maybe)
            {
                await using (new BufferedStream(Stream.Null).ConfigureAwait(false)) { }
                await using ({|AG0501:maybe|}) { }
                await using ({|AG0501:var s = new BufferedStream(Stream.Null)|}) { }
                await using {|AG0501:var t = new BufferedStream(Stream.Null)|};
            }
        }
        """);

    [Fact]
    public Task Fix_all_in_a_method_with_nested_awaits() => V.Fix<AG0501ConfigureAwaitCodeFixProvider>(Usings + """
        public class C
        {
            private static Task<Task<int>> Outer() => Task.FromResult(Task.FromResult(1));
            public async Task<int> M()
            {
                var a = await {|AG0501:await {|AG0501:Outer()|}|};
                Func<Task> f = async () => await {|AG0501:Task.Delay(a)|};
                await {|AG0501:f()|};
                return a;
            }
        }
        """, Usings + """
        public class C
        {
            private static Task<Task<int>> Outer() => Task.FromResult(Task.FromResult(1));
            public async Task<int> M()
            {
                var a = await (await Outer().ConfigureAwait(false)).ConfigureAwait(false);
                Func<Task> f = async () => await Task.Delay(a).ConfigureAwait(false);
                await f().ConfigureAwait(false);
                return a;
            }
        }
        """);
}
