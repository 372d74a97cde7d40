namespace AsyncGuard.Analyzers.Blocking
{
    /// <summary>
    /// AG0103 (issue 16, deb9 debmix): the dedicated-thread entries of <see cref="ThreadEntries"/> extended to the other
    /// way .NET starts one: <c>Task.Factory.StartNew(f, .., TaskCreationOptions.LongRunning, ..)</c> (also
    /// <c>Task&lt;T&gt;.Factory</c>) whose scheduler is <c>TaskScheduler.Default</c>, or <c>TaskScheduler.Current</c> / none
    /// under the assumption AG0103 makes for current-scheduler work (<c>assume_default_scheduler</c> unset: the current
    /// scheduler is the pool's where the code installs none). The pool's scheduler runs a LongRunning task on a thread of
    /// its own, created for it: blocking that thread starves nobody, it has no synchronization context, and making the
    /// function async would end the thread at the first await. The options value must be a constant with the LongRunning
    /// flag; a factory of the code's own (<c>new TaskFactory(scheduler)</c>) or another scheduler is not this class.
    /// Reported again with <see cref="ThreadEntries.ReportOption"/> (the same class as <c>new Thread(..)</c>).
    /// </summary>
    internal static class LongRunningEntries
    {
        /// <summary>TaskCreationOptions.LongRunning.</summary>
        private const int LongRunning = 2;

        /// <summary>Whether <paramref name="invocation"/> starts its delegate argument on a dedicated thread of the default scheduler.</summary>
        public static bool StartsDedicatedThread(IInvocationOperation invocation, AsyncTypes types)
        {
            if (invocation.TargetMethod is not { Name: "StartNew", IsStatic: false } method
                || !types.IsTaskFactory(method.ContainingType)
                || invocation.Instance is not IPropertyReferenceOperation { Property: { Name: "Factory", IsStatic: true } factory }
                || !types.IsTaskLike(factory.ContainingType))
            {
                return false;
            }

            var longRunning = false;
            foreach (var argument in invocation.Arguments)
            {
                var type = argument.Parameter?.Type;
                if (type.Is(types.TaskCreationOptions))
                {
                    longRunning = argument.Value.ConstantValue is { HasValue: true, Value: int flags } && (flags & LongRunning) != 0;
                }
                else if (type.Is(types.TaskScheduler) && !IsTaskSchedulerProperty(argument.Value, types))
                {
                    return false;
                }
            }

            return longRunning;
        }

        private static bool IsTaskSchedulerProperty(IOperation value, AsyncTypes types) =>
            Invocations.WithoutImplicitConversions(value) is IPropertyReferenceOperation { Property: { Name: "Default" or "Current", IsStatic: true } property }
            && property.ContainingType.Is(types.TaskScheduler);
    }
}
