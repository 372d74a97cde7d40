namespace AsyncGuard.Analyzers.Cancellation
{
    /// <summary>
    /// How a local CancellationTokenSource is used in its scope (AG0304): disposed (`Dispose()`, `using (cts)`), or escaping
    /// (returned, stored, passed on, captured by a lambda or local function, reassigned) — or its token outliving the
    /// method (returned, stored in a non-local, given to a call whose task is not awaited).
    /// </summary>
    internal static class TokenSourceUses
    {
        public static bool IsDisposedOrEscapes(LocalDeclarationStatementSyntax declaration, ILocalSymbol local, SemanticModel model, AsyncTypes types, CancellationToken cancellationToken) =>
            IsDisposedOrEscapes(declaration, local, model, types, cancellationToken, out _);

        /// <summary>
        /// As above; <paramref name="acquires"/> tells whether a use makes the source own something that disposing
        /// releases: a timer (`CancelAfter`) or the token's wait handle (`cts.Token.WaitHandle`). Complete only when the
        /// result is false (the scan stops at the first dispose or escape).
        /// </summary>
        public static bool IsDisposedOrEscapes(LocalDeclarationStatementSyntax declaration, ILocalSymbol local, SemanticModel model, AsyncTypes types, CancellationToken cancellationToken,
            out bool acquires)
        {
            acquires = false;
            // The local's scope: its block, switch section or the top-level statements.
            var scope = declaration.Parent is GlobalStatementSyntax global ? global.Parent : declaration.Parent;
            var function = EnclosingFunction.Find(declaration);
            if (scope is null || function is null)
            {
                return true;
            }

            var name = local.Name;
            foreach (var node in scope.DescendantNodes())
            {
                if (node is not IdentifierNameSyntax identifier || identifier.Identifier.ValueText != name
                    || identifier.SpanStart < declaration.Span.End)
                {
                    continue;
                }

                if (!model.GetSymbolInfo(identifier, cancellationToken).Symbol.Is(local))
                {
                    continue;
                }

                // Captured by a lambda or local function: it may outlive the method, disposing could break it.
                if (EnclosingFunction.Find(identifier) != function)
                {
                    return true;
                }

                if (IsDisposeOrEscape(identifier, model, types, cancellationToken))
                {
                    return true;
                }

                acquires |= Acquires(identifier);
            }

            return false;
        }

        private static bool IsDisposeOrEscape(IdentifierNameSyntax identifier, SemanticModel model, AsyncTypes types, CancellationToken cancellationToken)
        {
            switch (identifier.Parent)
            {
                case MemberAccessExpressionSyntax access when access.Expression == identifier:
                    return access.Name.Identifier.ValueText switch
                    {
                        "Dispose" => true,
                        "Token" => TokenOutlives(access, model, types, cancellationToken),
                        _ => false,
                    };
                case ConditionalAccessExpressionSyntax conditional when conditional.Expression == identifier:
                    return conditional.WhenNotNull is InvocationExpressionSyntax { Expression: MemberBindingExpressionSyntax { Name.Identifier.ValueText: "Dispose" } }
                        || conditional.WhenNotNull is MemberBindingExpressionSyntax { Name.Identifier.ValueText: "Token" };
                default:
                    // using (cts), return cts, field = cts, M(cts), cts = other, new[] { cts }, ...: not ours to dispose.
                    return true;
            }
        }

        /// <summary>`cts.CancelAfter(..)` (a timer) or `cts.Token.WaitHandle` (a kernel event), also through `?.`.</summary>
        private static bool Acquires(IdentifierNameSyntax identifier)
        {
            switch (identifier.Parent)
            {
                case MemberAccessExpressionSyntax access when access.Expression == identifier:
                    return access.Name.Identifier.ValueText == "CancelAfter"
                        || (access.Name.Identifier.ValueText == "Token" && access.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "WaitHandle" } handle && handle.Expression == access);
                case ConditionalAccessExpressionSyntax conditional when conditional.Expression == identifier:
                    return conditional.WhenNotNull is InvocationExpressionSyntax { Expression: MemberBindingExpressionSyntax { Name.Identifier.ValueText: "CancelAfter" } }
                        || conditional.WhenNotNull is MemberAccessExpressionSyntax { Expression: MemberBindingExpressionSyntax { Name.Identifier.ValueText: "Token" }, Name.Identifier.ValueText: "WaitHandle" };
                default:
                    return false;
            }
        }

        /// <summary>`cts.Token` that leaves with a task or a value the method hands out.</summary>
        private static bool TokenOutlives(ExpressionSyntax token, SemanticModel model, AsyncTypes types, CancellationToken cancellationToken)
        {
            var node = token.WalkUpParentheses();
            switch (node.Parent)
            {
                case ReturnStatementSyntax or ArrowExpressionClauseSyntax or YieldStatementSyntax:
                    return true;
                case AssignmentExpressionSyntax assignment when assignment.Right == node:
                    return !IsLocal(assignment.Left, model, cancellationToken);
                case ArgumentSyntax { Parent: BaseArgumentListSyntax { Parent: ExpressionSyntax call } }:
                    return CallOutlives(call, model, types, cancellationToken);
                case InitializerExpressionSyntax or AnonymousObjectMemberDeclaratorSyntax or TupleExpressionSyntax:
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>A call that got the token and whose task is not awaited here (returned, stored, discarded).</summary>
        private static bool CallOutlives(ExpressionSyntax call, SemanticModel model, AsyncTypes types, CancellationToken cancellationToken)
        {
            var node = call.WalkUpParentheses();

            // `.ConfigureAwait(..)` on the call's task.
            while (node.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" } access && access.Parent is InvocationExpressionSyntax configured)
            {
                node = configured.WalkUpParentheses();
            }

            switch (node.Parent)
            {
                case AwaitExpressionSyntax:
                    return false;
                case ReturnStatementSyntax or ArrowExpressionClauseSyntax:
                    return true;
                case ExpressionStatementSyntax:
                    return types.IsAwaitable(model.GetTypeInfo(call, cancellationToken).Type);
                case AssignmentExpressionSyntax assignment when assignment.Right == node:
                    return !IsLocal(assignment.Left, model, cancellationToken);
                case ArgumentSyntax:
                    // Handed on (Task.Run(.., token), WhenAll(..)): follow no further, assume it is awaited with them.
                    return false;
                default:
                    return false;
            }
        }

        private static bool IsLocal(ExpressionSyntax target, SemanticModel model, CancellationToken cancellationToken) =>
            target is IdentifierNameSyntax && model.GetSymbolInfo(target, cancellationToken).Symbol is ILocalSymbol;
    }
}
