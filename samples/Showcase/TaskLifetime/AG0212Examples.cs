namespace Showcase.TaskLifetime;

/// <summary>AG0212 — Async delegate given to a long-running dedicated thread.</summary>
public sealed class AG0212Examples
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        // AG0212: the dedicated thread ends at the first await, the rest runs on the pool, and this await ends early.
        // Fix: await Task.Run(async () => await PumpAsync(cancellationToken), cancellationToken);
        await Task.Factory.StartNew(async () => await PumpAsync(cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        // Silent: a synchronous body is what a dedicated thread is for.
        await Task.Factory.StartNew(() => Thread.Sleep(10), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    private static async Task PumpAsync(CancellationToken cancellationToken) => await Task.Delay(10, cancellationToken);
}
