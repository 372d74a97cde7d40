using AsyncGuard.Analyzers.Blocking;
using AsyncGuard.Analyzers.Tests.Verifiers;
using Xunit;
using VerifyAG0102 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0102AsyncAlternativeAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>
/// AG0102 (issue 16, held-out Discord.Net): completing a TaskCompletionSource inside an async function waits on nothing;
/// an Async-named extension (`TrySetResultAsync` = `Task.Run(() =&gt; source.TrySetResult(r))`) only offloads the same
/// completion. Sync-preferred, like CancellationTokenSource.Cancel: silent by default, reported with report_sync_preferred.
/// A type of your own with a Set/SetAsync pair stays reported.
/// </summary>
public sealed class AG0102CompletionSourceTests
{
    private const string Usings = "using System; using System.Threading; using System.Threading.Tasks;\n";

    private const string Extensions = """
        static class CompletionExtensions
        {
            public static Task<bool> TrySetResultAsync<T>(this TaskCompletionSource<T> source, T result) => Task.Run(() => source.TrySetResult(result));
            public static Task SetResultAsync<T>(this TaskCompletionSource<T> source, T result) => Task.Run(() => source.SetResult(result));
            public static Task<bool> TrySetExceptionAsync<T>(this TaskCompletionSource<T> source, Exception error) => Task.Run(() => source.TrySetException(error));
            public static Task<bool> TrySetCanceledAsync(this TaskCompletionSource source) => Task.Run(() => source.TrySetCanceled());
        }

        """;

    [Fact]
    public Task Silent_for_completions_in_async_functions_lambdas_and_local_functions() =>
        VerifyAG0102.Diagnostics(Usings + Extensions + """
            class Waiter
            {
                public async Task<int> WaitAsync(TaskCompletionSource<int> tcs, TaskCompletionSource done, Func<Task> connect)
                {
                    _ = Task.Run(async () =>
                    {
                        await Task.Delay(10);
                        tcs.TrySetException(new TimeoutException());
                    });
                    await connect();
                    tcs.SetResult(1);
                    done.TrySetCanceled();
                    return await tcs.Task.ConfigureAwait(false);

                    Task Handle(int value)
                    {
                        tcs.TrySetResult(value);
                        return Task.CompletedTask;
                    }
                }
            }
            """);

    [Fact]
    public Task Reported_for_a_type_of_your_own_and_with_report_sync_preferred() =>
        new AnalyzerTest<AG0102AsyncAlternativeAnalyzer>
        {
            TestCode = Usings + Extensions + """
                class Promise
                {
                    public void SetResult(int value) { }
                    public Task SetResultAsync(int value) => Task.Delay(value);
                }

                class Waiter
                {
                    async Task M(TaskCompletionSource<int> tcs, Promise promise)
                    {
                        await Task.Yield();
                        {|AG0102:tcs.TrySetResult(1)|};
                        {|AG0102:promise.SetResult(2)|};
                    }
                }
                """,
            TestState = { AnalyzerConfigFiles = { ("/.editorconfig", "root = true\n\n[*.cs]\ndotnet_diagnostic.AG0102.report_sync_preferred = true\n") } },
        }.RunAsync();

    [Fact]
    public Task Own_type_is_reported_by_default() =>
        VerifyAG0102.Diagnostics(Usings + """
            class Promise
            {
                public void SetResult(int value) { }
                public Task SetResultAsync(int value) => Task.Delay(value);
            }

            class Waiter
            {
                async Task M(Promise promise)
                {
                    await Task.Yield();
                    {|AG0102:promise.SetResult(2)|};
                }
            }
            """);

    [Theory]
    // An unknown result and an unfinished call are no known completion of an unknown source; nothing throws.
    [InlineData("tcs.TrySetResult(missing);")]
    [InlineData("tcs.TrySetResult(;")]
    [InlineData("unknown.TrySetResult(1);")]
    public Task Never_throws_on_half_typed_code(string statement) =>
        VerifyAG0102.DiagnosticsInBrokenCode(Usings + Extensions + $$"""
            class Broken
            {
                async Task M(TaskCompletionSource<int> tcs)
                {
                    await Task.Yield();
                    {{statement}}
                }
            }
            """);
}
