// The Showcase does not reference the AsyncGuard runtime (it shows the analyzers alone). AG0402 recognises the runtime's
// types by metadata name (AG0403-AG0405 too), so these minimal stand-ins with the same names and shapes let the rules fire here. A real program
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

/// <summary>Stand-in for AsyncGuard.AsyncLazyOptions (AG0404).</summary>
[Flags]
public enum AsyncLazyOptions
{
    None = 0,
    RetryOnFailure = 1,
    ExecuteOnCallingThread = 2,
}

/// <summary>Stand-in for AsyncGuard.AsyncLazy&lt;T&gt; (AG0404): the factory runs once, on the thread pool.</summary>
public sealed class AsyncLazy<T>(Func<Task<T>> factory, AsyncLazyOptions options = AsyncLazyOptions.None)
{
    private Task<T>? _task;

    public AsyncLazyOptions Options => options;

    public bool IsStarted => Volatile.Read(ref _task) != null;

    public Task<T> Task
    {
        get
        {
            if (Volatile.Read(ref _task) is { } started)
            {
                return started;
            }

            // A stand-in: two first callers may both start the factory; the real AsyncLazy<T> starts it once.
            var run = System.Threading.Tasks.Task.Run(factory);
            return Interlocked.CompareExchange(ref _task, run, null) ?? run;
        }
    }

    public System.Runtime.CompilerServices.TaskAwaiter<T> GetAwaiter() => Task.GetAwaiter();
}
