using AsyncGuard.Analyzers.TaskLifetime;
using AsyncGuard.Analyzers.Tests.Infrastructure;
using AsyncGuard.Analyzers.Tests.Verifiers;
using AsyncGuard.CodeFixes.TaskLifetime;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using VerifyAG0211 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.TaskLifetime.AG0211AwaitNullConditionalAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.TaskLifetime;

public sealed class AG0211AwaitNullConditionalTests
{
    private const string Usings = "using System; using System.Collections.Generic; using System.Threading; using System.Threading.Tasks;\n";

    private const string Members = """
            class Client
            {
                public Task SendAsync() => Task.CompletedTask;
                public Task<int> CountAsync() => Task.FromResult(1);
                public Task<List<string>> NamesAsync() => Task.FromResult(new List<string>());
                public ValueTask PingAsync() => default;
                public Client Inner => this;
                public Client[] Items => new[] { this };
                public Func<Task> Callback => () => Task.CompletedTask;
                public Awaitable Custom() => new Awaitable();
            }

            class Awaitable
            {
                public System.Runtime.CompilerServices.TaskAwaiter GetAwaiter() => Task.CompletedTask.GetAwaiter();
            }
            """;

    [Theory]
    [InlineData("await {|AG0211:client?.SendAsync()|};")]
    [InlineData("var n = await {|AG0211:client?.CountAsync()|};")]
    [InlineData("await ({|AG0211:client?.SendAsync()|});")]
    [InlineData("await {|AG0211:client?.Inner.SendAsync()|};")]
    [InlineData("await {|AG0211:client?.Inner?.SendAsync()|};")]
    [InlineData("await {|AG0211:client?.Items[0].SendAsync()|};")]
    [InlineData("await {|AG0211:clients?[0].SendAsync()|};")]
    [InlineData("await {|AG0211:client?.Callback()|};")]
    [InlineData("await {|AG0211:client?.Custom()|};")]
    [InlineData("await {|AG0211:pending?.ContinueWith(_ => 1, TaskScheduler.Default)|};")]
    [InlineData("Func<Task> f = async () => await {|AG0211:client?.SendAsync()|};")]
    [InlineData("if ((await {|AG0211:client?.CountAsync()|}) > 0) { }")]
    [InlineData("using (await {|AG0211:client?.NamesAsync()|} as IDisposable) { }")]
    public Task Flags_awaiting_a_null_conditional_call(string statement) =>
        VerifyAG0211.Diagnostics(Usings + $$"""
            {{Members}}
            class C
            {
                async Task M(Client client, Client[] clients, Task pending)
                {
                    {{statement}}
                }
            }
            """);

    [Fact]
    public Task Flags_in_local_functions_and_suppressed_nullable_sites() =>
        VerifyAG0211.Diagnostics(Usings + $$"""
            {{Members}}
            class C
            {
                Client? client;
                async Task M()
                {
                    async Task Local() => await {|AG0211:client?.SendAsync()|};
                    await Local();
                }
            #nullable enable
                async Task N(Client? other)
                {
                    // `!` silences the compiler, not the exception.
                    await {|AG0211:other?.SendAsync()|}!;
                }
            #nullable restore
            }
            """);

    [Fact]
    public Task Silent_with_a_fallback_a_plain_call_a_value_task_or_no_await() =>
        VerifyAG0211.NoDiagnostics(Usings + $$"""
            {{Members}}
            class C
            {
                async Task M(Client client, Task? maybe)
                {
                    await (client?.SendAsync() ?? Task.CompletedTask);
                    await client.SendAsync();
                    await client!.SendAsync();
                    if (client != null) await client.SendAsync();
                    var t = client?.SendAsync();
                    _ = client?.SendAsync();
                    client?.SendAsync();
                    await client.Inner.SendAsync();
                    await (client?.Inner ?? client).SendAsync();
                    await Task.WhenAll(client?.SendAsync() ?? Task.CompletedTask);
                    await (maybe ?? Task.CompletedTask);
                    await client.PingAsync();
                }
            }
            """);

    /// <summary>Under nullable warnings the compiler's CS8602 reports the same site: AG0211 stays silent (one finding, one diagnostic).</summary>
    [Fact]
    public Task Silent_where_the_compiler_reports_CS8602()
    {
        var test = new Verifiers.AnalyzerTest<AG0211AwaitNullConditionalAnalyzer>
        {
            TestCode = Usings + $$"""
                {{Members}}
                #nullable enable
                class C
                {
                    async Task M(Client? client)
                    {
                        await {|CS8602:client?.SendAsync()|};
                    }
                }
                """,
            CompilerDiagnostics = CompilerDiagnostics.Warnings,
        };
        return test.RunAsync();
    }

    [Theory]
    [InlineData("class C { async Task M(Client c) { await c?.M().ConfigureAwait(false); } } class Client { public Task M() => Task.CompletedTask; }")]
    [InlineData("class C { async Task M(Client c) { await c?.PingAsync(); } } class Client { public ValueTask PingAsync() => default; }")]
    [InlineData("class C { async Task M(Client c) { await c?.; } }")]
    [InlineData("class C { async Task M(Missing c) { await c?.SendAsync(); } }")]
    [InlineData("class C { async Task M(Client c) { await c?.Missing(); } } class Client { }")]
    [InlineData("class C { void M(Client c) { await c?.M(); } } class Client { public Task M() => Task.CompletedTask; }")]
    public async Task Half_typed_code_does_not_crash_and_stays_silent(string source)
    {
        var diagnostics = await RobustnessRunner.RunAsync(new AG0211AwaitNullConditionalAnalyzer(), Usings + source);
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
        Assert.DoesNotContain(diagnostics, d => d.Id == "AG0211" && !source.Contains("void M"));
    }

    [Theory]
    [InlineData("await {|AG0211:client?.SendAsync()|};", "await (client?.SendAsync() ?? Task.CompletedTask);")]
    [InlineData("await ({|AG0211:client?.SendAsync()|});", "await (client?.SendAsync() ?? Task.CompletedTask);")]
    [InlineData("var n = await {|AG0211:client?.CountAsync()|};", "var n = await (client?.CountAsync() ?? Task.FromResult(default(int)));")]
    [InlineData("var names = await {|AG0211:client?.NamesAsync()|};", "var names = await (client?.NamesAsync() ?? Task.FromResult(default(List<string>)));")]
    [InlineData("await {|AG0211:client?.Inner?.SendAsync()|};", "await (client?.Inner?.SendAsync() ?? Task.CompletedTask);")]
    public Task Coalesces_with_a_completed_task(string before, string after) =>
        VerifyAG0211.Fix<AG0211AwaitNullConditionalCodeFixProvider>(Usings + InMethod(before), Usings + InMethod(after));

    [Fact]
    public Task Offers_no_coalesce_for_other_awaitables()
    {
        var test = new CodeFixTest<AG0211AwaitNullConditionalAnalyzer, AG0211AwaitNullConditionalCodeFixProvider>
        {
            TestCode = Usings + InMethod("await {|AG0211:client?.Custom()|};"),
            FixedCode = Usings + InMethod("await {|AG0211:client?.Custom()|};"),
            CodeActionEquivalenceKey = AG0211AwaitNullConditionalCodeFixProvider.CoalesceKey,
        };
        return test.RunAsync();
    }

    [Fact]
    public Task Other_awaitables_still_get_the_if() =>
        VerifyAG0211.Fix<AG0211AwaitNullConditionalCodeFixProvider>(
            Usings + InMethod("await {|AG0211:client?.Custom()|};"),
            Usings + InMethod("if (client is not null) await client.Custom();"));

    [Theory]
    [InlineData("await {|AG0211:client?.SendAsync()|};", "if (client is not null) await client.SendAsync();")]
    [InlineData("await {|AG0211:this.client?.SendAsync()|};", "if (this.client is not null) await this.client.SendAsync();")]
    [InlineData("await {|AG0211:client?.Inner.SendAsync()|};", "if (client is not null) await client.Inner.SendAsync();")]
    [InlineData("await {|AG0211:clients?[0].SendAsync()|};", "if (clients is not null) await clients[0].SendAsync();")]
    public Task Tests_for_null_with_the_second_action(string before, string after)
    {
        var test = new CodeFixTest<AG0211AwaitNullConditionalAnalyzer, AG0211AwaitNullConditionalCodeFixProvider>
        {
            TestCode = Usings + InMethod(before),
            FixedCode = Usings + InMethod(after),
            CodeActionEquivalenceKey = AG0211AwaitNullConditionalCodeFixProvider.IfKey,
            CodeActionIndex = 1,
        };
        return test.RunAsync();
    }

    [Theory]
    [InlineData("var n = await {|AG0211:client?.CountAsync()|};")]
    [InlineData("await {|AG0211:client?.Inner?.SendAsync()|};")]
    [InlineData("await {|AG0211:Get()?.SendAsync()|};")]
    public Task Offers_no_if_where_the_await_is_a_value_or_the_receiver_cannot_be_read_twice(string statement)
    {
        // Only the coalescing action (index 0) exists: asking for index 1 with the If key finds nothing to apply.
        var test = new CodeFixTest<AG0211AwaitNullConditionalAnalyzer, AG0211AwaitNullConditionalCodeFixProvider>
        {
            TestCode = Usings + InMethod(statement),
            FixedCode = Usings + InMethod(statement),
            CodeActionEquivalenceKey = AG0211AwaitNullConditionalCodeFixProvider.IfKey,
        };
        return test.RunAsync();
    }

    [Fact]
    public Task Fixes_all_in_one_pass() => VerifyAG0211.Fix<AG0211AwaitNullConditionalCodeFixProvider>(
        Usings + InMethod("""
            await {|AG0211:client?.SendAsync()|};
                    var n = await {|AG0211:client?.CountAsync()|} + await {|AG0211:client?.Inner.CountAsync()|};
            """),
        Usings + InMethod("""
            await (client?.SendAsync() ?? Task.CompletedTask);
                    var n = await (client?.CountAsync() ?? Task.FromResult(default(int))) + await (client?.Inner.CountAsync() ?? Task.FromResult(default(int)));
            """));

    [Fact]
    public async Task Fixes_the_compilers_CS8602_with_a_nullable_suppression_for_a_result()
    {
        var test = new CodeFixTest<AG0211AwaitNullConditionalAnalyzer, AG0211AwaitNullConditionalCodeFixProvider>
        {
            TestCode = Usings + Members + "\n#nullable enable\nclass C { async Task M(Client? c) { await {|CS8602:c?.SendAsync()|}; var names = await {|CS8602:c?.NamesAsync()|}; } }",
            FixedCode = Usings + Members + "\n#nullable enable\nclass C { async Task M(Client? c) { await (c?.SendAsync() ?? Task.CompletedTask); var names = await (c?.NamesAsync() ?? Task.FromResult(default(List<string>)!)); } }",
            CompilerDiagnostics = CompilerDiagnostics.Warnings,
        };
        await test.RunAsync();
    }

    private static string InMethod(string body) => $$"""
        {{Members}}
        class C
        {
            Client client = new Client();
            Client Get() => client;
            async Task M(Client[] clients)
            {
                {{body}}
            }
        }
        """;
}
