using Xunit;
using VerifyAG0209 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.TaskLifetime.AG0209TaskCompletionSourceInlineAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.TaskLifetime;

/// <summary>
/// AG0209: the "no continuation exists" silence for a completion source kept in a private field (held-out wrong class of
/// ho3: a single-dispose helper whose second caller waits synchronously for the first). Every reference in the type
/// completes the source or reads its task's state or waits on it synchronously. Still reported: the task awaited, returned
/// or handed out anywhere in the type, a field that is not private, a partial type.
/// </summary>
public sealed class AG0209PrivateFieldSourceTests
{
    private const string Usings = "using System; using System.Threading; using System.Threading.Tasks;\n";

    private static string InType(string field, string members, string modifiers = "sealed") => Usings + $$"""
        {{modifiers}} class Once
        {
            {{field}}
            private int _started;

            public bool IsDone => _done.Task.IsCompleted;

            {{members}}
        }
        """;

    private const string SyncDispose = """
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _started, 1) == 1) { _done.Task.GetAwaiter().GetResult(); return; }
            _done.TrySetResult(null);
        }
        """;

    [Theory]
    [InlineData("private readonly TaskCompletionSource<object?> _done = /*B*/new()/*E*/;", SyncDispose)]
    [InlineData("private readonly TaskCompletionSource<object?> _done = new TaskCompletionSource<object?>();", SyncDispose + "public void Wait() { this._done.Task.Wait(); if (this._done.Task.IsFaulted) throw new InvalidOperationException(); }")]
    [InlineData("private TaskCompletionSource<object?> _done;", "public Once() { _done = new TaskCompletionSource<object?>(); } public object? Result => _done.Task.Result; " + SyncDispose)]
    public Task Silent_where_the_type_only_waits_synchronously(string field, string members) =>
        VerifyAG0209.NoDiagnostics(InType(field, members));

    [Theory]
    // Awaited, returned, handed out: continuations exist.
    [InlineData("private readonly TaskCompletionSource<object?> _done = {|AG0209:new()|};", SyncDispose + "public async Task WaitAsync() => await _done.Task;")]
    [InlineData("private readonly TaskCompletionSource<object?> _done = {|AG0209:new()|};", SyncDispose + "public Task Completion => _done.Task;")]
    [InlineData("private readonly TaskCompletionSource<object?> _done = {|AG0209:new()|};", SyncDispose + "public void Chain() => _done.Task.ContinueWith(_ => { });")]
    [InlineData("private readonly TaskCompletionSource<object?> _done = {|AG0209:new()|};", SyncDispose + "public object Self => _done;")]
    // Visible outside the type: anyone may await it.
    [InlineData("internal readonly TaskCompletionSource<object?> _done = {|AG0209:new()|};", SyncDispose)]
    public Task Reported_where_a_continuation_may_exist(string field, string members) =>
        VerifyAG0209.Diagnostics(InType(field, members));

    [Fact]
    public Task A_partial_type_is_reported() =>
        VerifyAG0209.Diagnostics(InType("private readonly TaskCompletionSource<object?> _done = {|AG0209:new()|};", SyncDispose, "sealed partial") + "\nsealed partial class Once { }\n");

    [Fact]
    public Task Half_typed_code_does_not_crash() =>
        VerifyAG0209.DiagnosticsInBrokenCode(Usings + """
            sealed class Once
            {
                private readonly TaskCompletionSource<object?> _done = {|AG0209:new()|};
                public bool IsDone => _done.Task.;
                public void Dispose() { _done.Task.GetAwaiter().GetResult(; _done.TrySetResult(null); }
            }
            """);
}
