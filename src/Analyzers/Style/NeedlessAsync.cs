namespace AsyncGuard.Analyzers.Style
{
    /// <summary>
    /// AG0504's reading: an async method or local function whose only await is the task it returns, in tail position
    /// (`return await X;`, `=> await X`, or a last `await X;` of a Task method), outside every try, using and lock, with no
    /// other return and the awaited type identical to the return type. Shared with AG0505 (one finding, one diagnostic)
    /// and AG0504's fix.
    /// </summary>
    internal static class NeedlessAsync
    {
        /// <summary>AG0504's ID (AG0505 asks whether it is on: one finding, one diagnostic).</summary>
        public const string RuleId = "AG0504";

        /// <summary>The tail await of a candidate declaration (syntax only), or null.</summary>
        public static AwaitExpressionSyntax? TailAwait(SyntaxNode declaration)
        {
            var (modifiers, body, arrow) = Parts(declaration);
            if (!modifiers.Any(SyntaxKind.AsyncKeyword))
            {
                return null;
            }

            AwaitExpressionSyntax? tail;
            if (arrow != null)
            {
                tail = arrow.Expression.WalkDownParentheses() as AwaitExpressionSyntax;
            }
            else if (body is { Statements: { Count: > 0 } statements })
            {
                tail = statements[statements.Count - 1] switch
                {
                    ReturnStatementSyntax { Expression: { } value } => value.WalkDownParentheses() as AwaitExpressionSyntax,
                    ExpressionStatementSyntax { Expression: AwaitExpressionSyntax awaited } => awaited,
                    _ => null,
                };

                // A using declaration of the body is disposed after the tail await: without async it would be disposed first.
                foreach (var statement in statements)
                {
                    if (statement is LocalDeclarationStatementSyntax { UsingKeyword.RawKind: (int)SyntaxKind.UsingKeyword })
                    {
                        return null;
                    }
                }
            }
            else
            {
                return null;
            }

            if (tail is null || tail.Expression.IsMissing)
            {
                return null;
            }

            // The tail await is the function's only await, and its only return.
            var tailReturn = tail.WalkUpParentheses().Parent as ReturnStatementSyntax;
            foreach (var node in AsyncModifier.OwnNodes((SyntaxNode?)body ?? arrow!))
            {
                if ((node != tail && AsyncModifier.Awaits(node)) || (node is ReturnStatementSyntax && node != tailReturn) || node is YieldStatementSyntax)
                {
                    return null;
                }
            }

            return tail;
        }

        /// <summary>
        /// Whether the declaration's async/await is needless: <paramref name="task"/> is the expression to return instead
        /// (the awaited operand without a boolean ConfigureAwait, whose type is the function's return type).
        /// </summary>
        public static bool IsNeedless(SyntaxNode declaration, SemanticModel model, AsyncTypes types, CancellationToken cancellationToken, out AwaitExpressionSyntax? tail, out ExpressionSyntax? task)
        {
            task = null;
            tail = TailAwait(declaration);
            if (tail is null || model.GetDeclaredSymbol(declaration, cancellationToken) is not IMethodSymbol { IsAsync: true, ReturnsVoid: false } method)
            {
                return false;
            }

            var operand = tail.Expression.WalkDownParentheses();
            if (operand is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" } access }
                && model.GetSymbolInfo(operand, cancellationToken).Symbol is IMethodSymbol { Parameters.Length: 1 } configure
                && configure.Parameters[0].Type.SpecialType == SpecialType.System_Boolean
                && types.IsTaskOrValueTask(configure.ContainingType))
            {
                // ConfigureAwait(bool) decides only where the method's own continuation runs: without an await there is none.
                operand = access.Expression.WalkDownParentheses();
            }

            // `await x?.M()` throws where x is null; the returned task would be null instead.
            for (var inner = operand; ; inner = ((PostfixUnaryExpressionSyntax)inner).Operand.WalkDownParentheses())
            {
                if (inner is ConditionalAccessExpressionSyntax)
                {
                    return false;
                }

                if (!inner.IsKind(SyntaxKind.SuppressNullableWarningExpression))
                {
                    break;
                }
            }

            var type = model.GetTypeInfo(operand, cancellationToken).Type;
            if (type is null || type.TypeKind == TypeKind.Error || type.NullableAnnotation == NullableAnnotation.Annotated
                || !SymbolEqualityComparer.Default.Equals(type, method.ReturnType))
            {
                return false;
            }

            task = operand;
            return true;
        }

        /// <summary>The modifiers, block body and expression body of a method or local function.</summary>
        public static (SyntaxTokenList Modifiers, BlockSyntax? Body, ArrowExpressionClauseSyntax? Arrow) Parts(SyntaxNode declaration) => declaration switch
        {
            MethodDeclarationSyntax m => (m.Modifiers, m.Body, m.ExpressionBody),
            LocalFunctionStatementSyntax l => (l.Modifiers, l.Body, l.ExpressionBody),
            _ => (default, null, null),
        };
    }
}
