namespace AsyncGuard.Analyzers.Style
{
    /// <summary>
    /// AG0505's reading of an async method: the leading statements of its body, before the first statement that awaits,
    /// that throw an ArgumentException (or call a static ThrowIf* helper of that family). Shared with AG0505's fix, which
    /// keeps statements [0, <see cref="Split"/>) in the synchronous method.
    /// </summary>
    internal readonly struct DeferredValidation(SyntaxNode first, ITypeSymbol exception, int split)
    {
        /// <summary>The first validation: a throw expression or statement, or a ThrowIf* call.</summary>
        public SyntaxNode First { get; } = first;

        /// <summary>The exception type it throws.</summary>
        public ITypeSymbol Exception { get; } = exception;

        /// <summary>The index of the first body statement after the last validation.</summary>
        public int Split { get; } = split;

        /// <summary>The method's deferred validation, or null.</summary>
        public static DeferredValidation? Find(MethodDeclarationSyntax method, SemanticModel model, AsyncTypes types, CancellationToken cancellationToken)
        {
            if (method.Body is not { } body || !method.Modifiers.Any(SyntaxKind.AsyncKeyword))
            {
                return null;
            }

            var statements = body.Statements;
            List<SyntaxNode>? candidates = null;
            var split = -1;
            var awaits = false;
            for (var i = 0; i < statements.Count && !awaits; i++)
            {
                var statement = statements[i];
                if (statement is TryStatementSyntax or UsingStatementSyntax or LockStatementSyntax or FixedStatementSyntax or UnsafeStatementSyntax or LabeledStatementSyntax
                    or LocalDeclarationStatementSyntax { UsingKeyword.RawKind: (int)SyntaxKind.UsingKeyword })
                {
                    // A handler or a disposal around the statements after it: the scan ends here.
                    break;
                }

                var found = false;
                var stop = false;
                foreach (var node in AsyncModifier.OwnNodes(statement))
                {
                    if (AsyncModifier.Awaits(node))
                    {
                        awaits = true;
                        break;
                    }

                    if (node is ReturnStatementSyntax or YieldStatementSyntax or GotoStatementSyntax)
                    {
                        stop = true;
                    }
                    else if (node is ThrowStatementSyntax { Expression: not null } or ThrowExpressionSyntax
                        || node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: { } name } } && name.StartsWith("ThrowIf", StringComparison.Ordinal))
                    {
                        (candidates ??= new List<SyntaxNode>()).Add(node);
                        found = true;
                    }
                }

                if (awaits || stop)
                {
                    break;
                }

                if (found)
                {
                    split = i + 1;
                }
            }

            if (candidates is null || split < 0)
            {
                return null;
            }

            // Validation is deferred only when an await follows it (an async method without one is the compiler's CS1998).
            if (!awaits && !HasAwait(statements, split))
            {
                return null;
            }

            if (model.GetDeclaredSymbol(method, cancellationToken) is not { IsAsync: true, ReturnsVoid: false } symbol
                || !types.IsTaskOrValueTask(symbol.ReturnType) && !types.IsAwaitable(symbol.ReturnType))
            {
                return null;
            }

            foreach (var candidate in candidates)
            {
                if (candidate.SpanStart >= statements[split - 1].Span.End)
                {
                    break;
                }

                if (ThrownType(candidate, model, types, cancellationToken) is { } exception)
                {
                    return new DeferredValidation(candidate, exception, split);
                }
            }

            return null;
        }

        private static bool HasAwait(SyntaxList<StatementSyntax> statements, int from)
        {
            for (var i = from; i < statements.Count; i++)
            {
                foreach (var node in AsyncModifier.OwnNodes(statements[i]))
                {
                    if (AsyncModifier.Awaits(node))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>The ArgumentException-family type a throw or ThrowIf* call raises, or null.</summary>
        private static ITypeSymbol? ThrownType(SyntaxNode node, SemanticModel model, AsyncTypes types, CancellationToken cancellationToken)
        {
            var family = types.ArgumentException;
            switch (node)
            {
                case ThrowStatementSyntax { Expression: { } thrown }:
                    return Family(model.GetTypeInfo(thrown, cancellationToken).Type, family);
                case ThrowExpressionSyntax { Expression: { } thrown }:
                    return Family(model.GetTypeInfo(thrown, cancellationToken).Type, family);
                case InvocationExpressionSyntax invocation:
                    return model.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol { IsStatic: true } helper
                        ? Family(helper.ContainingType, family)
                        : null;
                default:
                    return null;
            }
        }

        private static ITypeSymbol? Family(ITypeSymbol? type, INamedTypeSymbol? family) =>
            type is { TypeKind: not TypeKind.Error } && family != null && type.InheritsOrImplements(family) ? type : null;
    }
}
