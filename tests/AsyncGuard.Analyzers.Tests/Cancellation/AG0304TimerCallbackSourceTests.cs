using Xunit;
using VerifyAG0304 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Cancellation.AG0304DisposeTokenSourceAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Cancellation;

/// <summary>
/// AG0304 on a source made only to run a callback when its timer fires (issue 16, twelfth pass, corpus10app; FastTunnel's
/// <c>SetTimeOut</c> extension: <c>var ct = new CancellationTokenSource(ms); ct.Token.Register(() =&gt; tcs.TrySetCanceled());</c>):
/// every use of the local is a registration on its own token whose result is dropped, or <c>CancelAfter</c>. The callback is
/// meant to run after the method returns, so <c>using</c> would cancel the timer and break it. Still reported: a linked
/// source, a token also given to other work or read otherwise, a registration kept, a source given only a timer.
/// </summary>
public sealed class AG0304TimerCallbackSourceTests
{
    private const string Usings = "using System; using System.Threading; using System.Threading.Tasks;\n";

    private static string InMethod(string body) => Usings + $$"""
        static class C
        {
            public static void SetTimeOut<T>(TaskCompletionSource<T> tcs, int ms, Action? action, CancellationToken outer)
            {
                {{body}}
            }
        }
        """;

    [Theory]
    [InlineData("var timeout = new CancellationTokenSource(ms); timeout.Token.Register(() => { if (tcs.Task.IsCompleted) return; tcs.TrySetCanceled(); action?.Invoke(); }, useSynchronizationContext: false);")]
    [InlineData("var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(ms)); timeout.Token.Register(() => tcs.TrySetCanceled());")]
    [InlineData("CancellationTokenSource timeout = new(); timeout.CancelAfter(ms); timeout.Token.UnsafeRegister(_ => tcs.TrySetCanceled(), null);")]
    [InlineData("var timeout = new System.Threading.CancellationTokenSource(ms); timeout.Token.Register(s => ((TaskCompletionSource<T>)s!).TrySetCanceled(), tcs); timeout.Token.Register(() => action?.Invoke());")]
    [InlineData("if (tcs.Task.IsCompleted) return; var timeout = new CancellationTokenSource(ms); timeout.Token.Register(() => tcs.TrySetCanceled()); return;")]
    // A nested block after which the function ends (wrong16): the same as the function's own body.
    [InlineData("if (ms > 0) { var timeout = new CancellationTokenSource(ms); timeout.Token.Register(() => tcs.TrySetCanceled()); }")]
    [InlineData("if (ms <= 0) { tcs.TrySetCanceled(); } else { var timeout = new CancellationTokenSource(ms); timeout.Token.Register(() => tcs.TrySetCanceled()); }")]
    [InlineData("if (ms <= 0) return; else if (action is null) { var timeout = new CancellationTokenSource(ms); timeout.CancelAfter(ms); timeout.Token.Register(() => tcs.TrySetCanceled()); return; }")]
    [InlineData("{ if (ms > 0) { var timeout = new CancellationTokenSource(ms); timeout.Token.Register(() => tcs.TrySetCanceled()); } }")]
    [InlineData("if (ms > 0) { var timeout = new CancellationTokenSource(ms); timeout.Token.Register(() => tcs.TrySetCanceled()); } return;")]
    public Task Silent_for_a_timer_source_that_only_arms_callbacks(string body) => VerifyAG0304.NoDiagnostics(InMethod(body));

    [Theory]
    // Linked: its registration on the outer token lives until disposal.
    [InlineData("var timeout = {|AG0304:CancellationTokenSource.CreateLinkedTokenSource(outer)|}; timeout.CancelAfter(ms); timeout.Token.Register(() => tcs.TrySetCanceled());")]
    // The token also serves work of the method, or is read otherwise.
    [InlineData("var timeout = {|AG0304:new CancellationTokenSource(ms)|}; timeout.Token.Register(() => tcs.TrySetCanceled()); tcs.Task.Wait(timeout.Token);")]
    [InlineData("var timeout = {|AG0304:new CancellationTokenSource(ms)|}; timeout.Token.Register(() => tcs.TrySetCanceled()); if (timeout.IsCancellationRequested) return;")]
    [InlineData("var timeout = {|AG0304:new CancellationTokenSource(ms)|}; timeout.Token.Register(() => tcs.TrySetCanceled()); var token = timeout.Token;")]
    // The registration is kept (and not disposed either); a timer and nothing to run.
    [InlineData("var timeout = {|AG0304:new CancellationTokenSource(ms)|}; var registration = timeout.Token.Register(() => tcs.TrySetCanceled());")]
    [InlineData("var timeout = {|AG0304:new CancellationTokenSource()|}; timeout.CancelAfter(ms);")]
    // Work of the method after arming (the timer may guard it), also after a nested block (Thor's cache entry).
    [InlineData("var timeout = {|AG0304:new CancellationTokenSource(ms)|}; timeout.Token.Register(() => tcs.TrySetCanceled()); action?.Invoke();")]
    [InlineData("if (ms > 0) { var timeout = {|AG0304:new CancellationTokenSource(ms)|}; timeout.Token.Register(() => tcs.TrySetCanceled()); } action?.Invoke();")]
    [InlineData("if (ms > 0) { { var timeout = {|AG0304:new CancellationTokenSource(ms)|}; timeout.Token.Register(() => tcs.TrySetCanceled()); } action?.Invoke(); }")]
    // A nested block the function may run again, or that runs code after it.
    [InlineData("while (ms-- > 0) { var timeout = {|AG0304:new CancellationTokenSource(ms)|}; timeout.Token.Register(() => tcs.TrySetCanceled()); }")]
    [InlineData("try { var timeout = {|AG0304:new CancellationTokenSource(ms)|}; timeout.Token.Register(() => tcs.TrySetCanceled()); } finally { action?.Invoke(); }")]
    public Task Reported_where_the_source_serves_more_than_its_callbacks(string body) => VerifyAG0304.Diagnostics(InMethod(body));

    [Fact]
    public Task A_watchdog_re_armed_while_the_method_streams_is_reported() =>
        // The timer guards the method's own loop; after the method returns it still fires and cancels the response.
        VerifyAG0304.Diagnostics(Usings + """
            using System.Collections.Generic;
            static class C
            {
                static async Task Stream(CancellationTokenSource response, IAsyncEnumerable<int> items, TimeSpan timeout)
                {
                    var watchdog = {|AG0304:new CancellationTokenSource()|};
                    watchdog.Token.Register(response.Cancel);
                    watchdog.CancelAfter(timeout);
                    await foreach (var item in items.WithCancellation(response.Token))
                    {
                        watchdog.CancelAfter(timeout);
                    }
                }
            }
            """);

    [Fact]
    public Task Half_typed_registrations_do_not_throw() =>
        VerifyAG0304.Diagnostics(Usings + """
            static class C
            {
                static void M(int ms)
                {
                    var a = {|AG0304:new CancellationTokenSource(ms)|}; a.Token.{|CS1061:Missing|}(() => { });
                    var b = {|AG0304:new CancellationTokenSource(ms)|}; b.Token.Register({|CS0103:undefined|});
                }
            }
            """);
}
