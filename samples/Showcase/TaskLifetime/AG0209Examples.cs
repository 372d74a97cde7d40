namespace Showcase.TaskLifetime;

/// <summary>AG0209 — TaskCompletionSource continuations run inline.</summary>
public sealed class AG0209Examples
{
    // AG0209 (info): whoever calls SetResult runs the awaiting code inline. Fix: new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously)
    private readonly TaskCompletionSource<int> _ready = new TaskCompletionSource<int>();

    // Not AG0209: a TaskContinuationOptions value binds to the `object state` constructor and does nothing. That mistake
    // is the SDK's CA2247 (on by default, with its fix; the build shows it here): one finding, one diagnostic.
    private readonly TaskCompletionSource _done = new TaskCompletionSource(TaskContinuationOptions.RunContinuationsAsynchronously);

    // Silent: continuations are queued to the thread pool.
    private readonly TaskCompletionSource _safe = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task All() => Task.WhenAll(_ready.Task, _done.Task, _safe.Task);
}
