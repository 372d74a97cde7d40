using System.Threading.Tasks.Sources;

namespace AsyncGuard.Internal
{
    /// <summary>
    /// Hooks a primitive can give its <see cref="WaiterQueue{T}"/> when the default behaviour is not enough.
    /// </summary>
    internal interface IWaiterOwner<T>
    {
        /// <summary>Handles a fired cancellation instead of <see cref="WaiterQueue{T}.CancelDefault"/>. Runs outside any lock.</summary>
        void Cancel(Waiter<T> waiter);

        /// <summary>Runs on the awaiting flow inside GetResult, after a successful wait.</summary>
        void OnResult(T result);
    }

    /// <summary>
    /// One pending wait: a pooled, resettable <see cref="IValueTaskSource{TResult}"/> that is also a node of the
    /// doubly linked <see cref="WaiterQueue{T}"/>. Its life: rented and linked under the owner's lock, then
    /// claimed exactly once (by a releaser or by cancellation, via <see cref="TryClaim"/>), then completed
    /// outside the lock, then returned to the pool by GetResult after the cancellation registration is disposed.
    /// </summary>
    internal sealed class Waiter<T> : IValueTaskSource<T>, IValueTaskSource
    {
        private const int Pending = 0, Claimed = 1;

        private static readonly Action<object?> s_cancel = static state =>
        {
            var waiter = (Waiter<T>)state!;
            waiter.Queue.OnCancellationFired(waiter);
        };

        private static readonly TimerCallback s_timeout = static state =>
        {
            var waiter = (Waiter<T>)state!;
            waiter.Queue.OnTimerFired(waiter);
        };

        private ManualResetValueTaskSourceCore<T> _core;
        private int _state;
        private CancellationTokenRegistration _registration;

        // Timed waits: one timer per pooled node, created on its first timed wait and reused (so a timed wait
        // allocates nothing in steady state). _deadline is a Stopwatch timestamp, 0 for an untimed wait; the timer
        // callback acts only on a node that is still linked with a deadline that has passed, so a callback left over
        // from an earlier wait of this node can neither end a later wait early nor end an untimed one.
        private Timer? _timer;
        private long _deadline;

        internal Waiter(WaiterQueue<T> queue)
        {
            Queue = queue;
            // Continuations never run inline inside Release/Set/Enqueue.
            _core.RunContinuationsAsynchronously = true;
        }

        internal WaiterQueue<T> Queue { get; }

        internal Waiter<T>? Prev;
        internal Waiter<T>? Next;
        internal bool Linked;

        /// <summary>Position in the idle-node stack, counted from its bottom; only meaningful while pooled.</summary>
        internal int PoolDepth;

        /// <summary>Input carried by the waiter (e.g. the item of a producer waiting for room).</summary>
        internal T Payload = default!;

        internal CancellationToken Token;

        /// <summary>Debug mode only: where the wait began, and its long-wait timer; null otherwise.</summary>
        internal DebugWait? DebugInfo;

        internal short Version => _core.Version;

        /// <summary>
        /// The one decision per wait: whoever claims the waiter completes it, nobody else. Every claimer (a releaser,
        /// a cancellation callback, Dispose/Complete/Reset) claims while holding the queue's Gate, which makes this
        /// test-and-set atomic without an interlocked instruction on the hand-off path.
        /// </summary>
        internal bool TryClaim()
        {
            Debug.Assert(Monitor.IsEntered(Queue.Gate), "waiters are claimed only under the queue's lock");
            if (_state != Pending)
            {
                return false;
            }

            _state = Claimed;
            return true;
        }

        internal void Prepare(CancellationToken token)
        {
            _state = Pending;
            Token = token;
            WriteDeadline(0);
            TimeoutFaults = false;
        }

        /// <summary>True: a timed-out wait faults with TimeoutException; false: it completes with default(T).</summary>
        internal bool TimeoutFaults;

        internal long Deadline => IntPtr.Size == 8 ? Volatile.Read(ref _deadline) : Interlocked.Read(ref _deadline);

        /// <summary>Starts the wait's timer. Called after <see cref="Arm()"/>, outside the lock.</summary>
        internal void ArmTimeout(TimeSpan timeout, bool faults)
        {
            TimeoutFaults = faults;
            long ticks = (long)(timeout.TotalSeconds * Stopwatch.Frequency);
            WriteDeadline(Math.Max(1, Stopwatch.GetTimestamp() + Math.Max(ticks, 1)));
            if (_timer is null)
            {
                // Created without the caller's ExecutionContext: the timer is reused by later waits of other flows.
                bool restore = !ExecutionContext.IsFlowSuppressed();
                AsyncFlowControl flow = restore ? ExecutionContext.SuppressFlow() : default;
                try
                {
                    _timer = new Timer(s_timeout, this, Timeout.Infinite, Timeout.Infinite);
                }
                finally
                {
                    if (restore)
                    {
                        flow.Undo();
                    }
                }
            }

            _timer.Change(ToDueTime(timeout), Timeout.Infinite);
        }

        /// <summary>Re-arms the timer for what remains of the deadline (a timer may fire a little early).</summary>
        internal void RearmTimer(long remainingTicks)
        {
            _timer?.Change(ToDueTime(TimeSpan.FromSeconds((double)remainingTicks / Stopwatch.Frequency)) + 1, Timeout.Infinite);
        }

        private static long ToDueTime(TimeSpan timeout) => Math.Min(Math.Max((long)Math.Ceiling(timeout.TotalMilliseconds), 0), 0xFFFFFFFE);

        private void WriteDeadline(long value)
        {
            if (IntPtr.Size == 8)
            {
                Volatile.Write(ref _deadline, value);
            }
            else
            {
                Interlocked.Exchange(ref _deadline, value);
            }
        }

        /// <summary>Registers for cancellation. Called after linking, outside the lock, before the task is handed out.</summary>
        internal void Arm()
        {
            if (Token.CanBeCanceled)
            {
#if NET
                _registration = Token.UnsafeRegister(s_cancel, this);
#else
                _registration = Token.Register(s_cancel, this, useSynchronizationContext: false);
#endif
            }
        }

        internal void SetResult(T result)
        {
            EndDebug();
            _core.SetResult(result);
        }

        internal void SetException(Exception error)
        {
            EndDebug();
            _core.SetException(error);
        }

        internal void SetCanceled()
        {
            EndDebug();
            _core.SetException(new OperationCanceledException(Token));
        }

        private void EndDebug()
        {
            if (DebugInfo is { } debug)
            {
                DebugInfo = null;
                debug.End();
            }
        }

        /// <inheritdoc />
        public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

        /// <inheritdoc />
        public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
            => _core.OnCompleted(continuation, state, token, flags);

        /// <inheritdoc />
        public T GetResult(short token)
        {
            if (token != _core.Version)
            {
                throw new InvalidOperationException("The result of this wait was already consumed; a ValueTask may be awaited only once.");
            }

            ValueTaskSourceStatus status = _core.GetStatus(token);
            if (status == ValueTaskSourceStatus.Pending)
            {
                // A blocking GetResult on a pending wait: refuse without touching the node, which is still queued.
                throw new InvalidOperationException("The wait has not completed; await the ValueTask (or use AsTask()) instead of blocking on it.");
            }

            // Wait out a cancellation callback that may still be running, so it can never touch a recycled node.
            _registration.Dispose();
            _registration = default;
            if (status != ValueTaskSourceStatus.Succeeded)
            {
                ThrowAndRecycle(token);
            }

            // The success path has no try/finally: GetResult of a succeeded core cannot throw.
            T result = _core.GetResult(token);
            Recycle();
            Queue.Owner?.OnResult(result);
            return result;
        }

        private void ThrowAndRecycle(short token)
        {
            try
            {
                _core.GetResult(token); // throws the stored exception
            }
            finally
            {
                Recycle();
            }
        }

        void IValueTaskSource.GetResult(short token) => GetResult(token);

        private void Recycle()
        {
            if (Deadline != 0)
            {
                WriteDeadline(0);
                _timer!.Change(Timeout.Infinite, Timeout.Infinite);
            }

            Token = default;
            Payload = default!;
            _core.Reset(); // bumps the version: a stale ValueTask can no longer observe this node
            Queue.Return(this);
        }
    }

    /// <summary>
    /// FIFO list of <see cref="Waiter{T}"/> nodes with O(1) removal and a node pool. The instance methods that
    /// change the list (Enqueue, TryDequeue, TryRemove, DetachMany/All) must be called under <see cref="Gate"/>;
    /// the static ArmAsync/CompleteChain/FailChain helpers, <see cref="CancelDefault"/> (which takes the lock itself)
    /// and <see cref="Return"/> are called without it. Completing the nodes is always done outside the lock.
    /// </summary>
    internal sealed class WaiterQueue<T>(object gate, IWaiterOwner<T>? owner = null)
    {
        private const int MaxPooled = 256; // per stack: the shared one and the one the taker moved it to

        private Waiter<T>? _head;
        private Waiter<T>? _tail;
        // Idle nodes. Filled lock-free by GetResult, emptied only under Gate (one taker at a time). The spare slot
        // serves the common one-waiter case with no interlocked operation at all; the stack behind it, chained
        // through Next, holds the rest. The taker moves that whole stack at once into a list of its own (one
        // exchange for many waiters, and no ABA problem: a node never goes back onto the stack while it is taken).
        private Waiter<T>? _spare;
        private Waiter<T>? _free;
        private Waiter<T>? _taken; // touched only under Gate

        internal object Gate { get; } = gate;

        internal IWaiterOwner<T>? Owner { get; } = owner;

        /// <summary>Debug mode: the primitive's name in long-wait reports; null for queues whose waits are not reported.</summary>
        internal string? DebugName;

        /// <summary>Debug mode: the gate whose holders a long wait reports (default <see cref="Gate"/>; an AsyncCondition reports its lock's).</summary>
        internal object? DebugHolderGate;

        /// <summary>Debug mode: the primitive, given to reports as their subject.</summary>
        internal object? DebugSubject;

        internal int Count { get; private set; }

        internal bool IsEmpty => _head is null;

        /// <summary>Rents a node and appends it. Arm it and hand out its task after leaving the lock.</summary>
        internal Waiter<T> Enqueue(CancellationToken token, T payload = default!)
        {
            Waiter<T>? node = Volatile.Read(ref _spare);
            if (node is not null)
            {
                // A returner that found the slot empty before this read may still write its node here; this
                // write then drops that idle node to the GC. A node in use can never be in the slot.
                Volatile.Write(ref _spare, null);
            }
            else
            {
                node = _taken;
                if (node is null && Volatile.Read(ref _free) is not null)
                {
                    node = Interlocked.Exchange(ref _free, null);
                }

                node ??= new Waiter<T>(this);
                _taken = node.Next;
            }

            node.Prepare(token);
            node.Payload = payload;
            node.Prev = _tail;
            node.Next = null;
            node.Linked = true;
            if (_tail is null)
            {
                _head = node;
            }
            else
            {
                _tail.Next = node;
            }

            _tail = node;
            Count++;
            if (DebugSwitch.On && DebugName is not null)
            {
                node.DebugInfo = DebugWait.Begin(DebugName, DebugHolderGate ?? Gate, DebugSubject);
            }

            return node;
        }

        /// <summary>Removes and claims the oldest waiter, or returns null.</summary>
        internal Waiter<T>? TryDequeue()
        {
            while (_head is { } node)
            {
                Unlink(node);
                if (node.TryClaim())
                {
                    return node;
                }
            }

            return null;
        }

        /// <summary>The oldest waiter, still linked, or null.</summary>
        internal Waiter<T>? Peek() => _head;

        /// <summary>Removes and claims a specific waiter in O(1); false when someone else already claimed it.</summary>
        internal bool TryRemove(Waiter<T> node)
        {
            if (!node.Linked)
            {
                return false;
            }

            Unlink(node);
            return node.TryClaim();
        }

        /// <summary>Removes and claims up to <paramref name="max"/> waiters, returned as a chain through Next.</summary>
        internal Waiter<T>? DetachMany(int max)
        {
            Waiter<T>? first = null, last = null;
            while (max > 0 && TryDequeue() is { } node)
            {
                if (last is null)
                {
                    first = node;
                }
                else
                {
                    last.Next = node;
                }

                last = node;
                max--;
            }

            return first;
        }

        internal Waiter<T>? DetachAll() => DetachMany(int.MaxValue);

        /// <summary>Completes a chain from <see cref="DetachMany"/> with one result. Call outside the lock.</summary>
        internal static void CompleteChain(Waiter<T>? chain, T result)
        {
            while (chain is not null)
            {
                Waiter<T>? next = chain.Next; // read first: the node may be recycled as soon as it completes
                chain.Next = null;
                chain.SetResult(result);
                chain = next;
            }
        }

        /// <summary>Faults a chain from <see cref="DetachMany"/> with one exception. Call outside the lock.</summary>
        internal static void FailChain(Waiter<T>? chain, Exception error)
        {
            while (chain is not null)
            {
                Waiter<T>? next = chain.Next;
                chain.Next = null;
                chain.SetException(error);
                chain = next;
            }
        }

        /// <summary>
        /// A primitive's Dispose: under <see cref="Gate"/>, sets the owner's <paramref name="disposed"/> flag (which its
        /// later waits check) and detaches every waiter; then, outside the lock, faults them with
        /// <see cref="ObjectDisposedException"/> naming <paramref name="ownerName"/>.
        /// </summary>
        internal void DisposeAll(ref bool disposed, string ownerName)
        {
            Waiter<T>? chain;
            lock (Gate)
            {
                disposed = true;
                chain = DetachAll();
            }

            FailChain(chain, new ObjectDisposedException(ownerName));
        }

        /// <summary>Hands out the task of an enqueued node. Call outside the lock.</summary>
        internal static ValueTask<T> ArmAsync(Waiter<T> node)
        {
            short version = node.Version;
            node.Arm();
            return new ValueTask<T>(node, version);
        }

        /// <summary>
        /// <see cref="ArmAsync(Waiter{T})"/> with a deadline: when <paramref name="timeout"/> passes first, the wait faults with
        /// <see cref="TimeoutException"/> (<paramref name="faults"/>) or completes with default(T). Call outside the lock.
        /// </summary>
        internal static ValueTask<T> ArmAsync(Waiter<T> node, TimeSpan timeout, bool faults)
        {
            short version = node.Version;
            node.Arm();
            node.ArmTimeout(timeout, faults);
            return new ValueTask<T>(node, version);
        }

        /// <summary>Same as <see cref="ArmAsync(Waiter{T})"/> for waits without a result.</summary>
        internal static ValueTask ArmVoidAsync(Waiter<T> node)
        {
            short version = node.Version;
            node.Arm();
            return new ValueTask(node, version);
        }

        internal void OnCancellationFired(Waiter<T> node)
        {
            if (Owner is { } owner)
            {
                owner.Cancel(node);
            }
            else
            {
                CancelDefault(node);
            }
        }

        internal void OnTimerFired(Waiter<T> node)
        {
            bool removed = false;
            long remaining = 0;
            lock (Gate)
            {
                long deadline = node.Deadline;
                if (!node.Linked || deadline == 0)
                {
                    return; // completed, or a later wait of this node without a deadline
                }

                remaining = deadline - Stopwatch.GetTimestamp();
                if (remaining <= 0)
                {
                    removed = TryRemove(node);
                }
            }

            if (remaining > 0)
            {
                node.RearmTimer(remaining);
            }
            else if (removed)
            {
                if (node.TimeoutFaults)
                {
                    node.SetException(new TimeoutException("The wait did not complete within its timeout."));
                }
                else
                {
                    node.SetResult(default!);
                }
            }
        }

        /// <summary>Removes the node if it is still waiting and faults it with OperationCanceledException.</summary>
        internal bool CancelDefault(Waiter<T> node)
        {
            bool removed;
            lock (Gate)
            {
                removed = TryRemove(node);
            }

            if (removed)
            {
                node.SetCanceled();
            }

            return removed;
        }

        /// <summary>Returns a finished node to the pool. Called without the lock.</summary>
        internal void Return(Waiter<T> node)
        {
            node.Next = null;
            // A plain write, not a compare-exchange (about 5 ns, near a tenth of a hand-off): a node only ever gets
            // here once per wait, so the slot can never hold a node in use. Two returns racing for an empty slot, or
            // a return racing with Enqueue's take, can at worst overwrite an idle node, which the GC then collects.
            if (Volatile.Read(ref _spare) is null)
            {
                Volatile.Write(ref _spare, node);
                return;
            }

            Waiter<T>? head;
            do
            {
                head = Volatile.Read(ref _free);
                // The depth is fixed when the node is pushed onto this head, so it bounds the stack without a
                // shared counter (which would cost two more interlocked operations per wait).
                int depth = head is null ? 1 : head.PoolDepth + 1;
                if (depth > MaxPooled)
                {
                    return; // the node is left to the GC
                }

                node.PoolDepth = depth;
                node.Next = head;
            }
            while (Interlocked.CompareExchange(ref _free, node, head) != head);
        }

        private void Unlink(Waiter<T> node)
        {
            if (node.Prev is null)
            {
                _head = node.Next;
            }
            else
            {
                node.Prev.Next = node.Next;
            }

            if (node.Next is null)
            {
                _tail = node.Prev;
            }
            else
            {
                node.Next.Prev = node.Prev;
            }

            node.Prev = null;
            node.Next = null;
            node.Linked = false;
            Count--;
        }
    }
}
