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

    // AG0306 on a private helper. Second fix: remove the parameter and update the callers (CountBothAsync below loses
    // the arguments; its own token is then unused and reported in turn).
    private async Task<int> CountAsync(string text, CancellationToken cancellationToken)
    {
        await Task.Yield();
        return text.Length + _saved;
    }

    public async Task<int> CountBothAsync(CancellationToken cancellationToken) =>
        await CountAsync("a", cancellationToken) + await CountAsync("b", CancellationToken.None);
}
