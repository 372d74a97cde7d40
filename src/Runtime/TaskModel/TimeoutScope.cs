namespace AsyncGuard
{
    /// <summary>
    /// A deadline for a block of work (asyncio.timeout): <see cref="Token"/> is cancelled when the deadline passes or the
    /// caller's token is cancelled, and the deadline can be moved with <see cref="Reschedule"/>. <see cref="RunAsync{T}(TimeSpan, Func{TimeoutScope, Task{T}}, CancellationToken)"/>
    /// turns the cancellation the deadline caused into <see cref="TimeoutException"/>.
    /// </summary>
    /// <example>
    /// <code>
    /// string reply = await TimeoutScope.RunAsync(TimeSpan.FromSeconds(5), async scope =>
    /// {
    ///     await ConnectAsync(scope.Token);
    ///     scope.Reschedule(TimeSpan.FromSeconds(30)); // connected: allow more time for the transfer
    ///     return await DownloadAsync(scope.Token);
    /// }, cancellationToken);
    /// </code>
    /// </example>
    [DebuggerDisplay("{DebuggerDisplay,nq}")]
    public sealed partial class TimeoutScope : IDisposable
    {
        private readonly object _gate = new object();
        private readonly CancellationTokenSource _cts;
        private readonly CancellationTokenSource _timer; // _cts itself, or (with a TimeProvider) the source its timer cancels
        private readonly CancellationToken _callerToken;
        private readonly CancellationToken _token;
        private bool _disposed;

        /// <summary>Starts a scope whose deadline is <paramref name="timeout"/> from now.</summary>
        /// <param name="timeout">The time allowed, or <see cref="Timeout.InfiniteTimeSpan"/> for no deadline (yet).</param>
        /// <param name="cancellationToken">The caller's token; its cancellation also cancels <see cref="Token"/> but is not a timeout.</param>
        public TimeoutScope(TimeSpan timeout, CancellationToken cancellationToken = default)
        {
            TaskWaiting.ValidateTimeout(timeout, nameof(timeout));
            _callerToken = cancellationToken;
            _cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            _token = _cts.Token;
            _timer = _cts;
            if (timeout != Timeout.InfiniteTimeSpan)
            {
                _cts.CancelAfter(timeout);
            }
        }

        /// <summary>The token to pass to the work in the scope.</summary>
        public CancellationToken Token => _token;

        /// <summary>True when the deadline (not the caller) cancelled <see cref="Token"/>.</summary>
        public bool Expired => _token.IsCancellationRequested && !_callerToken.IsCancellationRequested;

        /// <summary>Moves the deadline to <paramref name="timeout"/> from now (<see cref="Timeout.InfiniteTimeSpan"/>: no deadline).</summary>
        /// <exception cref="InvalidOperationException">The scope has already expired or been cancelled.</exception>
        /// <exception cref="ObjectDisposedException">The scope was disposed.</exception>
        public void Reschedule(TimeSpan timeout)
        {
            TaskWaiting.ValidateTimeout(timeout, nameof(timeout));
            lock (_gate)
            {
                if (_disposed)
                {
                    throw new ObjectDisposedException(nameof(TimeoutScope));
                }

                if (_token.IsCancellationRequested)
                {
                    throw new InvalidOperationException("The timeout scope has already expired or been cancelled; it cannot be rescheduled.");
                }

                _timer.CancelAfter(timeout);
            }
        }

        /// <summary>Stops the timer.</summary>
        public void Dispose()
        {
            lock (_gate)
            {
                _disposed = true;
            }

            _cts.Dispose();
            if (!ReferenceEquals(_timer, _cts))
            {
                _timer.Dispose();
            }
        }

        /// <summary>
        /// Runs <paramref name="body"/> in a new scope. If the body ends with <see cref="OperationCanceledException"/> because the
        /// deadline passed, throws <see cref="TimeoutException"/> instead; the caller's own cancellation stays an
        /// <see cref="OperationCanceledException"/>.
        /// </summary>
        public static Task<T> RunAsync<T>(TimeSpan timeout, Func<TimeoutScope, Task<T>> body, CancellationToken cancellationToken = default)
        {
            if (body is null)
            {
                throw new ArgumentNullException(nameof(body));
            }

            return RunInScopeAsync(new TimeoutScope(timeout, cancellationToken), body);
        }

        /// <inheritdoc cref="RunAsync{T}(TimeSpan, Func{TimeoutScope, Task{T}}, CancellationToken)"/>
        public static Task RunAsync(TimeSpan timeout, Func<TimeoutScope, Task> body, CancellationToken cancellationToken = default)
        {
            if (body is null)
            {
                throw new ArgumentNullException(nameof(body));
            }

            return RunInScopeAsync(new TimeoutScope(timeout, cancellationToken), body);
        }

        private static async Task<T> RunInScopeAsync<T>(TimeoutScope scope, Func<TimeoutScope, Task<T>> body)
        {
            using (scope)
            {
                try
                {
                    return await body(scope).ConfigureAwait(false);
                }
                catch (OperationCanceledException e) when (scope.Expired)
                {
                    throw new TimeoutException("The operation did not complete within its timeout.", e);
                }
            }
        }

        private static async Task RunInScopeAsync(TimeoutScope scope, Func<TimeoutScope, Task> body)
        {
            using (scope)
            {
                try
                {
                    await body(scope).ConfigureAwait(false);
                }
                catch (OperationCanceledException e) when (scope.Expired)
                {
                    throw new TimeoutException("The operation did not complete within its timeout.", e);
                }
            }
        }

        // What the debugger shows for the instance. Reads the fields without the lock: a debugger evaluation must never wait.
        private string DebuggerDisplay => $"Expired = {Expired}, Cancelled = {_token.IsCancellationRequested}{(_disposed ? ", Disposed" : "")}";
    }
}
