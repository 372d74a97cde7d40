namespace Showcase.Primitives;

/// <summary>AG0401 — Release the semaphore in a finally block.</summary>
public sealed class AG0401Examples
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private int _saved;

    public async Task SaveAsync(CancellationToken cancellationToken)
    {
        // AG0401: an exception in Task.Delay leaks the permit. Fix: try { .. } finally { _gate.Release(); }
        await _gate.WaitAsync(cancellationToken);
        await Task.Delay(1, cancellationToken);
        _saved++;
        _gate.Release();
    }

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        try
        {
            // AG0401: a cancelled wait still runs the finally and releases a permit it never took. Fix: acquire before the try.
            await _gate.WaitAsync(cancellationToken);
            _saved--;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task CorrectAsync(CancellationToken cancellationToken)
    {
        // Silent: acquired, then a try whose finally releases.
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await Task.Delay(1, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }
}
