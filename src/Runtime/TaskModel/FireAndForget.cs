namespace AsyncGuard
{
    /// <summary>Carries an exception of a forgotten task that no callback handled.</summary>
    public sealed class UnobservedErrorEventArgs : EventArgs
    {
        internal UnobservedErrorEventArgs(Exception exception, Task? task)
        {
            Exception = exception;
            Task = task;
        }

        /// <summary>The exception: the task's single exception, or an <see cref="AggregateException"/> when there were several.</summary>
        public Exception Exception { get; }

        /// <summary>The forgotten task, when there is one.</summary>
        public Task? Task { get; }
    }

    /// <summary>
    /// Explicit fire-and-forget: <c>task.Forget()</c> says "nobody awaits this" and makes sure its failure is still seen, by
    /// the callback or by the process-wide <see cref="UnobservedErrors"/> event. Cancellation is not a failure. Never throws.
    /// </summary>
    /// <example>
    /// <code>
    /// FireAndForget.UnobservedErrors += (_, e) => logger.LogError(e.Exception, "background work failed");
    /// RefreshCacheAsync().Forget();
    /// SendTelemetryAsync().Forget(ex => Console.Error.WriteLine(ex.Message));
    /// </code>
    /// </example>
    public static class FireAndForget
    {
        private static readonly Action<Task, object?> s_onCompleted = static (t, s) =>
        {
            if (s is AsyncGuard.Internal.ForgetDebugState debug)
            {
                Report(t, debug.OnError, debug);
            }
            else
            {
                Report(t, (Action<Exception>?)s, null);
            }
        };

        /// <summary>
        /// Raised for a failure of a forgotten task that was forgotten without a callback, or whose callback threw. Handlers run on
        /// the thread that completed the task; an exception thrown by a handler is swallowed.
        /// </summary>
        public static event EventHandler<UnobservedErrorEventArgs>? UnobservedErrors;

        /// <summary>Lets <paramref name="task"/> run without awaiting it; its failure goes to <paramref name="onError"/> or to <see cref="UnobservedErrors"/>.</summary>
        /// <param name="task">The task; null is ignored.</param>
        /// <param name="onError">Receives the exception (the single one, or an <see cref="AggregateException"/>); null: raise <see cref="UnobservedErrors"/>.</param>
        public static void Forget(this Task? task, Action<Exception>? onError = null)
        {
            if (task is null || task.Status == TaskStatus.RanToCompletion)
            {
                return;
            }

            // Debug mode: remember where the task was forgotten, for the report of a failure nobody handles.
            AsyncGuard.Internal.ForgetDebugState? debug = AsyncGuard.Internal.DebugSwitch.Options is { } options
                ? new AsyncGuard.Internal.ForgetDebugState(onError, options, AsyncGuard.Internal.DebugStack.Capture(options))
                : null;
            if (task.IsCompleted)
            {
                Report(task, onError, debug);
                return;
            }

            task.ContinueWith(s_onCompleted, (object?)debug ?? onError, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        /// <inheritdoc cref="Forget(Task, Action{Exception})"/>
        public static void Forget(this ValueTask task, Action<Exception>? onError = null)
        {
            if (task.IsCompletedSuccessfully)
            {
                try
                {
                    task.GetAwaiter().GetResult(); // releases a pooled source
                }
                catch (Exception e)
                {
                    Handle(e, null, onError);
                }

                return;
            }

            ForgetAsTask(task, static t => t.AsTask(), onError);
        }

        /// <inheritdoc cref="Forget(Task, Action{Exception})"/>
        public static void Forget<T>(this ValueTask<T> task, Action<Exception>? onError = null)
        {
            if (task.IsCompletedSuccessfully)
            {
                try
                {
                    _ = task.Result; // releases a pooled source
                }
                catch (Exception e)
                {
                    Handle(e, null, onError);
                }

                return;
            }

            ForgetAsTask(task, static t => t.AsTask(), onError);
        }

        /// <summary>
        /// A ValueTask that has not completed successfully: forgets the task it stands for. AsTask can throw (a source that
        /// misbehaves): that exception goes where the task's failure would.
        /// </summary>
        private static void ForgetAsTask<TValueTask>(TValueTask task, Func<TValueTask, Task> asTask, Action<Exception>? onError)
        {
            Task started;
            try
            {
                started = asTask(task);
            }
            catch (Exception e)
            {
                Handle(e, null, onError);
                return;
            }

            started.Forget(onError);
        }

        private static void Report(Task task, Action<Exception>? onError, AsyncGuard.Internal.ForgetDebugState? debug)
        {
            AggregateException? error = task.Exception; // reading it marks the exception observed
            if (error != null)
            {
                Handle(TaskOutcome.Unwrap(error), task, onError, debug);
            }
        }

        private static void Handle(Exception exception, Task? task, Action<Exception>? onError, AsyncGuard.Internal.ForgetDebugState? debug = null)
        {
            if (exception is OperationCanceledException)
            {
                return;
            }

            if (onError != null)
            {
                try
                {
                    onError(exception);
                    return;
                }
                catch (Exception callbackError)
                {
                    exception = new AggregateException("The error callback of a forgotten task threw.", exception, callbackError);
                }
            }

            Raise(exception, task, debug);
        }

        internal static void Raise(Exception exception, Task? task, AsyncGuard.Internal.ForgetDebugState? debug = null)
        {
            EventHandler<UnobservedErrorEventArgs>? handlers = UnobservedErrors;
            if (handlers is null)
            {
                // Nobody hears of this failure: the debug mode reports it, with the stack where the task was forgotten.
                if (debug is not null || AsyncGuard.Internal.DebugSwitch.Options is not null)
                {
                    AsyncGuardDebugOptions options = debug?.Options ?? AsyncGuard.Internal.DebugSwitch.Options!;
                    AsyncGuardDebug.UnobservedFailure(options, "Forget", exception, (debug?.Stack ?? AsyncGuard.Internal.DebugStack.Capture(options)).ToString(), task);
                }

                return;
            }

            var args = new UnobservedErrorEventArgs(exception, task);
            foreach (Delegate handler in handlers.GetInvocationList())
            {
                try
                {
                    ((EventHandler<UnobservedErrorEventArgs>)handler)(null, args);
                }
                catch (Exception)
                {
                    // A logging handler must not take down the thread that completed the task.
                }
            }
        }
    }
}
