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

            return call;
        }
    }
}
