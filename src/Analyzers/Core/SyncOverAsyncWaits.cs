namespace AsyncGuard.Analyzers.Core
{
    /// <summary>The blocking waits AG0103 reports (sync-over-async); AG0208 leaves those to it.</summary>
    internal static class SyncOverAsyncWaits
    {
        /// <summary>
        /// Whether AG0103 reports <paramref name="wait"/>: it is in a synchronous function (or outside any) and not exempt.
        /// Exactly the complement of AG0101 over the same waits, so the two never report one node.
        /// </summary>
        /// <param name="containingSymbol">The analysis context's symbol when known (spares a declared-symbol lookup).</param>
        public static bool Reports(in BlockingWait wait, SemanticModel model, AsyncTypes types, CancellationToken cancellationToken, out SyntaxNode? function, ISymbol? containingSymbol = null)
        {
            function = EnclosingFunction.Find(wait.Node);
            if (EnclosingFunction.Classify(function, model, types, cancellationToken, containingSymbol) == FunctionKind.AsyncCapable)
            {
                return false;
            }

            return !WaitExemptions.IsExempt(wait, ExemptionScope(function), model, types, cancellationToken)
                && !types.DualPaths.Silences(wait, model, cancellationToken);
        }

        /// <summary>
        /// A sync lambda runs after the code before it in its enclosing function, so an await or completion check there
        /// also proves the task complete inside it: search the outermost function around a chain of lambdas.
        /// </summary>
        private static SyntaxNode? ExemptionScope(SyntaxNode? function)
        {
            var scope = function;
            while (scope is AnonymousFunctionExpressionSyntax && EnclosingFunction.Find(scope) is { } outer)
            {
                scope = outer;
            }

            return scope;
        }
    }
}
