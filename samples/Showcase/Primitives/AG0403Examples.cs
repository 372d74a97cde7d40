namespace Showcase.Primitives;

/// <summary>AG0403 — Thread-affine lock held across await.</summary>
public sealed class AG0403Examples
{
    private readonly object _gate = new();
    private readonly ReaderWriterLockSlim _rw = new();
    private int _value;

    public async Task UpdateAsync()
    {
        // AG0403 (error): the Exit may run on another thread after the await. Use AsyncLock or SemaphoreSlim.WaitAsync.
        // Fix (the AsyncGuard runtime is referenced, here through the stand-in): _gate becomes an AsyncLock and this
        // becomes `using (await _gate.LockAsync()) { .. }`; offered because _gate is private and taken nowhere else.
        Monitor.Enter(_gate);
        try
        {
            await Task.Delay(1);
            _value++;
        }
        finally
        {
            Monitor.Exit(_gate);
        }
    }

    public async Task<int> ReadAsync()
    {
        // Silent: the read lock is released before the await.
        _rw.EnterReadLock();
        int value;
        try
        {
            value = _value;
        }
        finally
        {
            _rw.ExitReadLock();
        }

        await Task.Delay(1);
        return value;
    }
}
