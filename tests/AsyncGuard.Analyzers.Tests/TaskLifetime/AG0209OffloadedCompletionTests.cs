using Xunit;
using VerifyAG0209 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.TaskLifetime.AG0209TaskCompletionSourceInlineAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.TaskLifetime;

/// <summary>
/// AG0209 (issue 16, held-out DSharpPlus): a completion source in a private field whose every completion is a whole
/// `Task.Run` lambda or a statement of a constructor is silent: its awaiters resume on a pool work item that does nothing
/// else. Still reported: a completion in a method, in a `Task.Run` lambda that does more, and a source handed out.
/// </summary>
public sealed class AG0209OffloadedCompletionTests
{
    private const string Usings = "using System; using System.Threading; using System.Threading.Tasks;\n";

    [Fact]
    public Task Silent_for_the_reset_event_completed_only_through_task_run() =>
        VerifyAG0209.Diagnostics(Usings + """
            sealed class ResetEvent
            {
                private TaskCompletionSource<bool> _tcs;

                public ResetEvent(bool set)
                {
                    _tcs = new TaskCompletionSource<bool>();
                    if (set)
                    {
                        this._tcs.TrySetResult(true);
                    }
                }

                public bool IsSet => _tcs != null && _tcs.Task.IsCompleted;

                public Task WaitAsync() => _tcs.Task;

                public Task SetAsync() => Task.Run(() => this._tcs.TrySetResult(true));

                public void Reset()
                {
                    while (true)
                    {
                        var current = _tcs;
                        if (!current.Task.IsCompleted || Interlocked.CompareExchange(ref _tcs, new TaskCompletionSource<bool>(), current) == current)
                        {
                            return;
                        }
                    }
                }
            }
            """);

    [Fact]
    public Task Silent_with_a_block_lambda_and_a_field_initializer() =>
        VerifyAG0209.Diagnostics(Usings + """
            class Signal
            {
                private readonly TaskCompletionSource<object> _done = new();

                public Task Done => _done.Task;

                public void Fire() => Task.Run(() => { _done.TrySetResult(null); });
            }
            """);

    [Fact]
    public Task Reported_for_a_direct_completion_a_busier_lambda_or_a_source_handed_out() =>
        VerifyAG0209.Diagnostics(Usings + """
            class Direct
            {
                private readonly TaskCompletionSource<bool> _tcs = {|AG0209:new TaskCompletionSource<bool>()|};
                public Task WaitAsync() => _tcs.Task;
                public void Set() => _tcs.TrySetResult(true);
            }

            class Busier
            {
                private readonly object _gate = new object();
                private readonly TaskCompletionSource<bool> _tcs = {|AG0209:new TaskCompletionSource<bool>()|};
                public Task WaitAsync() => _tcs.Task;
                public Task SetAsync() => Task.Run(() => { lock (_gate) { _tcs.TrySetResult(true); } });
            }

            class HandedOut
            {
                private readonly TaskCompletionSource<bool> _tcs = {|AG0209:new TaskCompletionSource<bool>()|};
                public TaskCompletionSource<bool> Source => _tcs;
                public Task SetAsync() => Task.Run(() => _tcs.TrySetResult(true));
            }
            """);

    [Theory]
    // An unknown result type and a completion given an unknown value are not known to be offloaded (reported); an
    // unfinished creation is no creation. Nothing throws.
    [InlineData("private TaskCompletionSource<Missing> _tcs = {|AG0209:new()|};")]
    [InlineData("private TaskCompletionSource<bool> _tcs = new(;")]
    [InlineData("private TaskCompletionSource<bool> _tcs = {|AG0209:new()|}; void M() => Task.Run(() => _tcs.TrySetResult(missing));")]
    public Task Never_throws_on_half_typed_code(string member) =>
        VerifyAG0209.DiagnosticsInBrokenCode(Usings + $$"""
            class Broken
            {
                {{member}}
                public Task SetAsync() => Task.Run(() => _tcs.TrySetResult(true));
            }
            """);
}
