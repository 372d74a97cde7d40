namespace AsyncGuard.Analyzers.TaskLifetime
{
    /// <summary>
    /// AG0206 (issue 16, thirteenth pass, from the peers' reports): an `await` of the outer task of a nested
    /// Task&lt;Task&gt; whose result, the inner task, the code keeps and uses: awaited again (`await await ..`), stored
    /// (`var inner = await ..;`), returned, passed on, or the receiver of a call (`(await ..).ConfigureAwait(false)`,
    /// `.Wait()`). The first await waits for the delegate to hand back its inner task; whatever happens to that task is
    /// the code's business, and the `await await` form waits for the work exactly as `Unwrap()` would. Only an inner task
    /// that is dropped (or discarded, or used in an operator) is lost.
    /// </summary>
    internal static class HeldInnerTasks
    {
        /// <summary>
        /// How the result of the await of the outer task is used; `(await outer).ConfigureAwait(..)` that is awaited counts
        /// as awaited (the `await await` form of library code).
        /// </summary>
        public static ValueUseKind InnerTaskUse(IOperation awaitOfOuter)
        {
            var use = ValueObservation.Classify(awaitOfOuter);
            if (use.Kind == ValueUseKind.Receiver && use.Consumer is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configured
                && ValueObservation.Classify(configured).Kind == ValueUseKind.Awaited)
            {
                return ValueUseKind.Awaited;
            }

            return use.Kind;
        }

        /// <summary>Whether the inner task the await yields is kept: awaited, stored, returned, passed on or called on.</summary>
        public static bool KeepsInnerTask(ValueUseKind use) =>
            use is ValueUseKind.Awaited or ValueUseKind.Stored or ValueUseKind.Returned or ValueUseKind.Argument or ValueUseKind.Receiver;
    }
}
