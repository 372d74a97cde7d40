namespace AsyncGuard
{
    /// <summary>
    /// A mutual-exclusion lock for async code. Waiters are served in FIFO order; the lock is handed directly to
    /// the oldest waiter on release. The lock is not re-entrant. By default (<c>new AsyncLock()</c>) it does not look
    /// for re-entry: acquire and release allocate nothing, and every flow that asks for a held lock waits, including
    /// work started while the lock was held (<c>Task.Run</c>, a <c>TaskGroup</c> child, an un-awaited async call),
    /// which then acquires once the holder releases. <c>new AsyncLock(detectReentrancy: true)</c> opts in to re-entry
    /// detection (<see cref="LockRecursionException"/> instead of a deadlock), which treats every flow forked while
    /// the lock is held as the holder: see <see cref="AsyncLock(bool)"/>.
    /// </summary>
    /// <example>
    /// <code>
    /// using (await myLock.LockAsync(cancellationToken))
    /// {
    ///     // exclusive section
    /// }
    /// </code>
    /// </example>
    [DebuggerDisplay("{DebuggerDisplay,nq}")]
    public sealed class AsyncLock : IDisposable
    {
        // _state = (acquisition token << 2) | Waiting | Held. The token in the state makes a stale releaser harmless.
        private const long Held = 1, Waiting = 2, Flags = 3;

        private static readonly AsyncLocal<Hold?> s_holds = new AsyncLocal<Hold?>();

        private readonly object _gate = new object();
        private readonly WaiterQueue<Releaser> _waiters;
        private readonly bool _detectReentrancy;
        private long _state;
        private bool _disposed;

        // AsyncCondition support. A condition wait releases the lock and takes it again under a new acquisition
        // token, while the caller still holds the releaser of its first acquisition. The alias maps that first token
        // to the current one (written under _gate; valid only while the current acquisition has _aliasTo, and tokens
        // never repeat), so the caller's releaser keeps working. _aliasUsed keeps locks without conditions off the
        // locked path.
        private volatile bool _aliasUsed;
        private long _aliasFrom;
        private long _aliasTo;

        /// <summary>
        /// Creates a lock without re-entry detection: acquire and release allocate nothing, and a flow that asks for
        /// the lock while another holds it waits. Re-entry from the holding flow waits forever (as with
        /// <see cref="SemaphoreSlim"/>); use <see cref="AsyncLock(bool)"/> with <c>true</c> while hunting such a hang.
        /// </summary>
        public AsyncLock()
            : this(detectReentrancy: false)
        {
        }

        /// <summary>Creates a lock, with or without re-entry detection.</summary>
        /// <param name="detectReentrancy">
        /// <para>
        /// False (what the parameterless constructor uses): no detection; acquire and release allocate nothing and
        /// every flow that asks for a held lock waits for it.
        /// </para>
        /// <para>
        /// True: a flow that asks for the lock while it holds it gets <see cref="LockRecursionException"/> instead of
        /// deadlocking. The holder is recorded in an <see cref="AsyncLocal{T}"/> (one small allocation per acquire,
        /// about 112 B), and .NET's only flow identity is the <see cref="ExecutionContext"/>, which flows into work
        /// started from the holder. So <b>every flow forked while the lock is held is treated as the holder</b>: a
        /// <c>Task.Run</c>, <c>Task.Factory.StartNew</c>, <c>TaskGroup.Start</c> child or un-awaited async call
        /// started inside the locked section that asks for the lock before the holder releases gets
        /// <see cref="LockRecursionException"/> rather than waiting, even though waiting would be correct there.
        /// Start such work under <see cref="ExecutionContext.SuppressFlow"/>, or leave detection off. A fork that
        /// asks only after the holder released waits and acquires normally (and is then the holder itself).
        /// </para>
        /// </param>
        // Why no sound check exists without that caveat: flows share one immutable ExecutionContext until one of them
        // writes an AsyncLocal. A record written once per flow and reused would also be inherited by tasks that flow
        // forks later, which could then take the lock under the parent's identity and make the parent's next wait look
        // like re-entry. So each acquire writes a fresh record (a new context), and forks made during the hold share it.
        public AsyncLock(bool detectReentrancy)
        {
            _detectReentrancy = detectReentrancy;
            _waiters = new WaiterQueue<Releaser>(_gate, new WaiterHooks(this)) { DebugName = nameof(AsyncLock), DebugSubject = this };
        }

        /// <summary>True while some flow holds the lock.</summary>
        public bool IsHeld => (ReadState() & Held) != 0;

        /// <summary>Waits for the lock. Dispose the returned releaser to release it.</summary>
        /// <param name="cancellationToken">Cancels the wait; an already-cancelled token fails at once, even if the lock is free.</param>
        /// <exception cref="OperationCanceledException">The wait was cancelled; the lock was not acquired.</exception>
        /// <exception cref="LockRecursionException">
        /// Detection is on (<see cref="AsyncLock(bool)"/>) and the current async flow, or the flow it was forked from
        /// while the lock was held, holds this lock.
        /// </exception>
        /// <exception cref="ObjectDisposedException">The lock was disposed.</exception>
        public ValueTask<Releaser> LockAsync(CancellationToken cancellationToken = default) => LockCoreAsync(Timeout.InfiniteTimeSpan, cancellationToken);

        /// <summary>
        /// Waits for the lock for at most <paramref name="timeout"/>. Dispose the returned releaser to release it.
        /// A free lock is taken at once without starting a timer (no allocation); a wait that has to queue uses a timer
        /// of its pooled waiter, reused by later waits.
        /// </summary>
        /// <param name="timeout">
        /// How long to wait: <see cref="TimeSpan.Zero"/> only takes a free lock, <see cref="Timeout.InfiniteTimeSpan"/>
        /// waits as <see cref="LockAsync(CancellationToken)"/> does.
        /// </param>
        /// <param name="cancellationToken">Cancels the wait; an already-cancelled token fails at once, even if the lock is free.</param>
        /// <exception cref="TimeoutException">The lock was not acquired within <paramref name="timeout"/> (nothing is held).</exception>
        /// <exception cref="OperationCanceledException">The wait was cancelled; the lock was not acquired.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative and not infinite.</exception>
        /// <exception cref="LockRecursionException">Detection is on and the current async flow holds this lock.</exception>
        /// <exception cref="ObjectDisposedException">The lock was disposed.</exception>
        public ValueTask<Releaser> LockAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
        {
            TaskWaiting.ValidateTimeout(timeout, nameof(timeout));
            return LockCoreAsync(timeout, cancellationToken);
        }

        // Both LockAsync overloads: the checks, the allocation-free fast path, then the queued wait. Inlined into each
        // overload, so the fast path costs no extra call; the infinite timeout is never zero, so it only ever queues.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private ValueTask<Releaser> LockCoreAsync(TimeSpan timeout, CancellationToken cancellationToken)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return new ValueTask<Releaser>(Task.FromCanceled<Releaser>(cancellationToken));
            }

            ThrowIfDisposed();
            if (_detectReentrancy)
            {
                ThrowIfReentered();
            }

            if (TryAcquireFast(out long token))
            {
                OnAcquired(token);
                return new ValueTask<Releaser>(new Releaser(this, token));
            }

            if (timeout == TimeSpan.Zero)
            {
                return new ValueTask<Releaser>(Task.FromException<Releaser>(new TimeoutException("The lock is held and the timeout is zero.")));
            }

            return LockSlowAsync(cancellationToken, timeout);
        }

        /// <summary>Takes the lock if it is free right now.</summary>
        /// <param name="releaser">The releaser to dispose when done; default when the lock was not taken.</param>
        /// <returns>True when the lock was taken.</returns>
        public bool TryLock(out Releaser releaser)
        {
            ThrowIfDisposed();
            if (_detectReentrancy)
            {
                ThrowIfReentered();
            }

            if (TryAcquireFast(out long token))
            {
                OnAcquired(token);
                releaser = new Releaser(this, token);
                return true;
            }

            releaser = default;
            return false;
        }

        /// <summary>
        /// Faults every waiter with <see cref="ObjectDisposedException"/>; later acquires throw it too.
        /// The current holder may still release (a no-op).
        /// </summary>
        public void Dispose() => _waiters.DisposeAll(ref _disposed, nameof(AsyncLock));

        // A plain volatile read is atomic for a long on 64-bit; only 32-bit needs the interlocked (fenced) read.
        private long ReadState() => IntPtr.Size == 8 ? Volatile.Read(ref _state) : Interlocked.Read(ref _state);

        private bool TryAcquireFast(out long token)
        {
            long s = ReadState();
            if ((s & Held) == 0)
            {
                token = (s >> 2) + 1;
                if (Interlocked.CompareExchange(ref _state, (token << 2) | Held, s) == s)
                {
                    return true;
                }
            }

            token = 0;
            return false;
        }

        private ValueTask<Releaser> LockSlowAsync(CancellationToken cancellationToken, TimeSpan timeout)
        {
            Waiter<Releaser> node;
            lock (_gate)
            {
                ThrowIfDisposed();
                while (true)
                {
                    long s = ReadState();
                    if ((s & Held) == 0)
                    {
                        long token = (s >> 2) + 1;
                        if (Interlocked.CompareExchange(ref _state, (token << 2) | Held, s) == s)
                        {
                            OnAcquired(token);
                            return new ValueTask<Releaser>(new Releaser(this, token));
                        }
                    }
                    else if ((s & Waiting) != 0 || Interlocked.CompareExchange(ref _state, s | Waiting, s) == s)
                    {
                        break; // the holder will now take the slow release path and see us
                    }
                }

                node = _waiters.Enqueue(cancellationToken);
            }

            return timeout == Timeout.InfiniteTimeSpan ? WaiterQueue<Releaser>.ArmAsync(node) : WaiterQueue<Releaser>.ArmAsync(node, timeout, faults: true);
        }

        private void Release(long token)
        {
            while (true)
            {
                long s = ReadState();
                if ((s & Held) == 0 || (s >> 2) != token)
                {
                    // Already released through this or a copied releaser: a no-op, never a double release. Or the
                    // holder's acquisition was renewed by a condition wait: release the renewed one.
                    if (_aliasUsed && (s & Held) != 0 && TryResolveAlias(token, s >> 2))
                    {
                        token = s >> 2;
                        continue;
                    }

                    return;
                }

                if ((s & Waiting) == 0)
                {
                    if (Interlocked.CompareExchange(ref _state, s & ~Flags, s) == s)
                    {
                        if (DebugSwitch.On)
                        {
                            DebugHolders.Released(_gate, token);
                        }

                        return;
                    }

                    continue;
                }

                ReleaseSlow(token);
                return;
            }
        }

        private void ReleaseSlow(long token)
        {
            Waiter<Releaser>? next;
            long nextToken;
            lock (_gate)
            {
                long s = ReadState();
                if ((s & Held) == 0 || (s >> 2) != token)
                {
                    return;
                }

                next = _waiters.TryDequeue();
                nextToken = token + 1;
                long newState = next is null
                    ? token << 2
                    : (nextToken << 2) | Held | (_waiters.IsEmpty ? 0 : Waiting);
                // Nobody can change a held state with the Waiting bit set without this lock, so a plain write
                // suffices where a long is written atomically (64-bit).
                if (IntPtr.Size == 8)
                {
                    Volatile.Write(ref _state, newState);
                }
                else
                {
                    Interlocked.Exchange(ref _state, newState);
                }
            }

            if (DebugSwitch.On)
            {
                DebugReleased(token, next, nextToken);
            }

            next?.SetResult(new Releaser(this, nextToken));
        }

        private void ThrowIfDisposed()
        {
            if (Volatile.Read(ref _disposed))
            {
                throw new ObjectDisposedException(nameof(AsyncLock));
            }
        }

        private void ThrowIfReentered()
        {
            long s = ReadState();
            if ((s & Held) == 0)
            {
                return;
            }

            for (Hold? h = s_holds.Value; h is not null; h = h.Outer)
            {
                if (ReferenceEquals(h.Lock, this) && (h.Token == (s >> 2) || (_aliasUsed && TryResolveAlias(h.Token, s >> 2))))
                {
                    throw new LockRecursionException("This async flow, or the flow it was started from while the lock was held, already holds the AsyncLock; with re-entry detection on, waiting would be treated as a deadlock.");
                }
            }
        }

        private void DebugReleased(long token, Waiter<Releaser>? next, long nextToken)
        {
            DebugHolders.Released(_gate, token);
            if (next is not null)
            {
                DebugHolders.Acquired(_gate, nextToken, "lock", next.DebugInfo);
            }
        }

        /// <summary>Debug mode: the gate whose holders a condition's long wait reports.</summary>
        internal object DebugGate => _gate;

        private void OnAcquired(long token)
        {
            if (DebugSwitch.On)
            {
                DebugHolders.Acquired(_gate, token, "lock", null);
            }

            if (!_detectReentrancy)
            {
                return;
            }

            // Releasing does not touch the flow's context (that would cost a second allocation); a released hold
            // just goes stale, is ignored by the check (its token no longer matches) and is dropped here.
            Hold? outer = s_holds.Value;
            while (outer is not null && !outer.IsLive)
            {
                outer = outer.Outer;
            }

            s_holds.Value = new Hold(this, token, outer);
        }

        /// <summary>True when <paramref name="token"/> is the first acquisition of the holder whose renewed acquisition is <paramref name="current"/>.</summary>
        private bool TryResolveAlias(long token, long current)
        {
            lock (_gate)
            {
                return _aliasFrom == token && _aliasTo == current;
            }
        }

        /// <summary>
        /// For AsyncCondition: releases the current acquisition (the caller holds the lock) and returns the token of
        /// the caller's releaser, which <see cref="RenewAfterConditionWait"/> later maps to the new acquisition.
        /// </summary>
        internal long ReleaseForConditionWait()
        {
            long current = ReadState() >> 2;
            long origin = current;
            if (_aliasUsed)
            {
                lock (_gate)
                {
                    if (_aliasTo == current)
                    {
                        origin = _aliasFrom;
                    }
                }
            }

            Release(current);
            return origin;
        }

        /// <summary>For AsyncCondition: takes the lock again without a token (the caller must hold it when the wait ends).</summary>
        internal ValueTask<Releaser> ReacquireForConditionWaitAsync()
        {
            ThrowIfDisposed();
            if (TryAcquireFast(out long token))
            {
                if (DebugSwitch.On)
                {
                    DebugHolders.Acquired(_gate, token, "lock", null);
                }

                return new ValueTask<Releaser>(new Releaser(this, token));
            }

            return LockSlowAsync(CancellationToken.None, Timeout.InfiniteTimeSpan);
        }

        /// <summary>For AsyncCondition: the caller's releaser (<paramref name="origin"/>) now releases <paramref name="renewed"/>.</summary>
        internal void RenewAfterConditionWait(long origin, Releaser renewed)
        {
            lock (_gate)
            {
                _aliasFrom = origin;
                _aliasTo = renewed.Token;
                _aliasUsed = true;
            }
        }

        /// <summary>The waiter queue's hooks: a private object, so the internal interface stays off the public type.</summary>
        private sealed class WaiterHooks : IWaiterOwner<Releaser>
        {
            private readonly AsyncLock _owner;

            internal WaiterHooks(AsyncLock owner) => _owner = owner;

            public void Cancel(Waiter<Releaser> waiter) => _owner._waiters.CancelDefault(waiter);

            // Runs on the awaiting flow, so the hold is recorded in that flow's context.
            public void OnResult(Releaser result) => _owner.OnAcquired(result.Token);
        }

        /// <summary>Releases the <see cref="AsyncLock"/> when disposed. Disposing twice, or a copy, is a no-op.</summary>
        public readonly struct Releaser : IDisposable, IAsyncDisposable
        {
            private readonly AsyncLock? _lock;

            internal Releaser(AsyncLock owner, long token)
            {
                _lock = owner;
                Token = token;
            }

            internal long Token { get; }

            /// <summary>Releases the lock, handing it to the oldest waiter if there is one.</summary>
            public void Dispose() => _lock?.Release(Token);

            /// <summary>Releases the lock; completes synchronously.</summary>
            public ValueTask DisposeAsync()
            {
                Dispose();
                return default;
            }
        }

        private sealed class Hold(AsyncLock owner, long token, Hold? outer)
        {
            internal AsyncLock Lock { get; } = owner;

            internal long Token { get; } = token;

            internal Hold? Outer { get; } = outer;

            internal bool IsLive
            {
                get
                {
                    long s = Lock.ReadState();
                    return (s & Held) != 0 && (s >> 2) == Token;
                }
            }
        }

        // What the debugger shows for the instance. Reads the fields without the lock: a debugger evaluation must never wait.
        private string DebuggerDisplay => $"Held = {IsHeld}, Waiters = {_waiters.Count}{(_detectReentrancy ? ", DetectReentrancy" : "")}{(_disposed ? ", Disposed" : "")}";
    }
}
