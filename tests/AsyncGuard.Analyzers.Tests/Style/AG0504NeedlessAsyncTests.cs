using AsyncGuard.Analyzers.Style;
using AsyncGuard.CodeFixes.Style;
using Microsoft.CodeAnalysis;
using Xunit;
using V = AsyncGuard.Analyzers.Tests.Style.StyleVerify<AsyncGuard.Analyzers.Style.AG0504NeedlessAsyncAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Style;

public sealed class AG0504NeedlessAsyncTests
{
    private const string Usings = "using System; using System.IO; using System.Threading; using System.Threading.Tasks;\n";

    [Fact]
    public void Is_info_and_off_by_default()
    {
        Assert.False(AG0504NeedlessAsyncAnalyzer.Rule.IsEnabledByDefault);
        Assert.Equal(DiagnosticSeverity.Info, AG0504NeedlessAsyncAnalyzer.Rule.DefaultSeverity);
    }

    [Fact]
    public async Task Silent_without_the_editorconfig_switch()
    {
        var diagnostics = await Infrastructure.RobustnessRunner.RunAsync(new AG0504NeedlessAsyncAnalyzer(), Usings + "public class C { Task<int> F() => Task.FromResult(1); public async Task<int> G() => await F(); }");
        Assert.Empty(diagnostics);
    }

    [Fact]
    public Task Flags_a_tail_await_of_the_returned_type() => V.Diagnostics(Usings + """
        public class C
        {
            Task<int> F() => Task.FromResult(1);
            Task Run() => Task.CompletedTask;
            ValueTask<string> V() => new ValueTask<string>("");
            public {|AG0504:async|} Task<int> Arrow() => await F();
            public {|AG0504:async|} Task<int> Block(int x)
            {
                if (x < 0) throw new ArgumentOutOfRangeException(nameof(x));
                var y = x + 1;
                return await F();
            }
            {|AG0504:async|} Task Last()
            {
                Console.WriteLine();
                await Run();
            }
            static {|AG0504:async|} Task<int> Configured(C c) => await c.F().ConfigureAwait(false);
            {|AG0504:async|} Task<int> Parenthesized() { return (await (F())); }
            {|AG0504:async|} ValueTask<string> Value() => await V();
            {|AG0504:async|} Task Plain() => await Task.Delay(1);
            void Outer()
            {
                {|AG0504:async|} Task<int> Local() => await F();
                Func<Task<int>> lambda = async () => await F();
            }
            {|AG0504:async|} Task<int> NestedFunctionsAwaitForThemselves()
            {
                Func<Task> f = async () => { await Task.Delay(1); };
                return await F();
            }
        }
        """);

    [Fact]
    public Task Silent_where_the_await_changes_the_meaning() => V.Diagnostics("#pragma warning disable CS1998\n" + Usings + """
        public class C
        {
            Task<int> F() => Task.FromResult(1);
            Task<string> S() => Task.FromResult("");
            Task Run() => Task.CompletedTask;
            Task<int>? Maybe() => null;
            C? Other;
            async Task<int> InTry() { try { return await F(); } catch { return 0; } }
            async Task<int> InUsing() { using (new MemoryStream()) { return await F(); } }
            async Task<int> UsingDeclaration() { using var s = new MemoryStream(); return await F(); }
            async Task<int> TwoAwaits() { await Run(); return await F(); }
            async Task<int> AwaitInArgument() => await Task.FromResult(await F());
            async Task<int> OtherReturn(bool b) { if (b) return 1; return await F(); }
            async Task<int> NotLast(bool b) { if (b) { return await F(); } return 0; }
            async Task<object> Converted() => await S();
            async Task Discarded() => await F();
            async Task<long> Widened() => await F();
            async Task<int> OptionsConfigured() { await Run().ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing); return 1; }
            async Task Suppressed() => await Run().ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            async Task<int> NullConditional() => await Other?.F()!;
            async Task<int?> Nullable() => await Maybe()!;
            async void Fire() => await Run();
            async Task AwaitForeach(System.Collections.Generic.IAsyncEnumerable<int> xs) { await foreach (var x in xs) { } await Run(); }
            Task<int> NotAsync() => F();
            async Task<int> NoAwait() => 1;
        }
        """);

    [Fact]
    public Task Half_typed_code_is_silent() => V.Diagnostics(Usings + """
        public class C
        {
            async Task<int> A() => await {|CS0103:Undefined|}();
            async Task<int> B() { return await {|CS1525:;|} }{|CS1513:|}
        """);

    [Fact]
    public Task Fix_removes_async_and_await() => V.Fix<AG0504NeedlessAsyncCodeFixProvider>(Usings + """
        public class C
        {
            Task<int> F() => Task.FromResult(1);
            Task Run() => Task.CompletedTask;

            /// <summary>Docs stay.</summary>
            {|AG0504:async|} Task<int> Arrow() => await F();

            public {|AG0504:async|} Task<int> Block(int x)
            {
                if (x < 0) throw new ArgumentOutOfRangeException(nameof(x));
                return await F().ConfigureAwait(false); // the result
            }

            {|AG0504:async|} Task Last()
            {
                Console.WriteLine();
                await Run();
            }

            void Outer()
            {
                static {|AG0504:async|} Task<int> Local(C c) => await (c.F());
            }
        }
        """, Usings + """
        public class C
        {
            Task<int> F() => Task.FromResult(1);
            Task Run() => Task.CompletedTask;

            /// <summary>Docs stay.</summary>
            Task<int> Arrow() => F();

            public Task<int> Block(int x)
            {
                if (x < 0) throw new ArgumentOutOfRangeException(nameof(x));
                return F(); // the result
            }

            Task Last()
            {
                Console.WriteLine();
                return Run();
            }

            void Outer()
            {
                static Task<int> Local(C c) => c.F();
            }
        }
        """);

    [Fact]
    public Task Fix_all_fixes_nested_functions_together() => V.Fix<AG0504NeedlessAsyncCodeFixProvider>(Usings + """
        public class C
        {
            Task<int> F() => Task.FromResult(1);
            {|AG0504:async|} Task<int> Outer()
            {
                {|AG0504:async|} Task<int> Inner() => await F();
                return await Inner();
            }
        }
        """, Usings + """
        public class C
        {
            Task<int> F() => Task.FromResult(1);
            Task<int> Outer()
            {
                Task<int> Inner() => F();
                return Inner();
            }
        }
        """);
}
