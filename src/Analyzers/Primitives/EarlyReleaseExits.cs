namespace AsyncGuard.Analyzers.Primitives
{
    /// <summary>
    /// AG0401: the statements between an acquisition and the try whose finally releases are early exits that give the
    /// permit back first and cannot throw while it is held (double-checked initialisation:
    /// <c>await s.WaitAsync(); if (_done) { s.Release(); return _value; } try { .. } finally { s.Release(); }</c>).
    /// </summary>
    internal static class EarlyReleaseExits
    {
        /// <summary>
        /// Whether the statements after <paramref name="index"/> in <paramref name="block"/> are one or more
        /// <c>if</c> statements without <c>else</c>, each with a condition that cannot throw and a body that releases the
        /// same semaphore and then leaves, followed by a try whose finally releases it. <paramref name="isRelease"/> tells a
        /// release of that semaphore (the rule's own predicate).
        /// </summary>
        public static bool LeadToGuardedTry(BlockSyntax block, int index, Func<SyntaxNode, bool> isRelease, SemanticModel model, CancellationToken ct) =>
            GuardedTries.Follow(block, index, isRelease, statement =>
                statement is IfStatementSyntax { Else: null } exit
                && ReleasesThenLeaves(exit.Statement, isRelease)
                && CannotThrow(model.GetOperation(exit.Condition, ct)));

        /// <summary>`{ s.Release(); return [value]; }` or `{ s.Release(); throw ..; }`: the permit is given back before anything else runs.</summary>
        private static bool ReleasesThenLeaves(StatementSyntax body, Func<SyntaxNode, bool> isRelease)
        {
            if (body is not BlockSyntax { Statements.Count: 2 } exitBlock
                || exitBlock.Statements[0] is not ExpressionStatementSyntax { Expression: InvocationExpressionSyntax release }
                || !isRelease(release))
            {
                return false;
            }

            return exitBlock.Statements[1] is ReturnStatementSyntax or ThrowStatementSyntax;
        }

        /// <summary>
        /// Reads of locals, parameters, constants and fields of this instance or static fields, combined with built-in
        /// comparisons, `!`, `&amp;&amp;`, `||` and constant patterns: nothing that calls user code or dereferences another object.
        /// </summary>
        private static bool CannotThrow(IOperation? operation)
        {
            switch (operation)
            {
                case ILiteralOperation:
                case ILocalReferenceOperation:
                case IParameterReferenceOperation:
                    return true;
                case IFieldReferenceOperation field:
                    return field.Field.IsStatic || field.Instance is IInstanceReferenceOperation;
                case IConversionOperation { IsImplicit: true, OperatorMethod: null } conversion:
                    return CannotThrow(conversion.Operand);
                case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not, OperatorMethod: null } not:
                    return CannotThrow(not.Operand);
                case IBinaryOperation { OperatorMethod: null } binary
                    when binary.OperatorKind is BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals
                        or BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr:
                    return CannotThrow(binary.LeftOperand) && CannotThrow(binary.RightOperand);
                case IIsPatternOperation isPattern when IsConstantPattern(isPattern.Pattern):
                    return CannotThrow(isPattern.Value);
                default:
                    return false;
            }
        }

        /// <summary>`is null`, `is not null`, `is true`, ...: a constant test with no user code.</summary>
        private static bool IsConstantPattern(IPatternOperation pattern) => pattern switch
        {
            IConstantPatternOperation constant => constant.Value.ConstantValue.HasValue,
            INegatedPatternOperation negated => IsConstantPattern(negated.Pattern),
            _ => false,
        };
    }
}
