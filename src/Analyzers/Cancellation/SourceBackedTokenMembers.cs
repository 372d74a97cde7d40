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
        /// <summary>
        /// The name of the source member whose `.Token` <paramref name="member"/> returns, read from its declaration alone
        /// (nothing bound), or null: the cheap test before <see cref="SourceOf"/>.
        /// </summary>
        public static string? SourceNameOf(ISymbol member, CancellationToken cancellationToken) =>
            SourceExpression(member, cancellationToken, out _) switch
            {
                IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
                _ => null,
            };

        /// <summary>The source member whose `.Token` <paramref name="member"/> returns, or null.</summary>
        public static ISymbol? SourceOf(ISymbol member, SemanticModel model, CancellationToken cancellationToken)
        {
            if (SourceExpression(member, cancellationToken, out var declaration) is not { } source || declaration is null)
            {
                return null;
            }

            var property = (IPropertySymbol)member;
            var symbol = SemanticModels.For(model, declaration.SyntaxTree).GetSymbolInfo(source, cancellationToken).Symbol;
            return symbol is IFieldSymbol or IPropertySymbol && !symbol.IsStatic
                && SymbolEqualityComparer.Default.Equals(symbol.ContainingType?.OriginalDefinition, property.ContainingType.OriginalDefinition)
                ? symbol
                : null;
        }

        /// <summary>`source` of a getter that is exactly `source.Token` (`source` unqualified or read through `this`), or null.</summary>
        private static ExpressionSyntax? SourceExpression(ISymbol member, CancellationToken cancellationToken, out PropertyDeclarationSyntax? declaration)
        {
            declaration = null;
            if (member is not IPropertySymbol { IsStatic: false, IsVirtual: false, IsAbstract: false, IsOverride: false } property
                || property.DeclaringSyntaxReferences.Length != 1
                || property.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not PropertyDeclarationSyntax found
                || Returned(found) is not MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Token" } access)
            {
                return null;
            }

            declaration = found;
            var source = access.Expression.WalkDownParentheses();
            return source is IdentifierNameSyntax or MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } ? source : null;
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
