using Xunit;
using VerifyAG0102 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0102AsyncAlternativeAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>
/// AG0102, issue 16 (twenty-first pass, e102): a `using` statement over the unnamed result of a call whose body awaits
/// nothing (`using (Tracing.Start(id)) { x = Unwrap(y); }`, a pluggable tracing span around one synchronous call) marks a
/// scope over synchronous work: silent by default, reported with `report_unnamed_sync_scopes`. Each silent shape has its
/// nearest reported case beside it.
/// </summary>
public sealed class AG0102UnnamedSyncScopeTests
{
    private const string Usings = "using System; using System.Collections.Generic; using System.IO; using System.Threading; using System.Threading.Tasks;\n";

    private const string Scope = """
        public interface ISpan : IDisposable, IAsyncDisposable { }

        public static class Tracing
        {
            public static ISpan Start(string name) => null!;
            public static ISpan? Maybe(string name) => null;
            public static Task<ISpan> ResumeAsync(string name) => Task.FromResult<ISpan>(null!);
        }

        public sealed class Span : ISpan
        {
            public void Dispose() { }
            public async ValueTask DisposeAsync() => await Task.Yield();
        }

        """;

    [Fact]
    public Task Unnamed_scope_over_synchronous_work_is_silent() =>
        VerifyAG0102.NoDiagnostics(Usings + Scope + """
            class C
            {
                async Task<int> Block(Func<int> unwrap)
                {
                    await Task.Yield();
                    int value;
                    using (Tracing.Start("unwrap"))
                    {
                        value = unwrap();
                    }

                    return value;
                }

                async Task<int> Embedded(Func<int> unwrap)
                {
                    await Task.Yield();
                    var value = 0;
                    using (Tracing.Start("unwrap"))
                        value = unwrap();
                    return value;
                }

                async Task Conditional(Func<string, ISpan>? factory, Action work)
                {
                    await Task.Yield();
                    using (factory?.Invoke("a"))
                    using ((Tracing.Maybe("b")!))
                    {
                        work();
                        Func<Task> later = async () => await Task.Delay(1);
                    }
                }

                async IAsyncEnumerable<int> Iterator(Func<int> read)
                {
                    await Task.Yield();
                    int value;
                    using (Tracing.Start("read"))
                        value = read();
                    yield return value;
                }
            }
            """);

    [Fact]
    public Task Named_or_asynchronous_scopes_are_reported() =>
        VerifyAG0102.Diagnostics(Usings + Scope + """
            class C
            {
                async Task Named(Action work)
                {
                    await Task.Yield();
                    {|AG0102:using|} (var span = Tracing.Start("a"))
                    {
                        work();
                    }
                }

                async Task Local(Action work)
                {
                    await Task.Yield();
                    var span = Tracing.Start("a");
                    {|AG0102:using|} (span)
                    {
                        work();
                    }
                }

                async Task Declaration(Action work)
                {
                    await Task.Yield();
                    {|AG0102:using|} var span = Tracing.Start("a");
                    work();
                }

                async Task Created(Action work)
                {
                    await Task.Yield();
                    {|AG0102:using|} (new Span())
                    {
                        work();
                    }
                }

                async Task AwaitedResource(Action work)
                {
                    {|AG0102:using|} (await Tracing.ResumeAsync("a"))
                    {
                        work();
                    }
                }

                async Task AwaitInBody(Func<Task> work)
                {
                    {|AG0102:using|} (Tracing.Start("a"))
                    {
                        await work();
                    }
                }

                async Task AwaitForeachInBody(IAsyncEnumerable<int> items)
                {
                    {|AG0102:using|} (Tracing.Start("a"))
                    {
                        await foreach (var item in items) { }
                    }
                }

                async Task AwaitUsingInBody(Stream s)
                {
                    {|AG0102:using|} (Tracing.Start("a"))
                    {
                        await using var copy = s;
                    }
                }

                async IAsyncEnumerable<int> YieldInBody(Func<int> read)
                {
                    await Task.Yield();
                    {|AG0102:using|} (Tracing.Start("a"))
                    {
                        yield return read();
                    }
                }
            }
            """);

    [Fact]
    public Task Option_reports_the_unnamed_scope() =>
        VerifyAG0102.DiagnosticsWithOptions(
            Usings + Scope + """
                class C
                {
                    async Task M(Action work)
                    {
                        await Task.Yield();
                        {|AG0102:using|} (Tracing.Start("a"))
                        {
                            work();
                        }
                    }
                }
                """,
            "dotnet_diagnostic.AG0102.report_unnamed_sync_scopes = true");

    [Fact]
    public Task Survives_half_typed_code() => VerifyAG0102.DiagnosticsInBrokenCode(Usings + Scope + """
        class C
        {
            async Task M(Action work, Unknown u)
            {
                await Task.Yield();
                using (u.Start())
                {
                    work();
                }
                using (Missing.Start("a"))
                    work(
                using (Tracing.Start("b"))
                {
                    work();
                }
                {|AG0102:using|} (var s = Tracing.Start("c"))
                {
                    await u.Run(
                }
            }
        }
        """);
}
