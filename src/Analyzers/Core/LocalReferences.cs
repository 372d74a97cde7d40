namespace AsyncGuard.Analyzers.Core
{
    /// <summary>The references to a local in a scope, as operations (AG0102's in-memory and synchronous-file checks).</summary>
    internal static class LocalReferences
    {
        /// <summary>
        /// Whether <paramref name="accept"/> takes every reference to <paramref name="local"/> in <paramref name="scope"/>; false
        /// as well when a name that binds to the local has no local-reference operation (nothing known about that use).
        /// </summary>
        public static bool All(ILocalSymbol local, SyntaxNode scope, SemanticModel model, CancellationToken cancellationToken, Func<ILocalReferenceOperation, bool> accept)
        {
            foreach (var node in scope.DescendantNodes())
            {
                if (node is not IdentifierNameSyntax identifier || identifier.Identifier.ValueText != local.Name)
                {
                    continue;
                }

                if (model.GetOperation(identifier, cancellationToken) is not ILocalReferenceOperation reference)
                {
                    if (model.GetSymbolInfo(identifier, cancellationToken).Symbol.Is(local))
                    {
                        return false;
                    }

                    continue;
                }

                if (reference.Local.Is(local) && !accept(reference))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
