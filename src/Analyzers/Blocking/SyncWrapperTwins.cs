namespace AsyncGuard.Analyzers.Blocking
{
    /// <summary>
    /// Corpus6 W9: an async twin in source that, on the receiver's static type, cannot be overridden and whose block body
    /// only calls the flagged sync member with its own parameters and returns a completed awaitable:
    /// `ValueTask WriteAsync(W w, T v, CancellationToken ct = default) { Write(w, v); return new(); }`, or
    /// `{ var r = Read(x); return Task.FromResult(r); }`. Awaiting it runs the same sync code, so suggesting it gains nothing.
    /// (The expression-bodied form, `=> Task.FromResult(GetX())`, is <c>AsyncAlternatives.WrapsTheSyncMember</c>.)
    /// Leading `token.ThrowIfCancellationRequested();` statements are allowed. Still reported: an overridable twin (a
    /// derived type may do real asynchronous work), a twin that awaits, calls anything else, passes other arguments or
    /// returns an awaitable that is not known to be complete.
    /// </summary>
    internal static class SyncWrapperTwins
    {
        public static bool Wraps(IMethodSymbol alternative, IMethodSymbol method, ITypeSymbol? receiverType, Compilation? compilation, AsyncTypes types, CancellationToken cancellationToken)
        {
            if (compilation is null || alternative.ReducedFrom != null || Implementation(alternative, receiverType) is not { } twin
                || IsOverridable(twin, receiverType))
            {
                return false;
            }

            var definition = twin.OriginalDefinition;
            if (definition.IsAsync || definition.DeclaringSyntaxReferences.Length != 1
                || definition.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not MethodDeclarationSyntax { Body: { } body }
                || body.Statements.Count is < 2 or > 4
                || body.Statements[body.Statements.Count - 1] is not ReturnStatementSyntax { Expression: not null }
                || !compilation.ContainsSyntaxTree(body.SyntaxTree))
            {
                return false;
            }

            var model = compilation.GetSemanticModel(body.SyntaxTree);
            if (model.GetOperation(body, cancellationToken) is not IBlockOperation block
                || model.GetDeclaredSymbol(body.Parent!, cancellationToken) is not IMethodSymbol declared)
            {
                return false;
            }

            var operations = block.Operations;
            var index = 0;
            while (index < operations.Length - 2 && IsThrowIfCancelled(operations[index], types))
            {
                index++;
            }

            if (index != operations.Length - 2 || operations[index + 1] is not IReturnOperation { ReturnedValue: { } returned })
            {
                return false;
            }

            ILocalSymbol? result = null;
            IOperation? call = operations[index] switch
            {
                IExpressionStatementOperation statement => statement.Operation,
                IVariableDeclarationGroupOperation { Declarations.Length: 1 } group when group.Declarations[0].Declarators.Length == 1
                    && group.Declarations[0].Declarators[0] is { Initializer.Value: { } initial } declarator => (result = declarator.Symbol) is null ? null : initial,
                _ => null,
            };
            return call is not null
                && IsWrappedCall(Invocations.WithoutImplicitConversions(call), method, declared)
                && IsCompleted(Invocations.WithoutImplicitConversions(returned), result, types);
        }

        /// <summary>The member that runs for a call bound to <paramref name="alternative"/> on a receiver of static type <paramref name="receiverType"/>.</summary>
        internal static IMethodSymbol? Implementation(IMethodSymbol alternative, ITypeSymbol? receiverType)
        {
            if (!(alternative.IsVirtual || alternative.IsAbstract || alternative.IsOverride))
            {
                return alternative;
            }

            for (var type = receiverType as INamedTypeSymbol; type != null; type = type.BaseType)
            {
                foreach (var member in type.GetMembers(alternative.Name))
                {
                    for (var overriding = member as IMethodSymbol; overriding != null; overriding = overriding.OverriddenMethod)
                    {
                        if (overriding.OriginalDefinition.Is(alternative.OriginalDefinition))
                        {
                            return (IMethodSymbol)member;
                        }
                    }
                }
            }

            return null;
        }

        internal static bool IsOverridable(IMethodSymbol twin, ITypeSymbol? receiverType) =>
            !twin.IsStatic && !twin.IsSealed && (twin.IsVirtual || twin.IsAbstract || twin.IsOverride)
            && receiverType is not ({ IsValueType: true } or { IsSealed: true });

        private static bool IsThrowIfCancelled(IOperation operation, AsyncTypes types) =>
            operation is IExpressionStatementOperation { Operation: IInvocationOperation { TargetMethod.Name: "ThrowIfCancellationRequested", Instance: { } token } }
            && types.IsCancellationToken(token.Type);

        /// <summary>A call of <paramref name="method"/> on the twin's own instance (or static) passing the twin's parameters in place.</summary>
        internal static bool IsWrappedCall(IOperation operation, IMethodSymbol method, IMethodSymbol twin)
        {
            if (operation is not IInvocationOperation invocation
                || !invocation.TargetMethod.OriginalDefinition.Is((method.ReducedFrom ?? method).OriginalDefinition)
                || (invocation.Instance is { } instance
                    && Invocations.WithoutImplicitConversions(instance) is not IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance }))
            {
                return false;
            }

            if (invocation.Instance is null != twin.IsStatic)
            {
                return false;
            }

            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter is not { } parameter
                    || Invocations.WithoutImplicitConversions(argument.Value) is not IParameterReferenceOperation { Parameter: var passed }
                    || !passed.ContainingSymbol.Is(twin)
                    || (passed.Name != parameter.Name && passed.Ordinal != parameter.Ordinal))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>An awaitable complete when made; with a result local, one that carries exactly that local.</summary>
        private static bool IsCompleted(IOperation returned, ILocalSymbol? result, AsyncTypes types)
        {
            switch (returned)
            {
                case IDefaultValueOperation when result is null:
                    return types.IsValueTask(returned.Type) || types.IsValueTaskOfT(returned.Type); // `default` of a Task is null
                case IPropertyReferenceOperation { Property: { IsStatic: true, Name: "CompletedTask" } property } when result is null:
                    return types.IsTask(property.ContainingType) || types.IsValueTask(property.ContainingType);
                case IInvocationOperation { TargetMethod: { IsStatic: true, Name: "FromResult" } fromResult, Arguments.Length: 1 } invocation:
                    return (types.IsTask(fromResult.ContainingType) || types.IsValueTask(fromResult.ContainingType))
                        && IsPlainValue(invocation.Arguments[0].Value, result);
                case IObjectCreationOperation creation when types.IsValueTask(creation.Type) || types.IsValueTaskOfT(creation.Type):
                    return creation.Arguments.Length == 0
                        ? result is null
                        : creation.Arguments.Length == 1 && creation.Constructor?.OriginalDefinition.Parameters[0].Type is ITypeParameterSymbol
                            && IsPlainValue(creation.Arguments[0].Value, result);
                default:
                    return false;
            }
        }

        /// <summary>The result local when there is one; otherwise a value whose evaluation does nothing.</summary>
        private static bool IsPlainValue(IOperation value, ILocalSymbol? result)
        {
            value = Invocations.WithoutImplicitConversions(value);
            return result != null
                ? value is ILocalReferenceOperation local && local.Local.Is(result)
                : value is ILiteralOperation or IDefaultValueOperation or IParameterReferenceOperation || value.ConstantValue.HasValue;
        }
    }
}
