namespace AsyncGuard.Analyzers.Cancellation
{
    /// <summary>
    /// AG0304 (issue 16, held-out wrong class ho3): the source's token reaches the function's return value through a local
    /// copy (`var t = cts.Token; .. return t;`) or through a linked source made from it whose own token is returned
    /// (`var linked = CreateLinkedTokenSource(outer, timeout.Token); .. return linked.Token;`). The caller's work runs on that
    /// token after the method returns, so the source must outlive it: `using` would stop the timer or cut the link. Asked
    /// only for a finding about to be reported; follows locals of the same function, a few steps deep.
    /// </summary>
    internal static class ReturnedTokenFlows
    {
        private const int MaxDepth = 4;

        public static bool ReachesReturn(LocalDeclarationStatementSyntax statement, ILocalSymbol source, SemanticModel model, AsyncTypes types, CancellationToken ct)
        {
            if (EnclosingFunction.Find(statement) is not { } function)
            {
                return false;
            }

            return SourceTokenReturned(source, function, model, types, ct, MaxDepth);
        }

        /// <summary>A `.Token` read of the source local flows to a `return`.</summary>
        private static bool SourceTokenReturned(ILocalSymbol source, SyntaxNode function, SemanticModel model, AsyncTypes types, CancellationToken ct, int depth)
        {
            if (depth == 0)
            {
                return false;
            }

            foreach (var identifier in NameReferences.Of(source, function, model, ct))
            {
                if (identifier.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Token" } token && token.Expression == identifier
                    && ValueReturned(token, function, model, types, ct, depth))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The token value is returned, copied to a local whose value is returned, or given to
        /// `CancellationTokenSource.CreateLinkedTokenSource(..)` whose source (kept in a local) has its token returned.
        /// </summary>
        private static bool ValueReturned(ExpressionSyntax value, SyntaxNode function, SemanticModel model, AsyncTypes types, CancellationToken ct, int depth)
        {
            var node = value;
            while (node.Parent is ParenthesizedExpressionSyntax parenthesized)
            {
                node = parenthesized;
            }

            switch (node.Parent)
            {
                case ReturnStatementSyntax or ArrowExpressionClauseSyntax:
                    // The function's own return, not a nested lambda's.
                    return EnclosingFunction.Find(node) == function;
                case EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator }
                    when model.GetDeclaredSymbol(declarator, ct) is ILocalSymbol copy && types.IsCancellationToken(copy.Type):
                    return LocalReturned(copy, function, model, types, ct, depth - 1);
                case AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression } assignment when assignment.Right == node
                    && model.GetSymbolInfo(assignment.Left, ct).Symbol is ILocalSymbol target && types.IsCancellationToken(target.Type):
                    return LocalReturned(target, function, model, types, ct, depth - 1);
                case ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax call } }
                    when call.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "CreateLinkedTokenSource" }
                        && model.GetSymbolInfo(call, ct).Symbol is IMethodSymbol { IsStatic: true } linker
                        && types.IsCancellationTokenSource(linker.ContainingType):
                    return LinkedSourceTokenReturned(call, function, model, types, ct, depth - 1);
                default:
                    return false;
            }
        }

        /// <summary>Some read of the token local is returned (directly or through a further copy or link).</summary>
        private static bool LocalReturned(ILocalSymbol local, SyntaxNode function, SemanticModel model, AsyncTypes types, CancellationToken ct, int depth)
        {
            if (depth == 0)
            {
                return false;
            }

            foreach (var identifier in NameReferences.Of(local, function, model, ct))
            {
                if (identifier.Parent is AssignmentExpressionSyntax assignment && assignment.Left == identifier)
                {
                    continue;
                }

                if (ValueReturned(identifier, function, model, types, ct, depth))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The linked source is kept in a local whose `.Token` is returned.</summary>
        private static bool LinkedSourceTokenReturned(InvocationExpressionSyntax call, SyntaxNode function, SemanticModel model, AsyncTypes types, CancellationToken ct, int depth)
        {
            ILocalSymbol? linked = call.Parent switch
            {
                EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator } => model.GetDeclaredSymbol(declarator, ct) as ILocalSymbol,
                AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression } assignment when assignment.Right == call
                    => model.GetSymbolInfo(assignment.Left, ct).Symbol as ILocalSymbol,
                _ => null,
            };
            return linked != null && types.IsCancellationTokenSource(linked.Type) && SourceTokenReturned(linked, function, model, types, ct, depth);
        }
    }
}
