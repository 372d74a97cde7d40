using System.Linq;

namespace AsyncGuard.Analyzers.TaskLifetime
{
    /// <summary>
    /// AG0211 (issue 16, fourteenth pass, corpus16lib: RepoDB's <c>if (cache != null &amp;&amp; ..) { .. await cache?.GetAsync(..) .. }</c>):
    /// the receiver of the awaited <c>x?.M()</c> is a local or parameter that a test on the way to the await has already
    /// shown to be non-null, and that nothing in the member ever assigns again, so the awaited value is never null and the
    /// <c>await</c> never throws: the <c>?.</c> is only redundant (a style matter, not this rule's bug).
    /// <para>
    /// The tests that count, read from the bound operations (never from names): <c>x != null</c>, <c>null != x</c>,
    /// <c>!(x == null)</c>, <c>x is not null</c>, <c>x is T</c>, <c>x is T t</c>, <c>x is { }</c>, and their combinations
    /// with <c>&amp;&amp;</c>, <c>||</c> and <c>!</c> as far as they decide the receiver. They count where they dominate the await:
    /// the then-branch of an <c>if</c> (the else branch for a test that fails), the arms of <c>?:</c>, the right operand of
    /// <c>&amp;&amp;</c> / <c>||</c>, the body of a <c>while</c>, and the statements after <c>if (x == null) return;</c> (or
    /// <c>throw</c>, <c>break</c>, <c>continue</c>, or a block ending in one with no <c>goto</c>) in the same or an enclosing
    /// block. A user-defined <c>==</c> decides nothing. The walk stops at a local function (it may run before the test).
    /// </para>
    /// <para>
    /// Still reported: a field or property receiver (another thread may clear it), a <c>ref</c> parameter or local, a local or
    /// parameter assigned anywhere in the member (also in a lambda, as a <c>ref</c>/<c>out</c> argument, by <c>++</c> or a
    /// deconstruction), a test that does not decide the receiver (<c>if (x == null &amp;&amp; flag) return;</c>), a test
    /// inside a local function's caller.
    /// </para>
    /// </summary>
    internal static class NonNullReceivers
    {
        public static bool IsProven(IConditionalAccessOperation conditional, CancellationToken cancellationToken)
        {
            var receiver = Invocations.WithoutImplicitConversions(conditional.Operation);

            ISymbol? symbol = receiver switch
            {
                ILocalReferenceOperation { Local: { RefKind: RefKind.None } local } => local,
                IParameterReferenceOperation { Parameter: { RefKind: RefKind.None } parameter } => parameter,
                _ => null,
            };
            // `a?.b?.M()`: a non-null `a` still leaves the inner `?.` free to give null.
            var whenNotNull = conditional.WhenNotNull;
            while (whenNotNull is IConversionOperation { IsImplicit: true } inner)
            {
                whenNotNull = inner.Operand;
            }

            var model = conditional.SemanticModel;
            if (symbol is null || whenNotNull is IConditionalAccessOperation || model is null || Member(conditional.Syntax) is not { } member || IsWritten(member, symbol, model, cancellationToken))
            {
                return false;
            }

            SyntaxNode child = conditional.Syntax;
            for (var current = child.Parent; current != null && current != member; child = current, current = current.Parent)
            {
                switch (current)
                {
                    case LocalFunctionStatementSyntax:
                        return false;
                    case IfStatementSyntax ifStatement when child == ifStatement.Statement:
                        if (Proves(ifStatement.Condition, symbol, true, model, cancellationToken))
                        {
                            return true;
                        }

                        break;
                    case ElseClauseSyntax { Parent: IfStatementSyntax elseOf }:
                        if (Proves(elseOf.Condition, symbol, false, model, cancellationToken))
                        {
                            return true;
                        }

                        break;
                    case WhileStatementSyntax loop when child == loop.Statement:
                        if (Proves(loop.Condition, symbol, true, model, cancellationToken))
                        {
                            return true;
                        }

                        break;
                    case ConditionalExpressionSyntax choice when child == choice.WhenTrue || child == choice.WhenFalse:
                        if (Proves(choice.Condition, symbol, child == choice.WhenTrue, model, cancellationToken))
                        {
                            return true;
                        }

                        break;
                    case BinaryExpressionSyntax binary when child == binary.Right
                        && (binary.IsKind(SyntaxKind.LogicalAndExpression) || binary.IsKind(SyntaxKind.LogicalOrExpression)):
                        if (Proves(binary.Left, symbol, binary.IsKind(SyntaxKind.LogicalAndExpression), model, cancellationToken))
                        {
                            return true;
                        }

                        break;
                    case BlockSyntax block when child is StatementSyntax statement:
                        if (GuardedBefore(block.Statements, statement, symbol, model, cancellationToken))
                        {
                            return true;
                        }

                        break;
                    case SwitchSectionSyntax section when child is StatementSyntax sectionStatement:
                        if (GuardedBefore(section.Statements, sectionStatement, symbol, model, cancellationToken))
                        {
                            return true;
                        }

                        break;
                }
            }

            return false;
        }

        /// <summary>The member (method, accessor, constructor, operator, property or field initializer) the await belongs to.</summary>
        private static SyntaxNode? Member(SyntaxNode node)
        {
            for (var current = node.Parent; current != null; current = current.Parent)
            {
                if (current is GlobalStatementSyntax)
                {
                    // Top-level statements share their locals: the whole file is the member.
                    return current.Parent;
                }

                if (current is MemberDeclarationSyntax or AccessorDeclarationSyntax or CompilationUnitSyntax)
                {
                    return current is AccessorDeclarationSyntax { Parent.Parent: { } property } ? property : current;
                }
            }

            return null;
        }

        /// <summary>`if (test) exit;` before <paramref name="statement"/> in the same list, with a test whose failure proves the receiver.</summary>
        private static bool GuardedBefore(SyntaxList<StatementSyntax> statements, StatementSyntax statement, ISymbol symbol, SemanticModel model, CancellationToken cancellationToken)
        {
            foreach (var earlier in statements)
            {
                if (earlier == statement)
                {
                    return false;
                }

                if (earlier is IfStatementSyntax { Else: null } guard && AlwaysLeaves(guard.Statement)
                    && Proves(guard.Condition, symbol, false, model, cancellationToken))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool AlwaysLeaves(StatementSyntax statement)
        {
            switch (statement)
            {
                case ReturnStatementSyntax or ThrowStatementSyntax or BreakStatementSyntax or ContinueStatementSyntax:
                    return true;
                case BlockSyntax { Statements.Count: > 0 } block:
                    return AlwaysLeaves(block.Statements[block.Statements.Count - 1])
                        && !block.DescendantNodes().Any(node => node is GotoStatementSyntax or LabeledStatementSyntax);
                default:
                    return false;
            }
        }

        /// <summary>The test, evaluating to <paramref name="outcome"/>, shows <paramref name="symbol"/> non-null.</summary>
        private static bool Proves(ExpressionSyntax condition, ISymbol symbol, bool outcome, SemanticModel model, CancellationToken cancellationToken)
            => model.GetOperation(condition, cancellationToken) is { } operation && Proves(operation, symbol, outcome);

        private static bool Proves(IOperation operation, ISymbol symbol, bool outcome)
        {
            while (operation is IConversionOperation { IsImplicit: true } conversion)
            {
                operation = conversion.Operand;
            }

            switch (operation)
            {
                case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not, OperatorMethod: null } not:
                    return Proves(not.Operand, symbol, !outcome);
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd, OperatorMethod: null } and:
                    return outcome
                        ? Proves(and.LeftOperand, symbol, true) || Proves(and.RightOperand, symbol, true)
                        : Proves(and.LeftOperand, symbol, false) && Proves(and.RightOperand, symbol, false);
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr, OperatorMethod: null } or:
                    return outcome
                        ? Proves(or.LeftOperand, symbol, true) && Proves(or.RightOperand, symbol, true)
                        : Proves(or.LeftOperand, symbol, false) || Proves(or.RightOperand, symbol, false);
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.NotEquals or BinaryOperatorKind.Equals, OperatorMethod: null } comparison:
                    var provedWhen = comparison.OperatorKind == BinaryOperatorKind.NotEquals;
                    return outcome == provedWhen
                        && ((Is(comparison.LeftOperand, symbol) && IsNull(comparison.RightOperand))
                            || (Is(comparison.RightOperand, symbol) && IsNull(comparison.LeftOperand)));
                case IIsTypeOperation isType:
                    return outcome && Is(isType.ValueOperand, symbol);
                case IIsPatternOperation isPattern when Is(isPattern.Value, symbol):
                    return isPattern.Pattern switch
                    {
                        INegatedPatternOperation { Pattern: IConstantPatternOperation constant } => outcome && IsNull(constant.Value),
                        IConstantPatternOperation constant => !outcome && IsNull(constant.Value),
                        IDeclarationPatternOperation declaration => outcome && !declaration.MatchesNull,
                        ITypePatternOperation or IRecursivePatternOperation => outcome,
                        _ => false,
                    };
                default:
                    return false;
            }
        }

        private static bool Is(IOperation operation, ISymbol symbol)
        {
            while (operation is IConversionOperation { IsImplicit: true } conversion)
            {
                operation = conversion.Operand;
            }

            return operation switch
            {
                ILocalReferenceOperation local => SymbolEqualityComparer.Default.Equals(local.Local, symbol),
                IParameterReferenceOperation parameter => SymbolEqualityComparer.Default.Equals(parameter.Parameter, symbol),
                _ => false,
            };
        }

        private static bool IsNull(IOperation operation)
        {
            while (operation is IConversionOperation conversion)
            {
                operation = conversion.Operand;
            }

            return operation is ILiteralOperation { ConstantValue: { HasValue: true, Value: null } }
                || operation is IDefaultValueOperation { ConstantValue: { HasValue: true, Value: null } };
        }

        /// <summary>
        /// <paramref name="symbol"/> is the target of an assignment, compound assignment, ++/--, a ref/out argument or a
        /// deconstruction anywhere in <paramref name="member"/> (lambdas and local functions included).
        /// </summary>
        internal static bool IsWritten(SyntaxNode member, ISymbol symbol, SemanticModel model, CancellationToken cancellationToken)
        {
            foreach (var node in member.DescendantNodes())
            {
                if (node is not IdentifierNameSyntax identifier || identifier.Identifier.ValueText != symbol.Name || !IsWritePosition(identifier))
                {
                    continue;
                }

                // Only a name in a write position is bound: rare, and cheap enough.
                var bound = model.GetSymbolInfo(identifier, cancellationToken).Symbol;
                if (bound is null || SymbolEqualityComparer.Default.Equals(bound, symbol))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsWritePosition(ExpressionSyntax name)
        {
            SyntaxNode node = name;
            while (node.Parent is ParenthesizedExpressionSyntax)
            {
                node = node.Parent;
            }

            switch (node.Parent)
            {
                case AssignmentExpressionSyntax assignment when assignment.Left == node:
                    return true;
                case PrefixUnaryExpressionSyntax prefix when prefix.IsKind(SyntaxKind.PreIncrementExpression) || prefix.IsKind(SyntaxKind.PreDecrementExpression):
                    return true;
                case PostfixUnaryExpressionSyntax postfix when postfix.IsKind(SyntaxKind.PostIncrementExpression) || postfix.IsKind(SyntaxKind.PostDecrementExpression):
                    return true;
                case ArgumentSyntax argument when !argument.RefKindKeyword.IsKind(SyntaxKind.None) && !argument.RefKindKeyword.IsKind(SyntaxKind.InKeyword):
                    return true;
                case ArgumentSyntax { Parent: TupleExpressionSyntax }:
                    // A tuple element on the left of a deconstruction (possibly nested).
                    for (SyntaxNode? up = node.Parent.Parent; up != null; up = up.Parent)
                    {
                        if (up is AssignmentExpressionSyntax deconstruction)
                        {
                            return deconstruction.Left.Span.Contains(node.Span);
                        }

                        if (up is not (TupleExpressionSyntax or ArgumentSyntax))
                        {
                            return false;
                        }
                    }

                    return false;
                case RefExpressionSyntax:
                    return true;
                default:
                    return false;
            }
        }
    }
}
