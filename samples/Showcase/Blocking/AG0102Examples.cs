namespace Showcase.Blocking;

/// <summary>AG0102 — Synchronous call has an async alternative.</summary>
public sealed class AG0102Examples
{
    public async Task<int> RunAsync(string path, CancellationToken cancellationToken)
    {
        await File.WriteAllTextAsync(path, "hello", cancellationToken);

        // AG0102: File.ReadAllText blocks on disk I/O. Fix: await File.ReadAllTextAsync(path, cancellationToken)
        string text = File.ReadAllText(path);

        // AG0102: Thread.Sleep blocks the thread. Fix: await Task.Delay(10, cancellationToken)
        Thread.Sleep(10);

        // AG0102: FileStream disposes (and flushes) asynchronously too. Fix: await using var stream = ...
        using var stream = File.OpenRead(path);

        // Silent: a MemoryStream never waits, and Console is left alone.
        using var memory = new MemoryStream();
        memory.Flush();
        Console.WriteLine(text);
        return text.Length + (int)stream.Length;
    }
}
