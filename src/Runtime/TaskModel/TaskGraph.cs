using System.Text;

namespace AsyncGuard
{
    /// <summary>How a <see cref="TaskGraph{TKey, TResult}"/> reacts to a failing step.</summary>
    public enum TaskGraphMode
    {
        /// <summary>
        /// The first failure stops the run: every running step is cancelled (through its token) and no other step starts, as
        /// <see cref="TaskGroupMode.CancelOnFailure"/> does. Steps that never started end as <see cref="TaskGraphStepStatus.Canceled"/>.
        /// </summary>
        CancelOnFailure,

        /// <summary>
        /// A failure only stops what depends on it: the dependents of a failed step (directly or not) end as
        /// <see cref="TaskGraphStepStatus.Skipped"/>, and every other step still runs.
        /// </summary>
        Collect,
    }

    /// <summary>How a step of a <see cref="TaskGraph{TKey, TResult}"/> ended.</summary>
    public enum TaskGraphStepStatus
    {
        /// <summary>The body ran to completion.</summary>
        Succeeded,

        /// <summary>The body threw.</summary>
        Faulted,

        /// <summary>The body was cancelled, or the step never started because the run was stopped.</summary>
        Canceled,

        /// <summary>The step never started because a step it depends on did not succeed (<see cref="TaskGraphMode.Collect"/>).</summary>
        Skipped,
    }

    /// <summary>The outcome of one step: its value, its exception, its cancellation, or that it was skipped.</summary>
    /// <typeparam name="TResult">The steps' result type.</typeparam>
    public readonly struct TaskGraphOutcome<TResult>
    {
        internal TaskGraphOutcome(TaskGraphStepStatus status, TResult value, Exception? exception)
        {
            Status = status;
            Value = value;
            Exception = exception;
        }

        /// <summary>How the step ended.</summary>
        public TaskGraphStepStatus Status { get; }

        /// <summary>The body's result on success; the default value otherwise.</summary>
        public TResult Value { get; }

        /// <summary>
        /// The exception (the single one, or an <see cref="AggregateException"/> when there were several); an
        /// <see cref="OperationCanceledException"/> when cancelled; null on success and when skipped.
        /// </summary>
        public Exception? Exception { get; }

        /// <summary>True when the body ran to completion.</summary>
        public bool IsSucceeded => Status == TaskGraphStepStatus.Succeeded;

        /// <summary>True when the body threw.</summary>
        public bool IsFaulted => Status == TaskGraphStepStatus.Faulted;

        /// <summary>True when the body was cancelled or the step never started because the run stopped.</summary>
        public bool IsCanceled => Status == TaskGraphStepStatus.Canceled;

        /// <summary>True when the step never started because a dependency did not succeed.</summary>
        public bool IsSkipped => Status == TaskGraphStepStatus.Skipped;

        /// <inheritdoc/>
        public override string ToString() => Status switch
        {
            TaskGraphStepStatus.Succeeded => Status + ": " + Value,
            TaskGraphStepStatus.Skipped => Status.ToString(),
            _ => Exception is null ? Status.ToString() : Status + ": " + Exception.Message,
        };
    }

    /// <summary>
    /// What a running step's body sees of its step: its key and the results of the steps it depends on (all of which
    /// succeeded before the body started). A view on the graph; copying it allocates nothing.
    /// </summary>
    /// <typeparam name="TKey">The steps' key type.</typeparam>
    /// <typeparam name="TResult">The steps' result type.</typeparam>
    public readonly struct TaskGraphStep<TKey, TResult>
        where TKey : notnull
    {
        private readonly TaskGraph<TKey, TResult> _graph;
        private readonly TaskGraph<TKey, TResult>.Node _node;

        internal TaskGraphStep(TaskGraph<TKey, TResult> graph, TaskGraph<TKey, TResult>.Node node)
        {
            _graph = graph;
            _node = node;
        }

        /// <summary>The step's key.</summary>
        public TKey Key => _node.Key;

        /// <summary>The step's priority.</summary>
        public int Priority => _node.Priority;

        /// <summary>How many dependencies the step was given (in the order given to <c>Add</c>).</summary>
        public int DependencyCount => _node.DependencyCount;

        /// <summary>The key of the dependency at <paramref name="index"/> (in the order given to <c>Add</c>).</summary>
        public TKey GetDependencyKeyAt(int index) => _graph.DependencyNode(_node, index).Key;

        /// <summary>The result of the dependency at <paramref name="index"/> (in the order given to <c>Add</c>).</summary>
        public TResult GetDependencyResultAt(int index) => _graph.DependencyNode(_node, index).Value;

        /// <summary>The result of the dependency named <paramref name="key"/>.</summary>
        /// <exception cref="ArgumentException">The step does not depend on <paramref name="key"/>.</exception>
        public TResult GetDependencyResult(TKey key) => _graph.DependencyNode(_node, key).Value;

        /// <inheritdoc/>
        public override string ToString() => _node is null ? "(none)" : _node.Key.ToString() ?? string.Empty;
    }

    /// <summary>
    /// A graph of async steps with dependencies and priorities, run with bounded parallelism. Each step has a key, a body,
    /// the keys of the steps it depends on and a priority. <see cref="RunAsync(int, CancellationToken)"/> starts every step
    /// whose dependencies all succeeded, the highest priority first among the ready ones (first ready, first started among
    /// equals), at most <c>maxConcurrency</c> at a time, and returns each step's outcome.
    /// </summary>
    /// <remarks>
    /// <para>Cycles and unknown dependencies are refused with an <see cref="InvalidOperationException"/> that names them,
    /// before any body runs. Steps may be added in any order.</para>
    /// <para>A failed step (faulted, or cancelled by something other than the run) never lets its dependents start. In
    /// <see cref="TaskGraphMode.CancelOnFailure"/> (the default) it also cancels every running step and stops the run, as
    /// <see cref="TaskGroup"/> does; in <see cref="TaskGraphMode.Collect"/> its dependents are marked skipped and the rest
    /// still runs. <c>RunAsync</c> never throws because a step failed: read the outcomes (as with
    /// <see cref="AsyncTasks.Gather{T}(IEnumerable{Task{T}}, CancellationToken)"/>), or call
    /// <see cref="TaskGraphResult{TKey, TResult}.ThrowIfFailed"/>.</para>
    /// <para>Bodies start on the thread that started the run or that completed the step which made them ready (like a
    /// <see cref="TaskGroup"/> child, the synchronous part of a body runs on that thread). The run takes time linear in
    /// steps and edges, plus a logarithmic priority-queue step per started step; it allocates a few arrays per run and, per
    /// step, nothing but the step's node (made by <c>Add</c>), the body's own task, and one continuation delegate when that
    /// task does not complete synchronously.</para>
    /// <para>A graph runs once; no step can be added once a run has started (a graph refused for an unknown dependency
    /// or a cycle has not started: steps can still be added to it).</para>
    /// </remarks>
    /// <typeparam name="TKey">The steps' key type (a string, an enum...).</typeparam>
    /// <typeparam name="TResult">The steps' result type (use <see cref="object"/> for steps of different types, <see cref="bool"/> when there is none).</typeparam>
    /// <example>
    /// <code>
    /// var build = new TaskGraph&lt;string, string&gt;();
    /// build.Add("fetch", (step, ct) =&gt; FetchAsync(ct));
    /// build.Add("compile", (step, ct) =&gt; CompileAsync(step.GetDependencyResult("fetch"), ct), dependsOn: new[] { "fetch" });
    /// build.Add("docs", (step, ct) =&gt; DocsAsync(ct), dependsOn: new[] { "fetch" }, priority: -1);
    /// TaskGraphResult&lt;string, string&gt; result = await build.RunAsync(maxConcurrency: 2, cancellationToken);
    /// Console.WriteLine(result["compile"]);
    /// </code>
    /// </example>
    public sealed class TaskGraph<TKey, TResult>
        where TKey : notnull
    {
        private readonly object _gate = new object();
        private readonly TaskGraphMode _mode;
        private readonly Dictionary<TKey, int> _indexOf;
        private readonly List<Node> _nodes = new List<Node>();
        private readonly List<TKey> _dependencyKeys = new List<TKey>();

        // Filled by RunAsync.
        private int[] _dependencies = Array.Empty<int>();   // per edge, aligned with _dependencyKeys: the dependency's index
        private int[] _dependentStart = Array.Empty<int>(); // CSR: the dependents of node i are _dependents[_dependentStart[i] .. _dependentStart[i + 1]]
        private int[] _dependents = Array.Empty<int>();
        private int[] _heap = Array.Empty<int>();           // ready steps: highest priority, then earliest ready, first
        private int[] _skipStack = Array.Empty<int>();
        private int _heapCount;
        private long _readySequence;
        private int _running;
        private int _unsettled;
        private int _maxConcurrency;
        private bool _started;
        private bool _stopping;
        private bool _completed;
        private CancellationTokenSource? _cts;
        private CancellationToken _token;
        private TaskCompletionSource<bool>? _done;
        private OperationCanceledException? _notStarted;
#if NET
        private ExecutionContext? _context;
#endif

        /// <summary>Creates an empty graph.</summary>
        /// <param name="mode">Whether the first failure stops the whole run (the default) or only what depends on it.</param>
        /// <param name="keyComparer">Compares keys; the default comparer when null.</param>
        public TaskGraph(TaskGraphMode mode = TaskGraphMode.CancelOnFailure, IEqualityComparer<TKey>? keyComparer = null)
        {
            _mode = mode;
            _indexOf = new Dictionary<TKey, int>(keyComparer ?? EqualityComparer<TKey>.Default);
        }

        /// <summary>What a failure stops.</summary>
        public TaskGraphMode Mode => _mode;

        /// <summary>The number of steps.</summary>
        public int Count => _nodes.Count;

        /// <summary>Adds a step.</summary>
        /// <param name="key">The step's key; unique in the graph.</param>
        /// <param name="body">
        /// The step's work. It receives a view of its step (to read its dependencies' results) and the run's token, which is
        /// cancelled when the caller cancels the run or, in <see cref="TaskGraphMode.CancelOnFailure"/>, when a step fails.
        /// </param>
        /// <param name="dependsOn">The keys of the steps that must succeed before this one starts; they may be added later.</param>
        /// <param name="priority">Among the steps ready to start, higher priorities start first; equal ones in the order they became ready.</param>
        /// <returns>This graph, to chain calls.</returns>
        /// <exception cref="ArgumentException">A step with this key is already in the graph.</exception>
        /// <exception cref="InvalidOperationException">The graph has already been run.</exception>
        public TaskGraph<TKey, TResult> Add(TKey key, Func<TaskGraphStep<TKey, TResult>, CancellationToken, Task<TResult>> body, IEnumerable<TKey>? dependsOn = null, int priority = 0)
        {
            if (key is null)
            {
                throw new ArgumentNullException(nameof(key));
            }

            if (body is null)
            {
                throw new ArgumentNullException(nameof(body));
            }

            lock (_gate)
            {
                if (_started)
                {
                    throw new InvalidOperationException("The task graph has already been run; no step can be added to it.");
                }

                if (_indexOf.ContainsKey(key))
                {
                    throw new ArgumentException($"The task graph already has a step '{key}'.", nameof(key));
                }

                int start = _dependencyKeys.Count;
                if (dependsOn != null)
                {
                    foreach (TKey dependency in dependsOn)
                    {
                        if (dependency is null)
                        {
                            _dependencyKeys.RemoveRange(start, _dependencyKeys.Count - start);
                            throw new ArgumentException($"Step '{key}' has a null dependency.", nameof(dependsOn));
                        }

                        _dependencyKeys.Add(dependency);
                    }
                }

                var node = new Node(this, _nodes.Count, key, body, priority, start, _dependencyKeys.Count - start);
                _indexOf.Add(key, node.Index);
                _nodes.Add(node);
            }

            return this;
        }

        /// <summary>Runs every step with no limit on how many run at once.</summary>
        /// <inheritdoc cref="RunAsync(int, CancellationToken)"/>
        public Task<TaskGraphResult<TKey, TResult>> RunAsync(CancellationToken cancellationToken = default) => RunAsync(int.MaxValue, cancellationToken);

        /// <summary>
        /// Checks the graph, then runs its steps: each starts once all its dependencies succeeded, the highest priority first
        /// among the ready ones, at most <paramref name="maxConcurrency"/> at a time. Returns when no step is running any more.
        /// </summary>
        /// <param name="maxConcurrency">How many bodies may run at once; 1 runs the steps one after another.</param>
        /// <param name="cancellationToken">Cancels the running bodies (through their token) and stops the run.</param>
        /// <returns>Each step's outcome. A failed step does not make this throw.</returns>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxConcurrency"/> is less than 1.</exception>
        /// <exception cref="InvalidOperationException">
        /// Thrown before any body runs: a step depends on a key that is not in the graph, or the dependencies form a cycle (the
        /// message names the steps of one cycle); or the graph has already been run.
        /// </exception>
        /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; thrown once every started body has ended.</exception>
        public Task<TaskGraphResult<TKey, TResult>> RunAsync(int maxConcurrency, CancellationToken cancellationToken = default)
        {
            if (maxConcurrency < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(maxConcurrency), maxConcurrency, "At least one step must be allowed to run.");
            }

            lock (_gate)
            {
                if (_started)
                {
                    throw new InvalidOperationException("A task graph runs once; this one has already been run.");
                }

                _started = true;
            }

            try
            {
                Prepare();
            }
            catch (InvalidOperationException)
            {
                lock (_gate)
                {
                    _started = false; // nothing ran: the caller may add the missing steps and run again
                }

                throw;
            }

            return RunCoreAsync(maxConcurrency, cancellationToken);
        }

        internal Node DependencyNode(Node node, int index)
        {
            if ((uint)index >= (uint)node.DependencyCount)
            {
                throw new ArgumentOutOfRangeException(nameof(index));
            }

            return _nodes[_dependencies[node.DependencyStart + index]];
        }

        internal Node DependencyNode(Node node, TKey key)
        {
            IEqualityComparer<TKey> comparer = _indexOf.Comparer;
            for (int i = 0; i < node.DependencyCount; i++)
            {
                if (comparer.Equals(_dependencyKeys[node.DependencyStart + i], key))
                {
                    return _nodes[_dependencies[node.DependencyStart + i]];
                }
            }

            throw new ArgumentException($"Step '{node.Key}' does not depend on '{key}'.", nameof(key));
        }

        // Resolves the dependencies, builds the dependents' lists and refuses unknown keys and cycles: O(steps + edges).
        private void Prepare()
        {
            int n = _nodes.Count;
            int edges = _dependencyKeys.Count;
            _dependencies = new int[edges];
            _dependentStart = new int[n + 1];
            _dependents = new int[edges];
            for (int i = 0; i < n; i++)
            {
                Node node = _nodes[i];
                for (int e = node.DependencyStart; e < node.DependencyStart + node.DependencyCount; e++)
                {
                    if (!_indexOf.TryGetValue(_dependencyKeys[e], out int dependency))
                    {
                        throw new InvalidOperationException($"Step '{node.Key}' depends on '{_dependencyKeys[e]}', which is not in the task graph.");
                    }

                    _dependencies[e] = dependency;
                    _dependentStart[dependency + 1]++;
                }

                node.Waiting = node.DependencyCount;
            }

            for (int i = 0; i < n; i++)
            {
                _dependentStart[i + 1] += _dependentStart[i];
            }

            int[] fill = new int[n];
            Array.Copy(_dependentStart, fill, n);
            for (int i = 0; i < n; i++)
            {
                Node node = _nodes[i];
                for (int e = node.DependencyStart; e < node.DependencyStart + node.DependencyCount; e++)
                {
                    _dependents[fill[_dependencies[e]]++] = i;
                }
            }

            // Kahn's algorithm on a copy of the waiting counts ("fill" is reused as the queue).
            int[] waiting = new int[n];
            int tail = 0;
            for (int i = 0; i < n; i++)
            {
                waiting[i] = _nodes[i].DependencyCount;
                if (waiting[i] == 0)
                {
                    fill[tail++] = i;
                }
            }

            for (int head = 0; head < tail; head++)
            {
                int i = fill[head];
                for (int d = _dependentStart[i]; d < _dependentStart[i + 1]; d++)
                {
                    if (--waiting[_dependents[d]] == 0)
                    {
                        fill[tail++] = _dependents[d];
                    }
                }
            }

            if (tail < n)
            {
                throw new InvalidOperationException("The task graph has a cycle: " + DescribeCycle(waiting) + " (each step depends on the next).");
            }

            _heap = new int[n];
        }

        // Every step left with waiting > 0 depends on another such step: walking along those dependencies must come back to
        // a step already seen, and the steps from its first visit on are a cycle.
        private string DescribeCycle(int[] waiting)
        {
            int n = _nodes.Count;
            int[] seenAt = new int[n];
            var path = new List<int>();
            int current = Array.FindIndex(waiting, w => w > 0);
            while (seenAt[current] == 0)
            {
                path.Add(current);
                seenAt[current] = path.Count;
                Node node = _nodes[current];
                int next = -1;
                for (int e = node.DependencyStart; e < node.DependencyStart + node.DependencyCount; e++)
                {
                    if (waiting[_dependencies[e]] > 0)
                    {
                        next = _dependencies[e];
                        break;
                    }
                }

                current = next;
            }

            var text = new StringBuilder();
            for (int i = seenAt[current] - 1; i < path.Count; i++)
            {
                text.Append('\'').Append(_nodes[path[i]].Key).Append("' -> ");
            }

            return text.Append('\'').Append(_nodes[current].Key).Append('\'').ToString();
        }

        private async Task<TaskGraphResult<TKey, TResult>> RunCoreAsync(int maxConcurrency, CancellationToken cancellationToken)
        {
            _maxConcurrency = maxConcurrency;
            _unsettled = _nodes.Count;
            _done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
#if NET
            _context = ExecutionContext.Capture();
#endif
            using (_cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                _token = _cts.Token;
                lock (_gate)
                {
                    foreach (Node node in _nodes)
                    {
                        if (node.Waiting == 0)
                        {
                            Push(node);
                        }
                    }

                    if (_nodes.Count == 0)
                    {
                        _completed = true;
                        _done.TrySetResult(true);
                    }
                }

                // Wakes the run when the caller cancels while every running body ignores its token (steps that never
                // started must still be settled once the last running body ends; Pump does that).
                using (cancellationToken.Register(static s => ((TaskGraph<TKey, TResult>)s!).Pump(), this))
                {
                    Pump();
                    await _done.Task.ConfigureAwait(false);
                }
            }

            cancellationToken.ThrowIfCancellationRequested();
            return new TaskGraphResult<TKey, TResult>(this, _nodes, _indexOf);
        }

        // Starts ready steps while slots are free. A body that completes synchronously is settled here and the loop goes on,
        // so a chain of synchronous steps never recurses.
        private void Pump()
        {
            while (true)
            {
                Node? next = null;
                lock (_gate)
                {
                    if (_completed)
                    {
                        return;
                    }

                    if (!_stopping && _token.IsCancellationRequested)
                    {
                        _stopping = true;
                    }

                    if (!_stopping && _running < _maxConcurrency && _heapCount > 0)
                    {
                        next = Pop();
                        _running++;
                    }
                    else if (_running == 0 && (_stopping || _heapCount == 0))
                    {
                        Finish();
                    }
                }

                if (next is null)
                {
                    return;
                }

                Task<TResult> task = _token.IsCancellationRequested
                    ? Task.FromCanceled<TResult>(_token) // the run was stopped between taking the step and starting it
                    : StartBodyAsync(next);
                next.Task = task;
                if (task.IsCompleted)
                {
                    Settle(next, task);
                }
                else
                {
                    next.Continuation ??= next.OnCompleted;
                    task.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(next.Continuation);
                }
            }
        }

        private Task<TResult> StartBodyAsync(Node node)
        {
            try
            {
                return node.Body(new TaskGraphStep<TKey, TResult>(this, node), _token)
                    ?? Task.FromException<TResult>(new InvalidOperationException($"Step '{node.Key}' returned a null task."));
            }
            catch (Exception e)
            {
                return Task.FromException<TResult>(e);
            }
        }

        internal void OnStepCompleted(Node node)
        {
            Settle(node, node.Task!);
#if NET
            // Bodies started from here run in the run's flow, not in the flow of the step that just completed.
            if (_context != null)
            {
                ExecutionContext.Run(_context, static s => ((TaskGraph<TKey, TResult>)s!).Pump(), this);
                return;
            }
#endif
            Pump();
        }

        private void Settle(Node node, Task<TResult> task)
        {
            bool cancelRun = false;
            lock (_gate)
            {
                _running--;
                _unsettled--;
                bool failed;
                switch (task.Status)
                {
                    case TaskStatus.RanToCompletion:
                        node.Set(TaskGraphStepStatus.Succeeded, task.Result, null);
                        failed = false;
                        break;
                    case TaskStatus.Canceled:
                        node.Set(TaskGraphStepStatus.Canceled, default!, new TaskCanceledException(task));
                        failed = !_token.IsCancellationRequested; // cancelled by something else than the run: a real failure
                        break;
                    default:
                        AggregateException errors = task.Exception!;
                        node.Set(TaskGraphStepStatus.Faulted, default!, errors.InnerExceptions.Count == 1 ? errors.InnerExceptions[0] : errors);
                        failed = true;
                        break;
                }

                if (!failed)
                {
                    if (node.Status == TaskGraphStepStatus.Succeeded)
                    {
                        for (int d = _dependentStart[node.Index]; d < _dependentStart[node.Index + 1]; d++)
                        {
                            Node dependent = _nodes[_dependents[d]];
                            if (--dependent.Waiting == 0 && !dependent.Settled)
                            {
                                Push(dependent);
                            }
                        }
                    }
                }
                else if (_mode == TaskGraphMode.CancelOnFailure)
                {
                    cancelRun = !_stopping;
                    _stopping = true;
                }
                else
                {
                    SkipDependents(node);
                }
            }

            if (cancelRun)
            {
                try
                {
                    _cts!.Cancel();
                }
                catch (AggregateException)
                {
                    // A callback registered on the token threw; the run goes on stopping regardless.
                }
                catch (ObjectDisposedException)
                {
                    // The run already ended: nothing left to cancel.
                }
            }
        }

        // Collect mode: every step downstream of a failed one is skipped (iteratively: a chain of 100,000 must not recurse).
        private void SkipDependents(Node failed)
        {
            if (_skipStack.Length == 0)
            {
                _skipStack = new int[_nodes.Count];
            }

            int top = 0;
            _skipStack[top++] = failed.Index;
            while (top > 0)
            {
                int i = _skipStack[--top];
                for (int d = _dependentStart[i]; d < _dependentStart[i + 1]; d++)
                {
                    Node dependent = _nodes[_dependents[d]];
                    if (!dependent.Settled)
                    {
                        // A step that is not settled cannot be running or queued: one of its dependencies has not succeeded.
                        dependent.Set(TaskGraphStepStatus.Skipped, default!, null);
                        _unsettled--;
                        _skipStack[top++] = dependent.Index;
                    }
                }
            }
        }

        // Under the lock, once nothing runs and nothing more will start.
        private void Finish()
        {
            if (_unsettled > 0)
            {
                _notStarted ??= new OperationCanceledException("The step did not start: the task graph's run was stopped.", _token);
                foreach (Node node in _nodes)
                {
                    if (!node.Settled)
                    {
                        node.Set(TaskGraphStepStatus.Canceled, default!, _notStarted);
                    }
                }

                _unsettled = 0;
            }

            _heapCount = 0;
            _completed = true;
            _done!.TrySetResult(true);
        }

        // ------------------------------------------------------------------------------------------- ready queue (a heap)

        private bool Before(int a, int b)
        {
            Node x = _nodes[a];
            Node y = _nodes[b];
            return x.Priority != y.Priority ? x.Priority > y.Priority : x.ReadySequence < y.ReadySequence;
        }

        private void Push(Node node)
        {
            node.ReadySequence = _readySequence++;
            int i = _heapCount++;
            while (i > 0)
            {
                int parent = (i - 1) >> 1;
                if (!Before(node.Index, _heap[parent]))
                {
                    break;
                }

                _heap[i] = _heap[parent];
                i = parent;
            }

            _heap[i] = node.Index;
        }

        private Node Pop()
        {
            int top = _heap[0];
            int last = _heap[--_heapCount];
            int i = 0;
            while (true)
            {
                int child = (2 * i) + 1;
                if (child >= _heapCount)
                {
                    break;
                }

                if (child + 1 < _heapCount && Before(_heap[child + 1], _heap[child]))
                {
                    child++;
                }

                if (!Before(_heap[child], last))
                {
                    break;
                }

                _heap[i] = _heap[child];
                i = child;
            }

            if (_heapCount > 0)
            {
                _heap[i] = last;
            }

            return _nodes[top];
        }

        internal sealed class Node(TaskGraph<TKey, TResult> graph, int index, TKey key, Func<TaskGraphStep<TKey, TResult>, CancellationToken, Task<TResult>> body, int priority, int dependencyStart, int dependencyCount)
        {
            private readonly TaskGraph<TKey, TResult> _graph = graph;

            public int Index { get; } = index;

            public TKey Key { get; } = key;

            public Func<TaskGraphStep<TKey, TResult>, CancellationToken, Task<TResult>> Body { get; } = body;

            public int Priority { get; } = priority;

            public int DependencyStart { get; } = dependencyStart;

            public int DependencyCount { get; } = dependencyCount;

            public int Waiting { get; set; }

            public long ReadySequence { get; set; }

            public Task<TResult>? Task { get; set; }

            public Action? Continuation { get; set; }

            public bool Settled { get; private set; }

            public TaskGraphStepStatus Status { get; private set; }

            public TResult Value { get; private set; } = default!;

            public Exception? Exception { get; private set; }

            public void Set(TaskGraphStepStatus status, TResult value, Exception? exception)
            {
                Status = status;
                Value = value;
                Exception = exception;
                Settled = true;
            }

            public void OnCompleted() => _graph.OnStepCompleted(this);
        }
    }

    /// <summary>The outcome of every step of a <see cref="TaskGraph{TKey, TResult}"/> run, by key or in the order the steps were added.</summary>
    /// <typeparam name="TKey">The steps' key type.</typeparam>
    /// <typeparam name="TResult">The steps' result type.</typeparam>
    public sealed class TaskGraphResult<TKey, TResult> : IEnumerable<KeyValuePair<TKey, TaskGraphOutcome<TResult>>>
        where TKey : notnull
    {
        private readonly List<TaskGraph<TKey, TResult>.Node> _nodes;
        private readonly Dictionary<TKey, int> _indexOf;

        internal TaskGraphResult(TaskGraph<TKey, TResult> graph, List<TaskGraph<TKey, TResult>.Node> nodes, Dictionary<TKey, int> indexOf)
        {
            Graph = graph;
            _nodes = nodes;
            _indexOf = indexOf;
        }

        /// <summary>The graph that was run.</summary>
        public TaskGraph<TKey, TResult> Graph { get; }

        /// <summary>The number of steps.</summary>
        public int Count => _nodes.Count;

        /// <summary>True when every step succeeded.</summary>
        public bool IsSucceeded
        {
            get
            {
                foreach (TaskGraph<TKey, TResult>.Node node in _nodes)
                {
                    if (node.Status != TaskGraphStepStatus.Succeeded)
                    {
                        return false;
                    }
                }

                return true;
            }
        }

        /// <summary>The outcome of the step named <paramref name="key"/>.</summary>
        /// <exception cref="KeyNotFoundException">No step has this key.</exception>
        public TaskGraphOutcome<TResult> this[TKey key] =>
            _indexOf.TryGetValue(key, out int index) ? GetOutcome(index) : throw new KeyNotFoundException($"The task graph has no step '{key}'.");

        /// <summary>The key of the step added in position <paramref name="index"/>.</summary>
        public TKey GetKey(int index) => _nodes[index].Key;

        /// <summary>The outcome of the step added in position <paramref name="index"/>.</summary>
        public TaskGraphOutcome<TResult> GetOutcome(int index)
        {
            TaskGraph<TKey, TResult>.Node node = _nodes[index];
            return new TaskGraphOutcome<TResult>(node.Status, node.Value, node.Exception);
        }

        /// <summary>
        /// Throws one <see cref="AggregateException"/> holding the exception of every faulted step, in the order the steps
        /// were added; does nothing when none faulted (cancelled and skipped steps are not failures here).
        /// </summary>
        public void ThrowIfFailed()
        {
            List<Exception>? errors = null;
            foreach (TaskGraph<TKey, TResult>.Node node in _nodes)
            {
                if (node.Status == TaskGraphStepStatus.Faulted)
                {
                    (errors ??= new List<Exception>()).Add(node.Exception!);
                }
            }

            if (errors != null)
            {
                throw new AggregateException("One or more steps of the task graph failed.", errors);
            }
        }

        /// <summary>Each step's key and outcome, in the order the steps were added.</summary>
        public IEnumerator<KeyValuePair<TKey, TaskGraphOutcome<TResult>>> GetEnumerator()
        {
            for (int i = 0; i < _nodes.Count; i++)
            {
                yield return new KeyValuePair<TKey, TaskGraphOutcome<TResult>>(_nodes[i].Key, GetOutcome(i));
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
