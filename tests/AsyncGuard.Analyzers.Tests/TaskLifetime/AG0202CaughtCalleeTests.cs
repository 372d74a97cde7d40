using System.Threading.Tasks;
using AsyncGuard.Analyzers.TaskLifetime;
using Xunit;
using VerifyAG0202 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.TaskLifetime.AG0202AsyncVoidAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.TaskLifetime;

/// <summary>
/// Issue 16, eighth part (ff201; FastTunnel's line callback): an async void method whose every await awaits a call of an
/// async method of the compilation that catches everything and reports it (or hands it to a completion source) cannot fault
/// after its first await: silent by default, reported with report_caught_callees. Still reported: one await of anything
/// else, a callee that rethrows, is virtual or from another assembly, an `await foreach`.
/// </summary>
public sealed class AG0202CaughtCalleeTests
{
    private const string Types = """
        using System; using System.Collections.Generic; using System.Threading; using System.Threading.Tasks;
        public delegate void LineHandler(string line, CancellationToken token);
        public sealed class Reader { public Reader(LineHandler handler) { } }
        public class Client
        {
            async Task<bool> HandleAsync(string line, CancellationToken token)
            {
                try { await Task.Delay(1, token); return true; }
                catch (Exception ex) { Console.WriteLine($"failed: {line} {ex}"); return false; }
            }

            async Task RethrowsAsync()
            {
                try { await Task.Delay(1); } catch (Exception ex) { Console.WriteLine(ex); throw; }
            }

            protected virtual async Task OverridableAsync()
            {
                try { await Task.Delay(1); } catch (Exception ex) { Console.WriteLine(ex); }
            }

            public Reader Start() => new Reader(ProcessLine);

            /*BODY*/
        }
        """;

    private static string With(string body) => Types.Replace("/*BODY*/", body);

    [Theory]
    [InlineData("private async void ProcessLine(string line, CancellationToken token) { var text = line.Trim(); await HandleAsync(text, token); }")]
    [InlineData("private async void ProcessLine(string line, CancellationToken token) => await HandleAsync(line, token).ConfigureAwait(false);")]
    [InlineData("private async void ProcessLine(string line, CancellationToken token) { if (await HandleAsync(line, token)) { await HandleAsync(line, token); } }")]
    public Task Silent_when_every_await_awaits_a_call_that_catches_everything(string body) =>
        VerifyAG0202.NoDiagnostics(With(body));

    [Theory]
    [InlineData("private async {|AG0202:void|} ProcessLine(string line, CancellationToken token) { await HandleAsync(line, token); await Task.Delay(1); }")]
    [InlineData("private async {|AG0202:void|} ProcessLine(string line, CancellationToken token) { await RethrowsAsync(); }")]
    [InlineData("private async {|AG0202:void|} ProcessLine(string line, CancellationToken token) { await OverridableAsync(); }")]
    [InlineData("private async {|AG0202:void|} ProcessLine(string line, CancellationToken token) { await foreach (var x in Lines()) { } await HandleAsync(line, token); } static async IAsyncEnumerable<int> Lines() { await Task.Yield(); yield return 1; }")]
    public Task Reported_when_an_await_can_fault(string body) =>
        VerifyAG0202.Diagnostics(With(body));

    [Fact]
    public Task The_option_reports_caught_callees() =>
        VerifyAG0202.DiagnosticsWithOptions(
            With("private async {|AG0202:void|} ProcessLine(string line, CancellationToken token) { await HandleAsync(line, token); }"),
            CaughtCallees.ReportOption + " = true");

    [Fact]
    public Task Never_throws_on_half_typed_code() =>
        VerifyAG0202.DiagnosticsInBrokenCode(With("""
            private async {|AG0202:void|} ProcessLine(string line, CancellationToken token) { await Missing(line); }
            private async {|AG0202:void|} Other(string line) { await HandleAsync(line, ); }
            """));
}
