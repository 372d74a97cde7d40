namespace Showcase.Style;

/// <summary>AG0505 — Validate arguments before the async part (off by default; enabled by ../.editorconfig).</summary>
public sealed class AG0505Examples
{
    // AG0505: a null path surfaces only when the caller awaits. Fix: validate here, then `return Core();` with the rest
    // of the body in an `async Task<int> Core()` local function.
    public async Task<int> CountLinesAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        var text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        return text.Split('\n').Length;
    }

    // Silent: the validation already runs at the call.
    public Task<int> CountWordsAsync(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Task.FromResult(text.Split(' ').Length);
    }
}
