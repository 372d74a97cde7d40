namespace Showcase.Primitives;

/// <summary>AG0404 — Use AsyncLazy&lt;T&gt; for an async lazy value (the runtime is "referenced" through the stand-in, see AsyncGuardStandIns.cs).</summary>
public sealed class AG0404Examples
{
    // AG0404 (info): the factory runs on the first caller's context and a failed load stays cached for ever.
    // Fix: `AsyncLazy<string> _settings = new AsyncLazy<string>(() => LoadAsync())`, `await _settings` (or retry after a failure).
    private readonly Lazy<Task<string>> _settings = new Lazy<Task<string>>(() => LoadAsync());

    // AG0404 (info): a task started by hand on first use (two callers at once may start it twice).
    // Fix: `AsyncLazy<int> _count = new AsyncLazy<int>(() => CountAsync())`; `_count ??= CountAsync()` becomes `_count.Task`.
    private Task<int>? _count;

    public async Task<int> SettingsLengthAsync() => (await _settings.Value).Length;

    public Task<int> CountOnceAsync() => _count ??= CountAsync();

    private static Task<string> LoadAsync() => Task.FromResult("settings");

    private static Task<int> CountAsync() => Task.FromResult(3);
}
