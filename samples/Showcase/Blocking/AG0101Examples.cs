namespace Showcase.Blocking;

/// <summary>AG0101 — Blocking wait in async code.</summary>
public sealed class AG0101Examples
{
    public async Task RunAsync()
    {
        Task<string> download = Task.Run(() => "payload");

        // AG0101: .Result blocks the thread inside an async method. Fix: (await download).Length
        int length = download.Result.Length;

        // AG0101: GetAwaiter().GetResult() blocks just the same. Fix: await Task.Delay(1)
        Task.Delay(1).GetAwaiter().GetResult();

        // Silent: the task was awaited above in this method, so .Result cannot block here.
        await download;
        Console.WriteLine($"{download.Result} {length}");
    }

    // AG0101 in a Task-returning method that is not async yet: the fix adds `async` and rewrites the return.
    public Task<int> CountAsync(Task<int[]> items) => Task.FromResult(items.Result.Length);
}
