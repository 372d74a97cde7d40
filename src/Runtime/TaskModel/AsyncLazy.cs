namespace AsyncGuard
{
    /// <summary>Options of <see cref="AsyncLazy{T}"/>.</summary>
    [Flags]
    public enum AsyncLazyOptions
    {
        /// <summary>The factory runs once on the thread pool; a failure is cached and every caller sees it.</summary>
        None = 0,

        /// <summary>After the factory fails or is cancelled, the next caller runs it again (callers of the failed run still see the failure).</summary>
        RetryOnFailure = 1,

        /// <summary>The factory starts on the first caller's thread instead of the thread pool.</summary>
        ExecuteOnCallingThread = 2,
    }

    /// <summary>
    /// A value computed asynchronously on first use: the factory runs once and concurrent callers share it.
    /// <see cref="GetValueAsync"/> lets one caller stop waiting without cancelling the factory for the others.
    /// </summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <example>
    /// <code>
    /// private readonly AsyncLazy&lt;Config&gt; _config = new AsyncLazy&lt;Config&gt;(() => LoadConfigAsync(), AsyncLazyOptions.RetryOnFailure);
    /// Config config = await _config.GetValueAsync(cancellationToken);
    /// </code>
    /// </example>
    [DebuggerDisplay("{DebuggerDisplay,nq}")]
    public sealed class AsyncLazy<T>
    {
        private readonly object _gate = new object();
        private readonly Func<Task<T>> _factory;
        private readonly AsyncLazyOptions _options;
        private Task<T>? _task;

        /// <summary>Creates the lazy value.</summary>
        /// <param name="factory">Produces the value; called at most once at a time, and only once unless <see cref="AsyncLazyOptions.RetryOnFailure"/>.</param>
        /// <param name="options">Retry and threading options.</param>
        public AsyncLazy(Func<Task<T>> factory, AsyncLazyOptions options = AsyncLazyOptions.None)
        {
            _factory = factory ?? throw new ArgumentNullException(nameof(factory));
            _options = options;
        }

        /// <summary>True once the factory has completed successfully.</summary>
        public bool IsValueCreated
        {
            get
            {
                Task<T>? task = Volatile.Read(ref _task);
                return task != null && task.Status == TaskStatus.RanToCompletion;
            }
        }

        /// <summary>True while a run of the factory has been started and has not failed away (with retry).</summary>
        public bool IsStarted => Volatile.Read(ref _task) != null;

        /// <summary>The shared task of the factory, starting it if needed.</summary>
        public Task<T> Task => GetOrStartAsync();

        /// <summary>Waits for the value, starting the factory if needed.</summary>
        /// <param name="cancellationToken">Stops this caller's wait only; the factory keeps running for the others.</param>
        public Task<T> GetValueAsync(CancellationToken cancellationToken = default)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return System.Threading.Tasks.Task.FromCanceled<T>(cancellationToken);
            }

            return TaskWaiting.WaitAsync(GetOrStartAsync(), Timeout.InfiniteTimeSpan, cancellationToken);
        }

        /// <summary>Lets <c>await lazy</c> wait for the value.</summary>
        public TaskAwaiter<T> GetAwaiter() => GetOrStartAsync().GetAwaiter();

        private Task<T> GetOrStartAsync()
        {
            Task<T>? task = Volatile.Read(ref _task);
            if (task != null)
            {
                return task;
            }

            TaskCompletionSource<T>? promise = null;
            lock (_gate)
            {
                if (_task != null)
                {
                    return _task;
                }

                if ((_options & AsyncLazyOptions.ExecuteOnCallingThread) == 0)
                {
                    task = System.Threading.Tasks.Task.Run(_factory);
                }
                else
                {
                    promise = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
                    task = promise.Task;
                }

                _task = task;
            }

            if (promise != null)
            {
                RunOnCallingThread(promise);
            }

            if ((_options & AsyncLazyOptions.RetryOnFailure) != 0)
            {
                task.ContinueWith(
                    static (t, s) => ((AsyncLazy<T>)s!).OnCompleted(t),
                    this,
                    CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously | TaskContinuationOptions.NotOnRanToCompletion,
                    TaskScheduler.Default);
            }
            else
            {
                TaskWaiting.Observe(task); // a caller that gave up must not leave the failure unobserved
            }

            return task;
        }

        private void RunOnCallingThread(TaskCompletionSource<T> promise)
        {
            // Outside the lock: a factory that (wrongly) awaits this lazy value waits for itself instead of recursing.
            Task<T> run;
            try
            {
                run = _factory() ?? throw new InvalidOperationException("The factory returned a null task.");
            }
            catch (Exception e)
            {
                promise.TrySetException(e);
                return;
            }

            run.ContinueWith(
                static (t, s) =>
                {
                    var p = (TaskCompletionSource<T>)s!;
                    if (t.IsFaulted)
                    {
                        p.TrySetException(t.Exception!.InnerExceptions);
                    }
                    else if (t.IsCanceled)
                    {
                        p.TrySetCanceled(TaskWaiting.CanceledToken(t));
                    }
                    else
                    {
                        p.TrySetResult(t.Result);
                    }
                },
                promise,
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }

        private void OnCompleted(Task<T> failed)
        {
            _ = failed.Exception;
            Interlocked.CompareExchange(ref _task, null, failed); // only if no newer run replaced it
        }

        // What the debugger shows for the instance. Reads the fields without the lock: a debugger evaluation must never wait.
        private string DebuggerDisplay => _task is { } task ? $"Started, {task.Status}" : "Not started";
    }
}
