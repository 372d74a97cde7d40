using System.Runtime.ExceptionServices;

namespace AsyncGuard
{
    /// <summary>
    /// A condition variable bound to an <see cref="AsyncLock"/> (asyncio.Condition). A flow that holds the lock calls
    /// <see cref="WaitAsync(CancellationToken)"/>, which releases the lock, waits for a notification and takes the lock
    /// again before it returns; <see cref="Notify"/> and <see cref="NotifyAll"/> wake waiters in FIFO order.
    /// </summary>
    /// <remarks>
    /// <para>Guarantees:</para>
    /// <list type="bullet">
    /// <item>When <c>WaitAsync</c> ends, by result or by exception (cancellation included), the caller holds the lock
    /// again, as in asyncio; the releaser it got from <see cref="AsyncLock.LockAsync(CancellationToken)"/> still
    /// releases it.</item>
    /// <item>A notification is never lost: each waiter is claimed once, by a notification or by its cancellation.
    /// A waiter whose cancellation wins is skipped and the notification goes to the next waiter; a waiter that was
    /// notified first returns normally even if its token fires afterwards.</item>
    /// <item>Waiting and notifying without holding the lock throw <see cref="InvalidOperationException"/> (asyncio's
    /// RuntimeError). As in asyncio the check is that the lock is held, not by whom.</item>
    /// <item>Waiters are pooled: on .NET 8 a wait allocates nothing in steady state.</item>
    /// <item><see cref="Dispose"/> ends every wait with <see cref="ObjectDisposedException"/>, as it does for the locks,
    /// semaphores and events; each waiter holds the lock again before it sees the exception. The lock itself is not
    /// disposed (it may be shared).</item>
    /// </list>
    /// </remarks>
    /// <example>
    /// <code>
    /// var gate = new AsyncLock();
    /// var changed = new AsyncCondition(gate);
    /// // consumer
    /// using (await gate.LockAsync(ct))
    /// {
    ///     await changed.WaitAsync(() => items.Count > 0, ct);
    ///     Take(items);
    /// }
    /// // producer
    /// using (await gate.LockAsync(ct))
    /// {
    ///     items.Add(item);
    ///     changed.Notify();
    /// }
    /// </code>
    /// </example>
    [DebuggerDisplay("{DebuggerDisplay,nq}")]
    public sealed class AsyncCondition : IDisposable
    {
        private readonly object _gate = new object();
        private readonly WaiterQueue<bool> _waiters;
        private bool _disposed;

        /// <summary>Creates a condition with a lock of its own (asyncio's <c>Condition()</c>).</summary>
        public AsyncCondition()
            : this(new AsyncLock())
        {
        }

        /// <summary>Creates a condition bound to <paramref name="lock"/> (asyncio's <c>Condition(lock)</c>).</summary>
        /// <param name="lock">The lock that protects the state the condition is about.</param>
        public AsyncCondition(AsyncLock @lock)
        {
            Lock = @lock ?? throw new ArgumentNullException(nameof(@lock));
            _waiters = new WaiterQueue<bool>(_gate) { DebugName = nameof(AsyncCondition), DebugHolderGate = @lock.DebugGate, DebugSubject = this };
        }

        /// <summary>The lock the condition is bound to.</summary>
        public AsyncLock Lock { get; }

        /// <summary>Waits for the lock (the same as <c>Lock.LockAsync</c>).</summary>
        /// <param name="cancellationToken">Cancels the wait for the lock.</param>
        /// <returns>The releaser of the lock.</returns>
        public ValueTask<AsyncLock.Releaser> LockAsync(CancellationToken cancellationToken = default) => Lock.LockAsync(cancellationToken);

        /// <summary>
        /// Releases the lock, waits until notified, and takes the lock again before returning (asyncio's <c>wait()</c>).
        /// </summary>
        /// <param name="cancellationToken">
        /// Cancels the wait for a notification. The lock is taken again before the cancellation is reported; an
        /// already-cancelled token fails at once without releasing the lock.
        /// </param>
        /// <exception cref="InvalidOperationException">The lock is not held.</exception>
        /// <exception cref="OperationCanceledException">The wait was cancelled; the caller holds the lock again.</exception>
        /// <exception cref="ObjectDisposedException">The condition was disposed (before the call: the lock was never released).</exception>
        public ValueTask WaitAsync(CancellationToken cancellationToken = default)
        {
            ThrowIfNotHeld("wait on");
            if (cancellationToken.IsCancellationRequested)
            {
                return new ValueTask(Task.FromCanceled(cancellationToken));
            }

            // Queued before the lock is released, so a notifier that takes the lock next finds this waiter.
            Waiter<bool> node;
            lock (_gate)
            {
                if (_disposed)
                {
                    throw new ObjectDisposedException(nameof(AsyncCondition));
                }

                node = _waiters.Enqueue(cancellationToken);
            }

            long origin = Lock.ReleaseForConditionWait();
            return WaitThenReacquireAsync(WaiterQueue<bool>.ArmVoidAsync(node), origin);
        }

        /// <summary>
        /// Waits until <paramref name="predicate"/> holds (asyncio's <c>wait_for(predicate)</c>): checks it, and while it
        /// is false waits for a notification and checks again. The predicate runs with the lock held.
        /// </summary>
        /// <param name="predicate">The condition to wait for; evaluated under the lock.</param>
        /// <param name="cancellationToken">Cancels the wait; the caller holds the lock again when it is reported.</param>
        /// <exception cref="InvalidOperationException">The lock is not held.</exception>
        /// <exception cref="OperationCanceledException">The wait was cancelled; the caller holds the lock again.</exception>
        public ValueTask WaitAsync(Func<bool> predicate, CancellationToken cancellationToken = default)
        {
            if (predicate is null)
            {
                throw new ArgumentNullException(nameof(predicate));
            }

            ThrowIfNotHeld("wait on");
            return predicate() ? default : WaitUntilAsync(predicate, cancellationToken);
        }

        /// <summary>Wakes up to <paramref name="count"/> waiters, oldest first (asyncio's <c>notify(n)</c>).</summary>
        /// <param name="count">How many waiters to wake (at least 1).</param>
        /// <returns>The number of waiters woken (fewer when fewer were waiting).</returns>
        /// <exception cref="InvalidOperationException">The lock is not held.</exception>
        public int Notify(int count = 1)
        {
            if (count < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(count), "At least one waiter must be notified.");
            }

            ThrowIfNotHeld("notify");
            return Wake(count);
        }

        /// <summary>Wakes every waiter (asyncio's <c>notify_all()</c>).</summary>
        /// <returns>The number of waiters woken.</returns>
        /// <exception cref="InvalidOperationException">The lock is not held.</exception>
        public int NotifyAll()
        {
            ThrowIfNotHeld("notify");
            return Wake(int.MaxValue);
        }

        /// <summary>
        /// Faults every waiter with <see cref="ObjectDisposedException"/> (each holds the lock again before it sees it);
        /// later waits throw it too, and notifications wake nobody. The lock is not disposed. Idempotent.
        /// </summary>
        public void Dispose() => _waiters.DisposeAll(ref _disposed, nameof(AsyncCondition));

        private int Wake(int count)
        {
            Waiter<bool>? chain;
            lock (_gate)
            {
                // Claims each waiter under the gate: a waiter whose cancellation claimed it first is skipped, so the
                // notification goes to the next one.
                chain = _waiters.DetachMany(count);
            }

            int woken = 0;
            for (Waiter<bool>? n = chain; n is not null; n = n.Next)
            {
                woken++;
            }

            WaiterQueue<bool>.CompleteChain(chain, true);
            return woken;
        }

        private void ThrowIfNotHeld(string what)
        {
            if (!Lock.IsHeld)
            {
                throw new InvalidOperationException($"Cannot {what} an AsyncCondition whose lock is not held.");
            }
        }

#if NET6_0_OR_GREATER
        [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
#endif
        private async ValueTask WaitThenReacquireAsync(ValueTask notified, long origin)
        {
            ExceptionDispatchInfo? failure = null;
            try
            {
                await notified.ConfigureAwait(false);
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }

            // Whatever ended the wait, the caller gets the lock back before WaitAsync ends; this wait is not cancellable.
            AsyncLock.Releaser renewed = await Lock.ReacquireForConditionWaitAsync().ConfigureAwait(false);
            Lock.RenewAfterConditionWait(origin, renewed);
            failure?.Throw();
        }

#if NET6_0_OR_GREATER
        [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
#endif
        private async ValueTask WaitUntilAsync(Func<bool> predicate, CancellationToken cancellationToken)
        {
            do
            {
                await WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            while (!predicate());
        }

        // What the debugger shows for the instance. Reads the fields without the lock: a debugger evaluation must never wait.
        private string DebuggerDisplay => $"Waiters = {_waiters.Count}, LockHeld = {Lock.IsHeld}{(_disposed ? ", Disposed" : "")}";
    }
}
