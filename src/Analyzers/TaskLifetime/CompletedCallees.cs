namespace AsyncGuard.Analyzers.TaskLifetime
{
    /// <summary>
    /// AG0201 (issue 16, corpus8app W1): a dropped call whose callee is known at compile time and hands back an already
    /// completed task on every path — a source method, not async, each of whose returns is `Task.CompletedTask`,
    /// `Task.FromResult(..)` (or the ValueTask forms), and Task-returning only because a contract says so (virtual, an
    /// override, an interface implementation): a synchronous implementation of an asynchronous contract. Such a task carries
    /// no exception and no pending work: nothing is lost.
    /// The callee is known when the call is bound statically: a non-virtual method (or one of a sealed type), a `base.M()`
    /// call, or a virtual method on a local whose only value is `new T(..)` (then T's implementation decides).
    /// A virtual call on anything else (a parameter, a field, an interface) may reach an override that does real work:
    /// still reported. An async method is never exempt (its exceptions live in the task it returns).
    /// </summary>
    internal static class CompletedCallees
    {
        public static bool ReturnsOnlyCompleted(IInvocationOperation invocation, AsyncTypes types, CancellationToken cancellationToken)
        {
            if (types.Task is null || invocation.SemanticModel is not { } model
                || Callee(invocation, model, cancellationToken) is not { IsAsync: false, DeclaringSyntaxReferences.Length: 1 } callee
                || !ShapedByContract(callee))
            {
                return false;
            }

            var body = callee.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) switch
            {
                BaseMethodDeclarationSyntax declaration => (SyntaxNode?)declaration.Body ?? declaration.ExpressionBody,
                LocalFunctionStatementSyntax local => (SyntaxNode?)local.Body ?? local.ExpressionBody,
                _ => null,
            };

            // A callee of a referenced project has syntax but no place in this compilation: unknown.
            if (body is null || !model.Compilation.ContainsSyntaxTree(body.SyntaxTree))
            {
                return false;
            }

            var bodyModel = body.SyntaxTree == model.SyntaxTree ? model : ModelFor(model, body.SyntaxTree);
            if (bodyModel.GetOperation(body, cancellationToken) is not { } operation)
            {
                return false;
            }

            var returns = 0;
            return EveryReturnCompleted(operation, types, ref returns) && returns > 0;
        }

#pragma warning disable RS1030 // The callee's file, only for a call AG0201 is about to report; one method per call.
        private static SemanticModel ModelFor(SemanticModel model, SyntaxTree tree) => model.Compilation.GetSemanticModel(tree);
#pragma warning restore RS1030

        /// <summary>The method the call runs, where the compiler or the receiver's construction fixes it; else null.</summary>
        private static IMethodSymbol? Callee(IInvocationOperation invocation, SemanticModel model, CancellationToken cancellationToken)
        {
            var target = (invocation.TargetMethod.ReducedFrom ?? invocation.TargetMethod).OriginalDefinition;
            if (!Overridable(target))
            {
                return target;
            }

            var instance = invocation.Instance is null ? null : Invocations.WithoutImplicitConversions(invocation.Instance);
            if (instance is IInstanceReferenceOperation && instance.Syntax is BaseExpressionSyntax)
            {
                // `base.M()` runs the named method itself, never an override.
                return target.IsAbstract ? null : target;
            }

            if (instance is ILocalReferenceOperation { Local: { } local } && CreatedType(local, model, cancellationToken) is { } created)
            {
                return Implementation(created, target);
            }

            return null;
        }

        /// <summary>
        /// The callee is Task-returning because a contract says so, not by its author's choice for this method alone: it is
        /// virtual (the contract's default), an override, or an interface implementation. A standalone method that returns a
        /// completed task is a placeholder for asynchronous work to come (and every stand-in callee of a test): still reported.
        /// </summary>
        private static bool ShapedByContract(IMethodSymbol callee) =>
            callee.IsVirtual || callee.IsOverride || !callee.ExplicitInterfaceImplementations.IsEmpty || callee.ImplementsInterfaceMethodImplicitly();

        private static bool Overridable(IMethodSymbol method) =>
            (method.IsAbstract || method.IsVirtual || (method.IsOverride && !method.IsSealed)) && method.ContainingType is { IsSealed: false };

        /// <summary>
        /// The exact type of a local written only by its declaration, whose initializer is `new T(..)` / `new(..)`
        /// (no assignment, ref/out pass or `ref` to it anywhere in its member, lambdas included).
        /// </summary>
        private static INamedTypeSymbol? CreatedType(ILocalSymbol local, SemanticModel model, CancellationToken cancellationToken)
        {
            if (local.IsRef || local.DeclaringSyntaxReferences.Length != 1
                || local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Initializer.Value: { } value } declarator
                || declarator.SyntaxTree != model.SyntaxTree
                || model.GetOperation(value, cancellationToken) is not { } initial
                || Invocations.WithoutImplicitConversions(initial) is not IObjectCreationOperation { Type: INamedTypeSymbol { TypeKind: TypeKind.Class } created })
            {
                return null;
            }

            return VariableWrites.OnlyByDeclarator(local, declarator, model, cancellationToken) ? created : null;
        }

        /// <summary>The most derived method of <paramref name="type"/>'s chain that is or overrides <paramref name="target"/>.</summary>
        private static IMethodSymbol? Implementation(INamedTypeSymbol type, IMethodSymbol target)
        {
            for (var current = type; current != null; current = current.BaseType)
            {
                foreach (var member in current.GetMembers(target.Name))
                {
                    if (member is not IMethodSymbol method)
                    {
                        continue;
                    }

                    for (var link = method; link != null; link = link.OverriddenMethod)
                    {
                        if (link.OriginalDefinition.Is(target))
                        {
                            return method.IsAbstract ? null : method.OriginalDefinition;
                        }
                    }
                }
            }

            return null;
        }

        /// <summary>Every `return` of the body itself (not of a lambda or local function in it) hands back a completed task.</summary>
        private static bool EveryReturnCompleted(IOperation operation, AsyncTypes types, ref int returns)
        {
            foreach (var child in operation.ChildOperations)
            {
                switch (child)
                {
                    case IAnonymousFunctionOperation or ILocalFunctionOperation:
                        continue;
                    case IReturnOperation { Kind: OperationKind.Return } @return:
                        if (@return.ReturnedValue is not { } value || !IsCompletedTask(Invocations.WithoutImplicitConversions(value), types))
                        {
                            return false;
                        }

                        returns++;
                        continue;
                    case IReturnOperation:
                        // `yield return` / `yield break`: an iterator, not a task.
                        return false;
                }

                if (!EveryReturnCompleted(child, types, ref returns))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>`Task.CompletedTask`, `Task.FromResult(..)`, `ValueTask.CompletedTask`, `ValueTask.FromResult(..)`.</summary>
        private static bool IsCompletedTask(IOperation value, AsyncTypes types) => value switch
        {
            IPropertyReferenceOperation { Property: { IsStatic: true, Name: "CompletedTask" } property } =>
                property.ContainingType.Is(types.Task) || property.ContainingType.Is(types.ValueTask),
            IInvocationOperation { TargetMethod: { IsStatic: true, Name: "FromResult" } method } =>
                method.ContainingType.Is(types.Task) || method.ContainingType.Is(types.ValueTask),
            _ => false,
        };
    }
}
