namespace AsyncGuard
{
    /// <summary>When <see cref="AsyncTasks.WaitUntilAsync{TTask}(IEnumerable{TTask}, WaitMode, CancellationToken)"/> returns (asyncio.wait's return_when).</summary>
    public enum WaitMode
    {
        /// <summary>As soon as any task completes, however it ends.</summary>
        FirstCompleted,

        /// <summary>As soon as any task faults (cancellation does not count); when none does, once all complete.</summary>
        FirstException,

        /// <summary>Once every task completes.</summary>
        AllCompleted,
    }

    /// <summary>The tasks that were done and those still pending when a wait returned, each list in input order.</summary>
    /// <typeparam name="TTask">The task type.</typeparam>
    public sealed class WaitResult<TTask>
        where TTask : Task
    {
        internal WaitResult(IReadOnlyList<TTask> done, IReadOnlyList<TTask> pending)
        {
            Done = done;
            Pending = pending;
        }

        /// <summary>The completed tasks.</summary>
        public IReadOnlyList<TTask> Done { get; }

        /// <summary>The tasks not yet completed; they keep running.</summary>
        public IReadOnlyList<TTask> Pending { get; }
    }
}
