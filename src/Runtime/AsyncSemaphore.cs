namespace AsyncGuard
{
    /// <summary>
    /// A counting semaphore for async code with FIFO waiters. Released permits go straight to the oldest waiters;
    /// releasing past the maximum count throws <see cref="SemaphoreFullException"/>.
    /// </summary>
    /// <example>
    /// <code>
    /// var gate = new AsyncSemaphore(initialCount: 4);
    /// await gate.WaitAsync(cancellationToken);
    /// try { await DownloadAsync(); } finally { gate.Release(); }
    /// </code>
    /// </example>
    [DebuggerDisplay("{DebuggerDisplay,nq}")]
    public sealed class AsyncSemaphore : IDisposable
    {
        private readonly object _gate = new object();
        private readonly WaiterQueue<bool> _waiters;
        private readonly int _maxCount;
        private int _count; // invariant: waiters are queued only while _count == 0
        private bool _disposed;

        /// <summary>Creates a semaphore.</summary>
        /// <param name="initialCount">Permits available at the start.</param>
        /// <param name="maxCount">Upper bound on available permits (default: unbounded).</param>
        public AsyncSemaphore(int initialCount, int maxCount = int.MaxValue)
        {
            if (maxCount <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(maxCount), "The maximum count must be positive.");
            }

            if (initialCount < 0 || initialCount > maxCount)
            {
                throw new ArgumentOutOfRangeException(nameof(initialCount), "The initial count must be between 0 and the maximum count.");
            }

            _count = initialCount;
            _maxCount = maxCount;
            _waiters = new WaiterQueue<bool>(_gate) { DebugName = nameof(AsyncSemaphore), DebugSubject = this };
        }

        /// <summary>Permits available right now.</summary>
        public int CurrentCount => Volatile.Read(ref _count);

        /// <summary>The maximum count given at construction.</summary>
        public int MaxCount => _maxCount;

        /// <summary>Waits for a permit.</summary>
        /// <param name="cancellationToken">Cancels the wait; an already-cancelled token fails at once, even if a permit is free.</param>
        /// <exception cref="OperationCanceledException">The wait was cancelled; no permit was taken.</exception>
        /// <exception cref="ObjectDisposedException">The semaphore was disposed.</exception>
        public ValueTask WaitAsync(CancellationToken cancellationToken = default)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return new ValueTask(Task.FromCanceled(cancellationToken));
            }

            ThrowIfDisposed();
            if (TryTake())
            {
                return default;
            }

            Waiter<bool> node;
            lock (_gate)
            {
                ThrowIfDisposed();
                if (TryTake())
                {
                    return default;
                }

                node = _waiters.Enqueue(cancellationToken);
            }

            return WaiterQueue<bool>.ArmVoidAsync(node);
        }

        /// <summary>
        /// Waits for a permit for at most <paramref name="timeout"/>, like <see cref="SemaphoreSlim.WaitAsync(TimeSpan, CancellationToken)"/>.
        /// A free permit is taken at once without starting a timer (no allocation); a wait that has to queue uses a timer
        /// of its pooled waiter, reused by later waits.
        /// </summary>
        /// <param name="timeout">
        /// How long to wait: <see cref="TimeSpan.Zero"/> only takes a free permit, <see cref="Timeout.InfiniteTimeSpan"/>
        /// waits until a permit comes.
        /// </param>
        /// <param name="cancellationToken">Cancels the wait; an already-cancelled token fails at once, even if a permit is free.</param>
        /// <returns>True when a permit was taken; false when the timeout passed first (no permit is taken).</returns>
        /// <exception cref="OperationCanceledException">The wait was cancelled; no permit was taken.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative and not infinite.</exception>
        /// <exception cref="ObjectDisposedException">The semaphore was disposed.</exception>
        public ValueTask<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
        {
            TaskWaiting.ValidateTimeout(timeout, nameof(timeout));
            if (cancellationToken.IsCancellationRequested)
            {
                return new ValueTask<bool>(Task.FromCanceled<bool>(cancellationToken));
            }

            ThrowIfDisposed();
            if (TryTake())
            {
                return new ValueTask<bool>(true);
            }

            if (timeout == TimeSpan.Zero)
            {
                return new ValueTask<bool>(false);
            }

            Waiter<bool> node;
            lock (_gate)
            {
                ThrowIfDisposed();
                if (TryTake())
                {
                    return new ValueTask<bool>(true);
                }

                node = _waiters.Enqueue(cancellationToken);
            }

            return timeout == Timeout.InfiniteTimeSpan ? WaiterQueue<bool>.ArmAsync(node) : WaiterQueue<bool>.ArmAsync(node, timeout, faults: false);
        }

        /// <summary>Takes a permit if one is available right now.</summary>
        /// <returns>True when a permit was taken.</returns>
        public bool TryWait()
        {
            ThrowIfDisposed();
            return TryTake();
        }

        /// <summary>Returns permits, waking the oldest waiters first.</summary>
        /// <param name="releaseCount">Number of permits to return (at least 1).</param>
        /// <returns>The count of available permits before the call.</returns>
        /// <exception cref="SemaphoreFullException">The count would exceed the maximum; nothing was released.</exception>
        public int Release(int releaseCount = 1)
        {
            if (releaseCount < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(releaseCount), "At least one permit must be released.");
            }

            Waiter<bool>? chain;
            int previous;
            lock (_gate)
            {
                previous = _count;
                if (releaseCount > _maxCount - previous)
                {
                    throw new SemaphoreFullException();
                }

                chain = _waiters.DetachMany(releaseCount);
                int handedOff = 0;
                for (Waiter<bool>? n = chain; n is not null; n = n.Next)
                {
                    handedOff++;
                }

                Interlocked.Add(ref _count, releaseCount - handedOff);
            }

            if (DebugSwitch.On)
            {
                DebugReleased(releaseCount, chain);
            }

            WaiterQueue<bool>.CompleteChain(chain, true);
            return previous;
        }

        /// <summary>Faults every waiter with <see cref="ObjectDisposedException"/>; later waits throw it too.</summary>
        public void Dispose() => _waiters.DisposeAll(ref _disposed, nameof(AsyncSemaphore));

        private bool TryTake()
        {
            int c;
            while ((c = Volatile.Read(ref _count)) > 0)
            {
                if (Interlocked.CompareExchange(ref _count, c - 1, c) == c)
                {
                    if (DebugSwitch.On)
                    {
                        DebugHolders.AcquiredNext(_gate, "permit", null);
                    }

                    return true;
                }
            }

            return false;
        }

        private void DebugReleased(int releaseCount, Waiter<bool>? handedOff)
        {
            DebugHolders.ReleasedOldest(_gate, releaseCount);
            for (Waiter<bool>? n = handedOff; n is not null; n = n.Next)
            {
                DebugHolders.AcquiredNext(_gate, "permit", n.DebugInfo);
            }
        }

        private void ThrowIfDisposed()
        {
            if (Volatile.Read(ref _disposed))
            {
                throw new ObjectDisposedException(nameof(AsyncSemaphore));
            }
        }

        // What the debugger shows for the instance. Reads the fields without the lock: a debugger evaluation must never wait.
        private string DebuggerDisplay => $"Count = {CurrentCount}{(_maxCount == int.MaxValue ? "" : " of " + _maxCount)}, Waiters = {_waiters.Count}{(_disposed ? ", Disposed" : "")}";
    }
}
