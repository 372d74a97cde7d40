namespace AsyncGuard.Analyzers.Cancellation
{
    /// <summary>How a function uses a CancellationToken parameter (AG0306), and the calls in it that could take one (AG0301's ground).</summary>
    internal static class TokenParameterUses
    {
        /// <summary>
        /// The parameter's name appears in the body and binds to it: any read (passed, checked, registered, stored, captured).
        /// <paramref name="bodyOperation"/>, the body's operation tree when the caller has it, answers the common case (a
        /// reference to the parameter, which is such a name) without asking the model about each name.
        /// </summary>
        public static bool IsReferenced(SyntaxNode body, IParameterSymbol parameter, SemanticModel model, CancellationToken ct, IOperation? bodyOperation = null)
        {
            if (bodyOperation != null && ReferencesParameter(bodyOperation, parameter, 0))
            {
                return true;
            }

            // The identifier names of the body (an IdentifierNameSyntax holds exactly one token): the same tokens as walking
            // every token, without the token enumeration.
            foreach (var node in body.DescendantNodes())
            {
                if (node is IdentifierNameSyntax name && name.Identifier.IsKind(SyntaxKind.IdentifierToken) && name.Identifier.ValueText == parameter.Name
                    && (model.GetSymbolInfo(name, ct).Symbol is not { } symbol || symbol.Is(parameter) || symbol is not IParameterSymbol and not ILocalSymbol))
                {
                    // Unbound (half-typed code) counts as a use too: silence when unsure.
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// A reference to <paramref name="parameter"/> below <paramref name="operation"/> (itself excluded), depth first, stopping at
        /// the first: the struct enumerator of the child list allocates nothing (unlike the Descendants() iterator). Very deep
        /// trees (long concatenations) go on with the iterator past a fixed depth, so the stack stays small.
        /// </summary>
        public static bool ReferencesParameter(IOperation operation, IParameterSymbol parameter, int depth)
        {
            if (depth > 64)
            {
                foreach (var descendant in operation.Descendants())
                {
                    if (descendant.Kind == OperationKind.ParameterReference && ((IParameterReferenceOperation)descendant).Parameter.Is(parameter))
                    {
                        return true;
                    }
                }

                return false;
            }

            foreach (var child in operation.ChildOperations)
            {
                if (child.Kind == OperationKind.ParameterReference
                    ? ((IParameterReferenceOperation)child).Parameter.Is(parameter)
                    : ReferencesParameter(child, parameter, depth + 1))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// A call in <paramref name="body"/> leaves an optional token parameter at its default or has an overload that takes a
        /// token: AG0301 reports such a call (its fix passes the token), so the unused parameter is that rule's one finding.
        /// Calls inside lambdas and local functions count too (the parameter is available there).
        /// </summary>
        public static bool HasCallThatCouldTakeToken(IOperation body, AsyncTypes types)
        {
            foreach (var operation in body.DescendantsAndSelf())
            {
                if (operation is IInvocationOperation invocation && types.MayTakeToken(invocation.TargetMethod)
                    && CancellableCalls.Classify(invocation, types, out _) is MissingTokenKind.OptionalDefault or MissingTokenKind.Overload)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// A synchronous implementation behind an async signature: the method returns a task-like type, and its body
        /// (with its lambdas and local functions) neither awaits nor calls anything that returns a task-like value
        /// (`return Task.CompletedTask` after synchronous work). Nothing asynchronous runs that a token could stop; the
        /// token is part of the async contract. Asynchronous release of a resource does not count as such work: an
        /// awaited or returned `DisposeAsync()` (IAsyncDisposable's, or a member implementing it) or a parameterless
        /// `CloseAsync()` of an IAsyncDisposable type (a connection's close) must finish whatever a token says, so a
        /// body whose only asynchronous work is that release has nothing to cancel either (issue 16, third pass).
        /// </summary>
        public static bool IsSynchronousBehindAsyncSignature(IMethodSymbol method, IOperation body, AsyncTypes types)
        {
            if (!types.IsTaskOrValueTask(method.ReturnType))
            {
                return false;
            }

            foreach (var operation in body.DescendantsAndSelf())
            {
                switch (operation)
                {
                    case IAwaitOperation awaited when !IsRelease(Awaited(awaited.Operation), types):
                        return false;
                    case IInvocationOperation invocation when types.IsTaskOrValueTask(invocation.Type) && !IsRelease(invocation, types)
                        && !IsConfiguredRelease(invocation, types):
                        return false;
                }
            }

            return true;
        }

        /// <summary>The awaited call under `.ConfigureAwait(..)` and conversions.</summary>
        private static IOperation Awaited(IOperation operation)
        {
            operation = Invocations.WithoutImplicitConversions(operation);
            return operation is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configured && Invocations.Receiver(configured) is { } receiver
                ? Invocations.WithoutImplicitConversions(receiver)
                : operation;
        }

        /// <summary>`x.DisposeAsync().ConfigureAwait(false)`: the ConfigureAwait call on a release.</summary>
        private static bool IsConfiguredRelease(IInvocationOperation invocation, AsyncTypes types) =>
            invocation.TargetMethod.Name == "ConfigureAwait" && Invocations.Receiver(invocation) is { } receiver
            && IsRelease(Invocations.WithoutImplicitConversions(receiver), types);

        /// <summary>
        /// `DisposeAsync()` of IAsyncDisposable (or a member implementing it), or a parameterless `CloseAsync()` on a type that
        /// implements IAsyncDisposable.
        /// </summary>
        private static bool IsRelease(IOperation operation, AsyncTypes types)
        {
            if (operation is not IInvocationOperation { TargetMethod: { Parameters.Length: 0, IsStatic: false } target } call
                || (target.Name != "DisposeAsync" && target.Name != "CloseAsync"))
            {
                return false;
            }

            var owner = call.Instance?.Type ?? target.ContainingType;
            var asyncDisposable = types.IAsyncDisposable;
            if (asyncDisposable is null || owner is null || !(owner.Is(asyncDisposable) || owner.Implements(asyncDisposable)))
            {
                return false;
            }

            if (target.Name == "CloseAsync")
            {
                return true;
            }

            if (target.ContainingType.Is(asyncDisposable))
            {
                return true;
            }

            foreach (var contract in asyncDisposable.GetMembers("DisposeAsync"))
            {
                if (owner.FindImplementationForInterfaceMember(contract) is { } implementation
                    && (implementation.Is(target.OriginalDefinition) || IsOverrideOf(target, implementation)))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsOverrideOf(IMethodSymbol method, ISymbol implementation)
        {
            for (var current = method.OriginalDefinition; current != null; current = current.OverriddenMethod)
            {
                if (current.Is(implementation))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Nothing to cancel: an empty body, a body that only throws, or one that only returns a constant, `default` or a
        /// completed task (`Task.CompletedTask`, `Task.FromResult(..)`, `ValueTask.CompletedTask`, `new ValueTask&lt;T&gt;(..)`).
        /// </summary>
        public static bool IsTrivial(BlockSyntax? block, ArrowExpressionClauseSyntax? arrow, SemanticModel model, AsyncTypes types, CancellationToken ct)
        {
            ExpressionSyntax? value;
            if (block != null)
            {
                if (block.Statements.Count == 0)
                {
                    return true;
                }

                if (block.Statements.Count != 1)
                {
                    return false;
                }

                switch (block.Statements[0])
                {
                    case ThrowStatementSyntax:
                        return true;
                    case ReturnStatementSyntax { Expression: { } returned }:
                        value = returned;
                        break;
                    case ExpressionStatementSyntax { Expression: ThrowExpressionSyntax }:
                        return true;
                    default:
                        return false;
                }
            }
            else if (arrow != null)
            {
                value = arrow.Expression;
            }
            else
            {
                return false;
            }

            value = value.WalkDownParentheses();
            switch (value)
            {
                case ThrowExpressionSyntax:
                case LiteralExpressionSyntax:
                case DefaultExpressionSyntax:
                    return true;
                case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "CompletedTask" }:
                case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "FromResult" or "FromCanceled" or "FromException" } }:
                case BaseObjectCreationExpressionSyntax:
                    return types.IsTaskOrValueTask(model.GetTypeInfo(value, ct).Type);
                default:
                    return false;
            }
        }
    }
}
