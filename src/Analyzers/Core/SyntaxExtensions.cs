namespace AsyncGuard.Analyzers.Core
{
    /// <summary>Syntax helpers every family uses: the parentheses (casts, `!`) around and inside an expression.</summary>
    internal static class SyntaxExtensions
    {
        /// <summary>
        /// The outermost expression of the parentheses around <paramref name="node"/> (with <paramref name="throughCasts"/>,
        /// of the parentheses and casts); the node itself when nothing wraps it.
        /// </summary>
        public static SyntaxNode WalkUpParentheses(this SyntaxNode node, bool throughCasts = false)
        {
            while (node.Parent is ParenthesizedExpressionSyntax || (throughCasts && node.Parent is CastExpressionSyntax))
            {
                node = node.Parent;
            }

            return node;
        }

        /// <summary>
        /// The outermost expression of the parentheses around <paramref name="expression"/> (with <paramref name="throughCasts"/>,
        /// of the parentheses and casts); the expression itself when nothing wraps it.
        /// </summary>
        public static ExpressionSyntax WalkUpParentheses(this ExpressionSyntax expression, bool throughCasts = false) =>
            (ExpressionSyntax)((SyntaxNode)expression).WalkUpParentheses(throughCasts);

        /// <summary>
        /// The expression inside any parentheses (with <paramref name="throughCasts"/>, also inside casts; with
        /// <paramref name="throughSuppressions"/>, also inside null-forgiving `!`); the expression itself when nothing wraps it.
        /// </summary>
        public static ExpressionSyntax WalkDownParentheses(this ExpressionSyntax expression, bool throughCasts = false, bool throughSuppressions = false)
        {
            while (true)
            {
                switch (expression)
                {
                    case ParenthesizedExpressionSyntax parenthesized:
                        expression = parenthesized.Expression;
                        continue;
                    case CastExpressionSyntax cast when throughCasts:
                        expression = cast.Expression;
                        continue;
                    case PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression } suppressed when throughSuppressions:
                        expression = suppressed.Operand;
                        continue;
                    default:
                        return expression;
                }
            }
        }
    }
}
