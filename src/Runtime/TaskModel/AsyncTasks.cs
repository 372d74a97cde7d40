using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncGuard
{
    /// <summary>
    /// Combinators in the spirit of asyncio: gather, wait, as_completed, shield, timeouts, a bounded parallel for-each and
    /// to_thread. None of them cancels a task it was given (a <see cref="Task"/> cannot be cancelled from outside); a task the
    /// caller stops waiting for keeps running and its failure is observed.
    /// </summary>
    public static class AsyncTasks
    {
        private static readonly Action<Task, object?> s_setDone = static (_, s) => ((TaskCompletionSource<bool>)s!).TrySetResult(true);

        // ----------------------------------------------------------------------------------------------- Gather, WhenAll

        /// <summary>
        /// Waits for every task and returns each outcome (value, exception or cancellation) in input order; never throws
        /// because a task failed (asyncio.gather with return_exceptions=True).
        /// </summary>
        /// <param name="tasks">The tasks.</param>
        /// <param name="cancellationToken">Stops waiting (throws <see cref="OperationCanceledException"/>); the tasks keep running.</param>
        public static async Task<TaskOutcome<T>[]> Gather<T>(IEnumerable<Task<T>> tasks, CancellationToken cancellationToken = default)
        {
            Task<T>[] array = ToArray(tasks);
            await GatherWait(array, cancellationToken).ConfigureAwait(false);
            var outcomes = new TaskOutcome<T>[array.Length];
            for (int i = 0; i < array.Length; i++)
            {
                outcomes[i] = TaskOutcome<T>.From(array[i]);
            }

            return outcomes;
        }

        /// <inheritdoc cref="Gather{T}(IEnumerable{Task{T}}, CancellationToken)"/>
        public static Task<TaskOutcome<T>[]> Gather<T>(params Task<T>[] tasks) => Gather((IEnumerable<Task<T>>)tasks);

        /// <inheritdoc cref="Gather{T}(IEnumerable{Task{T}}, CancellationToken)"/>
        public static async Task<TaskOutcome[]> Gather(IEnumerable<Task> tasks, CancellationToken cancellationToken = default)
        {
            Task[] array = ToArray(tasks);
            await GatherWait(array, cancellationToken).ConfigureAwait(false);
            var outcomes = new TaskOutcome[array.Length];
            for (int i = 0; i < array.Length; i++)
            {
                outcomes[i] = TaskOutcome.From(array[i]);
            }

            return outcomes;
        }

        /// <inheritdoc cref="Gather(IEnumerable{Task}, CancellationToken)"/>
        public static Task<TaskOutcome[]> Gather(params Task[] tasks) => Gather((IEnumerable<Task>)tasks);

        // Debug mode: when the caller stops waiting (its token), the tasks still running are watched: a later failure has
        // nobody to see it and is reported with the stack that handed the tasks to Gather (AG0201).
        private static Task GatherWait(Task[] array, CancellationToken cancellationToken)
        {
            if (!(AsyncGuard.Internal.DebugSwitch.Options is { } options) || !cancellationToken.CanBeCanceled)
            {
                return WaitAllNoThrow(array, cancellationToken);
            }

            AsyncGuard.Internal.DebugStack stack = AsyncGuard.Internal.DebugStack.Capture(options);
            Task wait = WaitAllNoThrow(array, cancellationToken);
            wait.ContinueWith(
                static (_, s) =>
                {
                    var (tasks, opts, st) = ((Task[], AsyncGuardDebugOptions, AsyncGuard.Internal.DebugStack))s!;
                    AsyncGuard.Internal.DebugAbandoned.Watch(tasks, "Gather", opts, st);
                },
                (array, options, stack),
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously | TaskContinuationOptions.OnlyOnCanceled,
                TaskScheduler.Default);
            return wait;
        }

        /// <summary>
        /// Waits for every task. Unlike awaiting <see cref="Task.WhenAll(IEnumerable{Task})"/>, which rethrows only the first
        /// failure, this throws one <see cref="AggregateException"/> holding every failure. When nothing failed but a task was
        /// cancelled, it throws <see cref="OperationCanceledException"/>.
        /// </summary>
        public static async Task WhenAll(IEnumerable<Task> tasks)
        {
            Task all = Task.WhenAll(ToArray(tasks));
            await WhenCompletedNoThrow(all).ConfigureAwait(false);
            ThrowIfFailed(all);
        }

        /// <inheritdoc cref="WhenAll(IEnumerable{Task})"/>
        public static Task WhenAll(params Task[] tasks) => WhenAll((IEnumerable<Task>)tasks);

        /// <summary>Waits for every task and returns their values in input order; throws one <see cref="AggregateException"/> of every failure.</summary>
        public static async Task<T[]> WhenAll<T>(IEnumerable<Task<T>> tasks)
        {
            Task<T[]> all = Task.WhenAll(ToArray(tasks));
            await WhenCompletedNoThrow(all).ConfigureAwait(false);
            ThrowIfFailed(all);
            return all.Result;
        }

        /// <inheritdoc cref="WhenAll{T}(IEnumerable{Task{T}})"/>
        public static Task<T[]> WhenAll<T>(params Task<T>[] tasks) => WhenAll((IEnumerable<Task<T>>)tasks);

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

        // --------------------------------------------------------------------------------------------- WaitAsync, AsCompleted

        /// <summary>
        /// Waits until the condition of <paramref name="mode"/> holds, or the timeout elapses, and returns the done and pending
        /// tasks (asyncio.wait). A timeout is not an error: it returns what is done so far. Pending tasks keep running.
        /// </summary>
        /// <param name="tasks">The tasks; at least one.</param>
        /// <param name="mode">When to return.</param>
        /// <param name="timeout">The longest wait, or <see cref="Timeout.InfiniteTimeSpan"/>.</param>
        /// <param name="cancellationToken">Stops waiting (throws <see cref="OperationCanceledException"/>).</param>
        public static async Task<WaitResult<TTask>> WaitAsync<TTask>(IEnumerable<TTask> tasks, WaitMode mode, TimeSpan timeout, CancellationToken cancellationToken = default)
            where TTask : Task
        {
            TTask[] array = ToArray(tasks);
            if (array.Length == 0)
            {
                throw new ArgumentException("At least one task is needed.", nameof(tasks));
            }

            TaskWaiting.ValidateTimeout(timeout, nameof(timeout));
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

        /// <inheritdoc cref="WaitAsync{TTask}(IEnumerable{TTask}, WaitMode, TimeSpan, CancellationToken)"/>
        public static Task<WaitResult<TTask>> WaitAsync<TTask>(IEnumerable<TTask> tasks, WaitMode mode, CancellationToken cancellationToken = default)
            where TTask : Task
            => WaitAsync(tasks, mode, Timeout.InfiniteTimeSpan, cancellationToken);

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

        // ----------------------------------------------------------------------------------------------- Shield, timeouts

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

        // ------------------------------------------------------------------------------------------- ForEachAsync, ToThread

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

        // ----------------------------------------------------------------------------------------------------- helpers

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

        private static Task WhenCompletedNoThrow(Task task)
        {
            if (task.IsCompleted)
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            task.ContinueWith(s_setDone, done, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            return done.Task;
        }

        private static Task WaitAllNoThrow(Task[] tasks, CancellationToken cancellationToken)
        {
            Task all = Task.WhenAll(tasks);
            if (all.IsCompleted)
            {
                _ = all.Exception;
                return Task.CompletedTask;
            }

            if (!cancellationToken.CanBeCanceled)
            {
                return WhenCompletedNoThrow(all); // the outcomes read every exception afterwards
            }

            // The caller may stop waiting: observe each task now, so that nothing is left unobserved.
            foreach (Task task in tasks)
            {
                TaskWaiting.Observe(task);
            }

            return TaskWaiting.WaitAsync(WhenCompletedNoThrow(all), Timeout.InfiniteTimeSpan, cancellationToken);
        }
    }
}
