using AsyncGuard.Analyzers.Cancellation;
using AsyncGuard.Analyzers.Tests.Verifiers;
using AsyncGuard.CodeFixes.Cancellation;
using Microsoft.CodeAnalysis;
using Xunit;
using VerifyAG0301 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Cancellation.AG0301ForwardTokenAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Cancellation;

public sealed class AG0301ForwardTokenCodeFixTests
{
    private const string Usings = "using System; using System.IO; using System.Linq; using System.Threading; using System.Threading.Tasks;\n";

    private static Task Fix(string before, string after, string? batch = null, OutputKind outputKind = OutputKind.DynamicallyLinkedLibrary) =>
        VerifyAG0301.Fix<AG0301ForwardTokenCodeFixProvider>(Usings + before, Usings + after, batch is null ? null : Usings + batch, outputKind);

    private static string InMethod(string body) => $$"""
        class Api
        {
            public Task Optional(string s, int x = 0, CancellationToken ct = default) => Task.CompletedTask;
            public Task Middle(int a, int b) => Task.CompletedTask;
            public Task Middle(int a, CancellationToken ct, int b) => Task.CompletedTask;
        }
        class C
        {
            async Task M(Api api, Stream s, byte[] buffer, CancellationToken ct)
            {
                {{body}}
            }
        }
        """;

    [Theory]
    [InlineData("await Task.{|AG0301:Delay|}(100);", "await Task.Delay(100, ct);")]
    [InlineData("await Task.{|AG0301:Delay|}(100 /* ms */);", "await Task.Delay(100 /* ms */, ct);")]
    [InlineData("await File.{|AG0301:ReadAllTextAsync|}(\"a\");", "await File.ReadAllTextAsync(\"a\", ct);")]
    [InlineData("await s.{|AG0301:ReadAsync|}(buffer, 0, 1);", "await s.ReadAsync(buffer, 0, 1, ct);")]
    [InlineData("await (s?.{|AG0301:ReadAsync|}(buffer, 0, 1) ?? Task.FromResult(0));", "await (s?.ReadAsync(buffer, 0, 1, ct) ?? Task.FromResult(0));")]
    [InlineData("Stream[]? all = new[] { s }; await (all?.Single().{|AG0301:ReadAsync|}(buffer, 0, 1) ?? Task.FromResult(0));", "Stream[]? all = new[] { s }; await (all?.Single().ReadAsync(buffer, 0, 1, ct) ?? Task.FromResult(0));")]
    [InlineData("await api.{|AG0301:Optional|}(\"a\");", "await api.Optional(\"a\", ct: ct);")]
    [InlineData("await api.{|AG0301:Optional|}(s: \"a\", x: 1);", "await api.Optional(s: \"a\", x: 1, ct: ct);")]
    [InlineData("await api.{|AG0301:Middle|}(1, 2);", "await api.Middle(1, ct, 2);")]
    [InlineData("await File.{|AG0301:WriteAllTextAsync|}(\"a\", \"b\");", "await File.WriteAllTextAsync(\"a\", \"b\", ct);")]
    [InlineData("var line = await new StreamReader(s).{|AG0301:ReadLineAsync|}();", "var line = await new StreamReader(s).ReadLineAsync(ct);")]
    public Task Passes_the_token(string before, string after) => Fix(InMethod(before), InMethod(after));

    [Fact]
    public Task Fix_All_composes_nested_calls() => Fix("""
        class C
        {
            Task<int> Inner(CancellationToken ct = default) => Task.FromResult(1);
            Task Outer(int x, CancellationToken ct = default) => Task.CompletedTask;
            async Task M(CancellationToken ct)
            {
                await {|AG0301:Outer|}(await {|AG0301:Inner|}());
                await Task.{|AG0301:Delay|}(1);
            }
        }
        """, """
        class C
        {
            Task<int> Inner(CancellationToken ct = default) => Task.FromResult(1);
            Task Outer(int x, CancellationToken ct = default) => Task.CompletedTask;
            async Task M(CancellationToken ct)
            {
                await Outer(await Inner(ct), ct);
                await Task.Delay(1, ct);
            }
        }
        """);

    [Fact]
    public Task Top_level_statements() => Fix("""
        using var cts = new CancellationTokenSource();
        await Task.{|AG0301:Delay|}(1);
        """, """
        using var cts = new CancellationTokenSource();
        await Task.Delay(1, cts.Token);
        """, outputKind: OutputKind.ConsoleApplication);

    [Fact]
    public Task One_fix_per_token_the_second_one_on_request()
    {
        const string before = """
            class C
            {
                private readonly CancellationToken _stopping;
                async Task M(CancellationToken ct)
                {
                    await Task.{|AG0301:Delay|}(1);
                    await Task.{|AG0301:Delay|}(2);
                    await Task.Delay(3, _stopping);
                }
            }
            """;
        const string after = """
            class C
            {
                private readonly CancellationToken _stopping;
                async Task M(CancellationToken ct)
                {
                    await Task.Delay(1, _stopping);
                    await Task.Delay(2, _stopping);
                    await Task.Delay(3, _stopping);
                }
            }
            """;
        var test = new CodeFixTest<AG0301ForwardTokenAnalyzer, AG0301ForwardTokenCodeFixProvider>
        {
            TestCode = Usings + before,
            FixedCode = Usings + after,
            CodeActionIndex = 1,
            CodeActionEquivalenceKey = "AG0301:1",
        };
        return test.RunAsync();
    }

    [Fact]
    public Task Nearest_first_lambda_token_over_the_method_token() => Fix("""
        class C
        {
            void M(CancellationToken outer)
            {
                Func<CancellationToken, Task> f = inner => Task.{|AG0301:Delay|}(1);
            }
        }
        """, """
        class C
        {
            void M(CancellationToken outer)
            {
                Func<CancellationToken, Task> f = inner => Task.Delay(1, inner);
            }
        }
        """);

    [Fact]
    public Task Explicit_none_replaced_when_the_option_reports_it()
    {
        var test = new CodeFixTest<AG0301ForwardTokenAnalyzer, AG0301ForwardTokenCodeFixProvider>
        {
            TestCode = Usings + InMethod("await Task.Delay(1, /* none */ {|AG0301:default|}); await Task.Delay(2, {|AG0301:CancellationToken.None|});"),
            FixedCode = Usings + InMethod("await Task.Delay(1, /* none */ ct); await Task.Delay(2, ct);"),
        };
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*.cs]\ndotnet_diagnostic.AG0301.report_explicit_none = true\n"));
        test.FixedState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*.cs]\ndotnet_diagnostic.AG0301.report_explicit_none = true\n"));
        return test.RunAsync();
    }

    [Fact]
    public Task Qualifies_a_hidden_field_and_reads_a_nullable_token() => Fix("""
        class C
        {
            private CancellationToken _token;
            Task A(int _token) { _ = this._token.Register(() => { }); return Task.{|AG0301:Delay|}(_token); }
            Task B(CancellationToken? maybe) => Task.{|AG0301:Delay|}(1);
        }
        """, """
        class C
        {
            private CancellationToken _token;
            Task A(int _token) { _ = this._token.Register(() => { }); return Task.Delay(_token, this._token); }
            Task B(CancellationToken? maybe) => Task.Delay(1, maybe.GetValueOrDefault());
        }
        """);

    private const string Watcher = """
        class C
        {
            static Task<int> Download(CancellationTokenSource source) => Task.FromResult(0);

            async Task<int> Clip()
            {
                CancellationTokenSource? outer = null;
                try
                {
                    outer = new CancellationTokenSource();
                    var cts = outer;
                    Func<Task> watcher = async () =>
                    {
                        while (!cts.IsCancellationRequested)
                            await DELAY;
                    };
                    var watch = watcher();
                    return await Download(outer);
                }
                finally
                {
                    outer?.Dispose();
                    outer = null;
                }
            }
        }
        """;

    [Fact]
    public Task Passes_the_lambdas_own_copy_not_the_variable_reassigned_after_the_lambda() =>
        Fix(Watcher.Replace("DELAY", "Task.{|AG0301:Delay|}(500)"), Watcher.Replace("DELAY", "Task.Delay(500, cts.Token)"));
}
