namespace Showcase.Style;

/// <summary>AG0504 — Return the task instead of awaiting it (off by default; enabled by ../.editorconfig).</summary>
public sealed class AG0504Examples
{
    private static Task<string> ReadAsync(string path) => File.ReadAllTextAsync(path);

    // AG0504: the only await passes the same task on. Fix: Task<string> LoadAsync(string path) => ReadAsync(path);
    public async Task<string> LoadAsync(string path) => await ReadAsync(path).ConfigureAwait(false);

    // Silent: the await keeps the reader alive until the read completes (returning the task would dispose it first).
    public async Task<string> ReadAllAsync(string path)
    {
        using var reader = File.OpenText(path);
        return await reader.ReadToEndAsync().ConfigureAwait(false);
    }
}
