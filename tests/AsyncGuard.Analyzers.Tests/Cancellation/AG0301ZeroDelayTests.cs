using Xunit;
using VerifyAG0301 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Cancellation.AG0301ForwardTokenAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Cancellation;

/// <summary>
/// Issue 16, fifteenth pass (held-out azure-webjobs-sdk, TaskSeriesTimer.StopAsyncCore): <c>Task.Delay</c> given a zero
/// delay returns a completed task at once, so a token has nothing to cancel. Still reported: any other delay (a non-zero
/// constant, a variable that may be zero or not, infinite), and a <c>Delay</c> method of your own given zero.
/// </summary>
public sealed class AG0301ZeroDelayTests
{
    private const string Usings = "using System; using System.Threading; using System.Threading.Tasks;\n";

    private static string InAsync(string statement) => Usings + $$"""
        static class Pacer
        {
            public static Task Delay(int milliseconds) => Task.CompletedTask;
            public static Task Delay(int milliseconds, CancellationToken ct) => Task.CompletedTask;
        }

        class C
        {
            async Task M(int delay, TimeSpan interval, CancellationToken ct)
            {
                await Task.Yield();
                {{statement}}
            }
        }
        """;

    [Theory]
    [InlineData("await Task.Delay(0);")]
    [InlineData("await Task.Delay(millisecondsDelay: 0).ConfigureAwait(false);")]
    [InlineData("await Task.Delay(TimeSpan.Zero);")]
    [InlineData("await Task.Delay(TimeSpan.FromSeconds(0));")]
    [InlineData("var pending = Task.Delay(default(TimeSpan)); await pending;")]
    public Task Zero_delay_is_silent(string statement) => VerifyAG0301.NoDiagnostics(InAsync(statement));

    [Theory]
    [InlineData("await Task.{|AG0301:Delay|}(1);")]
    [InlineData("await Task.{|AG0301:Delay|}(delay);")]
    [InlineData("await Task.{|AG0301:Delay|}(interval);")]
    [InlineData("await Task.{|AG0301:Delay|}(Timeout.Infinite);")]
    [InlineData("await Task.{|AG0301:Delay|}(TimeSpan.FromMilliseconds(5));")]
    [InlineData("await Pacer.{|AG0301:Delay|}(0);")]
    public Task Other_delays_are_still_reported(string statement) => VerifyAG0301.Diagnostics(InAsync(statement));

    [Theory]
    [InlineData("await Task.Delay(0;")]
    [InlineData("await Task.Delay(Unknown.Zero);")]
    [InlineData("await Task.{|AG0301:Delay|}(TimeSpan.FromSeconds());")]
    [InlineData("await Task.Delay(missing);")]
    public Task Survives_half_typed_code(string statement) => VerifyAG0301.DiagnosticsInBrokenCode(InAsync(statement));
}
