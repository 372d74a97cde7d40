namespace AsyncGuard.Analyzers.Core
{
    /// <summary>The identifiers under a node that bind to one symbol: the spelling first, the binding only for a name that matches.</summary>
    internal static class NameReferences
    {
        /// <summary>Each identifier below <paramref name="scope"/> (document order) that names <paramref name="symbol"/>; cancellation is checked before each binding.</summary>
        public static IEnumerable<IdentifierNameSyntax> Of(ISymbol symbol, SyntaxNode scope, SemanticModel model, CancellationToken ct)
        {
            foreach (var node in scope.DescendantNodes())
            {
                if (node is not IdentifierNameSyntax identifier || identifier.Identifier.ValueText != symbol.Name)
                {
                    continue;
                }

                ct.ThrowIfCancellationRequested();
                if (model.GetSymbolInfo(identifier, ct).Symbol.Is(symbol))
                {
                    yield return identifier;
                }
            }
        }
    }
}
