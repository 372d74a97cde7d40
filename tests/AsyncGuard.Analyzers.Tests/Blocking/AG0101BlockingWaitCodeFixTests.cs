using AsyncGuard.CodeFixes.Blocking;
using Microsoft.CodeAnalysis;
using Xunit;
using VerifyAG0101 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0101BlockingWaitAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Blocking;

public sealed class AG0101BlockingWaitCodeFixTests
{
    private const string Usings = "using System; using System.Threading; using System.Threading.Tasks;\n";

    private static Task Fix(string before, string after, string? batch = null) =>
        VerifyAG0101.Fix<AG0101BlockingWaitCodeFixProvider>(Usings + before, Usings + after, batch is null ? null : Usings + batch);

    private static string InAsyncMethod(string body) => $$"""
        class C
        {
            async Task M(Task<string> t, Task w, CancellationToken ct)
            {
                await Task.Yield();
                {{body}}
            }
        }
        """;

    [Theory]
    [InlineData("var s = {|AG0101:t.Result|};", "var s = await t;")]
    [InlineData("var n = {|AG0101:t.Result|}.Length;", "var n = (await t).Length;")]
    [InlineData("var n = {|AG0101:t.GetAwaiter().GetResult()|}.Length;", "var n = (await t).Length;")]
    [InlineData("var s = {|AG0101:t.ConfigureAwait(false).GetAwaiter().GetResult()|};", "var s = await t.ConfigureAwait(false);")]
    [InlineData("{|AG0101:w.Wait()|};", "await w;")]
    [InlineData("{|AG0101:w.Wait(ct)|};", "await w.WaitAsync(ct);")]
    [InlineData("{|AG0101:w.Wait(TimeSpan.FromSeconds(1))|};", "await w.WaitAsync(TimeSpan.FromSeconds(1));")]
    [InlineData("{|AG0101:w.Wait(100, ct)|};", "await w.WaitAsync(TimeSpan.FromMilliseconds(100), ct);")]
    [InlineData("{|AG0101:Task.WaitAll(w, t)|};", "await Task.WhenAll(w, t);")]
    [InlineData("{|AG0101:Task.WaitAll(new[] { w }, ct)|};", "await Task.WhenAll(new[] { w }).WaitAsync(ct);")]
    [InlineData("{|AG0101:Task.WaitAny(w, t)|};", "await Task.WhenAny(w, t);")]
    [InlineData("int i = {|AG0101:Task.WaitAny(w, t)|};", "int i = Array.IndexOf(new Task[] { w, t }, await Task.WhenAny(w, t));")]
    [InlineData("var s = ({|AG0101:t.Result|} + \"x\").Trim();", "var s = (await t + \"x\").Trim();")]
    [InlineData("Console.WriteLine(/* keep */ {|AG0101:t.Result|} /* me */);", "Console.WriteLine(/* keep */ await t /* me */);")]
    public Task Replaces_the_wait_with_await(string before, string after) => Fix(InAsyncMethod(before), InAsyncMethod(after));

    [Fact]
    public Task Keeps_the_index_of_WaitAny_over_an_array() => Fix("""
        class C
        {
            async Task<int> M(Task[] all)
            {
                await Task.Yield();
                return {|AG0101:Task.WaitAny(all)|};
            }
        }
        """, """
        class C
        {
            async Task<int> M(Task[] all)
            {
                await Task.Yield();
                return Array.IndexOf(all, await Task.WhenAny(all));
            }
        }
        """);

    [Fact]
    public Task Keeps_line_breaks_of_a_fluent_chain() => Fix("""
        class C
        {
            Task<string> Load() => Task.FromResult(" a ");

            async Task<string> M()
            {
                await Task.Yield();
                return {|AG0101:Load()
                    .Result|}
                    .Trim();
            }
        }
        """, """
        class C
        {
            Task<string> Load() => Task.FromResult(" a ");

            async Task<string> M()
            {
                await Task.Yield();
                return (await Load())
                    .Trim();
            }
        }
        """);

    [Fact]
    public Task Makes_a_Task_returning_method_async_and_rewrites_its_returns() => Fix("""
        class C
        {
            Task Delay() => Task.Delay(1);

            public Task<int> Count(Task<string> t, bool flag)
            {
                if (flag)
                {
                    return Task.FromResult({|AG0101:t.Result|}.Length);
                }

                return Task.FromResult(0);
            }

            public Task Run(Task w, bool flag)
            {
                {|AG0101:w.Wait()|};
                if (flag)
                    return Delay();
                if (!flag)
                {
                    return Task.CompletedTask;
                }

                return Delay();
            }
        }
        """, """
        class C
        {
            Task Delay() => Task.Delay(1);

            public async Task<int> Count(Task<string> t, bool flag)
            {
                if (flag)
                {
                    return (await t).Length;
                }

                return 0;
            }

            public async Task Run(Task w, bool flag)
            {
                await w;
                if (flag)
                {
                    await Delay();
                    return;
                }
                if (!flag)
                {
                    return;
                }

                await Delay();
            }
        }
        """);

    [Fact]
    public Task A_return_inside_a_nested_block_becomes_await_then_return_with_the_file_line_endings() => Fix("""
        class C
        {
            Task Delay() => Task.Delay(1);

            public Task Loop(Task w, bool flag)
            {
                {|AG0101:w.Wait()|};
                while (flag)
                {
                    return Delay();
                }
                return Task.CompletedTask;
            }
        }
        """, """
        class C
        {
            Task Delay() => Task.Delay(1);

            public async Task Loop(Task w, bool flag)
            {
                await w;
                while (flag)
                {
                    await Delay();
                    return;
                }
            }
        }
        """);

    [Fact]
    public Task Makes_expression_bodies_lambdas_and_local_functions_async() => Fix("""
        class C
        {
            Task<int> A(Task<int> t) => Task.FromResult({|AG0101:t.Result|});

            ValueTask<int> B(ValueTask<int> v) => new ValueTask<int>({|AG0101:v.Result|} + 1);

            void D(Task<int> t)
            {
                Func<Task<int>> f = () => Task.FromResult({|AG0101:t.Result|});
                Func<Task> g = () => { {|AG0101:t.Wait()|}; return Task.CompletedTask; };
                Task<int> Local() => Task.FromResult({|AG0101:t.Result|});
                static Task<int> Static(Task<int> u)
                {
                    return Task.FromResult({|AG0101:u.Result|});
                }
            }
        }
        """, """
        class C
        {
            async Task<int> A(Task<int> t) => await t;

            async ValueTask<int> B(ValueTask<int> v) => await v + 1;

            void D(Task<int> t)
            {
                Func<Task<int>> f = async () => await t;
                Func<Task> g = async () => { await t; };
                async Task<int> Local() => await t;
                static async Task<int> Static(Task<int> u)
                {
                    return await u;
                }
            }
        }
        """);

    [Fact]
    public Task Fix_all_rewrites_every_wait_of_a_function_once() => Fix("""
        class C
        {
            Task<int> Sum(Task<int> a, Task<int> b, Task<int> c)
            {
                var x = {|AG0101:a.Result|};
                var y = {|AG0101:b.GetAwaiter().GetResult()|};
                return Task.FromResult(x + y + {|AG0101:c.Result|});
            }
        }
        """, """
        class C
        {
            async Task<int> Sum(Task<int> a, Task<int> b, Task<int> c)
            {
                var x = await a;
                var y = await b;
                return x + y + await c;
            }
        }
        """);

    [Fact]
    public Task Top_level_statements_need_no_signature_change() =>
        VerifyAG0101.Fix<AG0101BlockingWaitCodeFixProvider>(Usings + """
            var t = Task.FromResult("x");
            Console.WriteLine({|AG0101:t.Result|}.Length);
            """, Usings + """
            var t = Task.FromResult("x");
            Console.WriteLine((await t).Length);
            """, outputKind: OutputKind.ConsoleApplication);

    [Theory]
    [InlineData("if ({|AG0101:w.Wait(100)|}) { }")]
    [InlineData("var done = {|AG0101:w.Wait(TimeSpan.Zero)|};")]
    [InlineData("lock (this) { {|AG0101:w.Wait()|}; }")]
    [InlineData("var n = t?{|AG0101:.Result|};")]
    [InlineData("var awaiter = t.GetAwaiter(); var s = {|AG0101:awaiter.GetResult()|};")]
    public Task Offers_no_fix_where_the_meaning_would_change_or_await_is_not_allowed(string body) =>
        VerifyAG0101.NoFix<AG0101BlockingWaitCodeFixProvider>(Usings + InAsyncMethod(body));

    [Fact]
    public Task Offers_no_fix_where_the_function_cannot_become_async() =>
        VerifyAG0101.NoFix<AG0101BlockingWaitCodeFixProvider>(Usings + """
            using System.Collections.Generic;
            class C
            {
                Task M(Task t, out int x) { x = 0; {|AG0101:t.Wait()|}; return Task.CompletedTask; }
                IAsyncEnumerable<int> N(Task<IAsyncEnumerable<int>> t) => {|AG0101:t.Result|};
            }
            """);
}
