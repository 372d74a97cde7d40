namespace Showcase.Style;

/// <summary>AG0502 — Async method name should end with Async (off by default; enabled by ../.editorconfig).</summary>
public sealed class AG0502Examples
{
    // AG0502: returns a Task, but the name does not say so. Fix: rename to LoadSettingsAsync (the call below follows).
    public Task<string> LoadSettings() => Task.FromResult("settings");

    public async Task<int> CountAsync() => (await LoadSettings().ConfigureAwait(false)).Length;

    // Silent: an event handler's name is fixed by the event it handles.
    public Task OnSaved(object? sender, EventArgs e) => Task.CompletedTask;
}
