namespace AsyncGuard.Analyzers.Style
{
    /// <summary>
    /// AG0501 (issue 16, thirteenth pass, from the peers' reports: Meziantou #1057): an <c>await using</c> whose every
    /// resource's <c>DisposeAsync</c> always completes synchronously has nothing to resume, so ConfigureAwait changes nothing
    /// there (and configuring an <c>await using var</c> needs a second local). That is the case when the resource's runtime
    /// type is known — made in place by <c>new T(..)</c>, or of a sealed type or a struct — and that type, up from itself,
    /// inherits <c>DisposeAsync</c> from <c>System.IO.Stream</c> or <c>System.IO.TextWriter</c> without any type on the
    /// way declaring its own (or an explicit <c>IAsyncDisposable.DisposeAsync</c>): those base implementations call
    /// <c>Dispose()</c> and return a completed task (<c>MemoryStream</c>, <c>StringWriter</c>, <c>UnmanagedMemoryStream</c>).
    /// Still reported: a type that overrides it (<c>StreamWriter</c>, <c>BufferedStream</c>, <c>FileStream</c>), a resource
    /// whose runtime type is not known (a parameter, a local, a call's result of a type that is not sealed).
    /// </summary>
    internal static class CompletedDisposals
    {
        /// <summary><paramref name="target"/>: the expression of <c>await using (expr)</c> or the declaration of the statement.</summary>
        public static bool CompletesSynchronously(SyntaxNode target, SemanticModel model, CancellationToken cancellationToken)
        {
            if (target is ExpressionSyntax expression)
            {
                return IsKnownCompletedDisposal(expression, model, cancellationToken);
            }

            if (target is not VariableDeclarationSyntax { Variables.Count: > 0 } declaration)
            {
                return false;
            }

            foreach (var variable in declaration.Variables)
            {
                if (variable.Initializer?.Value is not { } value || !IsKnownCompletedDisposal(value, model, cancellationToken))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsKnownCompletedDisposal(ExpressionSyntax value, SemanticModel model, CancellationToken cancellationToken)
        {
            value = value.WalkDownParentheses(throughSuppressions: true);
            if (model.GetTypeInfo(value, cancellationToken).Type is not INamedTypeSymbol { TypeKind: not TypeKind.Error } type)
            {
                return false;
            }

            var exact = value is BaseObjectCreationExpressionSyntax || type.IsSealed || type.IsValueType;
            return exact && InheritsCompletedDisposeAsync(type);
        }

        private static bool InheritsCompletedDisposeAsync(INamedTypeSymbol type)
        {
            for (var t = type; t != null; t = t.BaseType)
            {
                if (t is { Name: "Stream" or "TextWriter", ContainingNamespace: { Name: "IO", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } })
                {
                    return true;
                }

                if (!t.GetMembers("DisposeAsync").IsEmpty || !t.GetMembers("System.IAsyncDisposable.DisposeAsync").IsEmpty)
                {
                    return false;
                }
            }

            return false;
        }
    }
}
