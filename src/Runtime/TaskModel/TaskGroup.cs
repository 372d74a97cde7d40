namespace AsyncGuard
{
    /// <summary>How a <see cref="TaskGroup"/> reacts to a failing child.</summary>
    public enum TaskGroupMode
    {
        /// <summary>The first failure cancels the group's token, and so every sibling (asyncio.TaskGroup, Trio nurseries).</summary>
        CancelOnFailure,

        /// <summary>A failing child does not cancel its siblings; failures are still collected and thrown at disposal.</summary>
        Supervisor,
    }

    /// <summary>
    /// Structured concurrency: children started in the group cannot outlive it. Disposal waits for every child and throws one
    /// <see cref="AggregateException"/> holding every real failure; cancellations the group caused are left out. No child's
    /// exception is ever unobserved.
    /// </summary>
    /// <remarks>
    /// <c>DisposeAsync</c> cannot see an exception thrown by the body of an <c>await using</c> block, so such an exception does
    /// not cancel the children by itself; prefer <see cref="RunAsync(Func{TaskGroup, Task}, CancellationToken, TaskGroupMode)"/>,
    /// which does, or call <see cref="Cancel"/> in a catch.
    /// </remarks>
    /// <example>
    /// <code>
    /// await using (var group = new TaskGroup(cancellationToken))
    /// {
    ///     Task&lt;string&gt; page = group.Start(ct => DownloadAsync(url, ct));
    ///     group.Start(ct => Task.Delay(100, ct));
    /// } // waits for both; the first failure cancels the other
    /// </code>
    /// </example>
    [DebuggerDisplay("{DebuggerDisplay,nq}")]
    public sealed class TaskGroup : IAsyncDisposable
    {
        private static readonly Action<Task, object?> s_onChildCompleted = static (t, s) => ((TaskGroup)s!).OnChildCompleted(t);

        private readonly object _gate = new object();
        private readonly CancellationTokenSource _cts;
        private readonly CancellationToken _parentToken;
        private readonly CancellationToken _token;
        private readonly TaskGroupMode _mode;
        private readonly AsyncGuard.Internal.GroupDebugTracker? _debug;
        private List<Exception>? _errors;
        private TaskCompletionSource<bool>? _allDone;
        private int _running;
        private bool _parentCancelledChild;
        private bool _closing;
        private bool _finished;

        /// <summary>Creates a group whose first failing child cancels the others.</summary>
        /// <param name="cancellationToken">Cancelling it cancels every child (through <see cref="Token"/>).</param>
        public TaskGroup(CancellationToken cancellationToken = default)
            : this(TaskGroupMode.CancelOnFailure, cancellationToken)
        {
        }

        /// <summary>Creates a group.</summary>
        /// <param name="mode">Whether a failure cancels the siblings (<see cref="TaskGroupMode.CancelOnFailure"/>) or not.</param>
        /// <param name="cancellationToken">Cancelling it cancels every child (through <see cref="Token"/>).</param>
        public TaskGroup(TaskGroupMode mode, CancellationToken cancellationToken = default)
            : this(mode, null, cancellationToken)
        {
        }

        /// <summary>
        /// Creates a group with the debug mode on for it (or, with <paramref name="debug"/> null, on when the process-wide switch
        /// <see cref="AsyncGuardDebug"/> is): the stack that started each child is kept, and the failures of a group that is
        /// dropped without being closed (disposed, or run to its end) are reported as unobserved (AG0201) when it is collected.
        /// </summary>
        /// <param name="mode">Whether a failure cancels the siblings (<see cref="TaskGroupMode.CancelOnFailure"/>) or not.</param>
        /// <param name="debug">The debug options for this group; null: the process-wide ones, if the mode is on.</param>
        /// <param name="cancellationToken">Cancelling it cancels every child (through <see cref="Token"/>).</param>
        public TaskGroup(TaskGroupMode mode, AsyncGuardDebugOptions? debug, CancellationToken cancellationToken = default)
        {
            if ((debug?.Snapshot() ?? AsyncGuard.Internal.DebugSwitch.Options) is { } options)
            {
                _debug = new AsyncGuard.Internal.GroupDebugTracker(options);
            }

            _mode = mode;
            _parentToken = cancellationToken;
            _cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            _token = _cts.Token;
        }

        /// <summary>The token every child receives; cancelled by the parent token, by <see cref="Cancel"/> or by a failure.</summary>
        public CancellationToken Token => _token;

        /// <summary>The number of children still running.</summary>
        public int RunningCount => Volatile.Read(ref _running);

        /// <summary>
        /// Runs <paramref name="body"/> with a new group, then waits for every child. An exception of the body cancels the children
        /// and is thrown together with their failures.
        /// </summary>
        public static Task RunAsync(Func<TaskGroup, Task> body, CancellationToken cancellationToken = default, TaskGroupMode mode = TaskGroupMode.CancelOnFailure)
        {
            if (body is null)
            {
                throw new ArgumentNullException(nameof(body));
            }

            return Core();

            async Task Core()
            {
                var group = new TaskGroup(mode, cancellationToken);
                Exception? bodyError = null;
                try
                {
                    await body(group).ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    bodyError = e;
                    group.Cancel();
                }

                await group.CloseAsync(bodyError).ConfigureAwait(false);
            }
        }

        /// <summary>Starts a child. Its synchronous part runs on the calling thread, like any async method.</summary>
        /// <returns>The child's own task; awaiting it is optional (the group observes it).</returns>
        /// <exception cref="InvalidOperationException">The group has already finished.</exception>
        [SuppressMessage("AsyncGuard.Style", "AG0502", Justification = "asyncio's TaskGroup.create_task, shaped like Task.Run: starts a child and returns its task at once; awaiting it is optional, and StartAsync would read as a start to await.")]
        public Task Start(Func<CancellationToken, Task> work)
        {
            if (work is null)
            {
                throw new ArgumentNullException(nameof(work));
            }

            Enter();
            Task task;
            try
            {
                task = work(_token) ?? throw new InvalidOperationException("The child returned a null task.");
            }
            catch (Exception e)
            {
                task = Task.FromException(e);
            }

            Track(task);
            return task;
        }

        /// <summary>Starts a child that produces a value.</summary>
        /// <returns>The child's own task; awaiting it gives the value (the group observes it either way).</returns>
        /// <exception cref="InvalidOperationException">The group has already finished.</exception>
        [SuppressMessage("AsyncGuard.Style", "AG0502", Justification = "asyncio's TaskGroup.create_task, shaped like Task.Run: starts a child and returns its task at once; awaiting it is optional, and StartAsync would read as a start to await.")]
        public Task<T> Start<T>(Func<CancellationToken, Task<T>> work)
        {
            if (work is null)
            {
                throw new ArgumentNullException(nameof(work));
            }

            Enter();
            Task<T> task;
            try
            {
                task = work(_token) ?? throw new InvalidOperationException("The child returned a null task.");
            }
            catch (Exception e)
            {
                task = Task.FromException<T>(e);
            }

            Track(task);
            return task;
        }

        /// <summary>Cancels every child (through <see cref="Token"/>). The group still waits for them at disposal.</summary>
        public void Cancel()
        {
            try
            {
                _cts.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // Already finished: nothing left to cancel.
            }
        }

        /// <summary>
        /// Waits for every child, then throws an <see cref="AggregateException"/> of every real failure, or an
        /// <see cref="OperationCanceledException"/> when the parent token cancelled a child and nothing failed.
        /// </summary>
        public ValueTask DisposeAsync()
        {
            lock (_gate)
            {
                if (_closing)
                {
                    return default;
                }
            }

            return new ValueTask(CloseAsync(null));
        }

        private void Enter()
        {
            lock (_gate)
            {
                if (_finished)
                {
                    throw new InvalidOperationException("The task group has finished; no child can be started in it.");
                }

                _running++;
            }
        }

        private void Track(Task task)
        {
            _debug?.Started(task);
            if (task.IsCompleted)
            {
                OnChildCompleted(task);
            }
            else
            {
                task.ContinueWith(s_onChildCompleted, this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }

        private void OnChildCompleted(Task task)
        {
            bool cancelSiblings = false;
            TaskCompletionSource<bool>? allDone = null;
            _debug?.Completed(task, task.IsFaulted || (task.IsCanceled && !_token.IsCancellationRequested && !_parentToken.IsCancellationRequested));
            lock (_gate)
            {
                if (task.IsFaulted)
                {
                    bool groupCancelled = _token.IsCancellationRequested;
                    foreach (Exception e in task.Exception!.InnerExceptions)
                    {
                        if (!(groupCancelled && e is OperationCanceledException))
                        {
                            (_errors ??= new List<Exception>()).Add(e);
                            cancelSiblings = _mode == TaskGroupMode.CancelOnFailure;
                        }
                    }
                }
                else if (task.IsCanceled)
                {
                    if (_parentToken.IsCancellationRequested)
                    {
                        _parentCancelledChild = true;
                    }
                    else if (!_token.IsCancellationRequested)
                    {
                        // Cancelled by something other than the group (e.g. a timeout inside the child): a real failure.
                        (_errors ??= new List<Exception>()).Add(new TaskCanceledException(task));
                        cancelSiblings = _mode == TaskGroupMode.CancelOnFailure;
                    }
                }

                if (--_running == 0 && _closing)
                {
                    _finished = true;
                    allDone = _allDone;
                }
            }

            if (cancelSiblings)
            {
                Cancel();
            }

            allDone?.TrySetResult(true);
        }

        private async Task CloseAsync(Exception? bodyError)
        {
            Task? wait = null;
            lock (_gate)
            {
                _closing = true;
                if (_running == 0)
                {
                    _finished = true;
                }
                else
                {
                    _allDone ??= new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                    wait = _allDone.Task;
                }
            }

            if (wait != null)
            {
                await wait.ConfigureAwait(false);
            }

            _cts.Dispose();
            _debug?.Closed();

            List<Exception>? errors;
            lock (_gate)
            {
                errors = _errors;
            }

            if (bodyError is OperationCanceledException && errors == null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(bodyError).Throw();
            }

            if (bodyError != null && !(bodyError is OperationCanceledException))
            {
                (errors ??= new List<Exception>()).Insert(0, bodyError);
            }

            if (errors != null)
            {
                throw new AggregateException("One or more children of the task group failed.", errors);
            }

            if (_parentCancelledChild && _parentToken.IsCancellationRequested)
            {
                throw new OperationCanceledException(_parentToken);
            }
        }

        // What the debugger shows for the instance. Reads the fields without the lock: a debugger evaluation must never wait.
        private string DebuggerDisplay => $"Running = {_running}, Mode = {_mode}, Failures = {_errors?.Count ?? 0}{(_token.IsCancellationRequested ? ", Cancelled" : "")}{(_finished ? ", Finished" : "")}";
    }
}
