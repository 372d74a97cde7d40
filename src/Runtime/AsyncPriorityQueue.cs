namespace AsyncGuard
{
    /// <summary>
    /// An async priority queue, unbounded or bounded: the item with the smallest priority (by the comparer) is
    /// dequeued first, and items of equal priority leave in arrival order. Items go straight to a waiting
    /// consumer when there is one; with a capacity, <see cref="EnqueueAsync"/> waits while the queue is full.
    /// A cancelled wait never loses or duplicates an item.
    /// </summary>
    /// <typeparam name="TElement">Item type.</typeparam>
    /// <typeparam name="TPriority">Priority type; smaller comes first.</typeparam>
    /// <example>
    /// <code>
    /// var jobs = new AsyncPriorityQueue&lt;string, int&gt;();
    /// jobs.TryEnqueue("later", 5);
    /// jobs.TryEnqueue("urgent", 0);
    /// string next = await jobs.DequeueAsync(); // "urgent"
    /// </code>
    /// </example>
    [DebuggerDisplay("{DebuggerDisplay,nq}")]
    public sealed class AsyncPriorityQueue<TElement, TPriority>
    {
        private readonly QueueCore<(TElement, TPriority), TElement, PriorityStore<TElement, TPriority>> _core;

        /// <summary>Creates a priority queue.</summary>
        /// <param name="comparer">Orders priorities (default: <see cref="Comparer{T}.Default"/>).</param>
        public AsyncPriorityQueue(IComparer<TPriority>? comparer = null)
            : this(int.MaxValue, comparer)
        {
        }

        /// <summary>Creates a bounded priority queue.</summary>
        /// <param name="capacity">Maximum number of stored items (at least 1).</param>
        /// <param name="comparer">Orders priorities (default: <see cref="Comparer{T}.Default"/>).</param>
        public AsyncPriorityQueue(int capacity, IComparer<TPriority>? comparer = null)
        {
            if (capacity < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(capacity), "The capacity must be at least 1.");
            }

            var store = new PriorityStore<TElement, TPriority>(comparer ?? Comparer<TPriority>.Default);
            _core = new QueueCore<(TElement, TPriority), TElement, PriorityStore<TElement, TPriority>>(store, capacity);
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
        /// <param name="element">The item.</param>
        /// <param name="priority">Its priority; smaller comes first.</param>
        /// <param name="cancellationToken">Cancels the wait for room; a cancelled enqueue never adds the item.</param>
        /// <exception cref="OperationCanceledException">The wait was cancelled; the item was not added.</exception>
        /// <exception cref="QueueCompletedException">The queue was completed; the item was not added.</exception>
        public ValueTask EnqueueAsync(TElement element, TPriority priority, CancellationToken cancellationToken = default)
            => _core.EnqueueAsync((element, priority), cancellationToken);

        /// <summary>Adds an item if there is room right now.</summary>
        /// <param name="element">The item.</param>
        /// <param name="priority">Its priority; smaller comes first.</param>
        /// <returns>False when the queue is full or completed.</returns>
        public bool TryEnqueue(TElement element, TPriority priority) => _core.TryEnqueue((element, priority));

        /// <summary>Waits for the next item.</summary>
        /// <include file="QueueDocs.xml" path="docs/TakeAsync/*"/>
        /// <exception cref="QueueCompletedException">The queue was completed and is empty.</exception>
        public ValueTask<TElement> DequeueAsync(CancellationToken cancellationToken = default) => _core.DequeueAsync(cancellationToken);

        /// <summary>Takes the next item if one is stored.</summary>
        /// <param name="element">The item, or default.</param>
        /// <returns>True when an item was taken.</returns>
        public bool TryDequeue([MaybeNullWhen(false)] out TElement element) => _core.TryDequeue(out element);

        /// <summary>Dequeues items as they come until the queue is completed and empty.</summary>
        /// <param name="cancellationToken">Stops the enumeration with <see cref="OperationCanceledException"/>.</param>
        /// <returns>An async stream of the items.</returns>
        public IAsyncEnumerable<TElement> ReadAllAsync(CancellationToken cancellationToken = default) => _core.ReadAllAsync(cancellationToken);

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
