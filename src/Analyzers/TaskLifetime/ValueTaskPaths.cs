namespace AsyncGuard.Analyzers.TaskLifetime
{
    /// <summary>
    /// The path questions of AG0208, answered on syntax (plus control-flow analysis of one statement): can two
    /// references run one after the other, does a reference run more than once, is a ValueTask proven complete.
    /// Deliberately simple: when unsure, two references count as being on one path.
    /// </summary>
    internal static class ValueTaskPaths
    {
        /// <summary>
        /// Whether <paramref name="first"/> (earlier in the text) and <paramref name="second"/> can both run: false when they
        /// are in different branches of one if/else, `?:`, switch, or when the path through the first always returns or throws.
        /// </summary>
        public static bool OnOnePath(SyntaxNode first, SyntaxNode second, SemanticModel model, CancellationToken cancellationToken)
        {
            SyntaxNode? common = first.Parent;
            while (common != null && !common.Span.Contains(second.Span))
            {
                common = common.Parent;
            }

            if (common is null)
            {
                return true;
            }

            if (InDifferentBranches(common, first, second))
            {
                return false;
            }

            for (var node = first.Parent; node != null && node != common; node = node.Parent)
            {
                switch (node)
                {
                    case AnonymousFunctionExpressionSyntax:
                    case LocalFunctionStatementSyntax:
                    case TryStatementSyntax:
                    case CatchClauseSyntax:
                    case FinallyClauseSyntax:
                        // A return there leaves another function; a throw there may be caught before the second use.
                        return true;
                    case StatementSyntax statement when AlwaysLeaves(statement, model, cancellationToken):
                        return false;
                }
            }

            return true;
        }

        /// <summary>
        /// Whether <paramref name="reference"/> sits in a loop that does not also contain the variable's declaration
        /// (so it runs once per iteration on the same ValueTask), and does not leave the loop right after.
        /// </summary>
        public static bool InLoopAroundDeclaration(SyntaxNode reference, SyntaxNode declaration)
        {
            for (var node = reference.Parent; node != null; node = node.Parent)
            {
                bool runsOnce;
                switch (node)
                {
                    case CommonForEachStatementSyntax forEach:
                        runsOnce = forEach.Expression.Span.Contains(reference.Span);
                        break;
                    case ForStatementSyntax forStatement:
                        runsOnce = (forStatement.Declaration?.Span.Contains(reference.Span) ?? false) || ContainsAny(forStatement.Initializers, reference);
                        if (forStatement.Declaration != null && forStatement.Declaration.Span.Contains(declaration.Span))
                        {
                            // `for (var vt = F(); ...)`: declared once in the head, used on every iteration.
                            return !runsOnce && !LeavesRightAfter(reference, node);
                        }

                        break;
                    case WhileStatementSyntax:
                    case DoStatementSyntax:
                        runsOnce = false;
                        break;
                    default:
                        if (node.Span.Contains(declaration.Span))
                        {
                            return false;
                        }

                        continue;
                }

                if (node.Span.Contains(declaration.Span))
                {
                    // Declared inside this loop's body: a fresh ValueTask on every iteration.
                    return false;
                }

                if (!runsOnce)
                {
                    return !LeavesRightAfter(reference, node);
                }
            }

            return false;
        }

        private static bool ContainsAny(SeparatedSyntaxList<ExpressionSyntax> expressions, SyntaxNode node)
        {
            foreach (var expression in expressions)
            {
                if (expression.Span.Contains(node.Span))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>`return await vt;`, or `await vt; break;` inside the loop: it runs at most once.</summary>
        private static bool LeavesRightAfter(SyntaxNode reference, SyntaxNode loop)
        {
            for (var node = reference.Parent; node != null && node != loop; node = node.Parent)
            {
                if (node is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)
                {
                    return false;
                }

                if (node is StatementSyntax statement)
                {
                    if (statement is ReturnStatementSyntax or ThrowStatementSyntax)
                    {
                        return true;
                    }

                    if (statement.Parent is BlockSyntax block)
                    {
                        var index = block.Statements.IndexOf(statement);
                        return index + 1 < block.Statements.Count
                            && block.Statements[index + 1] is BreakStatementSyntax or ReturnStatementSyntax or ThrowStatementSyntax;
                    }

                    return false;
                }
            }

            return false;
        }

        private static bool InDifferentBranches(SyntaxNode common, SyntaxNode first, SyntaxNode second)
        {
            switch (common)
            {
                case IfStatementSyntax ifStatement when ifStatement.Else != null:
                    return (Within(first, ifStatement.Statement) && Within(second, ifStatement.Else))
                        || (Within(first, ifStatement.Else) && Within(second, ifStatement.Statement));
                case ConditionalExpressionSyntax conditional:
                    return (Within(first, conditional.WhenTrue) && Within(second, conditional.WhenFalse))
                        || (Within(first, conditional.WhenFalse) && Within(second, conditional.WhenTrue));
                case SwitchStatementSyntax switchStatement:
                    // Both in sections (no fall-through in C#): different sections, since the section is not the common node.
                    return !Within(first, switchStatement.Expression) && !Within(second, switchStatement.Expression);
                case SwitchExpressionSyntax switchExpression:
                    return !Within(first, switchExpression.GoverningExpression) && !Within(second, switchExpression.GoverningExpression);
                default:
                    return false;
            }
        }

        private static bool Within(SyntaxNode node, SyntaxNode container) => container.Span.Contains(node.Span);

        /// <summary>The statement never completes normally and leaves only by return or throw (not break/continue/goto).</summary>
        private static bool AlwaysLeaves(StatementSyntax statement, SemanticModel model, CancellationToken cancellationToken)
        {
            switch (statement)
            {
                case ReturnStatementSyntax:
                case ThrowStatementSyntax:
                    return true;
                case BlockSyntax or IfStatementSyntax or SwitchStatementSyntax or UsingStatementSyntax or LockStatementSyntax or CheckedStatementSyntax or UnsafeStatementSyntax:
                    break;
                default:
                    return false;
            }

            cancellationToken.ThrowIfCancellationRequested();
            var flow = model.AnalyzeControlFlow(statement);
            if (flow is null || !flow.Succeeded || flow.EndPointIsReachable)
            {
                return false;
            }

            foreach (var exit in flow.ExitPoints)
            {
                if (exit is not (ReturnStatementSyntax or YieldStatementSyntax))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// Whether <paramref name="read"/> (a `.Result` or `GetResult()` of the ValueTask in <paramref name="symbol"/>) only runs
        /// once the ValueTask completed: in the true branch of `vt.IsCompleted` / `IsCompletedSuccessfully` / `IsFaulted` /
        /// `IsCanceled` (also after `&&`, in `?:`, in the else of `!vt.IsCompleted`), or after `if (!vt.IsCompleted) return;`.
        /// Unlike the blocking rules' exemption it looks at the polarity of the check.
        /// </summary>
        public static bool IsProvenComplete(SyntaxNode read, ISymbol symbol, SyntaxNode? function, SemanticModel model, CancellationToken cancellationToken)
        {
            SyntaxNode child = read;
            for (var node = read.Parent; node != null && node != function; child = node, node = node.Parent)
            {
                switch (node)
                {
                    case AnonymousFunctionExpressionSyntax:
                    case LocalFunctionStatementSyntax:
                        // A callback may run before or after the check: no proof across it.
                        return false;
                    case IfStatementSyntax ifStatement when child == ifStatement.Statement && Implies(ifStatement.Condition, true, symbol, model, cancellationToken):
                    case ElseClauseSyntax { Parent: IfStatementSyntax elseOf } when Implies(elseOf.Condition, false, symbol, model, cancellationToken):
                    case ConditionalExpressionSyntax conditional when (child == conditional.WhenTrue && Implies(conditional.Condition, true, symbol, model, cancellationToken))
                        || (child == conditional.WhenFalse && Implies(conditional.Condition, false, symbol, model, cancellationToken)):
                        return true;
                    case BinaryExpressionSyntax binary when child == binary.Right
                        && ((binary.IsKind(SyntaxKind.LogicalAndExpression) && Implies(binary.Left, true, symbol, model, cancellationToken))
                            || (binary.IsKind(SyntaxKind.LogicalOrExpression) && Implies(binary.Left, false, symbol, model, cancellationToken))):
                        return true;
                    case BlockSyntax block when EarlyExitGuard(block, child, symbol, model, cancellationToken):
                        return true;
                }
            }

            return false;
        }

        /// <summary>`if (!vt.IsCompleted) return/throw ...;` among the statements before <paramref name="child"/>.</summary>
        private static bool EarlyExitGuard(BlockSyntax block, SyntaxNode child, ISymbol symbol, SemanticModel model, CancellationToken cancellationToken)
        {
            foreach (var statement in block.Statements)
            {
                if (statement == child)
                {
                    return false;
                }

                if (statement is IfStatementSyntax { Else: null } guard
                    && Implies(guard.Condition, false, symbol, model, cancellationToken)
                    && AlwaysLeaves(guard.Statement, model, cancellationToken))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Whether <paramref name="condition"/> evaluating to <paramref name="value"/> proves the ValueTask complete.</summary>
        private static bool Implies(ExpressionSyntax condition, bool value, ISymbol symbol, SemanticModel model, CancellationToken cancellationToken)
        {
            switch (condition.WalkDownParentheses())
            {
                case PrefixUnaryExpressionSyntax not when not.IsKind(SyntaxKind.LogicalNotExpression):
                    return Implies(not.Operand, !value, symbol, model, cancellationToken);
                case BinaryExpressionSyntax conjunction when conjunction.IsKind(SyntaxKind.LogicalAndExpression):
                    return value
                        ? Implies(conjunction.Left, true, symbol, model, cancellationToken) || Implies(conjunction.Right, true, symbol, model, cancellationToken)
                        : Implies(conjunction.Left, false, symbol, model, cancellationToken) && Implies(conjunction.Right, false, symbol, model, cancellationToken);
                case BinaryExpressionSyntax disjunction when disjunction.IsKind(SyntaxKind.LogicalOrExpression):
                    return value
                        ? Implies(disjunction.Left, true, symbol, model, cancellationToken) && Implies(disjunction.Right, true, symbol, model, cancellationToken)
                        : Implies(disjunction.Left, false, symbol, model, cancellationToken) || Implies(disjunction.Right, false, symbol, model, cancellationToken);
                case MemberAccessExpressionSyntax access when value && IsCompletionFlag(access.Name.Identifier.ValueText):
                    return model.GetSymbolInfo(access.Expression, cancellationToken).Symbol.Is(symbol);
                case IsPatternExpressionSyntax { Pattern: RecursivePatternSyntax { PropertyPatternClause: { } clause } } isPattern when value && HasTrueFlag(clause):
                    return model.GetSymbolInfo(isPattern.Expression, cancellationToken).Symbol.Is(symbol);
                default:
                    return false;
            }
        }

        /// <summary>`{ IsCompleted: true }` and the like.</summary>
        private static bool HasTrueFlag(PropertyPatternClauseSyntax clause)
        {
            foreach (var sub in clause.Subpatterns)
            {
                if (sub.NameColon is { } nameColon && IsCompletionFlag(nameColon.Name.Identifier.ValueText)
                    && sub.Pattern is ConstantPatternSyntax { Expression: LiteralExpressionSyntax literal } && literal.IsKind(SyntaxKind.TrueLiteralExpression))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsCompletionFlag(string name) => name is "IsCompleted" or "IsCompletedSuccessfully" or "IsFaulted" or "IsCanceled";
    }
}
