namespace Showcase.Primitives;

/// <summary>AG0405 — Use AsyncLock for a SemaphoreSlim used as a mutex (the runtime is "referenced" through the stand-in).</summary>
public sealed class AG0405Examples
{
    // AG0405 (info): a SemaphoreSlim(1, 1) whose every use is WaitAsync + Release in a finally: a hand-written mutex.
    // Fix: `AsyncLock _gate = new AsyncLock()` and `using (await _gate.LockAsync(cancellationToken)) { .. }` at each pair.
    private readonly SemaphoreSlim _gate = new(1, 1);

    // Silent: a throttle of four permits is not a mutex.
    private readonly SemaphoreSlim _throttle = new(4, 4);
    private int _saved;

    public async Task SaveAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await Task.Delay(1, cancellationToken);
            _saved++;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task DownloadAsync(CancellationToken cancellationToken)
    {
        await _throttle.WaitAsync(cancellationToken);
        try
        {
            await Task.Delay(1, cancellationToken);
        }
        finally
        {
            _throttle.Release();
        }
    }
}
