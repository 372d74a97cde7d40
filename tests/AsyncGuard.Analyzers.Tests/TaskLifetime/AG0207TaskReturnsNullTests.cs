using AsyncGuard.Analyzers.TaskLifetime;
using AsyncGuard.Analyzers.Tests.Infrastructure;
using AsyncGuard.CodeFixes.TaskLifetime;
using Xunit;
using VerifyAG0207 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.TaskLifetime.AG0207TaskReturnsNullAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.TaskLifetime;

public sealed class AG0207TaskReturnsNullTests
{
    private const string Usings = "using System; using System.Threading.Tasks;\n";

    [Fact]
    public Task Flags_null_and_default_from_non_async_Task_functions() =>
        VerifyAG0207.Diagnostics(Usings + """
            #nullable disable
            class C<T>
            {
                Task A() { return {|AG0207:null|}; }
                Task B() => {|AG0207:null|};
                Task<int> D() => {|AG0207:default|};
                Task<string> E(bool f) { if (f) return {|AG0207:default(Task<string>)|}; return Task.FromResult(""); }
                Task<T> F() => {|AG0207:(Task<T>)null|};
                Task P => {|AG0207:null|};
                Task Q { get { return {|AG0207:null|}; } }
                void M()
                {
                    Func<Task> f = () => {|AG0207:null|};
                    Func<Task<int>> g = delegate { return {|AG0207:null|}; };
                    Task Local() => {|AG0207:null|};
                    static Task<T> StaticLocal() { return {|AG0207:null|}; }
                }
            }
            """);

    [Fact]
    public Task Flags_null_forgiving_in_nullable_code() =>
        VerifyAG0207.Diagnostics(Usings + """
            #nullable enable
            class C
            {
                Task A() => {|AG0207:null!|};
            }
            """);

    [Fact]
    public Task Silent_where_the_function_is_declared_to_return_a_nullable_task() =>
        VerifyAG0207.NoDiagnostics(Usings + """
            #nullable enable
            class C<T>
            {
                Task? A() => null;
                Task<int>? B(bool b) { if (b) return null; return Task.FromResult(1); }
                Task? P => null;
                Task? Q { get { return default; } }
                Task<T>? D(C<T>? c) => c?.D(null);
                Task? E(bool b) => b ? null : Task.CompletedTask;
                void M()
                {
                    Func<Task?> f = () => null;
                    Task? Local() => null;
                    Task<string>? Other(int i) => i switch { 0 => null, _ => Task.FromResult("") };
                }
            }
            """);

    [Fact]
    public Task Flags_null_through_conditionals_switch_arms_and_conditional_access() =>
        VerifyAG0207.Diagnostics(Usings + """
            #nullable enable
            class C
            {
                Task Work() => Task.CompletedTask;
                Task<int> Count() => Task.FromResult(1);
                Task A(bool b) => b ? {|AG0207:null!|} : Work();
                Task B(bool b) { return b ? Work() : {|AG0207:default!|}; }
                Task<int> D(int i) => i switch { 0 => {|AG0207:null!|}, 1 => Count(), _ => {|AG0207:default(Task<int>)!|} };
                Task E(C? c) => {|AG0207:c?.Work()!|};
                Task<int> F(C? c) { return {|AG0207:c?.Count()!|}; }
                Task G(C? c, bool b) => b ? {|AG0207:c?.Work()!|} : Work();
                Task H(C? c) => ({|AG0207:c?.Work()|})!;
                Task K(C? c) => c?.Work() ?? Task.CompletedTask;
                Task L(C? c) => c?.Work() ?? {|AG0207:null!|};
                void M(C? c)
                {
                    Func<Task> f = () => {|AG0207:c?.Work()!|};
                }
            }
            """);

    [Fact]
    public Task Silent_in_async_functions_for_ValueTask_and_non_constant_values() =>
        VerifyAG0207.NoDiagnostics(Usings + """
            #nullable disable
            class C
            {
                async Task<string> A() { await Task.Yield(); return null; }
                async Task<object> B() => default;
                ValueTask C1() => default;
                ValueTask<int> D() => default;
                Task E(Task t) => t;
                Task F() => Task.CompletedTask;
                object G() => null;
                Task H(bool b) => b ? Task.CompletedTask : Task.Delay(1);
                void M()
                {
                    Func<Task<string>> f = async () => null;
                    Task t = null;
                }
            }
            """);

    [Theory]
    [InlineData("class C { Task M() { return null")]
    [InlineData("class C { Task<int> M() => ; }")]
    [InlineData("class C { Task<Missing> M() => null; }")]
    [InlineData("class C { Missing M() => null; }")]
    public async Task Half_typed_code_does_not_crash(string source)
    {
        var diagnostics = await RobustnessRunner.RunAsync(new AG0207TaskReturnsNullAnalyzer(), Usings + source);
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
    }

    [Fact]
    public Task Returns_completed_tasks() => VerifyAG0207.Fix<AG0207TaskReturnsNullCodeFixProvider>(Usings + """
        #nullable enable
        class C<T>
        {
            Task A() { return {|AG0207:null|}; } // keep
            Task<int> B() => {|AG0207:default|};
            Task<string> D() => {|AG0207:null!|};
            Task<string?> E() => {|AG0207:null!|};
            Task<T> F() => {|AG0207:default!|};
        }
        """, Usings + """
        #nullable enable
        class C<T>
        {
            Task A() { return Task.CompletedTask; } // keep
            Task<int> B() => Task.FromResult<int>(default);
            Task<string> D() => Task.FromResult<string>(default!);
            Task<string?> E() => Task.FromResult<string?>(default);
            Task<T> F() => Task.FromResult<T>(default!);
        }
        """);

    [Fact]
    public Task Completes_null_branches_and_conditional_access() => VerifyAG0207.Fix<AG0207TaskReturnsNullCodeFixProvider>(Usings + """
        #nullable disable
        class C
        {
            Task Work() => Task.CompletedTask;
            Task<int> Count() => Task.FromResult(1);
            Task A(bool b) => b ? {|AG0207:null|} : Work();
            Task B(C c) => {|AG0207:c?.Work()|};
            Task<int> D(C c) { return {|AG0207:c?.Count()|}; }
            Task<int> E(int i) => i switch { 0 => {|AG0207:null|}, _ => Count() };
        }
        """, Usings + """
        #nullable disable
        class C
        {
            Task Work() => Task.CompletedTask;
            Task<int> Count() => Task.FromResult(1);
            Task A(bool b) => b ? Task.CompletedTask : Work();
            Task B(C c) => c?.Work() ?? Task.CompletedTask;
            Task<int> D(C c) { return c?.Count() ?? Task.FromResult<int>(default); }
            Task<int> E(int i) => i switch { 0 => Task.FromResult<int>(default), _ => Count() };
        }
        """);

    [Fact]
    public Task Writes_qualified_names_without_the_import() => VerifyAG0207.Fix<AG0207TaskReturnsNullCodeFixProvider>("""
        class C
        {
            System.Threading.Tasks.Task A() => {|AG0207:null!|};
        }
        """, """
        class C
        {
            System.Threading.Tasks.Task A() => System.Threading.Tasks.Task.CompletedTask;
        }
        """);
}
