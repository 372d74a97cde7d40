using System.Threading.Tasks;
using AsyncGuard.Analyzers.TaskLifetime;
using Xunit;
using VerifyAG0203 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.TaskLifetime.AG0203AsyncLambdaToVoidDelegateAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.TaskLifetime;

/// <summary>
/// Issue 16, eighth part (ff201; azure-webjobs-sdk's result aggregator timer): an async lambda converted to a void delegate
/// whose every await awaits a call that cannot fault — a synchronous implementation of an async contract returning a
/// completed task, an async method that catches and reports everything — behaves as the synchronous callback it replaces:
/// silent by default, reported with report_caught_callees. Still reported: any other await, a loop body, a virtual callee.
/// </summary>
public sealed class AG0203CaughtCalleeTests
{
    private const string Types = """
        using System; using System.Collections.Generic; using System.Threading; using System.Threading.Tasks;
        public interface ICollector { Task FlushAsync(CancellationToken token = default); }
        public sealed class Aggregator : ICollector
        {
            Timer? _timer;
            public Task FlushAsync(CancellationToken token = default) { Console.WriteLine("batch"); return Task.CompletedTask; }
            async Task SendAsync() { try { await Task.Delay(1); } catch (Exception ex) { Console.WriteLine(ex); } }
            Task PendingAsync() => Task.Delay(1);
            /*BODY*/
        }
        """;

    private static string With(string body) => Types.Replace("/*BODY*/", body);

    [Theory]
    [InlineData("void Start() { _timer = new Timer(async (o) => await FlushAsync(), null, 1, 1); }")]
    [InlineData("void Start() { _timer = new Timer(async o => { await SendAsync().ConfigureAwait(false); await FlushAsync(); }, null, 1, 1); }")]
    [InlineData("void Start() { Action a = async delegate { await SendAsync(); }; a(); }")]
    public Task Silent_when_every_await_awaits_a_call_that_cannot_fault(string body) =>
        VerifyAG0203.NoDiagnostics(With(body));

    [Theory]
    [InlineData("void Start() { _timer = new Timer({|AG0203:async|} (o) => { await FlushAsync(); await Task.Delay(1); }, null, 1, 1); }")]
    [InlineData("void Start() { _timer = new Timer({|AG0203:async|} o => await PendingAsync(), null, 1, 1); }")]
    [InlineData("void Start(List<int> items) { items.ForEach({|AG0203:async|} i => await SendAsync()); }")]
    [InlineData("void Start(ICollector collector) { Action a = {|AG0203:async|} () => await collector.FlushAsync(); a(); }")]
    public Task Reported_when_an_await_can_fault_or_the_loop_expects_it_done(string body) =>
        VerifyAG0203.Diagnostics(With(body));

    [Fact]
    public Task The_option_reports_caught_callees() =>
        VerifyAG0203.DiagnosticsWithOptions(
            With("void Start() { _timer = new Timer({|AG0203:async|} (o) => await FlushAsync(), null, 1, 1); }"),
            CaughtCallees.ReportLambdasOption + " = true");

    [Fact]
    public Task Never_throws_on_half_typed_code() =>
        VerifyAG0203.DiagnosticsInBrokenCode(With("""
            void Start() { _timer = new Timer({|AG0203:async|} (o) => await Missing(), null, 1, 1); }
            void Other() { Action a = {|AG0203:async|} () => await ; }
            """));
}
