namespace Showcase.TaskLifetime;

/// <summary>AG0204 — Task escapes a disposing scope.</summary>
public sealed class AG0204Examples
{
    private static Task<int> ReadAsync(Stream stream) => Task.FromResult((int)stream.Length);

    // AG0204: the stream is disposed as soon as the task is returned, not when the read completes.
    // Fix: async Task<int> ... return await ReadAsync(stream);
    public Task<int> LengthAsync()
    {
        using var stream = new MemoryStream(new byte[4]);
        return ReadAsync(stream);
    }

    // Silent: awaited inside the scope.
    public async Task<int> LengthSafeAsync()
    {
        using var stream = new MemoryStream(new byte[4]);
        return await ReadAsync(stream);
    }
}
