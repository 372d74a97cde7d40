namespace AsyncGuard
{
    // Shield (asyncio.shield), WaitAsync (the BCL's, for netstandard2.0) and RunWithTimeoutAsync (asyncio.wait_for).
    public static partial class AsyncTasks
    {
        /// <summary>
        /// Waits for <paramref name="task"/>, but the caller's cancellation only stops the wait: the work itself goes on
        /// (asyncio.shield), and its failure, if nobody awaits it any more, is observed.
        /// </summary>
        [SuppressMessage("AsyncGuard.Style", "AG0502", Justification = "asyncio.shield: the asyncio name is the point (the wait, not the work, is what the token cancels).")]
        public static Task<T> Shield<T>(this Task<T> task, CancellationToken cancellationToken)
            => TaskWaiting.WaitAsync(task ?? throw new ArgumentNullException(nameof(task)), Timeout.InfiniteTimeSpan, cancellationToken);

        /// <inheritdoc cref="Shield{T}(Task{T}, CancellationToken)"/>
        [SuppressMessage("AsyncGuard.Style", "AG0502", Justification = "asyncio.shield: the asyncio name is the point (the wait, not the work, is what the token cancels).")]
        public static Task Shield(this Task task, CancellationToken cancellationToken)
            => TaskWaiting.WaitAsync(task ?? throw new ArgumentNullException(nameof(task)), Timeout.InfiniteTimeSpan, cancellationToken);

        /// <summary>
        /// Waits for <paramref name="task"/> at most <paramref name="timeout"/>, then throws <see cref="TimeoutException"/>: the
        /// BCL's <c>Task.WaitAsync(TimeSpan, CancellationToken)</c> (.NET 6 and later) for netstandard2.0. On net8.0 the
        /// instance method is what <c>task.WaitAsync(timeout)</c> calls; this extension exists there so that code
        /// compiled against netstandard2.0 keeps running. The task is not cancelled (it cannot be from outside). This
        /// extension also observes the task's failure once nobody awaits it any more; the BCL's instance method does not,
        /// so on .NET 6 and later call it as <c>AsyncTasks.WaitAsync(task, timeout)</c> to get that guarantee. To cancel the work itself, use
        /// <see cref="RunWithTimeoutAsync{T}(Func{CancellationToken, Task{T}}, TimeSpan, CancellationToken)"/> or a
        /// <see cref="TimeoutScope"/>.
        /// </summary>
        /// <param name="task">The task to wait for.</param>
        /// <param name="timeout">The longest wait, or <see cref="Timeout.InfiniteTimeSpan"/>.</param>
        /// <param name="cancellationToken">Stops the wait (the task goes on).</param>
        /// <exception cref="TimeoutException">The task did not complete within <paramref name="timeout"/>.</exception>
        public static Task<T> WaitAsync<T>(this Task<T> task, TimeSpan timeout, CancellationToken cancellationToken = default)
        {
            TaskWaiting.ValidateTimeout(timeout, nameof(timeout));
            return TaskWaiting.WaitAsync(task ?? throw new ArgumentNullException(nameof(task)), timeout, cancellationToken);
        }

        /// <inheritdoc cref="WaitAsync{T}(Task{T}, TimeSpan, CancellationToken)"/>
        public static Task WaitAsync(this Task task, TimeSpan timeout, CancellationToken cancellationToken = default)
        {
            TaskWaiting.ValidateTimeout(timeout, nameof(timeout));
            return TaskWaiting.WaitAsync(task ?? throw new ArgumentNullException(nameof(task)), timeout, cancellationToken);
        }

        /// <summary>
        /// Runs <paramref name="work"/> with a token that is cancelled after <paramref name="timeout"/> (asyncio.wait_for):
        /// the work itself stops, and the resulting cancellation surfaces as <see cref="TimeoutException"/>.
        /// </summary>
        public static Task<T> RunWithTimeoutAsync<T>(Func<CancellationToken, Task<T>> work, TimeSpan timeout, CancellationToken cancellationToken = default)
            => TimeoutScope.RunAsync(timeout, scope => work(scope.Token), cancellationToken);

        /// <inheritdoc cref="RunWithTimeoutAsync{T}(Func{CancellationToken, Task{T}}, TimeSpan, CancellationToken)"/>
        public static Task RunWithTimeoutAsync(Func<CancellationToken, Task> work, TimeSpan timeout, CancellationToken cancellationToken = default)
            => TimeoutScope.RunAsync(timeout, scope => work(scope.Token), cancellationToken);
    }
}
