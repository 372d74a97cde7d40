namespace AsyncGuard.Analyzers.Blocking
{
    /// <summary>
    /// AG0102's second look at a call it is about to report (issue 16, corpus5): the "alternative" is a twin hook the function
    /// also calls. `M(a)` and `await MAsync(a)` both called in the same block on the same receiver with equivalent arguments:
    /// the function runs both extension points, so the async one is no replacement for the sync one. Only asked for
    /// candidates, so the semantic work here never runs on calls without an async alternative.
    /// </summary>
    internal sealed class TwinHooks(AsyncTypes types)
    {
        private readonly AsyncTypes _types = types;

        /// <summary>
        /// `M(a)` whose alternative <paramref name="alternativeName"/> is awaited in another statement of the same block,
        /// on the same receiver, with equivalent arguments (a CancellationToken aside): both hooks run in turn.
        /// </summary>
        public bool IsTwinCalledInTurn(IInvocationOperation call, string alternativeName, CancellationToken cancellationToken)
        {
            // Syntax first: the statement of the call, directly in a block.
            SyntaxNode child = call.Syntax;
            var current = child.Parent;
            for (; current != null && current is not BlockSyntax; child = current, current = current.Parent)
            {
                if (current is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax)
                {
                    return false;
                }
            }

            if (current is not BlockSyntax block || child is not StatementSyntax own || call.SemanticModel is not { } model)
            {
                return false;
            }

            foreach (var statement in block.Statements)
            {
                // The twin runs whenever the block does: a plain statement, and no condition between it and its await.
                if (statement == own || statement is not (ExpressionStatementSyntax or LocalDeclarationStatementSyntax or ReturnStatementSyntax))
                {
                    continue;
                }

                foreach (var node in statement.DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)))
                {
                    if (node is AwaitExpressionSyntax awaited && IsUnconditional(awaited, statement) && Awaited(awaited.Expression) is { } twinSyntax
                        && twinSyntax.Expression is MemberAccessExpressionSyntax or SimpleNameSyntax
                        && NameOf(twinSyntax.Expression) == alternativeName
                        && model.GetOperation(twinSyntax, cancellationToken) is IInvocationOperation twin
                        && IsTwinOf(call, twin))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static bool IsUnconditional(SyntaxNode node, StatementSyntax statement)
        {
            for (var current = node.Parent; current != null && current != statement; current = current.Parent)
            {
                if (current is ConditionalExpressionSyntax or ConditionalAccessExpressionSyntax or SwitchExpressionSyntax
                    || current.IsKind(SyntaxKind.LogicalAndExpression) || current.IsKind(SyntaxKind.LogicalOrExpression)
                    || current.IsKind(SyntaxKind.CoalesceExpression) || current.IsKind(SyntaxKind.CoalesceAssignmentExpression))
                {
                    return false;
                }
            }

            return true;
        }

        private static InvocationExpressionSyntax? Awaited(ExpressionSyntax expression)
        {
            expression = expression.WalkDownParentheses();
            if (expression is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait", Expression: var inner } })
            {
                expression = inner.WalkDownParentheses();
            }

            return expression as InvocationExpressionSyntax;
        }

        private static string? NameOf(ExpressionSyntax expression) => expression switch
        {
            MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            _ => null,
        };

        /// <summary>The twin is a member of the same type (or an extension of the same kind) called on an equivalent receiver.</summary>
        internal static bool IsOnSameReceiver(IInvocationOperation call, IInvocationOperation twin)
        {
            if (!twin.TargetMethod.ContainingType.OriginalDefinition.Is(call.TargetMethod.ContainingType?.OriginalDefinition)
                || twin.TargetMethod.IsStatic != call.TargetMethod.IsStatic
                || Invocations.IsReducedExtensionCall(call) != Invocations.IsReducedExtensionCall(twin))
            {
                return false;
            }

            var receiver = Invocations.Receiver(call);
            var twinReceiver = Invocations.Receiver(twin);
            return receiver is null ? twinReceiver is null : twinReceiver != null && AreEquivalent(receiver, twinReceiver);
        }

        private bool IsTwinOf(IInvocationOperation call, IInvocationOperation twin)
        {
            if (!IsOnSameReceiver(call, twin))
            {
                return false;
            }

            var start = Invocations.IsReducedExtensionCall(call) ? 1 : 0;
            var written = WrittenArguments(call, start);
            var twinWritten = WrittenArguments(twin, start);
            if (written.Count != twinWritten.Count)
            {
                return false;
            }

            for (var i = 0; i < written.Count; i++)
            {
                if (!AreEquivalent(written[i], twinWritten[i]))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The arguments as written, in parameter order, without defaults and CancellationTokens.</summary>
        private List<IOperation> WrittenArguments(IInvocationOperation call, int start)
        {
            var result = new List<IOperation>();
            for (var i = start; i < call.Arguments.Length; i++)
            {
                var argument = call.Arguments[i];
                if (argument.ArgumentKind != ArgumentKind.DefaultValue && !_types.IsCancellationToken(argument.Value.Type))
                {
                    result.Add(argument.Value);
                }
            }

            return result;
        }

        /// <summary>The same value read twice: the same local, parameter, field or property of an equivalent instance, `this`, or an equal constant.</summary>
        internal static bool AreEquivalent(IOperation a, IOperation b)
        {
            a = WithoutConversions(a);
            b = WithoutConversions(b);
            if (a.ConstantValue.HasValue || b.ConstantValue.HasValue)
            {
                return a.ConstantValue.HasValue && b.ConstantValue.HasValue && Equals(a.ConstantValue.Value, b.ConstantValue.Value);
            }

            return (a, b) switch
            {
                (ILocalReferenceOperation x, ILocalReferenceOperation y) => x.Local.Is(y.Local),
                (IParameterReferenceOperation x, IParameterReferenceOperation y) => x.Parameter.Is(y.Parameter),
                (IInstanceReferenceOperation x, IInstanceReferenceOperation y) => x.ReferenceKind == y.ReferenceKind,
                (IFieldReferenceOperation x, IFieldReferenceOperation y) => x.Field.Is(y.Field) && SameInstance(x.Instance, y.Instance),
                (IPropertyReferenceOperation x, IPropertyReferenceOperation y) =>
                    x.Property.Is(y.Property) && x.Arguments.Length == 0 && y.Arguments.Length == 0 && SameInstance(x.Instance, y.Instance),
                _ => false,
            };
        }

        private static bool SameInstance(IOperation? a, IOperation? b) => a is null ? b is null : b != null && AreEquivalent(a, b);

        private static IOperation WithoutConversions(IOperation value)
        {
            while (value is IConversionOperation conversion)
            {
                value = conversion.Operand;
            }

            return value;
        }
    }
}
