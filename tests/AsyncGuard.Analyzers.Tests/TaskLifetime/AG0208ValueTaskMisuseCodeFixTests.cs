using AsyncGuard.CodeFixes.TaskLifetime;
using Microsoft.CodeAnalysis;
using Xunit;
using VerifyAG0208 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.TaskLifetime.AG0208ValueTaskMisuseAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.TaskLifetime;

public sealed class AG0208ValueTaskMisuseCodeFixTests
{
    private const string Usings = "using System; using System.Collections.Generic; using System.Threading.Tasks;\n";

    private const string Source = """
        class S
        {
            public ValueTask<int> GetAsync() => new ValueTask<int>(1);
            public ValueTask RunAsync() => default;
            public static void Take(ValueTask<int> vt) { }
        }

        """;

    [Fact]
    public Task Converts_the_local_to_a_Task_once() => VerifyAG0208.Fix<AG0208ValueTaskMisuseCodeFixProvider>(Usings + Source + """
        class C
        {
            async Task<int> Var(S s)
            {
                var vt = s.GetAsync(); // the value
                var a = await vt;
                return a + await {|AG0208:vt|}.ConfigureAwait(false);
            }

            async Task Typed(S s, bool flag)
            {
                ValueTask vt = flag ? s.RunAsync() : default;
                if (!vt.IsCompleted)
                {
                    await vt;
                }

                await Task.WhenAll({|AG0208:vt|}.AsTask(), Task.Delay(1));
            }

            async Task<int> Generic(S s)
            {
                ValueTask<int> vt = s.GetAsync();
                await vt;
                return {|AG0208:vt|}.Result + vt.GetAwaiter().GetResult();
            }
        }
        """, Usings + Source + """
        class C
        {
            async Task<int> Var(S s)
            {
                var vt = s.GetAsync().AsTask(); // the value
                var a = await vt;
                return a + await vt.ConfigureAwait(false);
            }

            async Task Typed(S s, bool flag)
            {
                Task vt = (flag ? s.RunAsync() : default).AsTask();
                if (!vt.IsCompleted)
                {
                    await vt;
                }

                await Task.WhenAll(vt, Task.Delay(1));
            }

            async Task<int> Generic(S s)
            {
                Task<int> vt = s.GetAsync().AsTask();
                await vt;
                return vt.Result + vt.GetAwaiter().GetResult();
            }
        }
        """);

    [Fact]
    public Task Converts_in_top_level_statements() => VerifyAG0208.Fix<AG0208ValueTaskMisuseCodeFixProvider>(Usings + """
        var vt = GetAsync();
        Console.WriteLine(await vt + await {|AG0208:vt|});

        static ValueTask<int> GetAsync() => new ValueTask<int>(1);
        """, Usings + """
        var vt = GetAsync().AsTask();
        Console.WriteLine(await vt + await vt);

        static ValueTask<int> GetAsync() => new ValueTask<int>(1);
        """, outputKind: OutputKind.ConsoleApplication);

    [Fact]
    public Task No_fix_where_a_use_needs_the_ValueTask() => VerifyAG0208.NoFix<AG0208ValueTaskMisuseCodeFixProvider>(Usings + Source + """
        class C
        {
            private ValueTask<int> _f;

            async Task Passed(S s)
            {
                var vt = s.GetAsync();
                await vt;
                S.Take({|AG0208:vt|});
            }

            async Task<ValueTask<int>> Returned(S s)
            {
                var vt = s.GetAsync();
                await vt;
                return {|AG0208:vt|};
            }

            async Task Preserved(S s)
            {
                var vt = s.GetAsync();
                await vt.Preserve();
                await {|AG0208:vt|};
            }

            async Task Awaiter(S s)
            {
                var vt = s.GetAsync();
                var awaiter = vt.GetAwaiter();
                await {|AG0208:vt|};
            }

            void Stored(S s, List<ValueTask> all)
            {
                _f = {|AG0208:s.GetAsync()|};
                all.Add({|AG0208:s.RunAsync()|});
            }
        }
        """);
}
