namespace AsyncGuard
{
    /// <summary>
    /// An async FIFO producer/consumer queue, unbounded or bounded. Items go straight to a waiting consumer
    /// when there is one; with a capacity, <see cref="EnqueueAsync"/> waits while the queue is full. Producers
    /// and consumers are each served in FIFO order, and a cancelled wait never loses or duplicates an item.
    /// </summary>
    /// <typeparam name="T">Item type.</typeparam>
    /// <example>
    /// <code>
    /// var queue = new AsyncQueue&lt;string&gt;(capacity: 100);
    /// _ = Task.Run(async () => { await queue.EnqueueAsync("job"); queue.Complete(); });
    /// await foreach (string job in queue.ReadAllAsync(cancellationToken)) { Handle(job); queue.MarkDone(); }
    /// </code>
    /// </example>
    [DebuggerDisplay("{DebuggerDisplay,nq}")]
    public sealed class AsyncQueue<T>
    {
        private readonly QueueCore<T, T, FifoStore<T>> _core;

        /// <summary>Creates an unbounded queue.</summary>
        public AsyncQueue()
            : this(int.MaxValue)
        {
        }

        /// <summary>Creates a bounded queue.</summary>
        /// <param name="capacity">Maximum number of stored items (at least 1).</param>
        public AsyncQueue(int capacity)
        {
            if (capacity < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(capacity), "The capacity must be at least 1.");
            }

            _core = new QueueCore<T, T, FifoStore<T>>(new FifoStore<T>(new System.Collections.Concurrent.ConcurrentQueue<T>()), capacity);
        }

        /// <include file="QueueDocs.xml" path="docs/Capacity/*"/>
        public int? Capacity => _core.Capacity == int.MaxValue ? null : _core.Capacity;

        /// <include file="QueueDocs.xml" path="docs/Count/*"/>
        public int Count => _core.Count;

        /// <summary>Items enqueued and not yet reported with <see cref="MarkDone"/>.</summary>
        public long UnfinishedCount => _core.UnfinishedCount;

        /// <include file="QueueDocs.xml" path="docs/IsCompleted/*"/>
        public bool IsCompleted => _core.IsCompleted;

        /// <summary>Completes when the queue was completed and every stored item was dequeued.</summary>
        public Task Completion => _core.Completion;

        /// <summary>Adds an item, waiting for room when the queue is bounded and full.</summary>
        /// <param name="item">The item.</param>
        /// <param name="cancellationToken">Cancels the wait for room; a cancelled enqueue never adds the item.</param>
        /// <exception cref="OperationCanceledException">The wait was cancelled; the item was not added.</exception>
        /// <exception cref="QueueCompletedException">The queue was completed; the item was not added.</exception>
        public ValueTask EnqueueAsync(T item, CancellationToken cancellationToken = default) => _core.EnqueueAsync(item, cancellationToken);

        /// <summary>Adds an item if there is room right now.</summary>
        /// <param name="item">The item.</param>
        /// <returns>False when the queue is full or completed.</returns>
        public bool TryEnqueue(T item) => _core.TryEnqueue(item);

        /// <summary>Waits for the next item.</summary>
        /// <include file="QueueDocs.xml" path="docs/TakeAsync/*"/>
        /// <exception cref="QueueCompletedException">The queue was completed and is empty.</exception>
        public ValueTask<T> DequeueAsync(CancellationToken cancellationToken = default) => _core.DequeueAsync(cancellationToken);

        /// <summary>Takes the next item if one is stored.</summary>
        /// <param name="element">The item, or default.</param>
        /// <returns>True when an item was taken.</returns>
        public bool TryDequeue([MaybeNullWhen(false)] out T element) => _core.TryDequeue(out element);

        /// <summary>Dequeues items as they come until the queue is completed and empty.</summary>
        /// <param name="cancellationToken">Stops the enumeration with <see cref="OperationCanceledException"/>.</param>
        /// <returns>An async stream of the items.</returns>
        public IAsyncEnumerable<T> ReadAllAsync(CancellationToken cancellationToken = default) => _core.ReadAllAsync(cancellationToken);

        /// <include file="QueueDocs.xml" path="docs/Complete/*"/>
        public void Complete() => _core.Complete(null, immediate: false);

        /// <include file="QueueDocs.xml" path="docs/CompleteWithError/*"/>
        public void Complete(Exception? error, bool immediate = false) => _core.Complete(error, immediate);

        /// <summary>Reports that one dequeued item was processed (asyncio's task_done).</summary>
        /// <exception cref="InvalidOperationException">Called more times than items were enqueued.</exception>
        public void MarkDone() => _core.MarkDone();

        /// <summary>Waits until every enqueued item was reported with <see cref="MarkDone"/> (asyncio's join).</summary>
        /// <include file="QueueDocs.xml" path="docs/WaitAllDoneAsync/*"/>
        public ValueTask WaitAllDoneAsync(CancellationToken cancellationToken = default) => _core.WaitAllDoneAsync(cancellationToken);

        // What the debugger shows for the instance. Reads the fields without the lock: a debugger evaluation must never wait.
        private string DebuggerDisplay => _core.DebuggerDisplay;
    }
}
