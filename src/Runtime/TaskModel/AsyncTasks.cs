namespace AsyncGuard
{
    /// <summary>
    /// Combinators in the spirit of asyncio: gather, wait, as_completed, shield, timeouts, a bounded parallel for-each and
    /// to_thread. None of them cancels a task it was given (a <see cref="Task"/> cannot be cancelled from outside); a task the
    /// caller stops waiting for keeps running and its failure is observed.
    /// </summary>
    public static partial class AsyncTasks
    {
        private static readonly Action<Task, object?> s_setDone = static (_, s) => ((TaskCompletionSource<bool>)s!).TrySetResult(true);

        // Helpers shared by the partial files (AsyncTasks.*.cs: Gather, Wait, Timeouts, Run).

        private static T[] ToArray<T>(IEnumerable<T> items)
        {
            if (items is null)
            {
                throw new ArgumentNullException(nameof(items));
            }

            var array = items is T[] a ? (T[])a.Clone() : new List<T>(items).ToArray();
            foreach (T item in array)
            {
                if (item is null)
                {
                    throw new ArgumentException("The sequence contains a null task.", nameof(items));
                }
            }

            return array;
        }

        private static Task WhenCompletedNoThrowAsync(Task task)
        {
            if (task.IsCompleted)
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            task.ContinueWith(s_setDone, done, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            return done.Task;
        }

        private static Task WaitAllNoThrowAsync(Task[] tasks, CancellationToken cancellationToken)
        {
            Task all = Task.WhenAll(tasks);
            if (all.IsCompleted)
            {
                _ = all.Exception;
                return Task.CompletedTask;
            }

            if (!cancellationToken.CanBeCanceled)
            {
                return WhenCompletedNoThrowAsync(all); // the outcomes read every exception afterwards
            }

            // The caller may stop waiting: observe each task now, so that nothing is left unobserved.
            foreach (Task task in tasks)
            {
                TaskWaiting.Observe(task);
            }

            return TaskWaiting.WaitAsync(WhenCompletedNoThrowAsync(all), Timeout.InfiniteTimeSpan, cancellationToken);
        }
    }
}
