namespace AsyncGuard.Analyzers.Primitives
{
    /// <summary>
    /// AG0401: the statements between an acquisition and the try whose finally releases cannot throw, so the permit cannot
    /// leak before the try begins (<c>await s.WaitAsync(ct); bool release = true; _waiting++; try { .. } finally { s.Release(); }</c>).
    /// Decided on the IOperation tree of each statement: local declarations and assignments whose value is a constant, a
    /// local or a parameter, written to a local or to a field of this instance of a type whose writes cannot fail
    /// (bool, char, integral and floating types, enums), and unchecked ++/-- of such targets. A call, an indexer, a
    /// property, a member of another object, checked arithmetic, a conversion, an allocation or an await may throw: reported.
    /// </summary>
    internal static class NonThrowingGaps
    {
        /// <summary>
        /// Whether one or more statements after <paramref name="index"/> in <paramref name="block"/> cannot throw and are
        /// followed by a try whose finally releases (<paramref name="isRelease"/> tells a release of the same semaphore).
        /// </summary>
        public static bool LeadToGuardedTry(BlockSyntax block, int index, Func<SyntaxNode, bool> isRelease, SemanticModel model, CancellationToken ct) =>
            ReachesTryBySyntax(block, index)
            && GuardedTries.Follow(block, index, isRelease, statement =>
                statement is EmptyStatementSyntax
                || (statement is LocalDeclarationStatementSyntax or ExpressionStatementSyntax && CannotThrow(model.GetOperation(statement, ct))));

        /// <summary>
        /// The cheap test first: one or more statements after <paramref name="index"/> that are declarations, empty
        /// statements or expression statements whose expression is no call, await or creation (each of which may throw),
        /// then a try with a finally. Only then are the statements' operations read.
        /// </summary>
        private static bool ReachesTryBySyntax(BlockSyntax block, int index)
        {
            var statements = block.Statements;
            for (int i = index + 1; i < statements.Count; i++)
            {
                switch (statements[i])
                {
                    case TryStatementSyntax { Finally: not null }:
                        return i > index + 1;
                    case EmptyStatementSyntax or LocalDeclarationStatementSyntax:
                        continue;
                    case ExpressionStatementSyntax { Expression: not (InvocationExpressionSyntax or AwaitExpressionSyntax or BaseObjectCreationExpressionSyntax) }:
                        continue;
                    default:
                        return false;
                }
            }

            return false;
        }

        private static bool CannotThrow(IOperation? operation)
        {
            switch (operation)
            {
                case IExpressionStatementOperation expression:
                    return CannotThrow(expression.Operation);
                case IVariableDeclarationGroupOperation group:
                    foreach (var declaration in group.Declarations)
                    {
                        if (declaration.Initializer != null || declaration.IgnoredDimensions.Length != 0)
                        {
                            return false;
                        }

                        foreach (var declarator in declaration.Declarators)
                        {
                            if (declarator.Symbol.RefKind != RefKind.None || declarator.IgnoredArguments.Length != 0
                                || (declarator.Initializer is { } initializer && !IsPlainValue(initializer.Value)))
                            {
                                return false;
                            }
                        }
                    }

                    return true;
                case ISimpleAssignmentOperation { IsRef: false } assignment:
                    return IsPlainTarget(assignment.Target) && IsPlainValue(assignment.Value);
                case IIncrementOrDecrementOperation { IsChecked: false, OperatorMethod: null } step:
                    return IsPlainTarget(step.Target) && step.Target.Type?.SpecialType != SpecialType.System_Decimal;
                default:
                    return false;
            }
        }

        /// <summary>A local (not by reference) or a field of this instance whose type's writes cannot fail.</summary>
        private static bool IsPlainTarget(IOperation target) => target switch
        {
            ILocalReferenceOperation local => local.Local.RefKind == RefKind.None && IsSimpleType(local.Type),
            IFieldReferenceOperation { Field.IsStatic: false, Instance: IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance } } field
                => IsSimpleType(field.Type),
            _ => false,
        };

        /// <summary>A constant (folded, so a constant conversion is fine), a local or a parameter, read without conversion.</summary>
        private static bool IsPlainValue(IOperation value) =>
            value.ConstantValue.HasValue
            || value is ILocalReferenceOperation or IParameterReferenceOperation { Parameter.RefKind: RefKind.None or RefKind.In or RefKind.Ref or RefKind.Out };

        private static bool IsSimpleType(ITypeSymbol? type) =>
            type is not null
            && (type.IsEnumOrPrimitiveValue() || type.SpecialType is SpecialType.System_IntPtr or SpecialType.System_UIntPtr);
    }
}
