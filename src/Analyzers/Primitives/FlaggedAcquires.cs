using System.Linq;

namespace AsyncGuard.Analyzers.Primitives
{
    /// <summary>
    /// AG0401: an acquisition at the end of an `if` / `else` branch that also sets a bool local to true, followed after the
    /// `if` by early exits on that local being false and then by the try whose finally releases, possibly inside a `lock`:
    /// <code>
    /// if (force) { taken = true; s.Wait(); } else taken = s.Wait(0);
    /// if (!taken) return;
    /// lock (s) { try { .. } finally { s.Release(); } }
    /// </code>
    /// On the path that acquired, the flag is true, so the exits are not taken; their conditions read a local and cannot
    /// throw. A `lock` entered between the acquisition and the try throws only when its object is null: it is accepted for
    /// `this`, the semaphore itself (just dereferenced by the acquisition, not reassigned since) and a readonly field created
    /// at its declaration (`readonly object _sync = new()`; a constructor assigning it null is not looked for).
    /// </summary>
    internal static class FlaggedAcquires
    {
        public static bool LeadToGuardedTry(ExpressionStatementSyntax acquisition, ExpressionSyntax receiver, Func<SyntaxNode, bool> isRelease, SemanticModel model, CancellationToken ct)
        {
            if (acquisition.Parent is not BlockSyntax branch || branch.Parent is not (IfStatementSyntax or ElseClauseSyntax))
            {
                return false;
            }

            var position = branch.Statements.IndexOf(acquisition);

            // After the acquisition, inside the branch: only `local = true/false;`. The flag: the last local set to true.
            ILocalSymbol? flag = null;
            var flagIndex = -1;
            for (var i = 0; i < branch.Statements.Count; i++)
            {
                if (IsLiteralAssignment(branch.Statements[i], model, ct, out var local, out var value))
                {
                    if (value)
                    {
                        flag = local;
                        flagIndex = i;
                    }
                    else if (flag != null && local.Is(flag))
                    {
                        flag = null;
                    }
                }
                else if (i > position)
                {
                    return false;
                }
            }

            var ifStatement = branch.Parent as IfStatementSyntax ?? (IfStatementSyntax)branch.Parent.Parent!;
            while (ifStatement.Parent is ElseClauseSyntax { Parent: IfStatementSyntax outer })
            {
                ifStatement = outer;
            }

            if (ifStatement.Parent is not BlockSyntax block)
            {
                return false;
            }

            if (flag != null && !IsPlainLocal(flag, branch, flagIndex, ct))
            {
                flag = null;
            }

            var statements = block.Statements;
            for (var i = statements.IndexOf(ifStatement) + 1; i < statements.Count; i++)
            {
                switch (statements[i])
                {
                    case IfStatementSyntax { Else: null } exit when flag != null && TestsNotSet(exit.Condition, flag, model, ct):
                        continue;
                    case TryStatementSyntax { Finally: { } following }:
                        return LockSites.OwnNodes(following.Block).Any(isRelease);
                    case LockStatementSyntax lockStatement when CannotThrowOnEntry(lockStatement.Expression, receiver, model, ct):
                        var first = lockStatement.Statement is BlockSyntax { Statements.Count: > 0 } body ? body.Statements[0] : lockStatement.Statement;
                        return first is TryStatementSyntax { Finally: { } inLock } && LockSites.OwnNodes(inLock.Block).Any(isRelease);
                    default:
                        return false;
                }
            }

            return false;
        }

        /// <summary>`flag = true;` / `flag = false;` on a local.</summary>
        private static bool IsLiteralAssignment(StatementSyntax statement, SemanticModel model, CancellationToken ct, out ILocalSymbol local, out bool value)
        {
            local = null!;
            value = false;
            if (statement is not ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax { Left: IdentifierNameSyntax name, Right: LiteralExpressionSyntax literal } assignment }
                || !assignment.IsKind(SyntaxKind.SimpleAssignmentExpression)
                || !(literal.IsKind(SyntaxKind.TrueLiteralExpression) || literal.IsKind(SyntaxKind.FalseLiteralExpression))
                || model.GetSymbolInfo(name, ct).Symbol is not ILocalSymbol symbol)
            {
                return false;
            }

            local = symbol;
            value = literal.IsKind(SyntaxKind.TrueLiteralExpression);
            return true;
        }

        /// <summary>
        /// A local of this function, not a ref local, never named inside a lambda or local function (no other thread
        /// writes it), and not written by the branch's statements after it is set.
        /// </summary>
        private static bool IsPlainLocal(ILocalSymbol flag, BlockSyntax branch, int flagIndex, CancellationToken ct)
        {
            if (flag.IsRef || flag.Type.SpecialType != SpecialType.System_Boolean
                || flag.DeclaringSyntaxReferences.Length != 1)
            {
                return false;
            }

            var function = flag.DeclaringSyntaxReferences[0].GetSyntax(ct).Ancestors().FirstOrDefault(a => a is MemberDeclarationSyntax || LockSites.IsNestedFunction(a));
            if (function is null)
            {
                return false;
            }

            foreach (var node in function.DescendantNodes())
            {
                if (node is IdentifierNameSyntax name && name.Identifier.ValueText == flag.Name
                    && name.Ancestors().TakeWhile(a => a != function).Any(LockSites.IsNestedFunction))
                {
                    return false;
                }
            }

            for (var i = flagIndex + 1; i < branch.Statements.Count; i++)
            {
                if (branch.Statements[i].DescendantNodes().OfType<IdentifierNameSyntax>().Any(n => n.Identifier.ValueText == flag.Name))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>`!flag`, `flag == false`, `false == flag`, `flag is false`: false on the path that set it.</summary>
        private static bool TestsNotSet(ExpressionSyntax condition, ILocalSymbol flag, SemanticModel model, CancellationToken ct)
        {
            condition = condition.WalkDownParentheses();
            ExpressionSyntax? read = condition switch
            {
                PrefixUnaryExpressionSyntax prefix when prefix.IsKind(SyntaxKind.LogicalNotExpression) => prefix.Operand,
                BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.EqualsExpression) && binary.Right.IsKind(SyntaxKind.FalseLiteralExpression) => binary.Left,
                BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.EqualsExpression) && binary.Left.IsKind(SyntaxKind.FalseLiteralExpression) => binary.Right,
                IsPatternExpressionSyntax { Pattern: ConstantPatternSyntax { Expression: var constant } } pattern when constant.IsKind(SyntaxKind.FalseLiteralExpression) => pattern.Expression,
                _ => null,
            };
            return read?.WalkDownParentheses() is IdentifierNameSyntax name
                && model.GetSymbolInfo(name, ct).Symbol.Is(flag)
                && model.GetOperation(condition, ct) is { } operation
                && !operation.DescendantsAndSelf().Any(o => o is IInvocationOperation or IUnaryOperation { OperatorMethod: not null } or IBinaryOperation { OperatorMethod: not null });
        }

        /// <summary>`lock (x)` throws on entry only when x is null: `this`, the semaphore itself, a readonly field created at its declaration.</summary>
        private static bool CannotThrowOnEntry(ExpressionSyntax expression, ExpressionSyntax receiver, SemanticModel model, CancellationToken ct)
        {
            expression = expression.WalkDownParentheses();
            if (expression is ThisExpressionSyntax)
            {
                return true;
            }

            var symbol = model.GetSymbolInfo(expression, ct).Symbol;
            if (symbol is ILocalSymbol or IParameterSymbol or IFieldSymbol && LockSites.SameLock(expression, receiver, model, ct))
            {
                return true;
            }

            return expression is IdentifierNameSyntax or MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax }
                && symbol is IFieldSymbol { IsReadOnly: true } field
                && field.DeclaringSyntaxReferences.Length == 1
                && field.DeclaringSyntaxReferences[0].GetSyntax(ct) is VariableDeclaratorSyntax { Initializer.Value: ObjectCreationExpressionSyntax or ImplicitObjectCreationExpressionSyntax };
        }
    }
}
