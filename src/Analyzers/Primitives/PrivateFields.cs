namespace AsyncGuard.Analyzers.Primitives
{
    /// <summary>
    /// Every use of a private field, for the rules that recommend changing the field's type (AG0404, AG0405): they report
    /// only when each use is understood, so they need all of them, and a private field is used only inside its type.
    /// </summary>
    internal static class PrivateFields
    {
        /// <summary>
        /// The private, non-volatile field a lone declarator declares (<c>private T f = ..;</c>), with the declaration around it;
        /// null for other declarators (several variables, events, locals).
        /// </summary>
        public static IFieldSymbol? Declared(VariableDeclaratorSyntax declarator, SemanticModel model, CancellationToken ct) =>
            declarator.Parent is VariableDeclarationSyntax { Variables.Count: 1, Parent: FieldDeclarationSyntax }
            && model.GetDeclaredSymbol(declarator, ct) is IFieldSymbol { DeclaredAccessibility: Accessibility.Private, IsVolatile: false, IsConst: false } field
            && field.ContainingType is { TypeKind: TypeKind.Class or TypeKind.Struct }
                ? field
                : null;

        /// <summary>
        /// Every name in the field's type that binds to it; null when a part of the type is in another file (the caller
        /// sees one tree) or has syntax errors (half-typed code: its shapes cannot be trusted).
        /// </summary>
        public static List<IdentifierNameSyntax>? References(IFieldSymbol field, SyntaxTree tree, SemanticModel model, CancellationToken ct)
        {
            var references = new List<IdentifierNameSyntax>();
            foreach (var part in field.ContainingType.DeclaringSyntaxReferences)
            {
                if (part.SyntaxTree != tree)
                {
                    return null;
                }

                var syntax = part.GetSyntax(ct);
                if (syntax.ContainsDiagnostics)
                {
                    return null;
                }

                foreach (var node in syntax.DescendantNodes())
                {
                    if (node is IdentifierNameSyntax name && name.Identifier.ValueText == field.Name
                        && field.Is(model.GetSymbolInfo(name, ct).Symbol?.OriginalDefinition))
                    {
                        references.Add(name);
                    }
                }
            }

            return references;
        }

        /// <summary>
        /// The expression a reference reads the field of this very object through: <c>f</c>, <c>this.f</c>, or <c>T.f</c> for a
        /// static field of exactly its declaring type. Null for another object's field (<c>other.f</c>, <c>x?.f</c>).
        /// </summary>
        public static ExpressionSyntax? AccessOf(IdentifierNameSyntax name, IFieldSymbol field, SemanticModel model, CancellationToken ct)
        {
            switch (name.Parent)
            {
                case MemberAccessExpressionSyntax access when access.Name == name:
                    if (access.Expression is ThisExpressionSyntax)
                    {
                        return field.IsStatic ? null : access;
                    }

                    return field.IsStatic && field.ContainingType.Is(model.GetSymbolInfo(access.Expression, ct).Symbol) ? access : null;
                case MemberBindingExpressionSyntax:
                case QualifiedNameSyntax:
                case NameColonSyntax:
                    return null;
                default:
                    return name;
            }
        }

        /// <summary>The call <c>access.M(..)</c> whose receiver is the field access (through parentheses); null otherwise.</summary>
        public static InvocationExpressionSyntax? CallOn(ExpressionSyntax access)
        {
            var outer = access.WalkUpParentheses();
            return outer.Parent is MemberAccessExpressionSyntax member && member.Expression == outer
                && member.Parent is InvocationExpressionSyntax call && call.Expression == member
                ? call
                : null;
        }
    }
}
