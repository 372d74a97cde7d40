namespace Showcase.Cancellation;

/// <summary>AG0303 — Async API does not accept a CancellationToken (off by default; enabled for this folder by its .editorconfig).</summary>
public sealed class AG0303Examples
{
    // AG0303: a public async method calls cancellable APIs but gives its callers no way to cancel.
    // Fix: add `CancellationToken cancellationToken = default` and pass it to Task.Delay and File.ReadAllTextAsync.
    public async Task<string> ReadSettingsAsync(string path)
    {
        await Task.Delay(10);
        return await File.ReadAllTextAsync(path);
    }

    // Silent: it already takes a token.
    public Task WaitAsync(CancellationToken cancellationToken) => Task.Delay(10, cancellationToken);
}
