using System;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncGuard
{
    // Shield and timeouts.
    public static partial class AsyncTasks
    {
        /// <summary>
        /// Waits for <paramref name="task"/>, but the caller's cancellation only stops the wait: the work itself goes on
        /// (asyncio.shield), and its failure, if nobody awaits it any more, is observed.
        /// </summary>
        public static Task<T> Shield<T>(this Task<T> task, CancellationToken cancellationToken)
            => TaskWaiting.WaitAsync(task ?? throw new ArgumentNullException(nameof(task)), Timeout.InfiniteTimeSpan, cancellationToken);

        /// <inheritdoc cref="Shield{T}(Task{T}, CancellationToken)"/>
        public static Task Shield(this Task task, CancellationToken cancellationToken)
            => TaskWaiting.WaitAsync(task ?? throw new ArgumentNullException(nameof(task)), Timeout.InfiniteTimeSpan, cancellationToken);

        /// <summary>
        /// Waits for <paramref name="task"/> at most <paramref name="timeout"/>, then throws <see cref="TimeoutException"/>.
        /// The task is not cancelled (it cannot be from outside); to cancel the work itself, use
        /// <see cref="WithTimeout{T}(Func{CancellationToken, Task{T}}, TimeSpan, CancellationToken)"/> or a <see cref="TimeoutScope"/>.
        /// </summary>
        public static Task<T> WithTimeout<T>(this Task<T> task, TimeSpan timeout, CancellationToken cancellationToken = default)
        {
            TaskWaiting.ValidateTimeout(timeout, nameof(timeout));
            return TaskWaiting.WaitAsync(task ?? throw new ArgumentNullException(nameof(task)), timeout, cancellationToken);
        }

        /// <inheritdoc cref="WithTimeout{T}(Task{T}, TimeSpan, CancellationToken)"/>
        public static Task WithTimeout(this Task task, TimeSpan timeout, CancellationToken cancellationToken = default)
        {
            TaskWaiting.ValidateTimeout(timeout, nameof(timeout));
            return TaskWaiting.WaitAsync(task ?? throw new ArgumentNullException(nameof(task)), timeout, cancellationToken);
        }

        /// <summary>
        /// Runs <paramref name="work"/> with a token that is cancelled after <paramref name="timeout"/> (asyncio.wait_for):
        /// the work itself stops, and the resulting cancellation surfaces as <see cref="TimeoutException"/>.
        /// </summary>
        public static Task<T> WithTimeout<T>(Func<CancellationToken, Task<T>> work, TimeSpan timeout, CancellationToken cancellationToken = default)
            => TimeoutScope.RunAsync(timeout, scope => work(scope.Token), cancellationToken);

        /// <inheritdoc cref="WithTimeout{T}(Func{CancellationToken, Task{T}}, TimeSpan, CancellationToken)"/>
        public static Task WithTimeout(Func<CancellationToken, Task> work, TimeSpan timeout, CancellationToken cancellationToken = default)
            => TimeoutScope.RunAsync(timeout, scope => work(scope.Token), cancellationToken);
    }
}
