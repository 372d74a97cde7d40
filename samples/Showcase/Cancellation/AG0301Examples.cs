namespace Showcase.Cancellation;

/// <summary>AG0301 — Forward the available CancellationToken.</summary>
public sealed class AG0301Examples
{
    public async Task<string> LoadAsync(string path, CancellationToken cancellationToken)
    {
        // AG0301: Task.Delay has an overload that takes a token. Fix: Task.Delay(10, cancellationToken)
        await Task.Delay(10);

        // AG0301: the optional token parameter is left at its default. Fix: File.ReadAllTextAsync(path, cancellationToken)
        string text = await File.ReadAllTextAsync(path);

        // Silent: an explicit CancellationToken.None is a decision (dotnet_diagnostic.AG0301.report_explicit_none = true reports it).
        await Task.Delay(10, CancellationToken.None);

        // Silent: Task.Run's own token would cancel the start and skip the body; the Delay inside it still gets one.
        await Task.Run(() => Task.Delay(10, cancellationToken));

        // Silent: the token is passed.
        await Task.Delay(10, cancellationToken);
        return text;
    }

    private readonly CancellationTokenSource _stop = new();

    public async Task PollAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            // AG0301: the worker's own source already ends this loop. Fix: Task.Delay(1000, _stop.Token)
            await Task.Delay(1000);
        }
    }

    // Silent: a member token the method does not use belongs to the object, not to this call.
    public Task PingAsync() => Task.Delay(10);
}
