using System.Threading.Tasks;
using AsyncGuard.Analyzers.TaskLifetime;
using Xunit;
using VerifyAG0202 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.TaskLifetime.AG0202AsyncVoidAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.TaskLifetime;

/// <summary>
/// Issue 16, eighth part (w2d; a ping timeout and a cache sweep loop): an async void helper only ever called directly,
/// whose every await sits in a try that catches the cancellation it is meant to end with, is silent by default and
/// reported with report_cancellation_catches. Still reported: the helper handed to a delegate, visible outside its
/// assembly or overridable, never called, an await outside the try, a filtered, rethrowing or other narrow catch.
/// </summary>
public sealed class AG0202CancellationCatchTests
{
    private const string Usings = "using System; using System.Collections.Generic; using System.Threading; using System.Threading.Channels; using System.Threading.Tasks;\n";

    private static string Watchdog(string members) => Usings + $$"""
        public partial class Watchdog
        {
            CancellationTokenSource? _cts;
            readonly CancellationToken _token;
            readonly Channel<int> _queue = Channel.CreateUnbounded<int>();
            readonly Dictionary<int, int> _items = new();
            {{members}}
        }
        """;

    [Theory]
    // A private timeout restarted by each ping; a second await in the same try.
    [InlineData("public void Ping() { StartTimeout(); } private async void StartTimeout() { _cts?.Cancel(); _cts = new CancellationTokenSource(); try { await Task.Delay(1000, _cts.Token); await _queue.Writer.WriteAsync(1); } catch (OperationCanceledException) { } }")]
    // A sweep loop ending on TaskCanceledException, called through `this.`.
    [InlineData("public void Start() { this.Sweep(); } private async void Sweep() { while (!_token.IsCancellationRequested) { _items.Clear(); try { await Task.Delay(60000, _token); } catch (TaskCanceledException) { return; } } }")]
    // A local function with a qualified catch type and ConfigureAwait; awaits split over a cancellation and a catch-all try.
    [InlineData("public void Start() { async void Tick() { try { await Task.Delay(10, _token).ConfigureAwait(false); } catch (System.OperationCanceledException) { } try { await _queue.Writer.WriteAsync(2); } catch { } } Tick(); Tick(); }")]
    public Task Silent_for_a_directly_called_helper_whose_awaits_end_in_a_caught_cancellation(string members) =>
        VerifyAG0202.NoDiagnostics(Watchdog(members));

    [Fact]
    public Task Silent_for_an_internal_helper_called_from_another_type_and_from_a_partial_part() =>
        VerifyAG0202.NoDiagnostics(Watchdog("""
            internal async void Sweep() { try { await Task.Delay(60000, _token); } catch (TaskCanceledException) { } }
            """) + """
            public partial class Watchdog { void Restart() => Sweep(); }
            public sealed class Owner { public void Start(Watchdog w, Watchdog? maybe) { w.Sweep(); maybe?.Sweep(); } }
            """);

    [Theory]
    // Handed to a delegate: Task.Run(Action) and a timer cannot see the work.
    [InlineData("public void Start() { Task.Run(Worker); } private async {|AG0202:void|} Worker() { try { await Task.Delay(1, _token); } catch (OperationCanceledException) { } }")]
    [InlineData("Timer? _timer; public void Start() { _timer = new Timer(Tick); Tick(null); } private async {|AG0202:void|} Tick(object? state) { try { await Task.Delay(1, _token); } catch (OperationCanceledException) { } }")]
    [InlineData("public void Start() { async {|AG0202:void|} Tick() { try { await Task.Delay(1, _token); } catch (OperationCanceledException) { } } Action a = Tick; a(); }")]
    // An await outside the try, a filtered, rethrowing or other narrow catch, a catch type merely named so.
    [InlineData("public void Start() { Run(); } private async {|AG0202:void|} Run() { try { await Task.Delay(1, _token); } catch (OperationCanceledException) { } await _queue.Writer.WriteAsync(1); }")]
    [InlineData("public void Start() { Run(); } private async {|AG0202:void|} Run() { try { await Task.Delay(1, _token); } catch (OperationCanceledException) when (_token.IsCancellationRequested) { } }")]
    [InlineData("public void Start() { Run(); } private async {|AG0202:void|} Run() { try { await Task.Delay(1, _token); } catch (OperationCanceledException) { throw; } }")]
    [InlineData("public void Start() { Run(); } private async {|AG0202:void|} Run() { try { await Task.Delay(1, _token); } catch (InvalidOperationException) { } }")]
    [InlineData("public void Start() { Run(); } private async {|AG0202:void|} Run() { try { await Task.Delay(1, _token); } catch (MyCanceledException) { } } sealed class MyCanceledException : Exception { }")]
    // Visible outside the assembly, overridable, never called, no await at all.
    [InlineData("public void Start() { Run(); } public async {|AG0202:void|} Run() { try { await Task.Delay(1, _token); } catch (OperationCanceledException) { } }")]
    [InlineData("public void Start() { Run(); } protected async {|AG0202:void|} Run() { try { await Task.Delay(1, _token); } catch (OperationCanceledException) { } }")]
    [InlineData("public void Start() { Run(); } internal virtual async {|AG0202:void|} Run() { try { await Task.Delay(1, _token); } catch (OperationCanceledException) { } }")]
    [InlineData("private async {|AG0202:void|} Run() { try { await Task.Delay(1, _token); } catch (OperationCanceledException) { } }")]
    [InlineData("public void Start() { Run(); } private async {|AG0202:void|} Run() { try { _items.Clear(); } catch (OperationCanceledException) { } }")]
    public Task Reported_where_the_helper_is_more_than_a_caught_cancellation(string members) =>
        VerifyAG0202.Diagnostics(Watchdog(members));

    [Fact]
    public Task The_option_reports_caught_cancellations() =>
        VerifyAG0202.DiagnosticsWithOptions(
            Watchdog("public void Start() { Sweep(); } private async {|AG0202:void|} Sweep() { try { await Task.Delay(1, _token); } catch (OperationCanceledException) { } }"),
            CancellationCatches.ReportOption + " = true");

    [Fact]
    public Task Never_throws_on_half_typed_code() =>
        VerifyAG0202.DiagnosticsInBrokenCode(Watchdog("""
            public void Start() { Run(); Missing(Run2); Run3(; }
            private async void Run() { try { await Task.Delay(1, _token); } catch (OperationCanceledException { } }
            private async {|AG0202:void|} Run2() { try { await Task.Delay(1, _token); } catch (OperationCanceledException) { } }
            private async void Run3() { try { await Task.Delay(1, _token); } catch (Undefined.OperationCanceledException) { } catch (OperationCanceledException) { } }
            """));
}
