namespace AsyncGuard
{
    /// <summary>
    /// An event that lets exactly one waiter through per <see cref="Set"/>: the oldest waiter if there is one,
    /// otherwise the next caller of <see cref="WaitAsync"/>. Setting an already-set event has no further effect.
    /// </summary>
    /// <example>
    /// <code>
    /// var workAvailable = new AsyncAutoResetEvent();
    /// // producer: workAvailable.Set();
    /// // consumer loop: await workAvailable.WaitAsync(cancellationToken);
    /// </code>
    /// </example>
    [DebuggerDisplay("{DebuggerDisplay,nq}")]
    public sealed class AsyncAutoResetEvent : IDisposable
    {
        private readonly object _gate = new object();
        private readonly WaiterQueue<bool> _waiters;
        private int _isSet; // 1 when set; invariant: waiters are queued only while not set
        private bool _disposed;

        /// <summary>Creates the event.</summary>
        /// <param name="initialState">True to start in the set state (the first wait passes).</param>
        public AsyncAutoResetEvent(bool initialState = false)
        {
            _isSet = initialState ? 1 : 0;
            _waiters = new WaiterQueue<bool>(_gate);
        }

        /// <summary>True while the event is set and no waiter has consumed the signal.</summary>
        public bool IsSet => Volatile.Read(ref _isSet) == 1;

        /// <summary>Waits for a signal, consuming it.</summary>
        /// <param name="cancellationToken">Cancels the wait; an already-cancelled token fails at once and consumes no signal.</param>
        /// <exception cref="OperationCanceledException">The wait was cancelled; the signal, if any, stays for the next waiter.</exception>
        /// <exception cref="ObjectDisposedException">The event was disposed.</exception>
        public ValueTask WaitAsync(CancellationToken cancellationToken = default)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return new ValueTask(Task.FromCanceled(cancellationToken));
            }

            ThrowIfDisposed();
            if (Interlocked.CompareExchange(ref _isSet, 0, 1) == 1)
            {
                return default;
            }

            Waiter<bool> node;
            lock (_gate)
            {
                ThrowIfDisposed();
                if (Interlocked.CompareExchange(ref _isSet, 0, 1) == 1)
                {
                    return default;
                }

                node = _waiters.Enqueue(cancellationToken);
            }

            return WaiterQueue<bool>.ArmVoidAsync(node);
        }

        /// <summary>Releases the oldest waiter, or leaves the event set if nobody waits.</summary>
        public void Set()
        {
            Waiter<bool>? next;
            lock (_gate)
            {
                next = _waiters.TryDequeue();
                if (next is null)
                {
                    Volatile.Write(ref _isSet, 1);
                }
            }

            next?.SetResult(true);
        }

        /// <summary>Clears a pending signal.</summary>
        public void Reset() => Volatile.Write(ref _isSet, 0);

        /// <summary>Faults every waiter with <see cref="ObjectDisposedException"/>; later waits throw it too.</summary>
        public void Dispose() => _waiters.DisposeAll(ref _disposed, nameof(AsyncAutoResetEvent));

        private void ThrowIfDisposed()
        {
            if (Volatile.Read(ref _disposed))
            {
                throw new ObjectDisposedException(nameof(AsyncAutoResetEvent));
            }
        }

        // What the debugger shows for the instance. Reads the fields without the lock: a debugger evaluation must never wait.
        private string DebuggerDisplay => $"IsSet = {IsSet}, Waiters = {_waiters.Count}{(_disposed ? ", Disposed" : "")}";
    }
}
