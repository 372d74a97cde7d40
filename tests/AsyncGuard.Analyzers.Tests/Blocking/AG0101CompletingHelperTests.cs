using Xunit;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>
/// Issue 16, held-out ho4a (datastax/csharp-driver's schema-agreement check): tasks awaited through an async helper of the
/// compilation whose every normal return has awaited its task parameter (a timeout wrapper that throws when the timer wins)
/// are complete afterwards, also when the helper is given <c>Task.WhenAll(tasks)</c> (Core/CompletionProofs.CompletingHelpers.cs).
/// The nearest helpers that may return first, and a helper's task that is not awaited, are still reported.
/// </summary>
public sealed class AG0101CompletingHelperTests
{
    private const string Usings = "using System; using System.Threading; using System.Threading.Tasks;\n";

    private static Task Verify(string source) =>
        new Verifiers.AnalyzerTest<AsyncGuard.Analyzers.Blocking.AG0101BlockingWaitAnalyzer> { TestCode = Usings + source }.RunAsync();

    private const string Helpers = """
        static class Timeouts
        {
            public static async Task WithTimeout(this Task task, int timeout)
            {
                if (timeout == Timeout.Infinite)
                {
                    await task.ConfigureAwait(false);
                    return;
                }

                var timer = Task.Delay(timeout);
                if (await Task.WhenAny(task, timer).ConfigureAwait(false) == timer)
                {
                    throw new TimeoutException();
                }

                await task.ConfigureAwait(false);
            }

            public static async Task<bool> Settle(Task task) { await task; return true; }

            // Returns when the timer wins, with the task still pending.
            public static async Task Loose(this Task task, int timeout) => await Task.WhenAny(task, Task.Delay(timeout));
        }

        """;

    [Fact]
    public Task Silent_after_awaiting_a_helper_that_awaits_its_parameter_on_every_return() => Verify(Helpers + """
        class C
        {
            async Task<int> Both(Task<int> a, Task<int> b)
            {
                var queries = new[] { a, b };
                await Task.WhenAll(queries).WithTimeout(1000).ConfigureAwait(false);
                return queries[0].Result + queries[1].Result;
            }

            async Task<int> One(Task<int> a)
            {
                await a.WithTimeout(Timeout.Infinite);
                return a.Result;
            }

            async Task<int> Returned(Task<int> a)
            {
                if (await Timeouts.Settle(a))
                {
                    return a.GetAwaiter().GetResult();
                }

                return 0;
            }
        }
        """);

    [Fact]
    public Task Reported_when_the_helper_may_return_first_or_is_not_awaited() => Verify(Helpers + """
        class C
        {
            async Task<int> Raced(Task<int> a)
            {
                await a.Loose(1000);
                return {|AG0101:a.Result|};
            }

            async Task<int> NotAwaited(Task<int> a)
            {
                _ = a.WithTimeout(1000);
                await Task.Yield();
                return {|AG0101:a.Result|};
            }

            async Task<int> Other(Task<int> a, Task<int> b)
            {
                await b.WithTimeout(1000);
                return {|AG0101:a.Result|};
            }
        }
        """);
}
