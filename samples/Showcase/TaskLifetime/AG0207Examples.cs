namespace Showcase.TaskLifetime;

/// <summary>AG0207 — Task-returning method returns null.</summary>
public sealed class AG0207Examples
{
    // AG0207: `await NothingToDo()` throws NullReferenceException. Fix: return Task.CompletedTask
    public Task NothingToDo() => null!;

    // AG0207 with a result. Fix: Task.FromResult<string>(default!)
    public Task<string> Lookup(bool found) => found ? Task.FromResult("x") : default!;

    // Silent: in an async method, null is the result, not the task.
    public async Task<string?> LookupAsync()
    {
        await Task.Yield();
        return null;
    }
}
