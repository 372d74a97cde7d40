namespace AsyncGuard.Analyzers.TaskLifetime
{
    /// <summary>What finally happens to a value, seen from the operation that produced it.</summary>
    internal enum ValueUseKind
    {
        /// <summary>Used as an expression statement: the value is dropped without a word.</summary>
        Dropped,

        /// <summary>Assigned to the discard: `_ = value;` (dropped on purpose).</summary>
        Discarded,

        /// <summary>The operand of `await`.</summary>
        Awaited,

        /// <summary>Returned (also `yield return` and expression bodies).</summary>
        Returned,

        /// <summary>Passed as an argument; the consumer is the <see cref="IArgumentOperation"/>.</summary>
        Argument,

        /// <summary>The instance of a method call or member access (`value.AsTask()`, `value.Result`).</summary>
        Receiver,

        /// <summary>Assigned to a variable, field, property or element, or the initializer of a variable.</summary>
        Stored,

        /// <summary>Anything else (operators, patterns, collection elements, interpolations...).</summary>
        Other,
    }

    /// <summary>The use of a value: the outermost operation that still carries it, and the one consuming it.</summary>
    internal readonly struct ValueUse(ValueUseKind kind, IOperation value, IOperation? consumer)
    {
        public ValueUseKind Kind { get; } = kind;

        /// <summary>The produced value after the transparent wrappers (conversions, `?.`, `?:`, `??`).</summary>
        public IOperation Value { get; } = value;

        /// <summary>The operation that consumes <see cref="Value"/>; null at the root of a tree.</summary>
        public IOperation? Consumer { get; } = consumer;

        /// <summary>Whether anything looks at the value at all: not dropped and not discarded.</summary>
        public bool IsObserved => Kind != ValueUseKind.Dropped && Kind != ValueUseKind.Discarded;
    }

    /// <summary>
    /// "Is this value observed?" over IOperation: climbs from the producing operation through the wrappers that pass
    /// the same value on (implicit and reference conversions, parentheses, the when-not-null part of `?.`, the
    /// branches of `?:` and `??`) and names what consumes it. Shared by the task-lifetime rules.
    /// </summary>
    internal static class ValueObservation
    {
        public static ValueUse Classify(IOperation value)
        {
            var current = value;
            for (var parent = current.Parent; parent != null; current = parent, parent = parent.Parent)
            {
                if (!PassesOn(parent, current))
                {
                    return new ValueUse(KindOf(parent, current), current, parent);
                }
            }

            return new ValueUse(ValueUseKind.Other, current, null);
        }

        /// <summary>The name of the method or member a <see cref="ValueUseKind.Receiver"/> use reads (`AsTask`, `Result`), else null.</summary>
        public static string? MemberName(IOperation? consumer) => consumer switch
        {
            IInvocationOperation invocation => invocation.TargetMethod.Name,
            IMemberReferenceOperation member => member.Member.Name,
            _ => null,
        };

        /// <summary>Whether <paramref name="parent"/> yields the very value of <paramref name="child"/> (or null instead).</summary>
        private static bool PassesOn(IOperation parent, IOperation child) => parent switch
        {
            // User-defined conversions make a new value: the old one is consumed by the operator.
            IConversionOperation conversion => !conversion.Conversion.IsUserDefined,
            IParenthesizedOperation => true,
            IConditionalAccessOperation conditionalAccess => conditionalAccess.WhenNotNull == child,
            IConditionalOperation conditional => conditional.WhenTrue == child || conditional.WhenFalse == child,
            ICoalesceOperation coalesce => coalesce.Value == child || coalesce.WhenNull == child,
            _ => false,
        };

        private static ValueUseKind KindOf(IOperation parent, IOperation child)
        {
            switch (parent)
            {
                case IExpressionStatementOperation:
                    return ValueUseKind.Dropped;
                case ISimpleAssignmentOperation assignment when assignment.Value == child:
                    return assignment.Target is IDiscardOperation ? ValueUseKind.Discarded : ValueUseKind.Stored;
                case IAwaitOperation:
                    return ValueUseKind.Awaited;
                case IReturnOperation:
                    return ValueUseKind.Returned;
                case IArgumentOperation:
                    return ValueUseKind.Argument;
                case IVariableInitializerOperation:
                    return ValueUseKind.Stored;
                case IInvocationOperation invocation when invocation.Instance == child:
                    return ValueUseKind.Receiver;
                case IMemberReferenceOperation member when member.Instance == child:
                    return ValueUseKind.Receiver;
                case IConditionalAccessOperation conditionalAccess when conditionalAccess.Operation == child:
                    return ValueUseKind.Receiver;
                default:
                    return ValueUseKind.Other;
            }
        }
    }
}
