namespace AsyncGuard.Analyzers.Core
{
    /// <summary>
    /// A wait on a local that holds the task of a dual sync/async call (held-out FreeSql, ho5:
    /// `var task = FillSyncOrAsync(false, ..); if (task.Exception != null) throw ..; return task.Result;`): the local is
    /// declared once with that call as its initializer and nothing in its function writes it again (no assignment, no
    /// ref/out argument, no address taken, no deconstruction), so the wait is on the call's own task and
    /// <see cref="DualPaths.CallSide"/> can read the side the call selects from its initializer.
    /// Asked only for a wait whose awaitable is a plain name; the symbol and the write check come after that syntax test.
    /// </summary>
    internal static class DualCallLocals
    {
        /// <summary>The invocation a local read by <paramref name="expression"/> always holds, or null.</summary>
        public static InvocationExpressionSyntax? SoleCall(ExpressionSyntax? expression, SemanticModel model, CancellationToken cancellationToken)
        {
            if (expression is not IdentifierNameSyntax identifier
                || model.GetSymbolInfo(identifier, cancellationToken).Symbol is not ILocalSymbol { IsConst: false, IsRef: false } local
                || local.DeclaringSyntaxReferences.Length != 1
                || local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Initializer.Value: var value } declarator
                || value.WalkDownParentheses() is not InvocationExpressionSyntax call
                || declarator.SyntaxTree != identifier.SyntaxTree
                || EnclosingFunction.Find(declarator) is not { } function
                || !SyncFileReaders.NeverReassigned(local, function, model, cancellationToken))
            {
                return null;
            }

            return KeepsConstantsFixed(call, model, cancellationToken) ? call : null;
        }

        /// <summary>
        /// The callee is in source and writes none of the parameters the call gives a constant (no assignment, no `ref`/`out`
        /// pass of that name): a flag the callee may turn over (npgsql's `ShouldSchedule(ref async, i)`, which moves a large
        /// sync send to another scheduler) does not prove the sync path ran to its end.
        /// </summary>
        private static bool KeepsConstantsFixed(InvocationExpressionSyntax call, SemanticModel model, CancellationToken cancellationToken)
        {
            if (model.GetOperation(call, cancellationToken) is not IInvocationOperation { TargetMethod: var callee } operation
                || callee.OriginalDefinition.DeclaringSyntaxReferences.IsEmpty)
            {
                return false;
            }

            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var argument in operation.Arguments)
            {
                if (argument.Parameter is { } parameter && argument.Value.ConstantValue.HasValue)
                {
                    names.Add(parameter.Name);
                }
            }

            foreach (var reference in callee.OriginalDefinition.DeclaringSyntaxReferences)
            {
                foreach (var node in reference.GetSyntax(cancellationToken).DescendantNodes())
                {
                    if (node is IdentifierNameSyntax identifier && names.Contains(identifier.Identifier.ValueText)
                        && (identifier.Parent is AssignmentExpressionSyntax assignment && assignment.Left == identifier
                            || identifier.Parent is ArgumentSyntax { RefKindKeyword.RawKind: not (int)SyntaxKind.None }
                            || identifier.Parent is PrefixUnaryExpressionSyntax or PostfixUnaryExpressionSyntax))
                    {
                        return false;
                    }
                }
            }

            return true;
        }
    }
}
