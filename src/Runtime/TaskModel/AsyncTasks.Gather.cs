namespace AsyncGuard
{
    // Gather and WaitAllAsync: waiting for every task.
    public static partial class AsyncTasks
    {
        /// <summary>
        /// Waits for every task and returns each outcome (value, exception or cancellation) in input order; never throws
        /// because a task failed (asyncio.gather with return_exceptions=True).
        /// </summary>
        /// <param name="tasks">The tasks.</param>
        /// <param name="cancellationToken">Stops waiting (throws <see cref="OperationCanceledException"/>); the tasks keep running.</param>
        [SuppressMessage("AsyncGuard.Style", "AG0502", Justification = "asyncio.gather: the asyncio name is the point, and like Task.WhenAll it is a combinator whose result is awaited.")]
        public static async Task<TaskOutcome<T>[]> Gather<T>(IEnumerable<Task<T>> tasks, CancellationToken cancellationToken = default)
        {
            Task<T>[] array = ToArray(tasks);
            await GatherWaitAsync(array, cancellationToken).ConfigureAwait(false);
            var outcomes = new TaskOutcome<T>[array.Length];
            for (int i = 0; i < array.Length; i++)
            {
                outcomes[i] = TaskOutcome<T>.From(array[i]);
            }

            return outcomes;
        }

        /// <inheritdoc cref="Gather{T}(IEnumerable{Task{T}}, CancellationToken)"/>
        [SuppressMessage("AsyncGuard.Style", "AG0502", Justification = "asyncio.gather: the asyncio name is the point, and like Task.WhenAll it is a combinator whose result is awaited.")]
        public static Task<TaskOutcome<T>[]> Gather<T>(params Task<T>[] tasks) => Gather((IEnumerable<Task<T>>)tasks);

        /// <inheritdoc cref="Gather{T}(IEnumerable{Task{T}}, CancellationToken)"/>
        [SuppressMessage("AsyncGuard.Style", "AG0502", Justification = "asyncio.gather: the asyncio name is the point, and like Task.WhenAll it is a combinator whose result is awaited.")]
        public static async Task<TaskOutcome[]> Gather(IEnumerable<Task> tasks, CancellationToken cancellationToken = default)
        {
            Task[] array = ToArray(tasks);
            await GatherWaitAsync(array, cancellationToken).ConfigureAwait(false);
            var outcomes = new TaskOutcome[array.Length];
            for (int i = 0; i < array.Length; i++)
            {
                outcomes[i] = TaskOutcome.From(array[i]);
            }

            return outcomes;
        }

        /// <inheritdoc cref="Gather(IEnumerable{Task}, CancellationToken)"/>
        [SuppressMessage("AsyncGuard.Style", "AG0502", Justification = "asyncio.gather: the asyncio name is the point, and like Task.WhenAll it is a combinator whose result is awaited.")]
        public static Task<TaskOutcome[]> Gather(params Task[] tasks) => Gather((IEnumerable<Task>)tasks);

        // Debug mode: when the caller stops waiting (its token), the tasks still running are watched: a later failure has
        // nobody to see it and is reported with the stack that handed the tasks to Gather (AG0201).
        private static Task GatherWaitAsync(Task[] array, CancellationToken cancellationToken)
        {
            if (!(AsyncGuard.Internal.DebugSwitch.Options is { } options) || !cancellationToken.CanBeCanceled)
            {
                return WaitAllNoThrowAsync(array, cancellationToken);
            }

            AsyncGuard.Internal.DebugStack stack = AsyncGuard.Internal.DebugStack.Capture(options);
            return WatchIfAbandonedAsync(WaitAllNoThrowAsync(array, cancellationToken), array, options, stack);
        }

        // The watch is registered before the task this returns is cancelled, so whoever sees the Gather give up finds it in
        // place. (A separate continuation of the wait was not enough: the wait runs its continuations asynchronously, so the
        // caller could resume, and a task fail, before the watch's continuation had run on another thread.)
        private static async Task WatchIfAbandonedAsync(Task wait, Task[] array, AsyncGuardDebugOptions options, AsyncGuard.Internal.DebugStack stack)
        {
            try
            {
                await wait.ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (wait.IsCanceled)
            {
                AsyncGuard.Internal.DebugAbandoned.Watch(array, "Gather", options, stack);
                throw;
            }
        }

        /// <summary>
        /// Waits for every task without blocking, and fails as <see cref="Task.WaitAll(Task[])"/> does: one
        /// <see cref="AggregateException"/> holding every failure (awaiting <see cref="Task.WhenAll(IEnumerable{Task})"/>
        /// rethrows only the first). When nothing failed but a task was cancelled, it throws
        /// <see cref="OperationCanceledException"/>.
        /// </summary>
        public static async Task WaitAllAsync(IEnumerable<Task> tasks)
        {
            Task all = Task.WhenAll(ToArray(tasks));
            await WhenCompletedNoThrowAsync(all).ConfigureAwait(false);
            ThrowIfFailed(all);
        }

        /// <inheritdoc cref="WaitAllAsync(IEnumerable{Task})"/>
        public static Task WaitAllAsync(params Task[] tasks) => WaitAllAsync((IEnumerable<Task>)tasks);

        /// <summary>Waits for every task and returns their values in input order; throws one <see cref="AggregateException"/> of every failure.</summary>
        public static async Task<T[]> WaitAllAsync<T>(IEnumerable<Task<T>> tasks)
        {
            Task<T[]> all = Task.WhenAll(ToArray(tasks));
            await WhenCompletedNoThrowAsync(all).ConfigureAwait(false);
            ThrowIfFailed(all);
            return await all.ConfigureAwait(false); // completed and successful: returns at once
        }

        /// <inheritdoc cref="WaitAllAsync{T}(IEnumerable{Task{T}})"/>
        public static Task<T[]> WaitAllAsync<T>(params Task<T>[] tasks) => WaitAllAsync((IEnumerable<Task<T>>)tasks);

        private static void ThrowIfFailed(Task all)
        {
            if (all.IsFaulted)
            {
                throw all.Exception!.Flatten();
            }

            if (all.IsCanceled)
            {
                throw new TaskCanceledException(all);
            }
        }
    }
}
