namespace Showcase.TaskLifetime;

/// <summary>AG0206 — Nested task is not unwrapped.</summary>
public sealed class AG0206Examples
{
    public async Task RunAsync()
    {
        // AG0206: StartNew returns Task<Task>; this await ends when the delegate reaches its first await.
        // Fix: await Task.Run(async () => await Task.Delay(10));
        await Task.Factory.StartNew(async () => await Task.Delay(10));

        // Silent: Unwrap() gives the task of the whole delegate.
        await Task.Factory.StartNew(async () => await Task.Delay(10), CancellationToken.None, TaskCreationOptions.None, TaskScheduler.Default).Unwrap();
    }
}
