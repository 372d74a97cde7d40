namespace Showcase.Cancellation;

/// <summary>AG0306 — Use the CancellationToken parameter.</summary>
public sealed class AG0306Examples
{
    private int _saved;

    // AG0306: callers think the save can be cancelled; the token goes nowhere.
    // Fix: cancellationToken.ThrowIfCancellationRequested(); as the first statement (or pass it on).
    public async Task SaveAsync(int value, CancellationToken cancellationToken)
    {
        await Task.Yield();
        _saved = value;
    }

    // Silent: the token is passed on.
    public Task WaitAsync(CancellationToken cancellationToken) => Task.Delay(_saved, cancellationToken);

    // Silent: nothing to cancel.
    public Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
