namespace AsyncGuard
{
    // ForEachAsync and ToThread: running work.
    public static partial class AsyncTasks
    {
        /// <summary>
        /// Runs <paramref name="body"/> for every element with at most <paramref name="maxConcurrency"/> running at once.
        /// The first failure cancels the others (through the body's token) and stops taking elements; when the run ends,
        /// every failure is thrown in one <see cref="AggregateException"/>. Available on netstandard2.0 too.
        /// </summary>
        public static Task ForEachAsync<T>(IEnumerable<T> source, int maxConcurrency, Func<T, CancellationToken, ValueTask> body, CancellationToken cancellationToken = default)
        {
            if (source is null)
            {
                throw new ArgumentNullException(nameof(source));
            }

            return new ForEachRun<T>(maxConcurrency, body, cancellationToken).RunAsync(source);
        }

        /// <inheritdoc cref="ForEachAsync{T}(IEnumerable{T}, int, Func{T, CancellationToken, ValueTask}, CancellationToken)"/>
        public static Task ForEachAsync<T>(IAsyncEnumerable<T> source, int maxConcurrency, Func<T, CancellationToken, ValueTask> body, CancellationToken cancellationToken = default)
        {
            if (source is null)
            {
                throw new ArgumentNullException(nameof(source));
            }

            return new ForEachRun<T>(maxConcurrency, body, cancellationToken).RunAsync(source);
        }

        /// <summary>
        /// Runs long blocking work on a dedicated thread, not a thread-pool thread (asyncio.to_thread). The token is passed to
        /// the work (it must check it itself); if it is already cancelled the work does not start. A throw of
        /// <see cref="OperationCanceledException"/> for that token makes the task cancelled.
        /// </summary>
        [SuppressMessage("AsyncGuard.Style", "AG0502", Justification = "asyncio.to_thread: the asyncio name is the point, and like Task.Run it starts work and returns its task.")]
        public static Task<T> ToThread<T>(Func<CancellationToken, T> work, CancellationToken cancellationToken = default)
        {
            if (work is null)
            {
                throw new ArgumentNullException(nameof(work));
            }

            return Task.Factory.StartNew(
                static s => { var (w, ct) = ((Func<CancellationToken, T>, CancellationToken))s!; return w(ct); },
                (work, cancellationToken),
                cancellationToken,
                TaskCreationOptions.LongRunning | TaskCreationOptions.DenyChildAttach,
                TaskScheduler.Default);
        }

        /// <inheritdoc cref="ToThread{T}(Func{CancellationToken, T}, CancellationToken)"/>
        [SuppressMessage("AsyncGuard.Style", "AG0502", Justification = "asyncio.to_thread: the asyncio name is the point, and like Task.Run it starts work and returns its task.")]
        public static Task ToThread(Action<CancellationToken> work, CancellationToken cancellationToken = default)
        {
            if (work is null)
            {
                throw new ArgumentNullException(nameof(work));
            }

            return Task.Factory.StartNew(
                static s => { var (w, ct) = ((Action<CancellationToken>, CancellationToken))s!; w(ct); },
                (work, cancellationToken),
                cancellationToken,
                TaskCreationOptions.LongRunning | TaskCreationOptions.DenyChildAttach,
                TaskScheduler.Default);
        }
    }
}
