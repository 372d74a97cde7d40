using Xunit;
using VerifyAG0301 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Cancellation.AG0301ForwardTokenAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Cancellation;

/// <summary>
/// AG0301 on a call without a token whose task is kept in a local and later waited on with the very token the finding
/// would suggest (held-out wrong class of ho3: a synchronous wait of an async event, <c>var t = WaitAsync(); if
/// (t.IsCompleted) return; t.WaitAndUnwrap(ct);</c>). The token already governs the wait. Still reported: the local waited
/// without a token or with another token, a task kept and only awaited.
/// </summary>
public sealed class AG0301TokenGovernedLocalTests
{
    private const string Usings = "using System; using System.Threading; using System.Threading.Tasks;\n";

    private static string InMethod(string body, string modifiers = "") => Usings + $$"""
        static class Waits
        {
            public static void WaitAndUnwrap(this Task task, CancellationToken token) => task.Wait(token);
            public static Task Until(Task task, CancellationToken token) => task.WaitAsync(token);
        }

        sealed class Event
        {
            private readonly CancellationTokenSource _stop = new();
            public Task WaitAsync() => Task.CompletedTask;
            public Task WaitAsync(CancellationToken token) => Task.Delay(1, token);

            public {{modifiers}} void Run(CancellationToken ct, CancellationToken other)
            {
                {{body}}
            }
        }
        """;

    [Theory]
    [InlineData("var ret = WaitAsync(); if (ret.IsCompleted) return; ret.WaitAndUnwrap(ct);")]
    [InlineData("Task ret; ret = WaitAsync(); Waits.WaitAndUnwrap(ret, ct);")]
    [InlineData("var ret = WaitAsync(); Waits.Until(ret, ct).Wait(ct);")]
    public Task Silent_where_the_kept_task_is_waited_on_with_the_token(string body) => VerifyAG0301.NoDiagnostics(InMethod(body));

    [Fact]
    public Task Silent_in_an_async_function_awaiting_a_wait_given_the_token() =>
        VerifyAG0301.NoDiagnostics(InMethod("var ret = WaitAsync(); await Waits.Until(ret, ct);", "async").Replace("void Run", "Task Run"));

    [Theory]
    // Waited without a token, or with another token than the one to pass.
    [InlineData("var ret = {|AG0301:WaitAsync|}(); ret.{|AG0301:Wait|}();")]
    [InlineData("var ret = {|AG0301:WaitAsync|}(); ret.WaitAndUnwrap(CancellationToken.None);")]
    [InlineData("var ret = {|AG0301:WaitAsync|}(); ret.WaitAndUnwrap(_stop.Token);")]
    // Not kept: the plain call.
    [InlineData("{|AG0301:WaitAsync|}().{|AG0301:Wait|}();")]
    public Task Reported_where_the_token_does_not_govern_the_wait(string body) => VerifyAG0301.Diagnostics(InMethod(body));

    [Fact]
    public Task Half_typed_code_does_not_crash() =>
        VerifyAG0301.DiagnosticsInBrokenCode(InMethod("var ret = {|AG0301:WaitAsync|}(); ret.WaitAndUnwrap(;"));
}
