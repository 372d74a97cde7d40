namespace AsyncGuard.Analyzers.Primitives
{
    /// <summary>
    /// AG0401's second shape (the acquisition first inside the try whose finally releases) needs a wait that can fail:
    /// a cancelled or timed-out wait runs the finally and releases a permit it never took. An acquisition whose every
    /// argument is a token that cannot be cancelled (none, `default`, `CancellationToken.None`, `new CancellationToken()`
    /// or `new CancellationToken(false)`, an omitted optional token) cannot be cancelled or time out. Its one failure is
    /// `ObjectDisposedException` on a disposed semaphore, and then the finally's `Release()` throws as well, so no permit is
    /// added. (A blocking `Wait()` can also end with `ThreadInterruptedException` when another thread calls
    /// `Thread.Interrupt()`; the rule does not look for that.)
    /// </summary>
    internal static class UncancellableWaits
    {
        /// <summary>`dotnet_diagnostic.AG0401.report_uncancellable_wait_in_try = true` reports these acquisitions as well.</summary>
        public const string ReportOption = "dotnet_diagnostic.AG0401.report_uncancellable_wait_in_try";

        /// <summary>Whether the acquisition call cannot be cancelled or time out (every argument an uncancellable token).</summary>
        public static bool CannotFail(InvocationExpressionSyntax invocation, SemanticModel model, AsyncTypes types, CancellationToken ct)
        {
            if (model.GetOperation(invocation, ct) is not IInvocationOperation operation)
            {
                return false;
            }

            foreach (var argument in operation.Arguments)
            {
                if (!types.IsCancellationToken(argument.Parameter?.Type) || (argument.ArgumentKind != ArgumentKind.DefaultValue && !types.IsNoToken(argument.Value)))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
