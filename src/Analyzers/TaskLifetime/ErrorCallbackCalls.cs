namespace AsyncGuard.Analyzers.TaskLifetime
{
    /// <summary>
    /// AG0201 (issue 16, held-out wrong class ho3): a callback-style call that is given an error callback, a delegate whose
    /// `Invoke` takes an Exception (`Action&lt;Exception&gt;`), as a non-null argument: the callee hands every fault to that
    /// callback, so the task it also returns carries nothing the caller loses by dropping it. Decided from the callee: a
    /// method with a body in the compilation, not async, must use that parameter (invoke it or pass it on; an async body
    /// that catches and reports is ObservingCall's never-faulting callee, under its own key); a method without one
    /// (metadata, interface, abstract) is taken by its signature. One level of forwarding counts too: a method of the
    /// compilation, not overridable, whose every returned value is such a call (`Task SendBytes(..) =&gt; socket.Send(.., e =&gt; ..)`).
    /// Asked only for a finding about to be reported.
    /// </summary>
    internal static class ErrorCallbackCalls
    {
        public static bool FaultsGoToCallback(IInvocationOperation invocation, CancellationToken ct) =>
            GivenErrorCallback(invocation, ct) || ReturnsOnlyCallbackCalls(invocation.TargetMethod, invocation.SemanticModel, ct);

        private static bool GivenErrorCallback(IInvocationOperation invocation, CancellationToken ct)
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.ArgumentKind == ArgumentKind.DefaultValue || argument.Parameter is not { } parameter
                    || !IsErrorCallback(parameter.Type)
                    || Invocations.WithoutImplicitConversions(argument.Value) is { ConstantValue: { HasValue: true, Value: null } }
                    || argument.Value is IConversionOperation { Operand.ConstantValue: { HasValue: true, Value: null } })
                {
                    continue;
                }

                if (UsesParameter(invocation.TargetMethod, parameter.Ordinal, invocation.SemanticModel, ct))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>A delegate type whose Invoke has a parameter of type Exception or one derived from it.</summary>
        private static bool IsErrorCallback(ITypeSymbol type)
        {
            if (type is not INamedTypeSymbol { TypeKind: TypeKind.Delegate, DelegateInvokeMethod: { } invoke })
            {
                return false;
            }

            foreach (var parameter in invoke.Parameters)
            {
                for (var current = parameter.Type as INamedTypeSymbol; current != null; current = current.BaseType)
                {
                    if (current is { Name: "Exception", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } })
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>The callee's body (when it has one in the compilation) invokes the parameter or passes it on.</summary>
        private static bool UsesParameter(IMethodSymbol method, int ordinal, SemanticModel? model, CancellationToken ct)
        {
            var definition = method.ReducedFrom ?? method;
            definition = definition.PartialImplementationPart ?? definition.OriginalDefinition;
            if (definition.IsAbstract || definition.DeclaringSyntaxReferences.IsEmpty || model is null)
            {
                // Metadata, an interface or an abstract member: its signature is the contract.
                return true;
            }

            // An async body that catches and reports is ObservingCall's never-faulting callee (its own opt-in key).
            if (definition.IsAsync)
            {
                return false;
            }

            var parameter = definition.Parameters[ordinal + (method.ReducedFrom != null ? 1 : 0)];
            foreach (var reference in definition.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(ct) is not BaseMethodDeclarationSyntax { } declaration
                    || (declaration.Body ?? (SyntaxNode?)declaration.ExpressionBody) is not { } body)
                {
                    continue;
                }

                var bodyModel = SemanticModels.For(model, body.SyntaxTree);
                foreach (var identifier in NameReferences.Of(parameter, body, bodyModel, ct))
                {
                    switch (identifier.Parent)
                    {
                        case InvocationExpressionSyntax call when call.Expression == identifier:
                        case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Invoke" } invoke when invoke.Expression == identifier:
                        case ConditionalAccessExpressionSyntax conditional when conditional.Expression == identifier:
                        case ArgumentSyntax:
                            return true;
                    }
                }
            }

            return false;
        }

        /// <summary>A non-overridable method of the compilation whose every returned value is a call given an error callback.</summary>
        private static bool ReturnsOnlyCallbackCalls(IMethodSymbol method, SemanticModel? model, CancellationToken ct)
        {
            var definition = method.OriginalDefinition;
            if (model is null || definition.IsAbstract || definition.IsVirtual || definition.IsOverride || definition.IsAsync
                || definition.DeclaringSyntaxReferences.Length != 1
                || definition.DeclaringSyntaxReferences[0].GetSyntax(ct) is not MethodDeclarationSyntax declaration)
            {
                return false;
            }

            var bodyModel = SemanticModels.For(model, declaration.SyntaxTree);
            if (declaration.ExpressionBody is { Expression: var arrow })
            {
                return IsCallbackCall(arrow, bodyModel, ct);
            }

            if (declaration.Body is not { } body)
            {
                return false;
            }

            var returns = 0;
            foreach (var node in body.DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)))
            {
                if (node is ReturnStatementSyntax returned)
                {
                    if (returned.Expression is not { } value || !IsCallbackCall(value, bodyModel, ct))
                    {
                        return false;
                    }

                    returns++;
                }
            }

            return returns > 0;
        }

        private static bool IsCallbackCall(ExpressionSyntax value, SemanticModel model, CancellationToken ct) =>
            value is InvocationExpressionSyntax && model.GetOperation(value, ct) is IInvocationOperation call && GivenErrorCallback(call, ct);
    }
}
