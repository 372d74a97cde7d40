namespace AsyncGuard
{
    /// <summary>
    /// Lets a fixed number of participants wait for each other, phase after phase (asyncio.Barrier semantics).
    /// If a waiting participant is cancelled, or <see cref="Abort"/> is called, the barrier breaks: every
    /// waiter, and every later caller until <see cref="Reset"/>, gets <see cref="BarrierBrokenException"/>.
    /// <see cref="Dispose"/> ends it for good, as it does the locks, semaphores and events: waiters get
    /// <see cref="ObjectDisposedException"/>, and so does every later wait.
    /// </summary>
    /// <example>
    /// <code>
    /// var barrier = new AsyncBarrier(participantCount: 3);
    /// // in each of three workers:
    /// long phase = await barrier.SignalAndWaitAsync(cancellationToken);
    /// </code>
    /// </example>
    [DebuggerDisplay("{DebuggerDisplay,nq}")]
    public sealed class AsyncBarrier : IDisposable
    {
        private readonly object _gate = new object();
        private readonly WaiterQueue<long> _waiters;
        private long _phase;
        private int _arrived;
        private bool _broken;
        private bool _disposed;

        /// <summary>Creates a barrier.</summary>
        /// <param name="participantCount">Participants needed to complete a phase (at least 1).</param>
        public AsyncBarrier(int participantCount)
        {
            if (participantCount < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(participantCount), "A barrier needs at least one participant.");
            }

            ParticipantCount = participantCount;
            _waiters = new WaiterQueue<long>(_gate, new WaiterHooks(this));
        }

        /// <summary>Participants needed to complete a phase.</summary>
        public int ParticipantCount { get; }

        /// <summary>Number of the phase in progress, starting at 0.</summary>
        public long CurrentPhase
        {
            get
            {
                lock (_gate)
                {
                    return _phase;
                }
            }
        }

        /// <summary>Participants still expected in the current phase.</summary>
        public int ParticipantsRemaining
        {
            get
            {
                lock (_gate)
                {
                    return ParticipantCount - _arrived;
                }
            }
        }

        /// <summary>True after a cancellation or <see cref="Abort"/>, until <see cref="Reset"/>.</summary>
        public bool IsBroken
        {
            get
            {
                lock (_gate)
                {
                    return _broken;
                }
            }
        }

        /// <summary>Signals arrival and waits for the other participants.</summary>
        /// <param name="cancellationToken">
        /// Cancels the wait. A cancelled participant (already cancelled on entry, or while waiting) breaks the barrier.
        /// </param>
        /// <returns>The number of the phase that completed.</returns>
        /// <exception cref="OperationCanceledException">This participant's wait was cancelled.</exception>
        /// <exception cref="BarrierBrokenException">The barrier is or became broken.</exception>
        /// <exception cref="ObjectDisposedException">The barrier was disposed (thrown by the call, or by the wait when disposed meanwhile).</exception>
        public ValueTask<long> SignalAndWaitAsync(CancellationToken cancellationToken = default)
        {
            Waiter<long>? chain;
            Waiter<long>? node = null;
            long phase = 0;
            bool cancelled = false;
            lock (_gate)
            {
                if (_disposed)
                {
                    throw new ObjectDisposedException(nameof(AsyncBarrier));
                }

                if (_broken)
                {
                    return new ValueTask<long>(Task.FromException<long>(new BarrierBrokenException()));
                }

                if (cancellationToken.IsCancellationRequested)
                {
                    cancelled = true;
                    chain = BreakLocked();
                }
                else if (_arrived + 1 == ParticipantCount)
                {
                    phase = _phase++;
                    _arrived = 0;
                    chain = _waiters.DetachAll();
                }
                else
                {
                    _arrived++;
                    chain = null;
                    node = _waiters.Enqueue(cancellationToken);
                }
            }

            // Outside the lock from here on.
            if (node is not null)
            {
                return WaiterQueue<long>.ArmAsync(node);
            }

            if (cancelled)
            {
                WaiterQueue<long>.FailChain(chain, new BarrierBrokenException());
                return new ValueTask<long>(Task.FromCanceled<long>(cancellationToken));
            }

            WaiterQueue<long>.CompleteChain(chain, phase);
            return new ValueTask<long>(phase);
        }

        /// <summary>Breaks the barrier: every waiter, and later callers until <see cref="Reset"/>, get <see cref="BarrierBrokenException"/>.</summary>
        public void Abort()
        {
            Waiter<long>? chain;
            lock (_gate)
            {
                chain = BreakLocked();
            }

            WaiterQueue<long>.FailChain(chain, new BarrierBrokenException());
        }

        /// <summary>
        /// Returns the barrier to its initial, unbroken state at a new phase. Participants waiting now get
        /// <see cref="BarrierBrokenException"/>.
        /// </summary>
        public void Reset()
        {
            Waiter<long>? chain;
            lock (_gate)
            {
                chain = _waiters.DetachAll();
                if (_arrived != 0)
                {
                    _phase++;
                }

                _arrived = 0;
                _broken = false;
            }

            WaiterQueue<long>.FailChain(chain, new BarrierBrokenException());
        }

        /// <summary>
        /// Faults every waiter with <see cref="ObjectDisposedException"/>; later waits throw it too. <see cref="Abort"/> and
        /// <see cref="Reset"/> stay harmless afterwards (there is nobody left to fail). Idempotent.
        /// </summary>
        public void Dispose()
        {
            Waiter<long>? chain;
            lock (_gate)
            {
                _disposed = true;
                _arrived = 0;
                chain = _waiters.DetachAll();
            }

            WaiterQueue<long>.FailChain(chain, new ObjectDisposedException(nameof(AsyncBarrier)));
        }

        private Waiter<long>? BreakLocked()
        {
            _broken = true;
            _arrived = 0;
            return _waiters.DetachAll();
        }

        private void CancelWaiter(Waiter<long> waiter)
        {
            Waiter<long>? others = null;
            bool removed;
            lock (_gate)
            {
                removed = _waiters.TryRemove(waiter);
                if (removed)
                {
                    others = BreakLocked();
                }
            }

            if (removed)
            {
                waiter.SetCanceled();
                WaiterQueue<long>.FailChain(others, new BarrierBrokenException());
            }
        }

        /// <summary>The waiter queue's hooks: a private object, so the internal interface stays off the public type.</summary>
        private sealed class WaiterHooks : IWaiterOwner<long>
        {
            private readonly AsyncBarrier _owner;

            internal WaiterHooks(AsyncBarrier owner) => _owner = owner;

            // A cancelled participant breaks the barrier.
            public void Cancel(Waiter<long> waiter) => _owner.CancelWaiter(waiter);

            public void OnResult(long result)
            {
            }
        }

        // What the debugger shows for the instance. Reads the fields without the lock: a debugger evaluation must never wait.
        private string DebuggerDisplay => $"Phase = {_phase}, Arrived = {_arrived} of {ParticipantCount}, Waiters = {_waiters.Count}{(_broken ? ", Broken" : "")}{(_disposed ? ", Disposed" : "")}";
    }

    /// <summary>Thrown by <see cref="AsyncBarrier"/> waits when the barrier was broken by a cancellation, abort or reset.</summary>
    public sealed class BarrierBrokenException : InvalidOperationException
    {
        /// <summary>Creates the exception with the default message.</summary>
        public BarrierBrokenException()
            : base("The barrier is broken: a participant was cancelled, or the barrier was aborted or reset.")
        {
        }

        /// <summary>Creates the exception with a message.</summary>
        /// <param name="message">The message.</param>
        public BarrierBrokenException(string message)
            : base(message)
        {
        }
    }
}
