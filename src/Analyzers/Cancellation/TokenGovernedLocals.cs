namespace AsyncGuard.Analyzers.Cancellation
{
    /// <summary>
    /// AG0301 (issue 16, held-out wrong class ho3): the task of the call without a token is kept in a local, and a later
    /// call on that local (its receiver, an extension's `this`, or any argument; through `AsTask()`) is given the very
    /// token the finding would suggest: `var t = F(); if (t.IsCompleted) return; t.WaitAndUnwrapException(ct);`,
    /// `var t = F(); await Until(t, ct);`. The token already governs the wait; passing it to the
    /// operation as well would change nothing the caller can see. Asked only for a finding about to be reported.
    /// </summary>
    internal static class TokenGovernedLocals
    {
        public static bool WaitedWithSameToken(IInvocationOperation operation, ImmutableArray<AvailableToken> tokens, AsyncTypes types, CancellationToken ct)
        {
            if (tokens.IsEmpty || !types.IsTaskOrValueTask(operation.Type) || operation.SemanticModel is not { } model)
            {
                return false;
            }

            IOperation current = operation;
            while (current.Parent is IConversionOperation)
            {
                current = current.Parent;
            }

            ILocalSymbol? local = current.Parent switch
            {
                IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => declarator.Symbol,
                ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when assignment.Value == current => target.Local,
                _ => null,
            };
            if (local is null || EnclosingFunction.Find(operation.Syntax) is not { } function)
            {
                return false;
            }

            foreach (var identifier in NameReferences.Of(local, function, model, ct))
            {
                if (identifier.SpanStart < operation.Syntax.SpanStart || model.GetOperation(identifier, ct) is not ILocalReferenceOperation reference)
                {
                    continue;
                }

                IOperation use = reference;
                while (use.Parent is IConversionOperation)
                {
                    use = use.Parent;
                }

                var consumer = ConsumerOf(use);
                if (consumer is { TargetMethod.Name: "AsTask" })
                {
                    consumer = ConsumerOf(consumer);
                }

                if (consumer != null && GetsOneOf(consumer, tokens, types))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The call the value is the receiver or an argument of (also inside a `params` array or a collection argument's initializer).</summary>
        private static IInvocationOperation? ConsumerOf(IOperation use)
        {
            var parent = use.Parent;
            if (parent is IArrayInitializerOperation { Parent: IArrayCreationOperation array })
            {
                parent = array.Parent;
                while (parent is IConversionOperation)
                {
                    parent = parent.Parent;
                }
            }

            return parent switch
            {
                IInvocationOperation instance when instance.Instance == use => instance,
                IArgumentOperation { Parent: IInvocationOperation call } => call,
                _ => null,
            };
        }

        /// <summary>A CancellationToken argument that reads the suggested token (its symbol, or `.Token` of it).</summary>
        private static bool GetsOneOf(IInvocationOperation call, ImmutableArray<AvailableToken> tokens, AsyncTypes types)
        {
            foreach (var argument in call.Arguments)
            {
                if (argument.Parameter is not { } parameter || !types.IsCancellationToken(parameter.Type)
                    || argument.ArgumentKind == ArgumentKind.DefaultValue || types.IsNoToken(argument.Value))
                {
                    continue;
                }

                var value = Invocations.WithoutImplicitConversions(argument.Value);
                var read = SymbolOf(value);
                var owner = value is IPropertyReferenceOperation { Property.Name: "Token", Instance: { } instance } ? SymbolOf(instance) : null;
                // The token the finding would suggest (the nearest), not any token in reach.
                var suggested = tokens[0].Symbol;
                if ((read != null && SymbolEqualityComparer.Default.Equals(read, suggested))
                    || (owner != null && SymbolEqualityComparer.Default.Equals(owner, suggested)))
                {
                    return true;
                }
            }

            return false;
        }

        private static ISymbol? SymbolOf(IOperation value) => value switch
        {
            IParameterReferenceOperation parameter => parameter.Parameter,
            ILocalReferenceOperation local => local.Local,
            IFieldReferenceOperation field => field.Field,
            IPropertyReferenceOperation property => property.Property,
            _ => null,
        };
    }
}
