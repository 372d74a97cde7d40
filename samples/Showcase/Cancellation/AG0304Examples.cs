namespace Showcase.Cancellation;

/// <summary>AG0304 — Dispose CancellationTokenSource.</summary>
public sealed class AG0304Examples
{
    private CancellationTokenSource? _shutdown;

    public async Task CallWithTimeoutAsync(CancellationToken cancellationToken)
    {
        // AG0304: the linked source stays registered on cancellationToken until disposed. Fix: using var timeout = ...
        var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        await Task.Delay(10, timeout.Token);
    }

    // Silent: a plain source owns no timer, link or wait handle; nothing for Dispose to release.
    public void CancelLocally()
    {
        var cts = new CancellationTokenSource();
        cts.Cancel();
    }

    // Silent: the source escapes into a field; its owner disposes it.
    public void Start() => _shutdown = new CancellationTokenSource();
}
