// The Showcase does not reference the AsyncGuard runtime (it shows the analyzers alone). AG0402 recognises the runtime's
// types by metadata name, so this minimal stand-in with the same name and shape lets the rule fire here. A real program
// references the AsyncGuard package instead.
namespace AsyncGuard;

/// <summary>Stand-in for AsyncGuard.AsyncLock (the real one is in the AsyncGuard package).</summary>
public sealed class AsyncLock
{
    private readonly SemaphoreSlim _semaphore = new(1, 1);

    /// <summary>Waits for the lock; dispose the releaser to release it.</summary>
    public async ValueTask<Releaser> LockAsync(CancellationToken cancellationToken = default)
    {
        await _semaphore.WaitAsync(cancellationToken);
        return new Releaser(_semaphore);
    }

    /// <summary>Releases the lock when disposed.</summary>
    public readonly struct Releaser : IDisposable, IAsyncDisposable
    {
        private readonly SemaphoreSlim? _semaphore;

        internal Releaser(SemaphoreSlim semaphore) => _semaphore = semaphore;

        public void Dispose() => _semaphore?.Release();

        public ValueTask DisposeAsync()
        {
            Dispose();
            return default;
        }
    }
}
