using System.Threading.Tasks;
using AsyncGuard.Analyzers.TaskLifetime;
using Xunit;
using VerifyAG0202 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.TaskLifetime.AG0202AsyncVoidAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.TaskLifetime;

/// <summary>
/// Issue 16, eighth part (ff201; the sync-over-async pumps of Rebus and RestSharp): an async void method or local function
/// of a SynchronizationContext type, used only as the callback that type posts to itself, hands its exception back to the
/// context that posted it: silent by default, reported with report_own_context_posts. Still reported: the callback posted
/// to another context, also stored or handed elsewhere, a type that is no SynchronizationContext, a public method.
/// </summary>
public sealed class AG0202OwnContextPostTests
{
    private const string Usings = "using System; using System.Collections.Concurrent; using System.Runtime.ExceptionServices; using System.Threading; using System.Threading.Tasks;\n";

    private static string Pump(string members) => Usings + $$"""
        public sealed class Pump : SynchronizationContext
        {
            readonly BlockingCollection<(SendOrPostCallback, object?)> _items = new();
            readonly Func<Task> _task;
            ExceptionDispatchInfo? _caught;
            bool _done;
            public Pump(Func<Task> task) { _task = task; }
            public override void Post(SendOrPostCallback d, object? state) => _items.Add((d, state));
            {{members}}
        }
        """;

    [Theory]
    // A local function posted with Post, by name and through `this.`; a private method posted to its own context.
    [InlineData("public void Run() { async void RunFunction(object? _) { try { await _task(); } catch (Exception e) { _caught = ExceptionDispatchInfo.Capture(e); throw; } finally { Post(_ => _done = true, null); } } Post(RunFunction, null); _caught?.Throw(); }")]
    [InlineData("public void Run() { async void Callback(object? state) { await _task(); _done = true; } this.Post(Callback, state: null); }")]
    [InlineData("public void Run() { Post(Step, null); Send(Step, null); } private async void Step(object? state) { await _task(); }")]
    public Task Silent_for_callbacks_posted_to_their_own_context(string members) =>
        VerifyAG0202.NoDiagnostics(Pump(members));

    [Theory]
    // Posted to another context; also kept in a delegate variable.
    [InlineData("public void Run(SynchronizationContext other) { async {|AG0202:void|} Callback(object? state) { await _task(); } other.Post(Callback, null); }")]
    [InlineData("public void Run() { async {|AG0202:void|} Callback(object? state) { await _task(); } Post(Callback, null); SendOrPostCallback keep = Callback; keep(null); }")]
    // Never used as a callback; a method other code can call.
    [InlineData("public void Run() { async {|AG0202:void|} Callback() { await _task(); } Callback(); }")]
    [InlineData("public void Run() { Post(Step, null); } public async {|AG0202:void|} Step(object? state) { await _task(); }")]
    public Task Reported_where_the_callback_is_more_than_an_own_post(string members) =>
        VerifyAG0202.Diagnostics(Pump(members));

    [Fact]
    public Task Reported_in_a_type_that_is_no_synchronization_context() =>
        VerifyAG0202.Diagnostics(Usings + """
            public sealed class Queue
            {
                public void Post(SendOrPostCallback d, object? state) => d(state);
                public void Run() { async {|AG0202:void|} Callback(object? state) { await Task.Yield(); } Post(Callback, null); }
            }
            """);

    [Fact]
    public Task The_option_reports_own_context_posts() =>
        VerifyAG0202.DiagnosticsWithOptions(
            Pump("public void Run() { async {|AG0202:void|} Callback(object? state) { await _task(); } Post(Callback, null); }"),
            OwnContextPosts.ReportOption + " = true");

    [Fact]
    public Task Never_throws_on_half_typed_code() =>
        VerifyAG0202.DiagnosticsInBrokenCode(Pump("""
            public void Run() { async {|AG0202:void|} Callback(object? state) { await _task(); } Missing.Post(Callback, null); }
            public void Go() { async {|AG0202:void|} Step(object? state) { await _task(); } Post(Step, ); }
            """));
}
