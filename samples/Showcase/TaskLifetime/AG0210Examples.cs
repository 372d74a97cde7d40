namespace Showcase.TaskLifetime;

/// <summary>AG0210 — Task scheduled on the ambient scheduler.</summary>
public sealed class AG0210Examples
{
    public Task<int> Run(Task previous)
    {
        // AG0210: StartNew uses TaskScheduler.Current, whatever the caller runs on. Fix: Task.Run(() => 42)
        var answer = Task.Factory.StartNew(() => 42);

        // AG0210: ContinueWith too. Fix: previous.ContinueWith(_ => 1, TaskScheduler.Default)
        var next = previous.ContinueWith(_ => 1);

        // Silent: the scheduler is explicit.
        var explicitOne = previous.ContinueWith(_ => 2, TaskScheduler.Default);
        return Task.WhenAll(answer, next, explicitOne).ContinueWith(all => all.Result.Sum(), TaskScheduler.Default);
    }
}
