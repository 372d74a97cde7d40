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

        /// <summary>`this.name` when <paramref name="name"/> is qualified by `this.`, the name itself otherwise: the expression
        /// whose parent says how a field or property is used.</summary>
        public static ExpressionSyntax WithThisQualifier(this SimpleNameSyntax name) =>
            name.Parent is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } qualified && qualified.Name == name ? qualified : name;

        /// <summary>
        /// The name is written where it stands: the target of an assignment (also inside a tuple being assigned), a ref/out
        /// argument, a `ref` expression, or an increment/decrement (`!x` and `x!` are reads).
        /// </summary>
        public static bool IsWritePosition(this ExpressionSyntax identifier)
        {
            SyntaxNode node = identifier;
            while (node.Parent is ParenthesizedExpressionSyntax)
            {
                node = node.Parent;
            }

            for (var ancestor = node.Parent; ancestor != null; ancestor = ancestor.Parent)
            {
                switch (ancestor)
                {
                    case AssignmentExpressionSyntax assignment:
                        return assignment.Left.Span.Contains(identifier.Span);
                    case ArgumentSyntax argument when argument.Expression == node:
                        return !argument.RefKindKeyword.IsKind(SyntaxKind.None);
                    case ArgumentSyntax or TupleExpressionSyntax:
                        // `(done, x) = ..`: look on up to the assignment.
                        continue;
                    case RefExpressionSyntax:
                        return true;
                    case PrefixUnaryExpressionSyntax prefix:
                        return !prefix.IsKind(SyntaxKind.LogicalNotExpression);
                    case PostfixUnaryExpressionSyntax postfix:
                        return !postfix.IsKind(SyntaxKind.SuppressNullableWarningExpression);
                    default:
                        return false;
                }
            }

            return false;
        }
    }
}
