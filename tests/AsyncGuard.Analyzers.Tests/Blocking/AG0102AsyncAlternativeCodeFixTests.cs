using AsyncGuard.CodeFixes.Blocking;
using Xunit;
using VerifyAG0102 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0102AsyncAlternativeAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Blocking;

public sealed class AG0102AsyncAlternativeCodeFixTests
{
    private const string Usings = "using System; using System.IO; using System.Threading; using System.Threading.Tasks;\n";

    private static Task Fix(string before, string after) =>
        VerifyAG0102.Fix<AG0102AsyncAlternativeCodeFixProvider>(Usings + before, Usings + after);

    private static string InAsyncMethod(string body, string parameters = "string p, StreamReader reader, FileStream fs, CancellationToken ct") => $$"""
        class C
        {
            async Task M({{parameters}})
            {
                await Task.Yield();
                {{body}}
            }
        }
        """;

    [Theory]
    [InlineData("var s = {|AG0102:File.ReadAllText(p)|};", "var s = await File.ReadAllTextAsync(p, ct);")]
    [InlineData("var n = {|AG0102:reader.ReadLine()|}!.Length;", "var n = (await reader.ReadLineAsync(ct))!.Length;")]
    [InlineData("var n = {|AG0102:fs.Read(new byte[4], 0, 4)|} + 1;", "var n = await fs.ReadAsync(new byte[4], 0, 4, ct) + 1;")]
    [InlineData("{|AG0102:Thread.Sleep(100)|};", "await Task.Delay(100, ct);")]
    [InlineData("{|AG0102:using|} (var f = File.OpenWrite(p)) { }", "await using (var f = File.OpenWrite(p)) { }")]
    [InlineData("// keep\n        {|AG0102:using|} var w = new StreamWriter(File.OpenWrite(p));", "// keep\n        await using var w = new StreamWriter(File.OpenWrite(p));")]
    [InlineData("Console.WriteLine(/* a */ {|AG0102:File.ReadAllText(p)|} /* b */);", "Console.WriteLine(/* a */ await File.ReadAllTextAsync(p, ct) /* b */);")]
    public Task Awaits_the_alternative_forwarding_the_token(string before, string after) =>
        Fix(InAsyncMethod(before), InAsyncMethod(after));

    [Theory]
    [InlineData("var s = {|AG0102:File.ReadAllText(p)|};", "var s = await File.ReadAllTextAsync(p);")]
    [InlineData("{|AG0102:Thread.Sleep(TimeSpan.Zero)|};", "await Task.Delay(TimeSpan.Zero);")]
    [InlineData("{|AG0102:File.WriteAllText(path: p, contents: \"x\")|};", "await File.WriteAllTextAsync(path: p, contents: \"x\");")]
    public Task Awaits_the_alternative_without_a_token_in_scope(string before, string after) =>
        Fix(InAsyncMethod(before, "string p"), InAsyncMethod(after, "string p"));

    [Fact]
    public Task Makes_the_function_async_and_keeps_generic_and_extension_calls() => Fix("""
        public class Repo
        {
            public T Load<T>() => default!;
            public Task<T> LoadAsync<T>() => Task.FromResult(default(T)!);
        }

        public static class RepoExtensions
        {
            public static void Publish(this Repo r) { }
            public static Task PublishAsync(this Repo r) => Task.CompletedTask;
        }

        class C
        {
            Task<string> Read(string p) => Task.FromResult({|AG0102:File.ReadAllText(p)|});

            Task Run(Repo r)
            {
                var x = {|AG0102:r.Load<int>()|};
                {|AG0102:r.Publish()|};
                return Task.CompletedTask;
            }
        }
        """, """
        public class Repo
        {
            public T Load<T>() => default!;
            public Task<T> LoadAsync<T>() => Task.FromResult(default(T)!);
        }

        public static class RepoExtensions
        {
            public static void Publish(this Repo r) { }
            public static Task PublishAsync(this Repo r) => Task.CompletedTask;
        }

        class C
        {
            async Task<string> Read(string p) => await File.ReadAllTextAsync(p);

            async Task Run(Repo r)
            {
                var x = await r.LoadAsync<int>();
                await r.PublishAsync();
            }
        }
        """);

    [Fact]
    public Task Forwards_the_token_of_an_enclosing_function_into_an_async_lambda() => Fix("""
        class C
        {
            void M(string p, CancellationToken cancellationToken)
            {
                Func<Task> f = async () => {|AG0102:File.ReadAllText(p)|};
            }
        }
        """, """
        class C
        {
            void M(string p, CancellationToken cancellationToken)
            {
                Func<Task> f = async () => await File.ReadAllTextAsync(p, cancellationToken);
            }
        }
        """);

    [Fact]
    public Task Top_level_statements() =>
        VerifyAG0102.Fix<AG0102AsyncAlternativeCodeFixProvider>(Usings + """
            {|AG0102:Thread.Sleep(1)|};
            Console.WriteLine({|AG0102:File.ReadAllText("a")|}.Length);
            await Task.Yield();
            """, Usings + """
            await Task.Delay(1);
            Console.WriteLine((await File.ReadAllTextAsync("a")).Length);
            await Task.Yield();
            """, outputKind: Microsoft.CodeAnalysis.OutputKind.ConsoleApplication);

    [Fact]
    public Task Offers_no_fix_where_await_is_not_allowed() =>
        VerifyAG0102.NoFix<AG0102AsyncAlternativeCodeFixProvider>(Usings + """
            using System.Linq;
            class C
            {
                async Task M(string[] paths)
                {
                    await Task.Yield();
                    var lengths = from p in paths let t = {|AG0102:File.ReadAllText(p)|} select t.Length;
                }
            }
            """);
}
