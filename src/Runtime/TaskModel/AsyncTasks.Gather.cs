using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncGuard
{
    // Gather and WhenAll: waiting for every task.
    public static partial class AsyncTasks
    {
        /// <summary>
        /// Waits for every task and returns each outcome (value, exception or cancellation) in input order; never throws
        /// because a task failed (asyncio.gather with return_exceptions=True).
        /// </summary>
        /// <param name="tasks">The tasks.</param>
        /// <param name="cancellationToken">Stops waiting (throws <see cref="OperationCanceledException"/>); the tasks keep running.</param>
        public static async Task<TaskOutcome<T>[]> Gather<T>(IEnumerable<Task<T>> tasks, CancellationToken cancellationToken = default)
        {
            Task<T>[] array = ToArray(tasks);
            await WaitAllNoThrow(array, cancellationToken).ConfigureAwait(false);
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
            await WaitAllNoThrow(array, cancellationToken).ConfigureAwait(false);
            var outcomes = new TaskOutcome[array.Length];
            for (int i = 0; i < array.Length; i++)
            {
                outcomes[i] = TaskOutcome.From(array[i]);
            }

            return outcomes;
        }

        /// <inheritdoc cref="Gather(IEnumerable{Task}, CancellationToken)"/>
        public static Task<TaskOutcome[]> Gather(params Task[] tasks) => Gather((IEnumerable<Task>)tasks);

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
    }
}
