namespace AsyncGuard
{
    /// <summary>
    /// An async LIFO producer/consumer stack, unbounded or bounded. Items go straight to a waiting consumer
    /// when there is one; with a capacity, <see cref="PushAsync"/> waits while the stack is full. Producers
    /// and consumers are each served in FIFO order, and a cancelled wait never loses or duplicates an item.
    /// </summary>
    /// <typeparam name="T">Item type.</typeparam>
    /// <example>
    /// <code>
    /// var stack = new AsyncStack&lt;int&gt;();
    /// stack.TryPush(1); stack.TryPush(2);
    /// int newest = await stack.PopAsync(); // 2
    /// </code>
    /// </example>
    [DebuggerDisplay("{DebuggerDisplay,nq}")]
    public sealed class AsyncStack<T>
    {
        private readonly QueueCore<T, T, LifoStore<T>> _core;

        /// <summary>Creates an unbounded stack.</summary>
        public AsyncStack()
            : this(int.MaxValue)
        {
        }

        /// <summary>Creates a bounded stack.</summary>
        /// <param name="capacity">Maximum number of stored items (at least 1).</param>
        public AsyncStack(int capacity)
        {
            if (capacity < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(capacity), "The capacity must be at least 1.");
            }

            _core = new QueueCore<T, T, LifoStore<T>>(default, capacity);
        }

        /// <include file="QueueDocs.xml" path="docs/Capacity/*"/>
        public int? Capacity => _core.Capacity == int.MaxValue ? null : _core.Capacity;

        /// <include file="QueueDocs.xml" path="docs/Count/*"/>
        public int Count => _core.Count;

        /// <summary>Items pushed and not yet reported with <see cref="MarkDone"/>.</summary>
        public long UnfinishedCount => _core.UnfinishedCount;

        /// <include file="QueueDocs.xml" path="docs/IsCompleted/*"/>
        public bool IsCompleted => _core.IsCompleted;

        /// <summary>Completes when the stack was completed and every stored item was popped.</summary>
        public Task Completion => _core.Completion;

        /// <summary>Adds an item, waiting for room when the stack is bounded and full.</summary>
        /// <param name="item">The item.</param>
        /// <param name="cancellationToken">Cancels the wait for room; a cancelled push never adds the item.</param>
        /// <exception cref="OperationCanceledException">The wait was cancelled; the item was not added.</exception>
        /// <exception cref="QueueCompletedException">The stack was completed; the item was not added.</exception>
        public ValueTask PushAsync(T item, CancellationToken cancellationToken = default) => _core.EnqueueAsync(item, cancellationToken);

        /// <summary>Adds an item if there is room right now.</summary>
        /// <param name="item">The item.</param>
        /// <returns>False when the stack is full or completed.</returns>
        public bool TryPush(T item) => _core.TryEnqueue(item);

        /// <summary>Waits for the newest item and takes it.</summary>
        /// <include file="QueueDocs.xml" path="docs/TakeAsync/*"/>
        /// <exception cref="QueueCompletedException">The stack was completed and is empty.</exception>
        public ValueTask<T> PopAsync(CancellationToken cancellationToken = default) => _core.DequeueAsync(cancellationToken);

        /// <summary>Takes the newest item if one is stored.</summary>
        /// <param name="element">The item, or default.</param>
        /// <returns>True when an item was taken.</returns>
        public bool TryPop([MaybeNullWhen(false)] out T element) => _core.TryDequeue(out element);

        /// <summary>Pops items as they come until the stack is completed and empty.</summary>
        /// <param name="cancellationToken">Stops the enumeration with <see cref="OperationCanceledException"/>.</param>
        /// <returns>An async stream of the items.</returns>
        public IAsyncEnumerable<T> ReadAllAsync(CancellationToken cancellationToken = default) => _core.ReadAllAsync(cancellationToken);

        /// <include file="QueueDocs.xml" path="docs/Complete/*"/>
        public void Complete() => _core.Complete(null, immediate: false);

        /// <include file="QueueDocs.xml" path="docs/CompleteWithError/*"/>
        public void Complete(Exception? error, bool immediate = false) => _core.Complete(error, immediate);

        /// <summary>Reports that one popped item was processed (asyncio's task_done).</summary>
        /// <exception cref="InvalidOperationException">Called more times than items were pushed.</exception>
        public void MarkDone() => _core.MarkDone();

        /// <summary>Waits until every pushed item was reported with <see cref="MarkDone"/> (asyncio's join).</summary>
        /// <include file="QueueDocs.xml" path="docs/WaitAllDoneAsync/*"/>
        public ValueTask WaitAllDoneAsync(CancellationToken cancellationToken = default) => _core.WaitAllDoneAsync(cancellationToken);

        // What the debugger shows for the instance. Reads the fields without the lock: a debugger evaluation must never wait.
        private string DebuggerDisplay => _core.DebuggerDisplay;
    }
}
