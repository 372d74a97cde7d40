namespace AsyncGuard.Analyzers.Core
{
    /// <summary>Where a method is used as a method group (handed on as a delegate, not called), for engines that decide a
    /// method by what its delegates are given to (an event's `+=`, a scheduler).</summary>
    internal static class MethodGroups
    {
        /// <summary>
        /// Each use of <paramref name="method"/> under <paramref name="scope"/> that is not a call: the identifier, or the member
        /// access that names it, bound to the method (or, with <paramref name="candidates"/>, naming it as the first candidate
        /// of a binding that failed). Asked only for a finding about to be reported.
        /// </summary>
        public static IEnumerable<ExpressionSyntax> Uses(IMethodSymbol method, SyntaxNode scope, SemanticModel model, bool candidates, CancellationToken ct)
        {
            foreach (var node in scope.DescendantNodes())
            {
                if (node is not IdentifierNameSyntax name || name.Identifier.ValueText != method.Name)
                {
                    continue;
                }

                ExpressionSyntax use = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : name;
                if (use.Parent is InvocationExpressionSyntax invocation && invocation.Expression == use)
                {
                    continue;
                }

                var symbol = model.GetSymbolInfo(name, ct);
                var bound = symbol.Symbol ?? (candidates && symbol.CandidateSymbols.Length > 0 ? symbol.CandidateSymbols[0] : null);
                if (bound is IMethodSymbol group && group.OriginalDefinition.Is(method.OriginalDefinition))
                {
                    yield return use;
                }
            }
        }
    }
}
