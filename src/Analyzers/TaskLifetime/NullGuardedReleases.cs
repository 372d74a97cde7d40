using System.Linq;

namespace AsyncGuard.Analyzers.TaskLifetime
{
    /// <summary>
    /// AG0204's finally-block releases that a null test of a local skips on the returning path (issue 16, fifteenth pass,
    /// held-out DotNetty's message encoder: a finally that writes out and returns a pooled list only `if (output != null)`,
    /// while the pass-through branch returns its task with that list never made). The release stands under
    /// `if (x != null)` / `if (x is not null)` / `if (x is { })` (also as a conjunct of `&amp;&amp;`), in the else of
    /// `if (x == null)` / `if (x is null)`, or is `x?.M(..)` itself, and the local <c>x</c> is null on every path to the
    /// return: walking from the return up to the function, the nearest write met on the way (statements before it in each
    /// enclosing block, the declaration included; the other branch of an enclosing <c>if</c> is not on the way) stores
    /// <c>null</c> or <c>default</c>. The finally then gives back nothing of the returned task.
    /// Unknown, so still reported: a preceding statement that writes the local only in part (a branch, a loop), a loop
    /// around the return that writes it, a write in the try block before a catch that returns, a write in a lambda or
    /// local function or through ref/out, a write in the finally or in the returned expression, a field or parameter
    /// guard, a local declared without a value, and any name that does not bind to a local (half-typed code).
    /// </summary>
    internal static class NullGuardedReleases
    {
        /// <summary>Whether a null test of a local that is null at <paramref name="returnStatement"/> skips <paramref name="name"/>.</summary>
        public static bool SkippedAt(IdentifierNameSyntax name, BlockSyntax finallyBlock, ReturnStatementSyntax returnStatement, SyntaxNode function, SemanticModel model, CancellationToken ct)
        {
            // Syntax first: the release itself is `x?.M()`, or it stands in a branch a null test of a local chooses.
            if (name.Parent is ConditionalAccessExpressionSyntax conditional && conditional.Expression == name
                && IsNullOnTheWay(name, finallyBlock, returnStatement, function, model, ct))
            {
                return true;
            }

            SyntaxNode child = name;
            for (var current = name.Parent; current != null && current != finallyBlock; child = current, current = current.Parent)
            {
                if (current is not IfStatementSyntax ifStatement)
                {
                    continue;
                }

                var tested = child == ifStatement.Statement ? NonNullTested(ifStatement.Condition)
                    : child == ifStatement.Else ? NullTested(ifStatement.Condition)
                    : null;
                foreach (var local in tested ?? [])
                {
                    if (IsNullOnTheWay(local, finallyBlock, returnStatement, function, model, ct))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>The names a condition proves non-null when true: `x != null`, `null != x`, `x is not null`, `x is { }`, and conjuncts of `&amp;&amp;`.</summary>
        private static IEnumerable<IdentifierNameSyntax> NonNullTested(ExpressionSyntax condition)
        {
            condition = Unparenthesize(condition);
            switch (condition)
            {
                case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.LogicalAndExpression):
                    foreach (var left in NonNullTested(binary.Left))
                    {
                        yield return left;
                    }

                    foreach (var right in NonNullTested(binary.Right))
                    {
                        yield return right;
                    }

                    break;
                case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.NotEqualsExpression) && ComparedWithNull(binary) is { } compared:
                    yield return compared;
                    break;
                case IsPatternExpressionSyntax { Expression: IdentifierNameSyntax tested, Pattern: var pattern }
                    when pattern is UnaryPatternSyntax { Pattern: ConstantPatternSyntax { Expression: var constant } } not
                        && not.OperatorToken.IsKind(SyntaxKind.NotKeyword) && IsNullLiteral(constant)
                    || pattern is RecursivePatternSyntax { Type: null, Designation: null, PositionalPatternClause: null, PropertyPatternClause.Subpatterns.Count: 0 }:
                    yield return tested;
                    break;
            }
        }

        /// <summary>The name a condition proves null when true: `x == null`, `null == x`, `x is null`.</summary>
        private static IEnumerable<IdentifierNameSyntax> NullTested(ExpressionSyntax condition)
        {
            condition = Unparenthesize(condition);
            if (condition is BinaryExpressionSyntax binary && binary.IsKind(SyntaxKind.EqualsExpression) && ComparedWithNull(binary) is { } compared)
            {
                yield return compared;
            }
            else if (condition is IsPatternExpressionSyntax { Expression: IdentifierNameSyntax tested, Pattern: ConstantPatternSyntax { Expression: var constant } } && IsNullLiteral(constant))
            {
                yield return tested;
            }
        }

        private static IdentifierNameSyntax? ComparedWithNull(BinaryExpressionSyntax binary) =>
            binary.Left is IdentifierNameSyntax left && IsNullLiteral(binary.Right) ? left
            : binary.Right is IdentifierNameSyntax right && IsNullLiteral(binary.Left) ? right
            : null;

        private static bool IsNullLiteral(ExpressionSyntax expression) => Unparenthesize(expression).IsKind(SyntaxKind.NullLiteralExpression);

        private static bool IsNullValue(ExpressionSyntax expression) =>
            Unparenthesize(expression).Kind() is SyntaxKind.NullLiteralExpression or SyntaxKind.DefaultLiteralExpression or SyntaxKind.DefaultExpression;

        private static ExpressionSyntax Unparenthesize(ExpressionSyntax expression)
        {
            while (expression is ParenthesizedExpressionSyntax parenthesized)
            {
                expression = parenthesized.Expression;
            }

            return expression;
        }

        /// <summary>Whether <paramref name="tested"/> names a local of the function that holds null where the task is returned and when the finally runs.</summary>
        private static bool IsNullOnTheWay(IdentifierNameSyntax tested, BlockSyntax finallyBlock, ReturnStatementSyntax returnStatement, SyntaxNode function, SemanticModel model, CancellationToken ct)
        {
            var text = tested.Identifier.ValueText;

            // Syntax: no write in the finally, in the returned expression, or in any lambda or local function of the function.
            if (WritesIn(finallyBlock, text) || WritesIn(returnStatement, text) || WrittenInNestedFunction(function, text)
                || NearestWriteOnTheWay(text, returnStatement, function) is not { } value || !IsNullValue(value))
            {
                return false;
            }

            // Semantics last: the name binds to a local declared in this function (not a field, a parameter, an outer local).
            return model.GetSymbolInfo(tested, ct).Symbol is ILocalSymbol local
                && local.DeclaringSyntaxReferences.Length == 1
                && function.Span.Contains(local.DeclaringSyntaxReferences[0].Span);
        }

        /// <summary>
        /// The value the nearest write before the return on its way stores into <paramref name="text"/>: the statements before
        /// the return's ancestor in each enclosing block or switch section, nearest first, up to the declaration. Null when
        /// unknown: a statement that writes it in part, a loop around the return that writes it, a catch after a try block
        /// that writes it, or no declaration with a value.
        /// </summary>
        private static ExpressionSyntax? NearestWriteOnTheWay(string text, ReturnStatementSyntax returnStatement, SyntaxNode function)
        {
            SyntaxNode child = returnStatement;
            for (var current = returnStatement.Parent; current != null && current != function; child = current, current = current.Parent)
            {
                switch (current)
                {
                    case ForStatementSyntax or ForEachStatementSyntax or WhileStatementSyntax or DoStatementSyntax when WritesIn(current, text):
                        return null;
                    case IfStatementSyntax ifStatement when WritesIn(ifStatement.Condition, text):
                        return null;
                    case CatchClauseSyntax { Parent: TryStatementSyntax tryStatement } when WritesIn(tryStatement.Block, text):
                        return null;
                    case BlockSyntax block:
                        if (WriteBefore(block.Statements, child, text, out var written))
                        {
                            return written;
                        }

                        break;
                    case SwitchSectionSyntax section:
                        if (WriteBefore(section.Statements, child, text, out var inSection))
                        {
                            return inSection;
                        }

                        break;
                }
            }

            return null;
        }

        /// <summary>Whether a statement before <paramref name="child"/> writes <paramref name="text"/>; <paramref name="value"/> is what the nearest stores, null when only in part.</summary>
        private static bool WriteBefore(SyntaxList<StatementSyntax> statements, SyntaxNode child, string text, out ExpressionSyntax? value)
        {
            var index = statements.IndexOf((StatementSyntax)child);
            for (var i = index - 1; i >= 0; i--)
            {
                switch (statements[i])
                {
                    case LocalDeclarationStatementSyntax declaration when Declares(declaration, text, out var declarator):
                        value = declarator!.Initializer?.Value;
                        return true;
                    case ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax { Left: IdentifierNameSyntax target } assignment }
                        when assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) && target.Identifier.ValueText == text && !WritesIn(assignment.Right, text):
                        value = assignment.Right;
                        return true;
                    case var statement when WritesIn(statement, text):
                        value = null;
                        return true;
                }
            }

            value = null;
            return false;
        }

        private static bool Declares(LocalDeclarationStatementSyntax declaration, string text, out VariableDeclaratorSyntax? found)
        {
            foreach (var variable in declaration.Declaration.Variables)
            {
                if (variable.Identifier.ValueText == text)
                {
                    found = variable;
                    return true;
                }
            }

            found = null;
            return false;
        }

        /// <summary>Any assignment, increment, ref/out argument or declaration of <paramref name="text"/> inside <paramref name="node"/>.</summary>
        private static bool WritesIn(SyntaxNode node, string text)
        {
            foreach (var descendant in node.DescendantNodesAndSelf())
            {
                switch (descendant)
                {
                    case AssignmentExpressionSyntax { Left: var left } when Names(left, text):
                    case PrefixUnaryExpressionSyntax { Operand: var operand } when Names(operand, text):
                    case PostfixUnaryExpressionSyntax { Operand: var postOperand } when Names(postOperand, text):
                    case ArgumentSyntax { RefKindKeyword.RawKind: not 0, Expression: var argument } when Names(argument, text):
                    case VariableDeclaratorSyntax { Identifier.ValueText: var declared } when declared == text:
                    case SingleVariableDesignationSyntax { Identifier.ValueText: var designated } when designated == text:
                        return true;
                }
            }

            return false;
        }

        private static bool Names(ExpressionSyntax expression, string text) =>
            Unparenthesize(expression) is IdentifierNameSyntax name && name.Identifier.ValueText == text
            || expression is TupleExpressionSyntax tuple && tuple.Arguments.Any(a => Names(a.Expression, text));

        private static bool WrittenInNestedFunction(SyntaxNode function, string text)
        {
            foreach (var node in function.DescendantNodes())
            {
                if (node is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax && WritesIn(node, text))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
