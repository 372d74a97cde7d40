namespace AsyncGuard.Analyzers.Blocking
{
    /// <summary>
    /// For a candidate call of AG0102 (held-out linq2db, ho5): the sync call X(..) is the fallback of a capability probe.
    /// Earlier in an enclosing block of the same function, an `if` without an else tests a value against null
    /// (`x != null`, `null != x`, `x is not null`, `x is { }`), and its body always leaves the function (it is, or ends with,
    /// a `return` or `throw`) after awaiting the async alternative XAsync(..) on the same receiver. The code tries the twin
    /// first and reaches X only where the probe found the async capability missing: the rule's advice is the branch
    /// above, which the code already takes whenever it can.
    /// <para>
    /// Decided on syntax first (the block walk, the probe's shape, the awaited name), the operation of the twin last.
    /// </para>
    /// Still reported (the nearest cases): a guard that is not a null test (`if (rows > 1000) return await XAsync(..);`
    /// leaves small batches blocking by choice of size, not of capability); a guarded body that can fall through to the
    /// sync call; a twin awaited after the sync call, in another branch that does not exit, on another receiver, or only
    /// started; a probe in another function (a lambda or local function between them).
    /// </summary>
    internal static class ProbedTwinFallbacks
    {
        public static bool IsFallback(IInvocationOperation call, string alternativeName, CancellationToken cancellationToken)
        {
            if (call.SemanticModel is not { } model)
            {
                return false;
            }

            for (SyntaxNode? child = call.Syntax, parent = call.Syntax.Parent; parent != null; child = parent, parent = parent.Parent)
            {
                if (parent is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax or CompilationUnitSyntax)
                {
                    return false;
                }

                if (parent is not BlockSyntax block || child is not StatementSyntax statement)
                {
                    continue;
                }

                var index = block.Statements.IndexOf(statement);
                for (var i = index - 1; i >= 0; i--)
                {
                    if (block.Statements[i] is IfStatementSyntax { Else: null } probe
                        && IsNullTest(probe.Condition)
                        && AlwaysLeaves(probe.Statement)
                        && FlagChosenTwins.AwaitsTwin(probe.Statement, call, alternativeName, model, cancellationToken))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static bool IsNullTest(ExpressionSyntax condition) => condition.WalkDownParentheses() switch
        {
            BinaryExpressionSyntax { RawKind: (int)SyntaxKind.NotEqualsExpression } binary =>
                binary.Left.WalkDownParentheses().IsKind(SyntaxKind.NullLiteralExpression) != binary.Right.WalkDownParentheses().IsKind(SyntaxKind.NullLiteralExpression),
            IsPatternExpressionSyntax { Pattern: UnaryPatternSyntax { Pattern: ConstantPatternSyntax { Expression: var constant } } not } =>
                not.OperatorToken.IsKind(SyntaxKind.NotKeyword) && constant.WalkDownParentheses().IsKind(SyntaxKind.NullLiteralExpression),
            IsPatternExpressionSyntax { Pattern: RecursivePatternSyntax { Type: null, PositionalPatternClause: null, PropertyPatternClause.Subpatterns.Count: 0, Designation: null } } => true,
            _ => false,
        };

        /// <summary>The body is a `return`/`throw`, or a block whose last statement is one.</summary>
        private static bool AlwaysLeaves(StatementSyntax body)
        {
            while (body is BlockSyntax { Statements.Count: > 0 } block)
            {
                body = block.Statements[block.Statements.Count - 1];
            }

            return body is ReturnStatementSyntax or ThrowStatementSyntax;
        }
    }
}
