namespace Showcase.Primitives;

/// <summary>AG0402 — Dispose the lock releaser (shown with a stand-in AsyncGuard.AsyncLock, see AsyncGuardStandIns.cs).</summary>
public sealed class AG0402Examples
{
    private readonly AsyncGuard.AsyncLock _lock = new();
    private readonly List<string> _items = new();

    public async Task AddAsync(string item, CancellationToken cancellationToken)
    {
        // AG0402: the releaser is discarded, so the lock is never released. Fix: using var releaser = await _lock.LockAsync(..);
        await _lock.LockAsync(cancellationToken);
        _items.Add(item);
    }

    public async Task RemoveAsync(string item)
    {
        // AG0402: a throwing Remove skips the Dispose call. Fix: using (var held = await _lock.LockAsync()) { .. }
        var held = await _lock.LockAsync();
        _items.Remove(item);
        held.Dispose();
    }

    public async Task<int> CountAsync()
    {
        // Silent: released on every path.
        await using (await _lock.LockAsync())
        {
            return _items.Count;
        }
    }
}
