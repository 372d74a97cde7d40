namespace AsyncGuard.Analyzers.Blocking
{
    /// <summary>
    /// Corpus6 W8: `s.Close(); s.Dispose();` — the flagged `Dispose()` of a local (or by-value parameter) follows, in the same
    /// block, a `Close()` or `Dispose()` of the same variable, and no statement in between names the variable, carries a
    /// label or is a jump: the object is already closed, the `Dispose()` is a no-op. A `Close()` counts for the types whose
    /// `Close` is their disposal (`Stream`, `TextReader`, `TextWriter`, `BinaryReader`, `BinaryWriter`); a prior `Dispose()`
    /// for any type (disposal ignores calls after the first). Still reported: a `Close()` on another type, anything that
    /// names the variable in between (it may have been reassigned), a `Close()` under a condition or in another block.
    /// </summary>
    internal static class ClosedBeforeDispose
    {
        private static readonly string[] ClosedByClose = { "System.IO.Stream", "System.IO.TextReader", "System.IO.TextWriter", "System.IO.BinaryReader", "System.IO.BinaryWriter" };

        public static bool IsNoOp(IInvocationOperation operation, AsyncTypes types, CancellationToken cancellationToken)
        {
            if (operation.TargetMethod is not { Name: "Dispose", Parameters.Length: 0 }
                || operation.Instance is null
                || Variable(Invocations.WithoutImplicitConversions(operation.Instance)) is not { } variable
                || operation.Parent is not IExpressionStatementOperation { Syntax: ExpressionStatementSyntax statement }
                || statement.Parent is not BlockSyntax block
                || operation.SemanticModel is not { } model)
            {
                return false;
            }

            var index = block.Statements.IndexOf(statement);
            for (var i = index - 1; i >= 0 && i >= index - 8; i--)
            {
                var previous = block.Statements[i];
                if (previous is ExpressionStatementSyntax { Expression: InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0, Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Close" or "Dispose" } access } call }
                    && access.Expression is IdentifierNameSyntax { } receiver && receiver.Identifier.ValueText == variable.Name)
                {
                    return model.GetSymbolInfo(receiver, cancellationToken).Symbol.Is(variable)
                        && model.GetSymbolInfo(call, cancellationToken).Symbol is IMethodSymbol closing
                        && (closing.Name == "Dispose" || ClosesOnClose(closing.ContainingType, types));
                }

                if (Names(previous, variable.Name) || previous is LabeledStatementSyntax || HasJump(previous))
                {
                    return false;
                }
            }

            return false;
        }

        private static ISymbol? Variable(IOperation instance) => instance switch
        {
            ILocalReferenceOperation local when local.Local.RefKind == RefKind.None => local.Local,
            IParameterReferenceOperation parameter when parameter.Parameter.RefKind == RefKind.None => parameter.Parameter,
            _ => null,
        };

        private static bool ClosesOnClose(INamedTypeSymbol? type, AsyncTypes types)
        {
            foreach (var name in ClosedByClose)
            {
                if (type.InheritsOrImplements(types.TypeNamed(name)))
                {
                    return true;
                }
            }

            return false;
        }

        internal static bool Names(SyntaxNode node, string name)
        {
            foreach (var token in node.DescendantTokens())
            {
                if (token.IsKind(SyntaxKind.IdentifierToken) && token.ValueText == name)
                {
                    return true;
                }
            }

            return false;
        }

        internal static bool HasJump(SyntaxNode node)
        {
            foreach (var descendant in node.DescendantNodesAndSelf())
            {
                if (descendant is ReturnStatementSyntax or BreakStatementSyntax or ContinueStatementSyntax or GotoStatementSyntax
                    or ThrowStatementSyntax or YieldStatementSyntax or LabeledStatementSyntax)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
