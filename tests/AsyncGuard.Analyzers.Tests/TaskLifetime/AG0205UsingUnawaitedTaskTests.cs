using AsyncGuard.Analyzers.TaskLifetime;
using AsyncGuard.Analyzers.Tests.Infrastructure;
using AsyncGuard.CodeFixes.TaskLifetime;
using Xunit;
using VerifyAG0205 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.TaskLifetime.AG0205UsingUnawaitedTaskAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.TaskLifetime;

public sealed class AG0205UsingUnawaitedTaskTests
{
    private const string Usings = "using System; using System.IO; using System.Threading.Tasks;\n";

    private const string Members = """
            static Task<Stream> OpenAsync() => Task.FromResult<Stream>(new MemoryStream());
            static Task<AsyncOnly> OpenAsyncOnly() => Task.FromResult(new AsyncOnly());
        """;

    private const string AsyncOnlyType = """
        sealed class AsyncOnly : IAsyncDisposable { public ValueTask DisposeAsync() => default; }
        """;

    [Theory]
    [InlineData("using ({|AG0205:OpenAsync()|}) { }")]
    [InlineData("using (var s = {|AG0205:OpenAsync()|}) { }")]
    [InlineData("using (Task<Stream> s = {|AG0205:OpenAsync()|}, t = {|AG0205:OpenAsync()|}) { }")]
    [InlineData("using var s = {|AG0205:OpenAsync()|};")]
    [InlineData("using var s = {|AG0205:Task.Run(() => new MemoryStream())|};")]
    [InlineData("using ({|AG0205:OpenAsyncOnly()|}) { }")]
    [InlineData("using ({|AG0205:(OpenAsync())|}) { }")]
    public Task Flags_using_on_a_task_of_a_disposable(string statement) =>
        VerifyAG0205.Diagnostics(Usings + $$"""
            class C
            {
            {{Members}}
                void M()
                {
                    {{statement}}
                }
                static Task<T> Generic<T>(Task<T> t) where T : IDisposable
                {
                    using ({|AG0205:t|}) { }
                    return t;
                }
            }
            {{AsyncOnlyType}}
            """);

    [Fact]
    public Task Silent_for_awaited_resources_and_non_task_disposables() =>
        VerifyAG0205.NoDiagnostics(Usings + $$"""
            class C
            {
            {{Members}}
                async Task M()
                {
                    using (await OpenAsync()) { }
                    using var s = await OpenAsync();
                    await using var a = await OpenAsyncOnly();
                    using (await Task.FromResult(new MemoryStream())) { }
                    var pending = OpenAsync();
                    using (new MemoryStream()) { }
                    await pending;
                }
            }
            {{AsyncOnlyType}}
            """);

    [Fact]
    public Task Flags_any_task_in_a_using_locals_fields_parameters_and_several_declarators() =>
        VerifyAG0205.Diagnostics(Usings + $$"""
            class C
            {
            {{Members}}
                private readonly Task _running = Task.Delay(1);
                private readonly Task<Stream> _opening = Task.FromResult<Stream>(new MemoryStream());
                async Task M(Task parameter, Task<int> count)
                {
                    using ({|AG0205:Task.Delay(1)|}) { }
                    using ({|AG0205:Task.FromResult(1)|}) { }
                    using (var t = {|AG0205:Task.FromResult("x")|}) { }
                    var local = Task.Delay(1);
                    using ({|AG0205:local|}) { }
                    using ({|AG0205:_running|}) { }
                    using ({|AG0205:this._opening|}) { }
                    using ({|AG0205:parameter|}) { }
                    using ({|AG0205:count|}) { }
                    using (Task a = {|AG0205:Task.Delay(1)|}, b = {|AG0205:local|}) { }
                    using var c = {|AG0205:count|};
                    using Task<Stream> d = {|AG0205:_opening|}, e = {|AG0205:OpenAsync()|};
                    await Task.Yield();
                }
            }
            {{AsyncOnlyType}}
            """);

    [Fact]
    public Task No_await_fix_for_a_task_that_produces_nothing_to_dispose() =>
        VerifyAG0205.NoFix<AG0205UsingUnawaitedTaskCodeFixProvider>(Usings + """
            class C
            {
                async Task M(Task t)
                {
                    using ({|AG0205:t|}) { }
                    await Task.Yield();
                }
            }
            """);

    [Theory]
    [InlineData("class C { void M() { using (var s = ; } }")]
    [InlineData("class C { void M() { using var s = Undefined(); } }")]
    [InlineData("class C { void M() { using (Task<Missing>.Run(null)) { } } }")]
    public async Task Half_typed_code_does_not_crash(string source)
    {
        var diagnostics = await RobustnessRunner.RunAsync(new AG0205UsingUnawaitedTaskAnalyzer(), Usings + source);
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
    }

    private static Task Fix(string before, string after) =>
        VerifyAG0205.Fix<AG0205UsingUnawaitedTaskCodeFixProvider>(Usings + before + AsyncOnlyType, Usings + after + AsyncOnlyType);

    [Fact]
    public Task Adds_await_in_every_using_form_and_makes_the_method_async() => Fix($$"""
        class C
        {
        {{Members}}
            Task M()
            {
                using ({|AG0205:OpenAsync()|}) { }
                using (var s = {|AG0205:OpenAsync()|}) { }
                using Task<Stream> u = {|AG0205:OpenAsync()|};
                // async only
                using ({|AG0205:OpenAsyncOnly()|}) { }
                using var v = {|AG0205:OpenAsyncOnly()|};
                return Task.CompletedTask;
            }
        }

        """, $$"""
        class C
        {
        {{Members}}
            async Task M()
            {
                using (await OpenAsync()) { }
                using (var s = await OpenAsync()) { }
                using Stream u = await OpenAsync();
                // async only
                await using (await OpenAsyncOnly()) { }
                await using var v = await OpenAsyncOnly();
            }
        }

        """);

    [Fact]
    public Task No_fix_in_a_void_method_or_where_the_variable_is_read_as_a_task() =>
        VerifyAG0205.NoFix<AG0205UsingUnawaitedTaskCodeFixProvider>(Usings + $$"""
            class C
            {
            {{Members}}
                void M()
                {
                    using ({|AG0205:OpenAsync()|}) { }
                }

                async Task N()
                {
                    using var s = {|AG0205:OpenAsync()|};
                    Console.WriteLine(s.Status);
                    await Task.Yield();
                }
            }
            {{AsyncOnlyType}}
            """);
}
