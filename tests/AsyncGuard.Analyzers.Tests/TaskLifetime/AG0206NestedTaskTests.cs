using AsyncGuard.Analyzers.TaskLifetime;
using AsyncGuard.Analyzers.Tests.Infrastructure;
using AsyncGuard.CodeFixes.TaskLifetime;
using Xunit;
using VerifyAG0206 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.TaskLifetime.AG0206NestedTaskAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.TaskLifetime;

public sealed class AG0206NestedTaskTests
{
    private const string Usings = "using System; using System.Threading; using System.Threading.Tasks;\n";

    [Fact]
    public Task Flags_the_outer_task_taken_for_the_inner_one() =>
        VerifyAG0206.Diagnostics(Usings + """
            class C
            {
                async Task Awaited(Task t, CancellationToken ct)
                {
                    await {|AG0206:Task.Factory.StartNew(async () => await Task.Delay(1))|};
                    await {|AG0206:Task.Factory.StartNew(async () => { await Task.Delay(1); return 1; }, ct)|};
                    await {|AG0206:t.ContinueWith(async _ => await Task.Delay(1))|};
                    await Task.WhenAll({|AG0206:Task.Factory.StartNew(async () => await Task.Delay(1))|}, t);
                    await Task.WhenAny(new[] { {|AG0206:t.ContinueWith(async _ => await Task.Delay(1))|} });
                    await Task.WhenAll({|AG0206:Task.Factory.ContinueWhenAll(new[] { t }, async _ => await Task.Delay(1))|});
                }

                Task Returned() => {|AG0206:Task.Factory.StartNew(async () => await Task.Delay(1), TaskCreationOptions.DenyChildAttach)|};
            }
            """);

    [Fact]
    public Task Silent_when_unwrapped_stored_as_nested_or_not_nested_at_all() =>
        VerifyAG0206.NoDiagnostics(Usings + """
            class C
            {
                async Task M(Task t)
                {
                    await Task.Factory.StartNew(async () => await Task.Delay(1)).Unwrap();
                    await Task.Run(async () => await Task.Delay(1));
                    await Task.Factory.StartNew(() => 1);
                    await t.ContinueWith(_ => 1);
                    Task<Task> nested = Task.Factory.StartNew(async () => await Task.Delay(1));
                    var kept = Task.Factory.StartNew(async () => await Task.Delay(1));
                    await await kept;
                    await nested.Unwrap();
                }

                Task<Task> Nested() => Task.Factory.StartNew(async () => await Task.Delay(1));
            }
            """);

    [Theory]
    [InlineData("class C { async Task M() { await Task.Factory.StartNew(async () => ; } }")]
    [InlineData("class C { async Task M(Task<Task<Missing>> t) { await await t; await Task.WhenAll(t, ); } }")]
    public async Task Half_typed_code_does_not_crash(string source)
    {
        var diagnostics = await RobustnessRunner.RunAsync(new AG0206NestedTaskAnalyzer(), Usings + source);
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
    }

    [Fact]
    public Task Uses_Task_Run_without_options_else_Unwrap() => VerifyAG0206.Fix<AG0206NestedTaskCodeFixProvider>(Usings + """
        class C
        {
            async Task M(Task t, CancellationToken ct)
            {
                await {|AG0206:Task.Factory.StartNew(async () => await Task.Delay(1))|};
                await {|AG0206:Task.Factory.StartNew(async () => await Task.Delay(1), ct)|};
                await {|AG0206:t.ContinueWith(async _ => await Task.Delay(1))|};
                await Task.WhenAll({|AG0206:Task.Factory.StartNew(async () => await Task.Delay(1), TaskCreationOptions.DenyChildAttach)|});
            }
        }
        """, Usings + """
        class C
        {
            async Task M(Task t, CancellationToken ct)
            {
                await Task.Run(async () => await Task.Delay(1));
                await Task.Run(async () => await Task.Delay(1), ct);
                await t.ContinueWith(async _ => await Task.Delay(1)).Unwrap();
                await Task.WhenAll(Task.Factory.StartNew(async () => await Task.Delay(1), TaskCreationOptions.DenyChildAttach).Unwrap());
            }
        }
        """);
}
