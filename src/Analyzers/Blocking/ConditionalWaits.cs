namespace AsyncGuard.Analyzers.Blocking
{
    /// <summary>
    /// The task a wait through `?.` blocks on (corpus12lib, issue 16, thirteenth pass; grpc-dotnet's
    /// <c>ReadOnlySequenceStream.ReadAsync</c>: <c>if (_lastReadTask?.Result == bytesRead)</c>). A wait written as
    /// <c>t?.Result</c> or <c>t?.Wait(..)</c> has no receiver expression of its own (<see cref="BlockingWait.Awaitable"/> is
    /// null: the member binds to the value before `?.`), so the task provenance did not follow it. When the wait is the whole
    /// part after `?.`, that value is the task waited on (when it is null, nothing is waited on), and the same proofs apply.
    /// Not followed: a wait deeper in the chain (<c>a?.Task.Result</c>, whose task is a member of the value) and
    /// <c>t?.GetAwaiter().GetResult()</c>.
    /// </summary>
    internal static class ConditionalWaits
    {
        /// <summary>The task <paramref name="wait"/> blocks on: its receiver, or the value before `?.` of a `t?.Result` / `t?.Wait(..)`.</summary>
        public static ExpressionSyntax? WaitedTask(in BlockingWait wait)
        {
            if (wait.Awaitable is { } awaitable)
            {
                return awaitable;
            }

            if (wait.Kind is BlockingWaitKind.Result or BlockingWaitKind.Wait
                && wait.Node.Parent is ConditionalAccessExpressionSyntax conditional
                && conditional.WhenNotNull == wait.Node
                && (wait.Node is MemberBindingExpressionSyntax || wait.Node is InvocationExpressionSyntax { Expression: MemberBindingExpressionSyntax }))
            {
                return conditional.Expression;
            }

            return null;
        }
    }
}
