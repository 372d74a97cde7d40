namespace AsyncGuard
{
    /// <summary>
    /// An event that, once <see cref="Set"/>, lets every current and future waiter through until <see cref="Reset"/>.
    /// </summary>
    /// <example>
    /// <code>
    /// var ready = new AsyncManualResetEvent();
    /// _ = Task.Run(async () => { await WarmUpAsync(); ready.Set(); });
    /// await ready.WaitAsync(cancellationToken);
    /// </code>
    /// </example>
    [DebuggerDisplay("{DebuggerDisplay,nq}")]
    public sealed class AsyncManualResetEvent : IDisposable
    {
        private readonly object _gate = new object();
        private readonly WaiterQueue<bool> _waiters;
        private bool _isSet; // invariant: waiters are queued only while not set
        private bool _disposed;

        /// <summary>Creates the event.</summary>
        /// <param name="initialState">True to start in the set state.</param>
        public AsyncManualResetEvent(bool initialState = false)
        {
            _isSet = initialState;
            _waiters = new WaiterQueue<bool>(_gate);
        }

        /// <summary>True while the event is set.</summary>
        public bool IsSet => Volatile.Read(ref _isSet);

        /// <summary>Waits until the event is set; completes at once if it is set already.</summary>
        /// <param name="cancellationToken">Cancels the wait; an already-cancelled token fails at once, even if the event is set.</param>
        /// <exception cref="OperationCanceledException">The wait was cancelled.</exception>
        /// <exception cref="ObjectDisposedException">The event was disposed.</exception>
        public ValueTask WaitAsync(CancellationToken cancellationToken = default)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return new ValueTask(Task.FromCanceled(cancellationToken));
            }

            ThrowIfDisposed();
            if (Volatile.Read(ref _isSet))
            {
                return default;
            }

            Waiter<bool> node;
            lock (_gate)
            {
                ThrowIfDisposed();
                if (_isSet)
                {
                    return default;
                }

                node = _waiters.Enqueue(cancellationToken);
            }

            return WaiterQueue<bool>.ArmVoidAsync(node);
        }

        /// <summary>Sets the event and releases every waiter (their continuations run asynchronously).</summary>
        public void Set()
        {
            Waiter<bool>? chain;
            lock (_gate)
            {
                Volatile.Write(ref _isSet, true);
                chain = _waiters.DetachAll();
            }

            WaiterQueue<bool>.CompleteChain(chain, true);
        }

        /// <summary>Returns the event to the non-set state.</summary>
        public void Reset()
        {
            lock (_gate)
            {
                Volatile.Write(ref _isSet, false);
            }
        }

        /// <summary>Faults every waiter with <see cref="ObjectDisposedException"/>; later waits throw it too.</summary>
        public void Dispose() => _waiters.DisposeAll(ref _disposed, nameof(AsyncManualResetEvent));

        private void ThrowIfDisposed()
        {
            if (Volatile.Read(ref _disposed))
            {
                throw new ObjectDisposedException(nameof(AsyncManualResetEvent));
            }
        }

        // What the debugger shows for the instance. Reads the fields without the lock: a debugger evaluation must never wait.
        private string DebuggerDisplay => $"IsSet = {IsSet}, Waiters = {_waiters.Count}{(_disposed ? ", Disposed" : "")}";
    }
}
