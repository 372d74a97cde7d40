namespace Showcase.Cancellation;

/// <summary>AG0305 — Dispose CancellationTokenRegistration.</summary>
public sealed class AG0305Examples
{
    private CancellationTokenRegistration _stopRegistration;

    public async Task<int> ReceiveAsync(CancellationToken cancellationToken)
    {
        var pending = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);

        // AG0305: the callback (and pending) stay registered on the caller's token after the method returned.
        // Fix: using var registration = cancellationToken.Register(...);
        cancellationToken.Register(() => pending.TrySetCanceled(cancellationToken));
        pending.TrySetResult(42);
        return await pending.Task;
    }

    // Silent: the registration is kept in a field; its owner disposes it.
    public void Start(CancellationToken stopping) => _stopRegistration = stopping.Register(() => { });

    public void Stop() => _stopRegistration.Dispose();
}
