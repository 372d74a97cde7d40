namespace AsyncGuard
{
    /// <summary>
    /// An async reader-writer lock: many readers or one writer, plus an upgradeable read lock (one at a time) that can
    /// become a write lock without letting go. Cancellation-safe at every wait, FIFO within each kind of request.
    /// </summary>
    /// <remarks>
    /// <para>Fairness: a waiting writer blocks new readers (and new upgradeable readers), so a stream of readers cannot
    /// starve it; writers are served FIFO. When a writer releases, the readers that queued meanwhile go first, then the
    /// next writer, so writers cannot starve readers either. A pending upgrade blocks new readers until the other
    /// readers have left.</para>
    /// <para>Cancelling a wait removes it; a cancelled writer that was blocking readers lets them in at once.</para>
    /// <para>Releasers work like <see cref="AsyncLock.Releaser"/>: disposing one twice, or a copy, is a no-op, never a
    /// second release. Uncontended read and write acquire and release allocate nothing.</para>
    /// <para>Not re-entrant: a flow that asks again for a lock it holds waits (a read inside a write deadlocks).</para>
    /// </remarks>
    /// <example>
    /// <code>
    /// using (await rw.ReadLockAsync(ct)) { return cache[key]; }
    /// using (await rw.WriteLockAsync(ct)) { cache[key] = value; }
    /// using (var upgradeable = await rw.UpgradeableReadLockAsync(ct))
    /// {
    ///     if (!cache.ContainsKey(key))
    ///     {
    ///         using (await upgradeable.UpgradeToWriteAsync(ct)) { cache[key] = Load(key); }
    ///     }
    /// }
    /// </code>
    /// </example>
    [DebuggerDisplay("{DebuggerDisplay,nq}")]
    public sealed class AsyncReaderWriterLock : IDisposable
    {
        private const byte KindRead = 1, KindWrite = 2, KindUpgradedWrite = 3;

        private readonly object _gate = new object();
        private readonly WaiterQueue<Releaser> _readQueue;
        private readonly WaiterQueue<Releaser> _writeQueue;
        private readonly WaiterQueue<Releaser> _upgradeQueue; // at most one: the upgradeable holder's upgrade
        private readonly WaiterQueue<UpgradeableReleaser> _upgradeableQueue;

        // All state is read and written under _gate.
        private int _readers;             // read holders, the upgradeable holder included
        private bool _upgradeableHeld;
        private bool _writer;
        private bool _writerIsUpgrade;
        private bool _preferReaders;      // set when a writer leaves: readers that queued meanwhile go first
        private long _tokens;             // tokens of write, upgradeable and upgrade acquisitions
        private long _writeToken;
        private long _upgradeableToken;
        private bool _disposed;

        // Read acquisitions: a slot each (reused), so that every read releaser releases once.
        private int[] _slotGeneration = new int[4];
        private int[] _nextFreeSlot = new int[4];
        private int _freeSlot = -1;
        private int _slotsUsed;

        /// <summary>Creates the lock.</summary>
        public AsyncReaderWriterLock()
        {
            var hooks = new WaiterHooks(this);
            _readQueue = new WaiterQueue<Releaser>(_gate, hooks) { DebugName = nameof(AsyncReaderWriterLock), DebugSubject = this };
            _writeQueue = new WaiterQueue<Releaser>(_gate, hooks) { DebugName = nameof(AsyncReaderWriterLock), DebugSubject = this };
            _upgradeQueue = new WaiterQueue<Releaser>(_gate, hooks) { DebugName = nameof(AsyncReaderWriterLock), DebugSubject = this };
            _upgradeableQueue = new WaiterQueue<UpgradeableReleaser>(_gate, hooks) { DebugName = nameof(AsyncReaderWriterLock), DebugSubject = this };
        }

        /// <summary>The number of read holders, the upgradeable reader included.</summary>
        public int CurrentReadCount
        {
            get
            {
                lock (_gate)
                {
                    return _readers;
                }
            }
        }

        /// <summary>True while a writer (or an upgraded reader) holds the lock.</summary>
        public bool IsWriteLockHeld
        {
            get
            {
                lock (_gate)
                {
                    return _writer;
                }
            }
        }

        /// <summary>True while an upgradeable reader holds the lock.</summary>
        public bool IsUpgradeableReadLockHeld
        {
            get
            {
                lock (_gate)
                {
                    return _upgradeableHeld;
                }
            }
        }

        /// <summary>Waits for a read lock. Dispose the returned releaser to release it.</summary>
        /// <param name="cancellationToken">Cancels the wait; an already-cancelled token fails at once.</param>
        /// <exception cref="OperationCanceledException">The wait was cancelled; nothing is held.</exception>
        /// <exception cref="ObjectDisposedException">The lock was disposed.</exception>
        public ValueTask<Releaser> ReadLockAsync(CancellationToken cancellationToken = default)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return new ValueTask<Releaser>(Task.FromCanceled<Releaser>(cancellationToken));
            }

            Waiter<Releaser> node;
            lock (_gate)
            {
                ThrowIfDisposed();
                if (CanReadLocked())
                {
                    return new ValueTask<Releaser>(GrantReadLocked());
                }

                node = _readQueue.Enqueue(cancellationToken);
            }

            return WaiterQueue<Releaser>.ArmAsync(node);
        }

        /// <summary>Takes a read lock if one can be had right now.</summary>
        /// <param name="releaser">The releaser; default when nothing was taken.</param>
        /// <returns>True when the read lock was taken.</returns>
        public bool TryReadLock(out Releaser releaser)
        {
            lock (_gate)
            {
                ThrowIfDisposed();
                if (CanReadLocked())
                {
                    releaser = GrantReadLocked();
                    return true;
                }
            }

            releaser = default;
            return false;
        }

        /// <summary>Waits for the write lock. Dispose the returned releaser to release it.</summary>
        /// <param name="cancellationToken">Cancels the wait; a cancelled writer lets the readers queued behind it in.</param>
        /// <exception cref="OperationCanceledException">The wait was cancelled; nothing is held.</exception>
        /// <exception cref="ObjectDisposedException">The lock was disposed.</exception>
        public ValueTask<Releaser> WriteLockAsync(CancellationToken cancellationToken = default)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return new ValueTask<Releaser>(Task.FromCanceled<Releaser>(cancellationToken));
            }

            Waiter<Releaser> node;
            lock (_gate)
            {
                ThrowIfDisposed();
                if (CanWriteLocked())
                {
                    return new ValueTask<Releaser>(GrantWriteLocked(upgrade: false));
                }

                node = _writeQueue.Enqueue(cancellationToken);
            }

            return WaiterQueue<Releaser>.ArmAsync(node);
        }

        /// <summary>Takes the write lock if it is free right now.</summary>
        /// <param name="releaser">The releaser; default when nothing was taken.</param>
        /// <returns>True when the write lock was taken.</returns>
        public bool TryWriteLock(out Releaser releaser)
        {
            lock (_gate)
            {
                ThrowIfDisposed();
                if (CanWriteLocked())
                {
                    releaser = GrantWriteLocked(upgrade: false);
                    return true;
                }
            }

            releaser = default;
            return false;
        }

        /// <summary>
        /// Waits for the upgradeable read lock: a read lock (other readers may hold theirs) that only one flow can hold
        /// at a time and that can become the write lock with <see cref="UpgradeableReleaser.UpgradeToWriteAsync"/>.
        /// </summary>
        /// <param name="cancellationToken">Cancels the wait.</param>
        /// <exception cref="OperationCanceledException">The wait was cancelled; nothing is held.</exception>
        /// <exception cref="ObjectDisposedException">The lock was disposed.</exception>
        public ValueTask<UpgradeableReleaser> UpgradeableReadLockAsync(CancellationToken cancellationToken = default)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return new ValueTask<UpgradeableReleaser>(Task.FromCanceled<UpgradeableReleaser>(cancellationToken));
            }

            Waiter<UpgradeableReleaser> node;
            lock (_gate)
            {
                ThrowIfDisposed();
                if (CanUpgradeableLocked())
                {
                    return new ValueTask<UpgradeableReleaser>(GrantUpgradeableLocked());
                }

                node = _upgradeableQueue.Enqueue(cancellationToken);
            }

            return WaiterQueue<UpgradeableReleaser>.ArmAsync(node);
        }

        /// <summary>Faults every waiter with <see cref="ObjectDisposedException"/>; later acquires throw it too.</summary>
        public void Dispose()
        {
            Waiter<Releaser>? reads, writes, upgrades;
            Waiter<UpgradeableReleaser>? upgradeables;
            lock (_gate)
            {
                _disposed = true;
                reads = _readQueue.DetachAll();
                writes = _writeQueue.DetachAll();
                upgrades = _upgradeQueue.DetachAll();
                upgradeables = _upgradeableQueue.DetachAll();
            }

            var error = new ObjectDisposedException(nameof(AsyncReaderWriterLock));
            WaiterQueue<Releaser>.FailChain(reads, error);
            WaiterQueue<Releaser>.FailChain(writes, error);
            WaiterQueue<Releaser>.FailChain(upgrades, error);
            WaiterQueue<UpgradeableReleaser>.FailChain(upgradeables, error);
        }

        private ValueTask<Releaser> UpgradeAsync(long upgradeableToken, CancellationToken cancellationToken)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return new ValueTask<Releaser>(Task.FromCanceled<Releaser>(cancellationToken));
            }

            Waiter<Releaser> node;
            lock (_gate)
            {
                ThrowIfDisposed();
                if (!_upgradeableHeld || _upgradeableToken != upgradeableToken)
                {
                    throw new InvalidOperationException("The upgradeable read lock was released; it cannot be upgraded.");
                }

                if (_writerIsUpgrade || !_upgradeQueue.IsEmpty)
                {
                    throw new InvalidOperationException("The upgradeable read lock is already upgraded, or an upgrade is pending.");
                }

                if (!_writer && _readers == 1)
                {
                    return new ValueTask<Releaser>(GrantWriteLocked(upgrade: true));
                }

                node = _upgradeQueue.Enqueue(cancellationToken);
            }

            return WaiterQueue<Releaser>.ArmAsync(node);
        }

        private bool CanReadLocked() => !_writer && _writeQueue.IsEmpty && _upgradeQueue.IsEmpty;

        private bool CanUpgradeableLocked() => CanReadLocked() && !_upgradeableHeld;

        private bool CanWriteLocked() => !_writer && _readers == 0 && _writeQueue.IsEmpty;

        private Releaser GrantReadLocked(DebugWait? debugWait = null)
        {
            int slot = _freeSlot;
            if (slot >= 0)
            {
                _freeSlot = _nextFreeSlot[slot];
            }
            else
            {
                if (_slotsUsed == _slotGeneration.Length)
                {
                    Array.Resize(ref _slotGeneration, _slotsUsed * 2);
                    Array.Resize(ref _nextFreeSlot, _slotsUsed * 2);
                }

                slot = _slotsUsed++;
            }

            _readers++;
            long token = ((long)_slotGeneration[slot] << 32) | (uint)slot;
            if (DebugSwitch.On)
            {
                DebugHolders.Acquired(_gate, token | long.MinValue, "read lock", debugWait);
            }

            return new Releaser(this, token, KindRead);
        }

        private Releaser GrantWriteLocked(bool upgrade, DebugWait? debugWait = null)
        {
            _writer = true;
            _writerIsUpgrade = upgrade;
            _writeToken = ++_tokens;
            if (DebugSwitch.On)
            {
                DebugHolders.Acquired(_gate, _writeToken, upgrade ? "write lock (upgraded)" : "write lock", debugWait);
            }

            return new Releaser(this, _writeToken, upgrade ? KindUpgradedWrite : KindWrite);
        }

        private UpgradeableReleaser GrantUpgradeableLocked(DebugWait? debugWait = null)
        {
            _readers++;
            _upgradeableHeld = true;
            _upgradeableToken = ++_tokens;
            if (DebugSwitch.On)
            {
                DebugHolders.Acquired(_gate, _upgradeableToken, "upgradeable read lock", debugWait);
            }

            return new UpgradeableReleaser(this, _upgradeableToken);
        }

        private void Release(byte kind, long token)
        {
            Grants grants = default;
            lock (_gate)
            {
                if (kind == KindRead)
                {
                    int slot = (int)(uint)token;
                    int generation = (int)(token >> 32);
                    if (slot >= _slotsUsed || _slotGeneration[slot] != generation)
                    {
                        return; // released before: a no-op
                    }

                    _slotGeneration[slot] = generation + 1;
                    _nextFreeSlot[slot] = _freeSlot;
                    _freeSlot = slot;
                    _readers--;
                }
                else
                {
                    if (!_writer || _writeToken != token || _writerIsUpgrade != (kind == KindUpgradedWrite))
                    {
                        return;
                    }

                    _writer = false;
                    _writerIsUpgrade = false; // an upgraded reader is back to upgradeable read
                    _preferReaders = true;
                }

                if (DebugSwitch.On)
                {
                    DebugHolders.Released(_gate, kind == KindRead ? token | long.MinValue : token);
                }

                DispatchLocked(ref grants);
            }

            grants.Complete();
        }

        private void ReleaseUpgradeable(long token)
        {
            Grants grants = default;
            lock (_gate)
            {
                if (!_upgradeableHeld || _upgradeableToken != token)
                {
                    return;
                }

                if (DebugSwitch.On)
                {
                    DebugHolders.Released(_gate, token);
                    if (_writerIsUpgrade)
                    {
                        DebugHolders.Released(_gate, _writeToken);
                    }
                }

                if (_writerIsUpgrade)
                {
                    // Released while upgraded: the write lock goes with it.
                    _writer = false;
                    _writerIsUpgrade = false;
                    _preferReaders = true;
                }

                grants.FailedUpgrade = _upgradeQueue.DetachAll(); // its own pending upgrade can no longer happen
                _upgradeableHeld = false;
                _readers--;
                DispatchLocked(ref grants);
            }

            grants.Complete();
        }

        // Decides who goes next. Called under _gate after every release and removal; the grants are completed after
        // the lock is left.
        private void DispatchLocked(ref Grants grants)
        {
            if (_writer || _disposed)
            {
                return;
            }

            if (!_upgradeQueue.IsEmpty)
            {
                if (_readers == 1 && _upgradeQueue.TryDequeue() is { } upgrade)
                {
                    upgrade.Payload = GrantWriteLocked(upgrade: true, upgrade.DebugInfo);
                    grants.Upgrade = upgrade;
                }

                return; // a pending upgrade keeps new readers out
            }

            bool readersWaiting = !_readQueue.IsEmpty || (!_upgradeableQueue.IsEmpty && !_upgradeableHeld);
            if (_preferReaders && readersWaiting)
            {
                _preferReaders = false;
                AdmitReadersLocked(ref grants);
                return;
            }

            _preferReaders = false;
            if (!_writeQueue.IsEmpty)
            {
                if (_readers == 0 && _writeQueue.TryDequeue() is { } writer)
                {
                    writer.Payload = GrantWriteLocked(upgrade: false, writer.DebugInfo);
                    grants.Writer = writer;
                }

                return; // a waiting writer keeps new readers out
            }

            AdmitReadersLocked(ref grants);
        }

        private void AdmitReadersLocked(ref Grants grants)
        {
            grants.Readers = _readQueue.DetachAll();
            for (Waiter<Releaser>? n = grants.Readers; n is not null; n = n.Next)
            {
                n.Payload = GrantReadLocked(n.DebugInfo);
            }

            if (!_upgradeableHeld && _upgradeableQueue.TryDequeue() is { } upgradeable)
            {
                upgradeable.Payload = GrantUpgradeableLocked(upgradeable.DebugInfo);
                grants.Upgradeable = upgradeable;
            }
        }

        private void ThrowIfDisposed()
        {
            if (_disposed)
            {
                throw new ObjectDisposedException(nameof(AsyncReaderWriterLock));
            }
        }

        private void CancelWaiter<T>(Waiter<T> waiter)
        {
            Grants grants = default;
            bool removed;
            lock (_gate)
            {
                removed = waiter.Queue.TryRemove(waiter);
                if (removed)
                {
                    DispatchLocked(ref grants); // e.g. a cancelled writer lets the readers behind it in
                }
            }

            if (removed)
            {
                waiter.SetCanceled();
            }

            grants.Complete();
        }

        /// <summary>The waiter queues' hooks: a private object, so the internal interface stays off the public type.</summary>
        private sealed class WaiterHooks : IWaiterOwner<Releaser>, IWaiterOwner<UpgradeableReleaser>
        {
            private readonly AsyncReaderWriterLock _owner;

            internal WaiterHooks(AsyncReaderWriterLock owner) => _owner = owner;

            // A cancelled waiter may let others in (e.g. a cancelled writer, the readers behind it).
            public void Cancel(Waiter<Releaser> waiter) => _owner.CancelWaiter(waiter);

            public void Cancel(Waiter<UpgradeableReleaser> waiter) => _owner.CancelWaiter(waiter);

            public void OnResult(Releaser result)
            {
            }

            public void OnResult(UpgradeableReleaser result)
            {
            }
        }

        private struct Grants
        {
            internal Waiter<Releaser>? Readers;
            internal Waiter<Releaser>? Writer;
            internal Waiter<Releaser>? Upgrade;
            internal Waiter<Releaser>? FailedUpgrade;
            internal Waiter<UpgradeableReleaser>? Upgradeable;

            internal void Complete()
            {
                for (Waiter<Releaser>? n = Readers; n is not null;)
                {
                    Waiter<Releaser>? next = n.Next; // read first: the node may be recycled once completed
                    n.Next = null;
                    n.SetResult(n.Payload);
                    n = next;
                }

                Writer?.SetResult(Writer.Payload);
                Upgrade?.SetResult(Upgrade.Payload);
                Upgradeable?.SetResult(Upgradeable.Payload);
                if (FailedUpgrade is not null)
                {
                    WaiterQueue<Releaser>.FailChain(FailedUpgrade, new InvalidOperationException("The upgradeable read lock was released while its upgrade was pending."));
                }
            }
        }

        /// <summary>Releases a read or write lock when disposed. Disposing twice, or a copy, is a no-op.</summary>
        public readonly struct Releaser : IDisposable, IAsyncDisposable
        {
            private readonly AsyncReaderWriterLock? _owner;
            private readonly long _token;
            private readonly byte _kind;

            internal Releaser(AsyncReaderWriterLock owner, long token, byte kind)
            {
                _owner = owner;
                _token = token;
                _kind = kind;
            }

            /// <summary>True for a write lock (also one obtained by upgrading).</summary>
            public bool IsWriter => _kind == KindWrite || _kind == KindUpgradedWrite;

            /// <summary>Releases the lock; an upgraded write lock returns to the upgradeable read lock.</summary>
            public void Dispose() => _owner?.Release(_kind, _token);

            /// <summary>Releases the lock; completes synchronously.</summary>
            public ValueTask DisposeAsync()
            {
                Dispose();
                return default;
            }
        }

        /// <summary>
        /// Holds the upgradeable read lock; <see cref="UpgradeToWriteAsync"/> turns it into the write lock. Disposing
        /// releases it (and the write lock too, if it is upgraded). Disposing twice, or a copy, is a no-op.
        /// </summary>
        public readonly struct UpgradeableReleaser : IDisposable, IAsyncDisposable
        {
            private readonly AsyncReaderWriterLock? _owner;
            private readonly long _token;

            internal UpgradeableReleaser(AsyncReaderWriterLock owner, long token)
            {
                _owner = owner;
                _token = token;
            }

            /// <summary>
            /// Waits until the other readers have left and takes the write lock without releasing the read lock; new
            /// readers wait meanwhile. Dispose the returned releaser to go back to the upgradeable read lock.
            /// </summary>
            /// <param name="cancellationToken">Cancels the wait; the upgradeable read lock stays held.</param>
            /// <exception cref="InvalidOperationException">Released, already upgraded, or an upgrade is pending.</exception>
            /// <exception cref="OperationCanceledException">The wait was cancelled; the read lock is still held.</exception>
            public ValueTask<Releaser> UpgradeToWriteAsync(CancellationToken cancellationToken = default)
            {
                if (_owner is null)
                {
                    throw new InvalidOperationException("This releaser holds no lock.");
                }

                return _owner.UpgradeAsync(_token, cancellationToken);
            }

            /// <summary>Releases the upgradeable read lock (and the write lock, if it is upgraded).</summary>
            public void Dispose() => _owner?.ReleaseUpgradeable(_token);

            /// <summary>Releases the lock; completes synchronously.</summary>
            public ValueTask DisposeAsync()
            {
                Dispose();
                return default;
            }
        }

        // What the debugger shows for the instance. Reads the fields without the lock: a debugger evaluation must never wait.
        private string DebuggerDisplay => $"Readers = {_readers}, Writer = {_writer}, Upgradeable = {_upgradeableHeld}, Waiters = read {_readQueue.Count}, write {_writeQueue.Count}, upgrade {_upgradeQueue.Count}, upgradeable {_upgradeableQueue.Count}{(_disposed ? ", Disposed" : "")}";
    }
}
