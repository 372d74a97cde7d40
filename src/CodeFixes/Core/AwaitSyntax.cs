namespace AsyncGuard.CodeFixes.Core
{
    /// <summary>Builds `await x` so that it reads and binds as intended where it replaces an expression.</summary>
    internal static class AwaitSyntax
    {
        /// <summary>
        /// `await operand`, taking over the trivia of <paramref name="replaced"/> and parenthesised when the
        /// place of <paramref name="original"/> binds tighter than a unary operator (`t.Result.Length` -> `(await t).Length`).
        /// </summary>
        public static ExpressionSyntax Await(ExpressionSyntax operand, SyntaxNode original, SyntaxNode replaced)
        {
            ExpressionSyntax result = SyntaxFactory.AwaitExpression(
                SyntaxFactory.Token(SyntaxKind.AwaitKeyword).WithTrailingTrivia(SyntaxFactory.Space),
                ParenthesizeOperand(operand.WithoutTrivia()));
            if (NeedsParentheses(original))
            {
                result = SyntaxFactory.ParenthesizedExpression(result);
            }

            return result.WithLeadingTrivia(replaced.GetLeadingTrivia()).WithTrailingTrivia(replaced.GetTrailingTrivia());
        }

        /// <summary>Whether an await expression standing where <paramref name="original"/> stands needs parentheses.</summary>
        public static bool NeedsParentheses(SyntaxNode original) => original.Parent switch
        {
            MemberAccessExpressionSyntax access => access.Expression == original,
            ConditionalAccessExpressionSyntax conditional => conditional.Expression == original,
            ElementAccessExpressionSyntax element => element.Expression == original,
            InvocationExpressionSyntax invocation => invocation.Expression == original,
            PostfixUnaryExpressionSyntax => true,
            _ => false,
        };

        private static ExpressionSyntax ParenthesizeOperand(ExpressionSyntax operand) => operand switch
        {
            IdentifierNameSyntax or GenericNameSyntax or MemberAccessExpressionSyntax or InvocationExpressionSyntax
                or ElementAccessExpressionSyntax or ParenthesizedExpressionSyntax or AwaitExpressionSyntax
                or ObjectCreationExpressionSyntax or ImplicitObjectCreationExpressionSyntax or ThisExpressionSyntax
                or LiteralExpressionSyntax or ConditionalAccessExpressionSyntax or QualifiedNameSyntax => operand,
            _ => SyntaxFactory.ParenthesizedExpression(operand),
        };
    }
}
