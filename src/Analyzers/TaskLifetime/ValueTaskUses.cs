namespace AsyncGuard.Analyzers.TaskLifetime
{
    /// <summary>What one reference to a ValueTask variable does to it.</summary>
    internal enum ValueTaskUseKind
    {
        /// <summary>Looks without consuming: IsCompleted and friends, ToString, `_ = vt`, nameof, expression trees.</summary>
        Inspects,

        /// <summary>Consumes it: await, AsTask(), GetAwaiter(), ConfigureAwait(), Preserve(), .Result, passed on, returned, stored.</summary>
        Consumes,

        /// <summary>Writes or aliases the variable (assignment, ref/out/in argument, ref local): the rule gives up.</summary>
        Writes,
    }

    /// <summary>One reference to a ValueTask local, classified.</summary>
    internal readonly struct ValueTaskReference(ILocalReferenceOperation reference, ValueTaskUseKind kind, ValueUse use)
    {
        public ILocalReferenceOperation Reference { get; } = reference;

        public ValueTaskUseKind Kind { get; } = kind;

        /// <summary>What <see cref="ValueObservation"/> says consumes the reference (default for writes).</summary>
        public ValueUse Use { get; } = use;

        /// <summary>The member read on the ValueTask when it is a receiver (`AsTask`, `Result`, `IsCompleted`...), else null.</summary>
        public string? MemberName => Use.Kind == ValueUseKind.Receiver ? ValueObservation.MemberName(Use.Consumer) : null;
    }

    /// <summary>
    /// The uses of ValueTask values (AG0208): which sources are safe to consume twice, and what each reference to a
    /// ValueTask local does, on top of <see cref="ValueObservation"/>. Shared by the analyzer and its fix.
    /// </summary>
    internal static class ValueTaskUses
    {
        public static bool IsValueTaskType(ITypeSymbol? type, AsyncTypes types) =>
            type is INamedTypeSymbol { Name: "ValueTask" } && (types.IsValueTask(type) || types.IsValueTaskOfT(type));

        /// <summary>
        /// ValueTask.FromResult / FromException / FromCanceled (and CompletedTask, `default`, `new ValueTask(..)`, which are no
        /// invocations): made from a value or a Task, never from a reusable IValueTaskSource, so consuming them twice is harmless.
        /// </summary>
        public static bool IsValueBackedFactory(IMethodSymbol method, AsyncTypes types) =>
            method.IsStatic && method.Name is "FromResult" or "FromException" or "FromCanceled"
            && (types.IsValueTask(method.ContainingType) || types.IsValueTaskOfT(method.ContainingType));

        /// <summary>Every reference to <paramref name="local"/> under <paramref name="root"/> (nested lambdas and local functions included).</summary>
        public static List<ValueTaskReference> ReferencesOf(ILocalSymbol local, IOperation root, AsyncTypes types)
        {
            var references = new List<ValueTaskReference>();
            foreach (var operation in root.Descendants())
            {
                if (operation is ILocalReferenceOperation reference && reference.Local.Is(local))
                {
                    var kind = Classify(reference, types, out var use);
                    references.Add(new ValueTaskReference(reference, kind, use));
                }
            }

            return references;
        }

        /// <summary>The outermost operation above <paramref name="operation"/> (the method body, or the top-level block).</summary>
        public static IOperation Root(IOperation operation)
        {
            var root = operation;
            while (root.Parent != null)
            {
                root = root.Parent;
            }

            return root;
        }

        public static ValueTaskUseKind Classify(ILocalReferenceOperation reference, AsyncTypes types, out ValueUse use)
        {
            use = default;
            var parent = reference.Parent;
            switch (parent)
            {
                case IAssignmentOperation assignment when assignment.Target == reference:
                case IArgumentOperation { Parameter: { RefKind: not RefKind.None } }:
                case IAddressOfOperation:
                case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation { Symbol.RefKind: not RefKind.None } }:
                    return ValueTaskUseKind.Writes;
                case ITupleOperation when IsDeconstructionTarget(parent):
                    return ValueTaskUseKind.Writes;
            }

            if (reference.IsDeclaration)
            {
                return ValueTaskUseKind.Writes;
            }

            use = ValueObservation.Classify(reference);
            if (IsInExpressionTree(reference, types))
            {
                return ValueTaskUseKind.Inspects;
            }

            switch (use.Kind)
            {
                case ValueUseKind.Awaited:
                case ValueUseKind.Returned:
                case ValueUseKind.Argument:
                case ValueUseKind.Stored:
                    return ValueTaskUseKind.Consumes;
                case ValueUseKind.Receiver:
                    return ValueObservation.MemberName(use.Consumer) is "AsTask" or "GetAwaiter" or "ConfigureAwait" or "Preserve" or "Result"
                        ? ValueTaskUseKind.Consumes
                        : ValueTaskUseKind.Inspects;
                case ValueUseKind.Other:
                    // An element of `new[] { vt }` or `[vt]` is handed over like an argument.
                    return use.Consumer is IArrayInitializerOperation or ICollectionExpressionOperation ? ValueTaskUseKind.Consumes : ValueTaskUseKind.Inspects;
                default:
                    return ValueTaskUseKind.Inspects;
            }
        }

        private static bool IsDeconstructionTarget(IOperation tuple)
        {
            var current = tuple;
            while (current.Parent is ITupleOperation)
            {
                current = current.Parent;
            }

            return current.Parent is IDeconstructionAssignmentOperation deconstruction && deconstruction.Target == current;
        }

        /// <summary>Inside a lambda converted to Expression&lt;T&gt;: data, never run as written.</summary>
        private static bool IsInExpressionTree(IOperation operation, AsyncTypes types)
        {
            for (var current = operation.Parent; current != null; current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation
                    && (current.Parent is IDelegateCreationOperation ? current.Parent.Parent : current.Parent) is IConversionOperation conversion
                    && types.IsExpressionTree(conversion.Type))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
