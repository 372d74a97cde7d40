namespace AsyncGuard
{
    /// <summary>
    /// Thrown when enqueuing into a completed queue, or dequeuing from a completed and empty one. When the queue was
    /// completed with an error, <see cref="Exception.InnerException"/> is that error.
    /// </summary>
    public sealed class QueueCompletedException : InvalidOperationException
    {
        /// <summary>Creates the exception with the default message.</summary>
        public QueueCompletedException()
            : base("The queue was completed.")
        {
        }

        /// <summary>Creates the exception with a message.</summary>
        /// <param name="message">The message.</param>
        public QueueCompletedException(string message)
            : base(message)
        {
        }

        /// <summary>Creates the exception with a message and the error the queue was completed with.</summary>
        /// <param name="message">The message.</param>
        /// <param name="innerException">Why production stopped: the error given to <c>Complete(error)</c>.</param>
        public QueueCompletedException(string message, Exception? innerException)
            : base(message, innerException)
        {
        }
    }
}
