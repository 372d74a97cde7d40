// Compiled for net8.0 only (AsyncGuard.Runtime.csproj leaves *.Net.cs out of netstandard2.0).

namespace AsyncGuard
{
    // The TimeProvider overloads.
    public sealed partial class TimeoutScope
    {
        /// <summary>
        /// Starts a scope whose deadline is <paramref name="timeout"/> from now on <paramref name="timeProvider"/>'s clock
        /// (a fake clock in tests, such as FakeTimeProvider, makes the deadline fire exactly when the test advances it).
        /// </summary>
        /// <param name="timeout">The time allowed, or <see cref="Timeout.InfiniteTimeSpan"/> for no deadline (yet).</param>
        /// <param name="timeProvider">The clock whose timers measure the deadline.</param>
        /// <param name="cancellationToken">The caller's token; its cancellation also cancels <see cref="Token"/> but is not a timeout.</param>
        public TimeoutScope(TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken = default)
        {
            TaskWaiting.ValidateTimeout(timeout, nameof(timeout));
            if (timeProvider is null)
            {
                throw new ArgumentNullException(nameof(timeProvider));
            }

            _callerToken = cancellationToken;
            _timer = new CancellationTokenSource(Timeout.InfiniteTimeSpan, timeProvider);
            _cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _timer.Token);
            _token = _cts.Token;
            if (timeout != Timeout.InfiniteTimeSpan)
            {
                _timer.CancelAfter(timeout);
            }
        }

        /// <summary>
        /// <see cref="RunAsync{T}(TimeSpan, Func{TimeoutScope, Task{T}}, CancellationToken)"/> with the deadline measured on
        /// <paramref name="timeProvider"/>'s clock.
        /// </summary>
        public static Task<T> RunAsync<T>(TimeSpan timeout, TimeProvider timeProvider, Func<TimeoutScope, Task<T>> body, CancellationToken cancellationToken = default)
        {
            if (body is null)
            {
                throw new ArgumentNullException(nameof(body));
            }

            return RunInScopeAsync(new TimeoutScope(timeout, timeProvider, cancellationToken), body);
        }

        /// <summary>
        /// <see cref="RunAsync(TimeSpan, Func{TimeoutScope, Task}, CancellationToken)"/> with the deadline measured on
        /// <paramref name="timeProvider"/>'s clock.
        /// </summary>
        public static Task RunAsync(TimeSpan timeout, TimeProvider timeProvider, Func<TimeoutScope, Task> body, CancellationToken cancellationToken = default)
        {
            if (body is null)
            {
                throw new ArgumentNullException(nameof(body));
            }

            return RunInScopeAsync(new TimeoutScope(timeout, timeProvider, cancellationToken), body);
        }
    }
}
