using System.Runtime.ExceptionServices;

namespace AsyncGuard
{
    /// <summary>
    /// Runs async code on the calling thread until it completes (asyncio.run): a single-threaded
    /// <see cref="SynchronizationContext"/> runs every continuation that captured it, one at a time and in FIFO order, on this
    /// thread. For console programs, tests and deterministic ordering.
    /// </summary>
    /// <example>
    /// <code>
    /// static int Main() => EventLoop.Run(async () =>
    /// {
    ///     await Task.Delay(10);          // resumes on the main thread
    ///     return 0;
    /// });
    /// </code>
    /// </example>
    public static class EventLoop
    {
        /// <summary>Runs <paramref name="main"/> to completion on this thread; its exception is rethrown unwrapped.</summary>
        /// <exception cref="Exception">Whatever <paramref name="main"/> threw, or an exception thrown by an <c>async void</c> method on the loop.</exception>
        [SuppressMessage("AsyncGuard.Blocking", "AG0103", Justification = "asyncio.run: the synchronous entry point. RunCoreAsync returns only once the loop ran main to completion on this thread, so GetResult never blocks; it only rethrows main's exception unwrapped.")]
        public static void Run(Func<Task> main)
        {
            if (main is null)
            {
                throw new ArgumentNullException(nameof(main));
            }

            RunCoreAsync(main, null).GetAwaiter().GetResult();
        }

        /// <summary>
        /// Runs <paramref name="main"/> like <see cref="Run(Func{Task})"/> with the debug mode on for this loop (asyncio.run(main, debug=True)):
        /// a callback that holds the loop's thread longer than <see cref="AsyncGuardDebugOptions.SlowCallbackThreshold"/> is reported
        /// through <see cref="AsyncGuardDebug.Reported"/> with its duration and the stack that queued it.
        /// </summary>
        [SuppressMessage("AsyncGuard.Blocking", "AG0103", Justification = "asyncio.run: the synchronous entry point. RunCoreAsync returns only once the loop ran main to completion on this thread, so GetResult never blocks; it only rethrows main's exception unwrapped.")]
        public static void Run(Func<Task> main, AsyncGuardDebugOptions debug)
        {
            if (main is null)
            {
                throw new ArgumentNullException(nameof(main));
            }

            RunCoreAsync(main, (debug ?? throw new ArgumentNullException(nameof(debug))).Snapshot()).GetAwaiter().GetResult();
        }

        /// <summary>Runs <paramref name="main"/> and returns its value, with the debug mode on for this loop (see <see cref="Run(Func{Task}, AsyncGuardDebugOptions)"/>).</summary>
        [SuppressMessage("AsyncGuard.Blocking", "AG0103", Justification = "asyncio.run: the synchronous entry point. RunCoreAsync returns only once the loop ran main to completion on this thread, so GetResult never blocks; it only rethrows main's exception unwrapped.")]
        public static T Run<T>(Func<Task<T>> main, AsyncGuardDebugOptions debug)
        {
            if (main is null)
            {
                throw new ArgumentNullException(nameof(main));
            }

            return RunCoreAsync(main, (debug ?? throw new ArgumentNullException(nameof(debug))).Snapshot()).GetAwaiter().GetResult();
        }

        /// <summary>Runs <paramref name="main"/> to completion on this thread and returns its value; its exception is rethrown unwrapped.</summary>
        [SuppressMessage("AsyncGuard.Blocking", "AG0103", Justification = "asyncio.run: the synchronous entry point. RunCoreAsync returns only once the loop ran main to completion on this thread, so GetResult never blocks; it only rethrows main's exception unwrapped.")]
        public static T Run<T>(Func<Task<T>> main)
        {
            if (main is null)
            {
                throw new ArgumentNullException(nameof(main));
            }

            return RunCoreAsync(main, null).GetAwaiter().GetResult();
        }

        /// <summary>True when the current thread is running an event loop and code runs on it.</summary>
        public static bool IsRunning => SynchronizationContext.Current is LoopContext;

        private static TTask RunCoreAsync<TTask>(Func<TTask> main, AsyncGuardDebugOptions? debug)
            where TTask : Task
        {
            SynchronizationContext? previous = SynchronizationContext.Current;
            var loop = new LoopContext(debug);
            SynchronizationContext.SetSynchronizationContext(loop);
            try
            {
                TTask task;
                try
                {
                    AsyncGuardDebugOptions? options = debug ?? AsyncGuard.Internal.DebugSwitch.Options;
                    TTask? started = null;
                    if (options is null)
                    {
                        started = main();
                    }
                    else
                    {
                        // The synchronous part of main is the loop's first callback.
                        AsyncGuard.Internal.DebugCallback.Timed(options, () => started = main(), AsyncGuard.Internal.DebugStack.Capture(options));
                    }

                    task = started ?? throw new InvalidOperationException("The main function returned a null task.");
                }
                catch (Exception)
                {
                    loop.Stop();
                    loop.DrainToThreadPool();
                    throw;
                }

                _ = task.ContinueWith(static (_, s) => ((LoopContext)s!).Stop(), loop, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                ExceptionDispatchInfo? callbackError = loop.RunUntilStopped();
                if (callbackError != null)
                {
                    TaskWaiting.Observe(task);
                    callbackError.Throw();
                }

                return task;
            }
            finally
            {
                SynchronizationContext.SetSynchronizationContext(previous);
            }
        }

        private sealed class LoopContext : SynchronizationContext
        {
            private readonly object _gate = new object();
            private readonly Queue<KeyValuePair<SendOrPostCallback, object?>> _queue = new Queue<KeyValuePair<SendOrPostCallback, object?>>();
            private readonly int _threadId = Environment.CurrentManagedThreadId;
            private readonly AsyncGuardDebugOptions? _debug;
            private bool _stopped;

            public LoopContext(AsyncGuardDebugOptions? debug) => _debug = debug;

            public override void Post(SendOrPostCallback d, object? state)
            {
                if (d is null)
                {
                    throw new ArgumentNullException(nameof(d));
                }

                if ((_debug ?? AsyncGuard.Internal.DebugSwitch.Options) is { } debug)
                {
                    // Debug mode: remember who queued the callback, and time it when it runs.
                    state = new AsyncGuard.Internal.DebugCallback(d, state, debug);
                    d = AsyncGuard.Internal.DebugCallback.Run;
                }

                lock (_gate)
                {
                    if (!_stopped)
                    {
                        _queue.Enqueue(new KeyValuePair<SendOrPostCallback, object?>(d, state));
                        Monitor.Pulse(_gate);
                        return;
                    }
                }

                // The loop has ended: run late continuations on the thread pool rather than lose them.
                ThreadPool.QueueUserWorkItem(static s => { var p = (KeyValuePair<SendOrPostCallback, object?>)s!; p.Key(p.Value); }, new KeyValuePair<SendOrPostCallback, object?>(d, state));
            }

            public override void Send(SendOrPostCallback d, object? state)
            {
                if (Environment.CurrentManagedThreadId == _threadId)
                {
                    d(state);
                    return;
                }

                using (var done = new ManualResetEventSlim())
                {
                    ExceptionDispatchInfo? error = null;
                    Post(
                        _ =>
                        {
                            try
                            {
                                d(state);
                            }
                            catch (Exception e)
                            {
                                error = ExceptionDispatchInfo.Capture(e);
                            }
                            finally
                            {
                                done.Set();
                            }
                        },
                        null);
                    done.Wait();
                    error?.Throw();
                }
            }

            public override SynchronizationContext CreateCopy() => this;

            public void Stop()
            {
                lock (_gate)
                {
                    _stopped = true;
                    Monitor.Pulse(_gate);
                }
            }

            public ExceptionDispatchInfo? RunUntilStopped()
            {
                while (true)
                {
                    KeyValuePair<SendOrPostCallback, object?> item;
                    lock (_gate)
                    {
                        while (_queue.Count == 0 && !_stopped)
                        {
                            Monitor.Wait(_gate);
                        }

                        if (_queue.Count == 0)
                        {
                            return null;
                        }

                        item = _queue.Dequeue();
                    }

                    try
                    {
                        item.Key(item.Value);
                    }
                    catch (Exception e)
                    {
                        // An async void method threw on the loop: end the run with its exception.
                        Stop();
                        ExceptionDispatchInfo error = ExceptionDispatchInfo.Capture(e);
                        DrainToThreadPool();
                        return error;
                    }
                }
            }

            public void DrainToThreadPool()
            {
                lock (_gate)
                {
                    while (_queue.Count > 0)
                    {
                        KeyValuePair<SendOrPostCallback, object?> item = _queue.Dequeue();
                        ThreadPool.QueueUserWorkItem(static s => { var p = (KeyValuePair<SendOrPostCallback, object?>)s!; p.Key(p.Value); }, item);
                    }
                }
            }
        }
    }
}
