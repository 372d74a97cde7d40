namespace Showcase.TaskLifetime;

/// <summary>AG0202 — Avoid async void.</summary>
public sealed class AG0202Examples
{
    // AG0202: callers cannot await this, and an exception ends the process. Fix: `async Task`, and RunAsync awaits it.
    private async void Refresh() => await Task.Delay(1);

    public async Task RunAsync()
    {
        Refresh();
        await Task.Yield();
    }

    // Silent: an event handler needs the void signature.
    public async void OnClick(object? sender, EventArgs e) => await Task.Yield();
}
