namespace Showcase.TaskLifetime;

/// <summary>AG0201 — Unobserved task.</summary>
public sealed class AG0201Examples
{
    private static Task SaveAsync() => Task.Delay(1);

    public void Run()
    {
        // AG0201: the task is dropped; an exception inside SaveAsync is never seen. Fix: `_ = SaveAsync();` (here no await is possible)
        SaveAsync();

        // Silent: an explicit discard says fire-and-forget is intended.
        _ = SaveAsync();
    }

    // AG0201 in a Task-returning method that is not async yet: the fix adds `async` and awaits both calls.
    public Task RunTwiceAsync()
    {
        SaveAsync();
        return SaveAsync();
    }

    // AG0201 in an async method too: a task kept in a local that nothing reads is still unobserved (CS4014 does not
    // look at assignments). Fix: `await SaveAsync();` (the declaration goes).
    public async Task StartAndForgetAsync()
    {
        var pending = SaveAsync();
        await Task.Yield();
    }
}
