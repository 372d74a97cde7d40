using System;

namespace AsyncGuard
{
    /// <summary>Thrown when enqueuing into a completed queue, or dequeuing from a completed and empty one.</summary>
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
    }
}
