namespace AsyncGuard.Analyzers.Cancellation
{
    /// <summary>
    /// AG0301, issue 16 (deb301: a wait already bounded by its own timeout): a token of the containing type (a field, a
    /// property, <c>.Token</c> of a source field: the object's lifetime, typically its disposal) is not offered to
    /// <c>WaitAsync(timeout)</c> on the task of a <c>TaskCompletionSource</c> (a signal another part of the object
    /// completes), given a time span (<c>await infoReceived.Task.WaitAsync(Opts.ConnectTimeout)</c> during a connection
    /// handshake). The wait ends at the timeout anyway and nothing runs under it that a token could stop: the object's
    /// token would only end the wait a little sooner, during a disposal that tears the connection down regardless. Still
    /// offered: the caller's token (a parameter, a local, a source local: the operation's own), a wait with no timeout or
    /// an infinite one, a wait on an operation's task (<c>SendAsync(..).WaitAsync(timeout)</c>), any other call. Reported with
    /// <c>report_bounded_waits = true</c>. Runs only on a call AG0301 is about to report.
    /// </summary>
    internal static class BoundedTaskWaits
    {
        /// <summary>.editorconfig: <c>true</c> offers the type's tokens to timed task waits too.</summary>
        public const string ReportOption = "dotnet_diagnostic.AG0301.report_bounded_waits";

        public static ImmutableArray<AvailableToken> Filter(ImmutableArray<AvailableToken> tokens, IInvocationOperation operation, AsyncTypes types,
            AnalyzerConfigOptions options)
        {
            if (!IsTimedTaskWait(operation, types))
            {
                return tokens;
            }

            ImmutableArray<AvailableToken>.Builder? kept = null;
            var reportRead = false;
            for (var i = 0; i < tokens.Length; i++)
            {
                var dropped = tokens[i].Kind is TokenSourceKind.Member or TokenSourceKind.MemberSource;
                if (!TokenFilters.KeepUnlessReported(ref kept, tokens, i, dropped, ref reportRead, options, ReportOption))
                {
                    return tokens;
                }
            }

            return TokenFilters.Kept(kept, tokens);
        }

        /// <summary>
        /// `signal.Task.WaitAsync(TimeSpan)` (with or without a TimeProvider) on the task of a TaskCompletionSource, the time span
        /// not written as `Timeout.InfiniteTimeSpan` / `TimeSpan.MaxValue` (no bound).
        /// </summary>
        private static bool IsTimedTaskWait(IInvocationOperation operation, AsyncTypes types)
        {
            if (operation.TargetMethod is not { Name: "WaitAsync", IsStatic: false } method || !types.IsTaskOrValueTask(method.ContainingType)
                || Invocations.Receiver(operation) is not IPropertyReferenceOperation { Property.Name: "Task", Instance: { } source }
                || !types.IsTaskCompletionSource(source.Type))
            {
                return false;
            }

            foreach (var argument in operation.Arguments)
            {
                if (argument.Parameter?.Type is { Name: "TimeSpan", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } })
                {
                    return Invocations.WithoutImplicitConversions(argument.Value) is not IFieldReferenceOperation { Field.Name: "InfiniteTimeSpan" or "MaxValue" };
                }
            }

            return false;
        }
    }
}
