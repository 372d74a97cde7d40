namespace AsyncGuard.Analyzers.TaskLifetime
{
    /// <summary>
    /// AG0201 (issue 16, tenth part, d201): the never-faulting async callee of
    /// <see cref="ObservingCall.CallsNeverFaultingAsyncMethod"/> written as a background loop. A direct call of an
    /// <c>async</c> method of this compilation (one declaration, not abstract, virtual or override) whose body is one loop
    /// that only its own statements can leave — <c>while (true)</c>, <c>for (;;)</c>, <c>do .. while (true)</c> — and whose
    /// loop body is only <c>try</c> statements, each with a catch-all handler that does not throw. Every handler must hand
    /// the exception on: to a <c>TaskCompletionSource</c> (always), or to a call (a log, an error callback; only while
    /// <c>report_caught_fire_and_forget</c> is off, as for the plain form); a handler with a filter that does not throw also
    /// counts — the filter names the failures it expects (<c>catch (Exception) when (closing) { return; }</c>) and the
    /// catch-all after it still reports the rest. The task such a loop returns never faults: an event loop started and
    /// kept in a local or dropped reports its own failures. Still reported: a condition that is not the constant
    /// <c>true</c> (it can throw), statements outside the tries, a handler without a filter that drops the exception
    /// unseen, a rethrow, and every case the plain form reports.
    /// </summary>
    internal static class NeverFaultingLoops
    {
        public static bool CallsNeverFaultingLoop(IInvocationOperation invocation, AsyncTypes types, CancellationToken ct, bool reportingHandlers)
        {
            var method = invocation.TargetMethod.OriginalDefinition;
            if (!method.IsAsync || method.IsAbstract || method.IsVirtual || method.IsOverride || method.DeclaringSyntaxReferences.Length != 1
                || invocation.SemanticModel is null)
            {
                return false;
            }

            var body = method.DeclaringSyntaxReferences[0].GetSyntax(ct) switch
            {
                BaseMethodDeclarationSyntax declaration => declaration.Body,
                LocalFunctionStatementSyntax local => local.Body,
                _ => null,
            };
            if (body is not { Statements: { Count: 1 } statements } || LoopBody(statements[0]) is not { Statements.Count: > 0 } loopBody)
            {
                return false;
            }

            // Cold path: only for a would-be finding, for a callee that may be declared in another file.
            var model = SemanticModels.For(invocation.SemanticModel, body.SyntaxTree);
            foreach (var statement in loopBody.Statements)
            {
                if (statement is not TryStatementSyntax tryStatement || !ObservingCall.HasCatchAll(tryStatement, model, ct))
                {
                    return false;
                }

                foreach (var clause in tryStatement.Catches)
                {
                    if (ObservingCall.HandsToCompletionSource(clause.Block, model, types, ct)
                        || (reportingHandlers && ObservingCall.HandsOnCaught(clause))
                        || (clause.Filter != null && !ObservingCall.ContainsThrow(clause.Block)))
                    {
                        continue;
                    }

                    return false;
                }
            }

            return true;
        }

        /// <summary>The body of `while (true)`, `for (;;)` / `for (..; true; ..)` or `do .. while (true)`, when it is a block.</summary>
        private static BlockSyntax? LoopBody(StatementSyntax statement) => statement switch
        {
            WhileStatementSyntax { Condition: LiteralExpressionSyntax condition, Statement: BlockSyntax block } when condition.IsKind(SyntaxKind.TrueLiteralExpression) => block,
            DoStatementSyntax { Condition: LiteralExpressionSyntax condition, Statement: BlockSyntax block } when condition.IsKind(SyntaxKind.TrueLiteralExpression) => block,
            ForStatementSyntax { Declaration: null, Initializers.Count: 0, Incrementors.Count: 0, Statement: BlockSyntax block } loop
                when loop.Condition is null || loop.Condition.IsKind(SyntaxKind.TrueLiteralExpression) => block,
            _ => null,
        };
    }
}
