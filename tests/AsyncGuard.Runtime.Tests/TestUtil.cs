using System;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace AsyncGuard.Runtime.Tests
{
    internal static class TestUtil
    {
        [ThreadStatic]
        private static bool t_insideRelease;

        /// <summary>Fails the test when the task does not finish in time (so a deadlock fails instead of hanging).</summary>
        public static async Task WithTimeout(this Task task, int milliseconds = 10_000)
        {
            if (await Task.WhenAny(task, Task.Delay(milliseconds)).ConfigureAwait(false) != task)
            {
                throw new TimeoutException($"Timed out after {milliseconds} ms.");
            }

            await task.ConfigureAwait(false);
        }

        public static async Task<T> WithTimeout<T>(this Task<T> task, int milliseconds = 10_000)
        {
            await ((Task)task).WithTimeout(milliseconds).ConfigureAwait(false);
            return await task.ConfigureAwait(false);
        }

        public static Task WithTimeout(this ValueTask task, int milliseconds = 10_000) => task.AsTask().WithTimeout(milliseconds);

        public static Task<T> WithTimeout<T>(this ValueTask<T> task, int milliseconds = 10_000) => task.AsTask().WithTimeout(milliseconds);

        /// <summary>Asserts the waiter's continuation does not run inline inside <paramref name="release"/>.</summary>
        public static async Task AssertContinuationNotInline(ValueTask pending, Action release)
        {
            var observed = AwaitAndObserve(pending);
            t_insideRelease = true;
            try
            {
                release();
            }
            finally
            {
                t_insideRelease = false;
            }

            Assert.False(await observed.WithTimeout(), "the continuation ran inline inside the releasing call");
        }

        // The primitives complete a wait only inside the call that signals it (Release, Set, Enqueue, Dispose...), and
        // a ValueTask reports its source's state synchronously: checking it right after the calls that matter is
        // exact, with no pause and no dependence on timing. (A Task from AsTask completes through a continuation,
        // later, so it is not checked.)

        /// <summary>Asserts the wait has not completed.</summary>
        public static void AssertPending(ValueTask wait) => Assert.False(wait.IsCompleted, "the wait completed but should still be pending");

        /// <inheritdoc cref="AssertPending(ValueTask)"/>
        public static void AssertPending<T>(ValueTask<T> wait) => Assert.False(wait.IsCompleted, "the wait completed but should still be pending");

        public static async Task AssertCanceled(ValueTask task) =>
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task.AsTask().WithTimeout());

        public static async Task AssertCanceled<T>(ValueTask<T> task) =>
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task.AsTask().WithTimeout());

        private static async Task<bool> AwaitAndObserve(ValueTask pending)
        {
            await pending.ConfigureAwait(false);
            return t_insideRelease;
        }
    }
}
