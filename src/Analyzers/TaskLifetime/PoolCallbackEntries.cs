namespace AsyncGuard.Analyzers.TaskLifetime
{
    /// <summary>
    /// AG0210 (issue 16, fifteenth pass, held-out azure-webjobs-sdk PrimaryHostCoordinator.ProcessLeaseTimerTick): a
    /// scheduling call written directly in a function that only a <c>System.Threading.Timer</c>, <c>ThreadPool.QueueUserWorkItem</c>
    /// / <c>UnsafeQueueUserWorkItem</c> or a <c>new Thread</c> runs. Such a callback runs on a thread outside any task, where
    /// <c>TaskScheduler.Current</c> is <c>TaskScheduler.Default</c>: the scheduler the call inherits is known, the default one.
    /// The function is a lambda given as is to one of those, or a method that is not public, protected, virtual, abstract or
    /// an override whose every use in its type (all parts in the site's tree) is a delegate given to one of those; a direct
    /// call of the method (its caller may run inside a task) or any other use keeps it reported. A call inside a lambda or
    /// local function nested in the callback is not directly in it (that function may run elsewhere) and stays reported.
    /// </summary>
    internal static class PoolCallbackEntries
    {
        public static bool RunsOutsideAnyTask(IInvocationOperation invocation, ISymbol? containingSymbol, AsyncTypes types, CancellationToken cancellationToken) =>
            invocation.SemanticModel is { } model
            && DelegateEntries.IsOnlyEntry(EnclosingFunction.Find(invocation.Syntax), model, containingSymbol, receiver => IsPoolEntryDelegate(receiver, types), cancellationToken);

        /// <summary>The delegate goes, as is, to a Timer or Thread constructor or to ThreadPool.(Unsafe)QueueUserWorkItem.</summary>
        private static bool IsPoolEntryDelegate(IOperation? receiver, AsyncTypes types) => receiver switch
        {
            IObjectCreationOperation creation => creation.Type is INamedTypeSymbol created
                && (created.Is(types.Thread) || (created.Name == "Timer" && DelegateEntries.IsSystemThreading(created.ContainingNamespace))),
            IInvocationOperation start => start.TargetMethod is { IsStatic: true, Name: "QueueUserWorkItem" or "UnsafeQueueUserWorkItem", ContainingType: { Name: "ThreadPool" } pool }
                && DelegateEntries.IsSystemThreading(pool.ContainingNamespace),
            _ => false,
        };
    }
}
