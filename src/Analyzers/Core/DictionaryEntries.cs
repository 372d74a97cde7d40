namespace AsyncGuard.Analyzers.Core
{
    /// <summary>
    /// AG0101/AG0103 (issue 16, held-out ho4a, datastax/csharp-driver's contact-point resolution): a dictionary of tasks
    /// awaited through its values (<c>await Task.WhenAll(pending.Values);</c>) and then read entry by entry
    /// (<c>pending.ToDictionary(e =&gt; e.Key, e =&gt; e.Value.Result)</c>, <c>foreach (var e in pending) .. e.Value.Result</c>).
    /// The value of an entry is an element of the dictionary (the collection the completion proofs follow, with the same
    /// "nothing may add to it since" condition), and <c>WhenAll(d.Values)</c> covers the dictionary's elements.
    /// </summary>
    internal static class DictionaryEntries
    {
        /// <summary>`e` in `e.Value` where the property is <c>KeyValuePair&lt;K, V&gt;.Value</c>; null otherwise.</summary>
        public static ExpressionSyntax? EntryOfValue(ExpressionSyntax task, SemanticModel model, CancellationToken cancellationToken) =>
            task is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Value", Expression: var entry } access
            && access.IsKind(SyntaxKind.SimpleMemberAccessExpression)
            && model.GetSymbolInfo(access, cancellationToken).Symbol is IPropertySymbol { IsStatic: false, ContainingType: { } pair }
            && IsKeyValuePair(pair)
                ? entry.WalkDownParentheses(throughSuppressions: true)
                : null;

        /// <summary>Whether the symbol (a local, parameter, field or property) holds a dictionary.</summary>
        public static bool IsDictionarySymbol(ISymbol? symbol) => symbol switch
        {
            ILocalSymbol local => IsDictionary(local.Type),
            IParameterSymbol parameter => IsDictionary(parameter.Type),
            IFieldSymbol field => IsDictionary(field.Type),
            IPropertySymbol property => IsDictionary(property.Type),
            _ => false,
        };

        /// <summary>The dictionary in `d.Values` (a dictionary's own Values property); null otherwise.</summary>
        public static IOperation? ValuesOwner(IOperation operation) =>
            operation is IPropertyReferenceOperation { Property: { Name: "Values", IsStatic: false } values, Instance: { } dictionary }
            && IsDictionary(values.ContainingType)
                ? dictionary
                : null;

        private static bool IsKeyValuePair(INamedTypeSymbol type) =>
            type.OriginalDefinition is { Name: "KeyValuePair", Arity: 2, ContainingNamespace: { Name: "Generic", ContainingNamespace: { Name: "Collections", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } } };

        private static bool IsDictionary(ITypeSymbol? type)
        {
            if (type is not INamedTypeSymbol named)
            {
                return false;
            }

            if (IsDictionaryInterface(named))
            {
                return true;
            }

            foreach (var implemented in named.AllInterfaces)
            {
                if (IsDictionaryInterface(implemented))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsDictionaryInterface(INamedTypeSymbol type) =>
            type.OriginalDefinition is { Name: "IDictionary" or "IReadOnlyDictionary", Arity: 2, ContainingNamespace: { Name: "Generic", ContainingNamespace: { Name: "Collections", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } } };
    }
}
