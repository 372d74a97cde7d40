namespace AsyncGuard
{
    /// <summary>How a task ended.</summary>
    public enum TaskOutcomeStatus
    {
        /// <summary>The task ran to completion.</summary>
        Succeeded,

        /// <summary>The task threw.</summary>
        Faulted,

        /// <summary>The task was cancelled.</summary>
        Canceled,
    }

    /// <summary>The outcome of a task without a value, as returned by <c>AsyncTasks.Gather</c>.</summary>
    public readonly struct TaskOutcome
    {
        internal TaskOutcome(TaskOutcomeStatus status, Exception? exception)
        {
            Status = status;
            Exception = exception;
        }

        /// <summary>How the task ended.</summary>
        public TaskOutcomeStatus Status { get; }

        /// <summary>The exception (the single one, or an <see cref="AggregateException"/> when there were several); an <see cref="OperationCanceledException"/> when cancelled; null on success.</summary>
        public Exception? Exception { get; }

        /// <summary>True when the task ran to completion.</summary>
        public bool IsSucceeded => Status == TaskOutcomeStatus.Succeeded;

        /// <summary>True when the task threw.</summary>
        public bool IsFaulted => Status == TaskOutcomeStatus.Faulted;

        /// <summary>True when the task was cancelled.</summary>
        public bool IsCanceled => Status == TaskOutcomeStatus.Canceled;

        internal static TaskOutcome From(Task task) => task.Status switch
        {
            TaskStatus.RanToCompletion => new TaskOutcome(TaskOutcomeStatus.Succeeded, null),
            TaskStatus.Canceled => new TaskOutcome(TaskOutcomeStatus.Canceled, new TaskCanceledException(task)),
            _ => new TaskOutcome(TaskOutcomeStatus.Faulted, Unwrap(task.Exception!)),
        };

        internal static Exception Unwrap(AggregateException e) => e.InnerExceptions.Count == 1 ? e.InnerExceptions[0] : e;

        /// <inheritdoc/>
        public override string ToString() => Exception is null ? Status.ToString() : Status + ": " + Exception.Message;
    }

    /// <summary>The outcome of a task with a value: the value, the exception or the cancellation (asyncio.gather with return_exceptions=True).</summary>
    /// <typeparam name="T">The task's result type.</typeparam>
    public readonly struct TaskOutcome<T>
    {
        internal TaskOutcome(TaskOutcomeStatus status, T value, Exception? exception)
        {
            Status = status;
            Value = value;
            Exception = exception;
        }

        /// <summary>How the task ended.</summary>
        public TaskOutcomeStatus Status { get; }

        /// <summary>The task's result on success; the default value otherwise.</summary>
        public T Value { get; }

        /// <summary>The exception (the single one, or an <see cref="AggregateException"/> when there were several); an <see cref="OperationCanceledException"/> when cancelled; null on success.</summary>
        public Exception? Exception { get; }

        /// <summary>True when the task ran to completion.</summary>
        public bool IsSucceeded => Status == TaskOutcomeStatus.Succeeded;

        /// <summary>True when the task threw.</summary>
        public bool IsFaulted => Status == TaskOutcomeStatus.Faulted;

        /// <summary>True when the task was cancelled.</summary>
        public bool IsCanceled => Status == TaskOutcomeStatus.Canceled;

        internal static TaskOutcome<T> From(Task<T> task) => task.Status switch
        {
            TaskStatus.RanToCompletion => new TaskOutcome<T>(TaskOutcomeStatus.Succeeded, task.Result, null),
            TaskStatus.Canceled => new TaskOutcome<T>(TaskOutcomeStatus.Canceled, default!, new TaskCanceledException(task)),
            _ => new TaskOutcome<T>(TaskOutcomeStatus.Faulted, default!, TaskOutcome.Unwrap(task.Exception!)),
        };

        /// <inheritdoc/>
        public override string ToString() => Exception is null ? Status + ": " + Value : Status + ": " + Exception.Message;
    }
}
