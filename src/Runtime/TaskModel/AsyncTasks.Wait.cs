namespace AsyncGuard
{
    // WaitUntilAsync (asyncio.wait) and AsCompleted (asyncio.as_completed): waiting for some of the tasks.
    public static partial class AsyncTasks
    {
        /// <summary>
        /// Waits until the condition of <paramref name="mode"/> holds, or the timeout elapses, and returns the done and pending
        /// tasks (asyncio.wait). A timeout is not an error: it returns what is done so far. Pending tasks keep running.
        /// </summary>
        /// <param name="tasks">The tasks; at least one.</param>
        /// <param name="mode">When to return.</param>
        /// <param name="timeout">The longest wait, or <see cref="Timeout.InfiniteTimeSpan"/>.</param>
        /// <param name="cancellationToken">Stops waiting (throws <see cref="OperationCanceledException"/>).</param>
        public static Task<WaitResult<TTask>> WaitUntilAsync<TTask>(IEnumerable<TTask> tasks, WaitMode mode, TimeSpan timeout, CancellationToken cancellationToken = default)
            where TTask : Task
        {
            TTask[] array = ToArray(tasks);
            if (array.Length == 0)
            {
                throw new ArgumentException("At least one task is needed.", nameof(tasks));
            }

            TaskWaiting.ValidateTimeout(timeout, nameof(timeout));

            return Core();

            async Task<WaitResult<TTask>> Core()
            {
                cancellationToken.ThrowIfCancellationRequested();

                if (!Satisfied(array, mode) && timeout != TimeSpan.Zero)
                {
                    var signal = new ModeSignal(array.Length, mode);
                    using (var stop = new CancellationTokenSource())
                    {
                        // Cancelling `stop` removes our continuations from tasks that are still pending.
                        foreach (TTask task in array)
                        {
                            _ = task.ContinueWith(ModeSignal.OnCompleted, signal, stop.Token, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                        }

                        try
                        {
                            await TaskWaiting.WaitAsync(signal.Task, timeout, cancellationToken).ConfigureAwait(false);
                        }
                        catch (TimeoutException)
                        {
                            // asyncio.wait: a timeout returns the sets as they are.
                        }
                        finally
                        {
                            stop.Cancel();
                        }
                    }
                }

                var done = new List<TTask>();
                var pending = new List<TTask>();
                foreach (TTask task in array)
                {
                    (task.IsCompleted ? done : pending).Add(task);
                }

                return new WaitResult<TTask>(done, pending);
            }
        }

        /// <inheritdoc cref="WaitUntilAsync{TTask}(IEnumerable{TTask}, WaitMode, TimeSpan, CancellationToken)"/>
        public static Task<WaitResult<TTask>> WaitUntilAsync<TTask>(IEnumerable<TTask> tasks, WaitMode mode, CancellationToken cancellationToken = default)
            where TTask : Task
            => WaitUntilAsync(tasks, mode, Timeout.InfiniteTimeSpan, cancellationToken);

        private static bool Satisfied<TTask>(TTask[] tasks, WaitMode mode)
            where TTask : Task
        {
            bool all = true;
            foreach (TTask task in tasks)
            {
                if (!task.IsCompleted)
                {
                    all = false;
                }
                else if (mode == WaitMode.FirstCompleted || (mode == WaitMode.FirstException && task.IsFaulted))
                {
                    return true;
                }
            }

            return all;
        }

        private sealed class ModeSignal : TaskCompletionSource<bool>
        {
            public static readonly Action<Task, object?> OnCompleted = static (t, s) => ((ModeSignal)s!).Completed(t);

            private readonly WaitMode _mode;
            private int _remaining;

            public ModeSignal(int count, WaitMode mode)
                : base(TaskCreationOptions.RunContinuationsAsynchronously)
            {
                _remaining = count;
                _mode = mode;
            }

            private void Completed(Task task)
            {
                if (_mode == WaitMode.FirstCompleted
                    || (_mode == WaitMode.FirstException && task.IsFaulted)
                    || Interlocked.Decrement(ref _remaining) == 0)
                {
                    TrySetResult(true);
                }
            }
        }

        /// <summary>
        /// Yields the tasks in the order they complete (asyncio.as_completed). Each yielded task is complete: await it for its
        /// value or exception. Stopping the enumeration early leaves the other tasks running.
        /// </summary>
        public static async IAsyncEnumerable<TTask> AsCompleted<TTask>(IEnumerable<TTask> tasks, [EnumeratorCancellation] CancellationToken cancellationToken = default)
            where TTask : Task
        {
            TTask[] array = ToArray(tasks);
            if (array.Length == 0)
            {
                yield break;
            }

            // One bucket per position in completion order: the n-th task to complete fills the n-th bucket.
            var buckets = new TaskCompletionSource<TTask>[array.Length];
            for (int i = 0; i < buckets.Length; i++)
            {
                buckets[i] = new TaskCompletionSource<TTask>(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            var filler = new BucketFiller<TTask>(buckets);
            using (var stop = new CancellationTokenSource())
            {
                foreach (TTask task in array)
                {
                    _ = task.ContinueWith(BucketFiller<TTask>.OnCompleted, filler, stop.Token, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                }

                try
                {
                    foreach (TaskCompletionSource<TTask> bucket in buckets)
                    {
                        yield return await TaskWaiting.WaitAsync(bucket.Task, Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
                    }
                }
                finally
                {
                    stop.Cancel();
                }
            }
        }

        private sealed class BucketFiller<TTask>
            where TTask : Task
        {
            public static readonly Action<Task, object?> OnCompleted = static (t, s) => ((BucketFiller<TTask>)s!).Fill((TTask)t);

            private readonly TaskCompletionSource<TTask>[] _buckets;
            private int _next = -1;

            public BucketFiller(TaskCompletionSource<TTask>[] buckets) => _buckets = buckets;

            private void Fill(TTask task) => _buckets[Interlocked.Increment(ref _next)].TrySetResult(task);
        }
    }
}
