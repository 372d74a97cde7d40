namespace Showcase.TaskLifetime;

/// <summary>AG0203 — Async lambda converted to a void-returning delegate.</summary>
public sealed class AG0203Examples
{
    public async Task RunAsync(List<int> delays)
    {
        // AG0203: List.ForEach takes an Action, so the lambda is async void and ForEach returns at the first await.
        // Fix: foreach (var d in delays) { await Task.Delay(d); }
        delays.ForEach(async d => await Task.Delay(d));

        // AG0203: the same with Parallel.ForEach. Fix: await Parallel.ForEachAsync(delays, async (d, cancellationToken) => ...)
        Parallel.ForEach(delays, async d => await Task.Delay(d));

        // Silent: Task.Run has a Func<Task> overload, so the lambda returns a Task.
        await Task.Run(async () => await Task.Delay(1));
    }
}
