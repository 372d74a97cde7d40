using AsyncGuard.Analyzers.TaskLifetime;
using AsyncGuard.Analyzers.Tests.Infrastructure;
using AsyncGuard.CodeFixes.TaskLifetime;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using VerifyAG0214 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.TaskLifetime.AG0214DeferredTasksEnumeratedTwiceAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.TaskLifetime;

public sealed class AG0214DeferredTasksEnumeratedTwiceTests
{
    private const string Usings = "using System; using System.Collections.Generic; using System.Linq; using System.Threading.Tasks;\n";

    private static string InMethod(string body) => Usings + $$"""
        class C
        {
            Task<int> DoAsync(int i) => Task.FromResult(i);
            ValueTask RunAsync(int i) => default;
            async Task M(int[] items, bool flag, int n)
            {
                {{body}}
            }
        }
        """;

    [Theory]
    [InlineData("var tasks = items.Select(i => DoAsync(i)); await Task.WhenAll(tasks); foreach (var t in {|AG0214:tasks|}) Console.WriteLine(await t);")]
    [InlineData("var tasks = items.Select(DoAsync); await Task.WhenAll(tasks); var count = {|AG0214:tasks|}.Count();")]
    [InlineData("var tasks = items.Where(i => i > 0).Select(i => DoAsync(i)).Take(3); await Task.WhenAny(tasks); await Task.WhenAll({|AG0214:tasks|});")]
    [InlineData("IEnumerable<Task> tasks = items.Select(i => (Task)DoAsync(i)); await Task.WhenAll(tasks); var list = {|AG0214:tasks|}.ToList();")]
    [InlineData("var tasks = from i in items where i > 1 select DoAsync(i); var results = await Task.WhenAll(tasks); Console.WriteLine({|AG0214:tasks|}.First().Result);")]
    [InlineData("var tasks = items.Select(i => RunAsync(i)); foreach (var t in tasks) await t; foreach (var t in {|AG0214:tasks|}) await t;")]
    [InlineData("var tasks = Enumerable.Range(0, n).Select(i => Task.Run(() => i)).Where(t => t != null); await Task.WhenAll(tasks); if (flag) { Console.WriteLine(string.Join(\",\", {|AG0214:tasks|})); }")]
    [InlineData("var tasks = items.SelectMany(i => new[] { DoAsync(i), DoAsync(-i) }); var all = Task.WhenAll(tasks); var copy = new List<Task<int>>({|AG0214:tasks|}); await all;")]
    public Task Flags_a_deferred_query_of_tasks_enumerated_twice(string body) =>
        VerifyAG0214.Diagnostics(InMethod(body));

    [Fact]
    public Task Points_at_the_first_enumeration_too()
    {
        var test = new Verifiers.AnalyzerTest<AG0214DeferredTasksEnumeratedTwiceAnalyzer> { TestCode = InMethod("""
            var tasks = items.Select(i => DoAsync(i));
                    await Task.WhenAll({|#1:tasks|});
                    var sum = {|#0:tasks|}.Sum(t => t.Result);
            """) };
        test.ExpectedDiagnostics.Add(new DiagnosticResult(AG0214DeferredTasksEnumeratedTwiceAnalyzer.Rule).WithLocation(0).WithLocation(1).WithArguments("tasks"));
        return test.RunAsync();
    }

    [Theory]
    [InlineData("var tasks = items.Select(i => DoAsync(i)).ToArray(); await Task.WhenAll(tasks); foreach (var t in tasks) Console.WriteLine(t.Result);")]
    [InlineData("var tasks = items.Select(i => DoAsync(i)).ToList(); await Task.WhenAll(tasks); Console.WriteLine(tasks.Count());")]
    [InlineData("var tasks = items.Select(i => DoAsync(i)); await Task.WhenAll(tasks);")]
    [InlineData("var tasks = items.Select(i => DoAsync(i)); var filtered = tasks.Where(t => t != null); await Task.WhenAll(filtered);")]
    [InlineData("var tasks = items.Select(i => DoAsync(i)); await Task.WhenAll(tasks); tasks = items.Select(i => DoAsync(-i)); await Task.WhenAll(tasks);")]
    [InlineData("var tasks = items.Select(i => DoAsync(i)); if (flag) await Task.WhenAll(tasks); else await Task.WhenAny(tasks);")]
    [InlineData("var tasks = items.Select(i => DoAsync(i)); if (flag) { await Task.WhenAll(tasks); return; } foreach (var t in tasks) await t;")]
    [InlineData("var tasks = items.Select(i => DoAsync(i)); var r = flag ? Task.WhenAll(tasks) : Task.WhenAny(tasks).ContinueWith(t => new int[0]); await r;")]
    [InlineData("var tasks = items.Select(i => DoAsync(i)); switch (n) { case 1: await Task.WhenAll(tasks); break; default: await Task.WhenAny(tasks); break; }")]
    [InlineData("var numbers = items.Select(i => i * 2); Console.WriteLine(numbers.Count()); Console.WriteLine(numbers.Sum());")]
    [InlineData("var pending = new List<Task<int>> { DoAsync(1) }; var tasks = pending.Where(t => !t.IsCompleted); await Task.WhenAll(tasks); Console.WriteLine(tasks.Count());")]
    [InlineData("var tasks = items.Select(i => DoAsync(i)); Func<Task> f = () => Task.WhenAll(tasks); await f(); await Task.WhenAll(tasks);")]
    [InlineData("var tasks = items.Select(i => DoAsync(i)); await Task.WhenAll(tasks); Console.WriteLine(tasks);")]
    public Task Silent_when_materialised_enumerated_once_reassigned_or_on_exclusive_paths(string body) =>
        VerifyAG0214.NoDiagnostics(InMethod(body));

    [Theory]
    [InlineData("class C { async Task M(int[] items) { var tasks = items.Select(i => Missing(i)); await Task.WhenAll(tasks); foreach (var t in tasks) { } } }")]
    [InlineData("class C { async Task M(int[] items) { var tasks = items.Select(i => Task.FromResult(i)); await Task.WhenAll(tasks; tasks.Count( } }")]
    [InlineData("class C { async Task M(Missing items) { var tasks = items.Select(i => Task.FromResult(i)); await Task.WhenAll(tasks); tasks.Count(); } }")]
    [InlineData("var tasks = new[] { 1 }.Select(i => Task.FromResult(i)); await Task.WhenAll(tasks); await Task.WhenAll(tasks); var = ;")]
    public async Task Half_typed_code_does_not_crash(string source)
    {
        var diagnostics = await RobustnessRunner.RunAsync(new AG0214DeferredTasksEnumeratedTwiceAnalyzer(), Usings + source);
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
    }

    [Theory]
    [InlineData(
        "var tasks = items.Select(i => DoAsync(i)); await Task.WhenAll(tasks); foreach (var t in {|AG0214:tasks|}) Console.WriteLine(await t);",
        "var tasks = items.Select(i => DoAsync(i)).ToArray(); await Task.WhenAll(tasks); foreach (var t in tasks) Console.WriteLine(await t);")]
    [InlineData(
        "IEnumerable<Task<int>> tasks = items.Select(DoAsync); await Task.WhenAll(tasks); var c = {|AG0214:tasks|}.Count();",
        "IEnumerable<Task<int>> tasks = items.Select(DoAsync).ToArray(); await Task.WhenAll(tasks); var c = tasks.Count();")]
    [InlineData(
        "var tasks = from i in items select DoAsync(i); await Task.WhenAll(tasks); await Task.WhenAll({|AG0214:tasks|});",
        "var tasks = (from i in items select DoAsync(i)).ToArray(); await Task.WhenAll(tasks); await Task.WhenAll(tasks);")]
    public Task Materialises_at_the_declaration(string before, string after) =>
        VerifyAG0214.Fix<AG0214DeferredTasksEnumeratedTwiceCodeFixProvider>(InMethod(before), InMethod(after));

    [Fact]
    public Task Fixes_all_in_one_pass() => VerifyAG0214.Fix<AG0214DeferredTasksEnumeratedTwiceCodeFixProvider>(
        InMethod("""
            var tasks = items.Select(i => DoAsync(i));
                    await Task.WhenAll(tasks);
                    Console.WriteLine({|AG0214:tasks|}.Count());
                    var more = items.Select(i => RunAsync(i));
                    foreach (var t in more) await t;
                    foreach (var t in {|AG0214:more|}) await t;
            """),
        InMethod("""
            var tasks = items.Select(i => DoAsync(i)).ToArray();
                    await Task.WhenAll(tasks);
                    Console.WriteLine(tasks.Count());
                    var more = items.Select(i => RunAsync(i)).ToArray();
                    foreach (var t in more) await t;
                    foreach (var t in more) await t;
            """));

    [Theory]
    [InlineData("var tasks = items.Select(i => DoAsync(i)); await Task.WhenAll(tasks); await Task.WhenAll({|AG0214:tasks|}); if (flag) tasks = Enumerable.Empty<Task<int>>();")]
    [InlineData("IOrderedEnumerable<Task<int>> tasks = items.Select(i => DoAsync(i)).OrderBy(t => t.Id); await Task.WhenAll(tasks); await Task.WhenAll({|AG0214:tasks|});")]
    public Task Offers_no_fix_where_an_array_would_not_compile(string body) =>
        VerifyAG0214.NoFix<AG0214DeferredTasksEnumeratedTwiceCodeFixProvider>(InMethod(body));
}
