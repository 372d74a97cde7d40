namespace Showcase.Blocking;

/// <summary>AG0103 — Synchronous wait on async work.</summary>
public sealed class AG0103Examples
{
    private static Task<string> DownloadAsync() => Task.FromResult("payload");

    // AG0103: a synchronous method blocks on a task. The fix "Make 'Load' async" turns it into
    // `async Task<int> Load()` with `await DownloadAsync()`, and makes Report await it in turn.
    private int Load() => DownloadAsync().Result.Length;

    private void Report() => Console.WriteLine(Load());

    public void Run()
    {
        Report();

        // AG0103 without a make-async fix: the lambda's delegate type (Func<int>) is synchronous.
        Func<int> count = () => DownloadAsync().GetAwaiter().GetResult().Length;
        Console.WriteLine(count());
    }
}

/// <summary>Silent by default: the sync side of a dual API whose type offers the async counterpart.</summary>
public sealed class AG0103DualApiExample : IDisposable, IAsyncDisposable
{
    // No AG0103: IDisposable imposes the sync signature and DisposeAsync serves async callers
    // (reported with dotnet_diagnostic.AG0103.report_sync_boundaries = true).
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
