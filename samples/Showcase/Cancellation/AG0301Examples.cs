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

        // AG0301: CancellationToken.None passed explicitly while a token is at hand. Fix: cancellationToken
        await Task.Delay(10, CancellationToken.None);

        // Silent: the token is passed.
        await Task.Delay(10, cancellationToken);
        return text;
    }
}
