namespace AsyncGuard.Analyzers.TaskLifetime
{
    /// <summary>
    /// AG0202 and AG0203 (issue 16, eighth part, ff201): an <c>async void</c> body whose every <c>await</c> awaits a direct
    /// call (also through <c>ConfigureAwait(..)</c>) of an async method of the compilation whose body is a catch-all
    /// <c>try</c> that hands the exception to a completion source or reports it
    /// (<see cref="ObservingCall.CallsNeverFaultingAsyncMethod"/>), or of a synchronous implementation of an async contract
    /// that returns a completed task on every path (<see cref="CompletedCallees.ReturnsOnlyCompleted"/>): the awaited tasks
    /// never fault, so nothing thrown after the first await comes from them — the same reading as
    /// <see cref="CaughtAwaits"/>, with the catch one call away (FastTunnel's line callback handed to a synchronous line
    /// reader, a webjobs timer lambda awaiting a flush that only triggers a batch). Silent unless the rule's key is on.
    /// Asked only for a finding about to be reported.
    /// </summary>
    internal static class CaughtCallees
    {
        /// <summary>.editorconfig key: `true` reports async void methods whose awaits all await such never-faulting calls.</summary>
        public const string ReportOption = "dotnet_diagnostic.AG0202.report_caught_callees";

        /// <summary>.editorconfig key: `true` reports async lambdas converted to void delegates whose awaits all await such calls.</summary>
        public const string ReportLambdasOption = "dotnet_diagnostic.AG0203.report_caught_callees";

        public static bool EveryAwaitNeverFaults(SyntaxNode body, SemanticModel model, AsyncTypes types, CancellationToken ct)
        {
            var awaits = 0;
            foreach (var node in body.DescendantNodesAndSelf(n => n == body || n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)))
            {
                switch (node)
                {
                    case AwaitExpressionSyntax awaited:
                        if (model.GetOperation(awaited.Expression, ct) is not IInvocationOperation call)
                        {
                            return false;
                        }

                        if (call.TargetMethod.Name == "ConfigureAwait" && call.Instance is IInvocationOperation configured)
                        {
                            call = configured;
                        }

                        if (!ObservingCall.CallsNeverFaultingAsyncMethod(call, types, ct, reportingHandlers: true)
                            && !CompletedCallees.ReturnsOnlyCompleted(call, types, ct))
                        {
                            return false;
                        }

                        awaits++;
                        break;
                    case CommonForEachStatementSyntax forEach when forEach.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword):
                    case UsingStatementSyntax usingStatement when usingStatement.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword):
                    case LocalDeclarationStatementSyntax local when local.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword):
                        return false;
                }
            }

            return awaits > 0;
        }
    }
}
