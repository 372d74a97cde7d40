namespace Showcase.TaskLifetime;

/// <summary>AG0208 — ValueTask consumed incorrectly.</summary>
public sealed class AG0208Examples
{
    private static async ValueTask<int> ReadAsync()
    {
        await Task.Yield();
        return 42;
    }

    public async Task<int> RunAsync()
    {
        // AG0208: the ValueTask is awaited twice; a pooled source may already serve another operation.
        // Fix: var pending = ReadAsync().AsTask();
        var pending = ReadAsync();
        var first = await pending;
        var second = await pending;

        // Silent: AsTask() once, then the Task can be awaited as often as needed.
        var task = ReadAsync().AsTask();
        return first + second + await task + await task;
    }
}
