namespace Showcase.Blocking;

/// <summary>Selects the synchronous or the asynchronous path of a shared implementation (as MySqlConnector's IOBehavior).</summary>
public enum IOBehavior
{
    Asynchronous,
    Synchronous,
}

/// <summary>AG0104 — Dual-path mismatch: one implementation serves Read and ReadAsync, selected by a flag.</summary>
public sealed class AG0104Examples
{
    private readonly Stream _stream = new MemoryStream(new byte[64]);

    // Silent (AG0103 too): a call given IOBehavior.Synchronous returns a completed task.
    public int Read(byte[] buffer) => ReadCoreAsync(buffer, IOBehavior.Synchronous).GetAwaiter().GetResult();

    public ValueTask<int> ReadAsync(byte[] buffer) => ReadCoreAsync(buffer, IOBehavior.Asynchronous);

    private async ValueTask<int> ReadCoreAsync(byte[] buffer, IOBehavior ioBehavior)
    {
        // AG0104: the async path of ReadCoreAsync reads the header synchronously. Fix: forward 'ioBehavior'.
        var header = await FillAsync(buffer, 4, IOBehavior.Synchronous);

        // Silent (AG0101/AG0102 too): the sync arm calls the sync API on purpose.
        return header + (ioBehavior == IOBehavior.Asynchronous
            ? await _stream.ReadAsync(buffer.AsMemory(4))
            : _stream.Read(buffer, 4, buffer.Length - 4));
    }

    private async ValueTask<int> FillAsync(byte[] buffer, int count, IOBehavior ioBehavior)
    {
        if (ioBehavior == IOBehavior.Synchronous)
        {
            // AG0104: the sync path blocks on real async I/O (sync-over-async). Fix: forward 'ioBehavior'.
            return CopyAsync(buffer, count, IOBehavior.Asynchronous).GetAwaiter().GetResult();
        }

        return await CopyAsync(buffer, count, ioBehavior);
    }

    private async Task<int> CopyAsync(byte[] buffer, int count, IOBehavior ioBehavior) =>
        ioBehavior == IOBehavior.Asynchronous ? await _stream.ReadAsync(buffer.AsMemory(0, count)) : _stream.Read(buffer, 0, count);
}
