namespace Showcase.Style;

/// <summary>AG0503 — Non-async method should not end with Async (off by default; enabled by ../.editorconfig).</summary>
public sealed class AG0503Examples
{
    // AG0503: the name promises something to await, but the method returns an int. Fix: rename to Parse (the call below follows).
    public int ParseAsync(string text) => int.Parse(text);

    public int Twice(string text) => ParseAsync(text) * 2;

    // Silent: an async sequence is awaited with `await foreach`.
    public async IAsyncEnumerable<int> ReadAllAsync()
    {
        await Task.Yield();
        yield return Twice("1");
    }
}
