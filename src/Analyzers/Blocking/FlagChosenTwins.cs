namespace AsyncGuard.Analyzers.Blocking
{
    /// <summary>
    /// For a candidate call of AG0102 (corpus12lib, issue 16, thirteenth pass; FusionCache's
    /// `if (_options.PreferSyncSerialization) data = _serializer.Serialize(entry); else data = await _serializer.SerializeAsync(entry, token);`):
    /// the sync call X(..) sits in one branch of an `if`/`else` or `?:` whose condition is a bool flag, and the other branch
    /// of the same guard awaits the async alternative XAsync(..) on the same receiver. The code already offers the async
    /// twin and lets the flag pick the sync one on purpose (an option of the library's user, a mode of the object): the
    /// rule's advice is the other branch, which exists.
    /// <para>
    /// <see cref="DualPaths"/> already reads guards on parameters (by name or by this same twin use) and on members with a
    /// sync/async name; this covers a flag of any name read from a field, a property (no indexer), a local or a parameter,
    /// decided only by the guard around the call (the innermost `if`/`?:` between the call and its function).
    /// </para>
    /// Still reported (the nearest cases): a guard without an else; an other branch that awaits another method, awaits the
    /// twin on another receiver, or only starts the twin without awaiting it; a condition that is not a plain flag read (a
    /// call, a comparison, `&amp;&amp;`); the sync call outside the guard or under a nearer guard of its own; a lambda or local
    /// function between the call and the guard.
    /// </summary>
    internal static class FlagChosenTwins
    {
        /// <summary>
        /// Whether <paramref name="call"/> is the flag-chosen side of a guard whose other side awaits
        /// <paramref name="alternativeName"/> on the same receiver.
        /// </summary>
        public static bool IsChosenOverAwaitedTwin(IInvocationOperation call, string alternativeName, CancellationToken cancellationToken)
        {
            if (call.SemanticModel is not { } model || !TryFindGuard(call.Syntax, out var condition, out var other))
            {
                return false;
            }

            if (!IsFlagRead(condition, model, cancellationToken))
            {
                return false;
            }

            return AwaitsTwin(other, call, alternativeName, model, cancellationToken);
        }

        /// <summary>
        /// <paramref name="body"/> (lambdas and local functions left out) awaits <paramref name="alternativeName"/> on the same
        /// receiver as <paramref name="call"/> (also under <c>ConfigureAwait</c>/<c>AsTask</c>).
        /// </summary>
        internal static bool AwaitsTwin(SyntaxNode body, IInvocationOperation call, string alternativeName, SemanticModel model, CancellationToken cancellationToken)
        {
            foreach (var node in body.DescendantNodesAndSelf(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)))
            {
                if (node is AwaitExpressionSyntax awaited
                    && Awaited(awaited.Expression) is { } twinSyntax
                    && NameOf(twinSyntax.Expression) == alternativeName
                    && model.GetOperation(twinSyntax, cancellationToken) is IInvocationOperation twin
                    && TwinHooks.IsOnSameReceiver(call, twin))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The innermost `if`/`else` or `?:` around <paramref name="node"/> within its function: its condition and the other branch.</summary>
        private static bool TryFindGuard(SyntaxNode node, out ExpressionSyntax condition, out SyntaxNode other)
        {
            condition = null!;
            other = null!;
            for (SyntaxNode? child = node, parent = node.Parent; parent != null; child = parent, parent = parent.Parent)
            {
                switch (parent)
                {
                    case IfStatementSyntax ifStatement when child == ifStatement.Statement:
                        if (ifStatement.Else?.Statement is not { } elseStatement)
                        {
                            return false;
                        }

                        condition = ifStatement.Condition;
                        other = elseStatement;
                        return true;
                    case ElseClauseSyntax { Parent: IfStatementSyntax ifStatement } elseClause when child == elseClause.Statement:
                        condition = ifStatement.Condition;
                        other = ifStatement.Statement;
                        return true;
                    case IfStatementSyntax:
                        // The call is in the condition itself: it runs whichever branch follows.
                        return false;
                    case ConditionalExpressionSyntax conditional when child == conditional.WhenTrue:
                        condition = conditional.Condition;
                        other = conditional.WhenFalse;
                        return true;
                    case ConditionalExpressionSyntax conditional when child == conditional.WhenFalse:
                        condition = conditional.Condition;
                        other = conditional.WhenTrue;
                        return true;
                    case ConditionalExpressionSyntax:
                        return false;
                    case SwitchSectionSyntax or SwitchExpressionArmSyntax or CatchClauseSyntax or FinallyClauseSyntax:
                        // A nearer construct that decides whether the call runs: not a two-way choice of the flag.
                        return false;
                    case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax or CompilationUnitSyntax:
                        return false;
                }
            }

            return false;
        }

        /// <summary>A bool read of a field, a property without arguments, a local or a parameter, possibly negated or parenthesized.</summary>
        private static bool IsFlagRead(ExpressionSyntax condition, SemanticModel model, CancellationToken cancellationToken)
        {
            var test = condition.WalkDownParentheses();
            while (test is PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalNotExpression } not)
            {
                test = not.Operand.WalkDownParentheses();
            }

            if (test is not (IdentifierNameSyntax or MemberAccessExpressionSyntax))
            {
                return false;
            }

            var operation = model.GetOperation(test, cancellationToken);
            while (operation is IConversionOperation { IsImplicit: true } conversion)
            {
                operation = conversion.Operand;
            }

            return operation?.Type?.SpecialType == SpecialType.System_Boolean && operation switch
            {
                IFieldReferenceOperation field => !field.Field.HasConstantValue,
                IPropertyReferenceOperation property => property.Arguments.IsEmpty,
                ILocalReferenceOperation local => !local.Local.IsConst,
                IParameterReferenceOperation => true,
                _ => false,
            };
        }

        private static InvocationExpressionSyntax? Awaited(ExpressionSyntax expression)
        {
            expression = expression.WalkDownParentheses();
            if (expression is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" or "AsTask", Expression: var inner } })
            {
                expression = inner.WalkDownParentheses();
            }

            return expression as InvocationExpressionSyntax;
        }

        private static string? NameOf(ExpressionSyntax expression) => expression switch
        {
            MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
            _ => null,
        };
    }
}
