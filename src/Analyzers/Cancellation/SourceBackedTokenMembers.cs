namespace AsyncGuard.Analyzers.Cancellation
{
    /// <summary>
    /// AG0301's member policy for a token property that only reads a source member of its type (issue 16, held-out
    /// DSharpPlus: `CancellationToken TimeoutCancel => this.TimeoutCancelSource.Token;` offered to a wait that comes before
    /// `this.TimeoutCancelSource = new CancellationTokenSource();` in the same method). Reading the property reads that source,
    /// so an assignment of the source is a (re)creation of the property's token: before it, the property gives the previous
    /// step's token (or fails on a source not made yet), as a source field read directly does.
    /// <para>
    /// Only a non-static, non-virtual property of the compilation whose getter is exactly `source.Token` (expression body,
    /// or a getter with one `return`), `source` a field or property of the same type read through `this` or unqualified.
    /// Any other getter (a call, a linked source, a conditional) keeps the property a token member of its own.
    /// </para>
    /// </summary>
    internal static class SourceBackedTokenMembers
    {
        /// <summary>The source member whose `.Token` <paramref name="member"/> returns, or null.</summary>
        public static ISymbol? SourceOf(ISymbol member, SemanticModel model, CancellationToken cancellationToken)
        {
            if (member is not IPropertySymbol { IsStatic: false, IsVirtual: false, IsAbstract: false, IsOverride: false } property
                || property.DeclaringSyntaxReferences.Length != 1
                || property.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not PropertyDeclarationSyntax declaration
                || Returned(declaration) is not MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Token" } access)
            {
                return null;
            }

            var source = access.Expression.WalkDownParentheses();
            if (source is not (IdentifierNameSyntax or MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax }))
            {
                return null;
            }

            var symbol = SemanticModels.For(model, declaration.SyntaxTree).GetSymbolInfo(source, cancellationToken).Symbol;
            return symbol is IFieldSymbol or IPropertySymbol && !symbol.IsStatic
                && SymbolEqualityComparer.Default.Equals(symbol.ContainingType?.OriginalDefinition, property.ContainingType.OriginalDefinition)
                ? symbol
                : null;
        }

        private static ExpressionSyntax? Returned(PropertyDeclarationSyntax declaration)
        {
            if (declaration.ExpressionBody is { } arrow)
            {
                return arrow.Expression.WalkDownParentheses();
            }

            if (declaration.AccessorList?.Accessors is not { } accessors)
            {
                return null;
            }

            foreach (var accessor in accessors)
            {
                if (!accessor.IsKind(SyntaxKind.GetAccessorDeclaration))
                {
                    continue;
                }

                if (accessor.ExpressionBody is { } getterArrow)
                {
                    return getterArrow.Expression.WalkDownParentheses();
                }

                return accessor.Body?.Statements is { Count: 1 } statements && statements[0] is ReturnStatementSyntax { Expression: { } returned }
                    ? returned.WalkDownParentheses()
                    : null;
            }

            return null;
        }
    }
}
