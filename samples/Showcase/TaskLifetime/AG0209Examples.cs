namespace Showcase.TaskLifetime;

/// <summary>AG0209 — TaskCompletionSource continuations run inline.</summary>
public sealed class AG0209Examples
{
    // AG0209 (info): whoever calls SetResult runs the awaiting code inline. Fix: new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously)
    private readonly TaskCompletionSource<int> _ready = new TaskCompletionSource<int>();

    // AG0209 (warning): a TaskContinuationOptions value binds to the `object state` constructor and does nothing.
    // Fix: TaskCreationOptions.RunContinuationsAsynchronously
    private readonly TaskCompletionSource _done = new TaskCompletionSource(TaskContinuationOptions.RunContinuationsAsynchronously);

    // Silent: continuations are queued to the thread pool.
    private readonly TaskCompletionSource _safe = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task All() => Task.WhenAll(_ready.Task, _done.Task, _safe.Task);
}
