namespace AsyncGuard
{
    /// <summary>Internal helpers shared by the task-model types: waits that do not throw, and a WaitAsync for netstandard2.0.</summary>
    internal static class TaskWaiting
    {
        private static readonly Action<Task> s_observe = static t => _ = t.Exception;

        /// <summary>Marks the task's exception as observed once it completes, so it never reaches UnobservedTaskException.</summary>
        public static void Observe(Task task)
        {
            if (task.IsCompleted)
            {
                _ = task.Exception;
                return;
            }

            task.ContinueWith(s_observe, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        /// <summary>A task that completes (successfully) when <paramref name="task"/> completes, however it ends.</summary>
        public static Task WhenCompletedAsync(Task task)
        {
            if (task.IsCompleted)
            {
                _ = task.Exception;
                return Task.CompletedTask;
            }

            return task.ContinueWith(s_observe, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        /// <summary>
        /// Waits for <paramref name="task"/> without cancelling it: completes like the task, or is cancelled when the token fires,
        /// or throws <see cref="TimeoutException"/> after <paramref name="timeout"/>. The abandoned task's failure is observed.
        /// </summary>
        public static Task<T> WaitAsync<T>(Task<T> task, TimeSpan timeout, CancellationToken cancellationToken)
        {
            if (task.IsCompleted || (!cancellationToken.CanBeCanceled && timeout == Timeout.InfiniteTimeSpan))
            {
                return task;
            }

            if (cancellationToken.IsCancellationRequested)
            {
                Observe(task);
                return Task.FromCanceled<T>(cancellationToken);
            }

            if (timeout == TimeSpan.Zero)
            {
                Observe(task);
                return Task.FromException<T>(new TimeoutException());
            }

            return new WaitPromise<T>(task, timeout, cancellationToken).Task;
        }

        /// <inheritdoc cref="WaitAsync{T}(Task{T}, TimeSpan, CancellationToken)"/>
        public static Task WaitAsync(Task task, TimeSpan timeout, CancellationToken cancellationToken)
        {
            if (task is Task<VoidResult> typed)
            {
                return WaitAsync(typed, timeout, cancellationToken);
            }

            if (task.IsCompleted || (!cancellationToken.CanBeCanceled && timeout == Timeout.InfiniteTimeSpan))
            {
                return task;
            }

            return WaitAsync(AsVoidAsync(task), timeout, cancellationToken);
        }

        private static async Task<VoidResult> AsVoidAsync(Task task)
        {
            await task.ConfigureAwait(false);
            return default;
        }

        public static void ValidateTimeout(TimeSpan timeout, string paramName)
        {
            if (timeout != Timeout.InfiniteTimeSpan && (timeout < TimeSpan.Zero || timeout.TotalMilliseconds > int.MaxValue))
            {
                throw new ArgumentOutOfRangeException(paramName, timeout, "The timeout must be non-negative (or Timeout.InfiniteTimeSpan) and at most int.MaxValue milliseconds.");
            }
        }

        internal struct VoidResult
        {
        }

        /// <summary>One object per slow wait: the promise, the timer and the token registration.</summary>
        private sealed class WaitPromise<T> : TaskCompletionSource<T>
        {
            private readonly CancellationToken _cancellationToken;
            private CancellationTokenRegistration _registration;
            private Timer? _timer;
            private int _done;

            public WaitPromise(Task<T> inner, TimeSpan timeout, CancellationToken cancellationToken)
                : base(TaskCreationOptions.RunContinuationsAsynchronously)
            {
                _cancellationToken = cancellationToken;
                if (timeout != Timeout.InfiniteTimeSpan)
                {
                    _timer = new Timer(static s => ((WaitPromise<T>)s!).OnTimeout(), this, Timeout.Infinite, Timeout.Infinite);
                    _timer.Change(timeout, Timeout.InfiniteTimeSpan);
                }

                if (cancellationToken.CanBeCanceled)
                {
                    _registration = cancellationToken.Register(static s => ((WaitPromise<T>)s!).OnCanceled(), this);
                }

                inner.ContinueWith(
                    static (t, s) => ((WaitPromise<T>)s!).OnInnerCompleted(t),
                    this,
                    CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously,
                    TaskScheduler.Default);
            }

            private bool Claim()
            {
                if (Interlocked.Exchange(ref _done, 1) != 0)
                {
                    return false;
                }

                _timer?.Dispose();
                _registration.Dispose();
                return true;
            }

            private void OnTimeout()
            {
                if (Claim())
                {
                    TrySetException(new TimeoutException());
                }
            }

            private void OnCanceled()
            {
                if (Claim())
                {
                    TrySetCanceled(_cancellationToken);
                }
            }

            private void OnInnerCompleted(Task<T> task)
            {
                if (!Claim())
                {
                    _ = task.Exception; // abandoned by the waiter: observe it
                    return;
                }

                if (task.IsFaulted)
                {
                    TrySetException(task.Exception!.InnerExceptions);
                }
                else if (task.IsCanceled)
                {
                    TrySetCanceled(CanceledToken(task));
                }
                else
                {
#pragma warning disable AG0103 // a continuation of the completed task: Result does not block
                    TrySetResult(task.Result);
#pragma warning restore AG0103
                }
            }
        }

        /// <summary>The token a cancelled task was cancelled with (so the waiter's exception carries it), without throwing.</summary>
        public static CancellationToken CanceledToken(Task task)
        {
            try
            {
#pragma warning disable AG0103 // called only for a completed (cancelled) task: GetResult throws at once, it never blocks
                task.GetAwaiter().GetResult();
#pragma warning restore AG0103
            }
            catch (OperationCanceledException e)
            {
                return e.CancellationToken;
            }
            catch (Exception)
            {
            }

            return default;
        }
    }
}
