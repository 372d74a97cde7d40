namespace AsyncGuard.Analyzers.Cancellation
{
    /// <summary>
    /// `token.Register(..)` / `token.UnsafeRegister(..)` calls and where their token comes from (AG0305; shared with the
    /// fix, which re-checks the statement shape).
    /// </summary>
    internal static class TokenRegistrations
    {
        /// <summary>A call of CancellationToken.Register / UnsafeRegister that returns a CancellationTokenRegistration.</summary>
        public static bool IsRegistration(IInvocationOperation invocation, AsyncTypes types) =>
            invocation.TargetMethod is { Name: "Register" or "UnsafeRegister", IsStatic: false } method
            && types.IsCancellationToken(method.ContainingType)
            && method.ReturnType is { Name: "CancellationTokenRegistration" };

        /// <summary>Syntactic filter: `x.Register(..)` / `x.UnsafeRegister(..)`.</summary>
        public static bool MayBeRegistration(InvocationExpressionSyntax syntax) =>
            syntax.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Register" or "UnsafeRegister" }
                or MemberBindingExpressionSyntax { Name.Identifier.ValueText: "Register" or "UnsafeRegister" };

        /// <summary>
        /// The token outlives the function that registers on it: a token parameter, or a token read from a field or
        /// property (a member's, a parameter's or an injected object's: `_stopping`, `context.RequestAborted`, `_cts.Token`),
        /// directly or through a local initialised with one. Not a token of a local source (created, and disposed or
        /// collected, with the function), not `CancellationToken.None` / `default`, not a token a call returned.
        /// </summary>
        public static bool Outlives(IOperation? token, AsyncTypes types, CancellationToken ct, int depth = 0)
        {
            if (token is null || depth > 3)
            {
                return false;
            }

            token = Invocations.WithoutImplicitConversions(token);
            switch (token)
            {
                case IParameterReferenceOperation:
                    return true;
                case IFieldReferenceOperation { Field.IsStatic: true }:
                case IPropertyReferenceOperation { Property.IsStatic: true }:
                    // CancellationToken.None and static tokens of the application (rare): left alone.
                    return false;
                case IFieldReferenceOperation field:
                    return OwnerOutlives(field.Instance, types, ct, depth);
                case IPropertyReferenceOperation property:
                    return OwnerOutlives(property.Instance, types, ct, depth);
                case ILocalReferenceOperation { Local: { } local } when local.DeclaringSyntaxReferences.Length == 1:
                    return local.DeclaringSyntaxReferences[0].GetSyntax(ct) is VariableDeclaratorSyntax { Initializer.Value: { } value }
                        && token.SemanticModel?.GetOperation(value, ct) is { } initial
                        && Outlives(initial, types, ct, depth + 1);
                default:
                    return false;
            }
        }

        /// <summary>
        /// An argument of the registration (the callback's body, or the state) reads a local or a parameter of the
        /// functions around it, other than the token itself: the callback acts on this call's state.
        /// </summary>
        public static bool UsesOperationState(IInvocationOperation registration)
        {
            var token = registration.Instance is { } instance ? Invocations.WithoutImplicitConversions(instance) : null;
            foreach (var argument in registration.Arguments)
            {
                foreach (var operation in argument.Value.DescendantsAndSelf())
                {
                    switch (operation)
                    {
                        case ILocalReferenceOperation local when !DeclaredIn(local.Local, argument.Syntax):
                            return true;
                        case IParameterReferenceOperation parameter when !DeclaredIn(parameter.Parameter, argument.Syntax)
                            && !(token is IParameterReferenceOperation tokenParameter && tokenParameter.Parameter.Is(parameter.Parameter)):
                            return true;
                    }
                }
            }

            return false;
        }

        /// <summary>Declared inside the callback (its own parameters and locals), not state of the function around it.</summary>
        internal static bool DeclaredIn(ISymbol symbol, SyntaxNode argument) =>
            symbol.Locations.Length > 0 && symbol.Locations[0].SourceTree == argument.SyntaxTree && argument.Span.Contains(symbol.Locations[0].SourceSpan);

        private static bool OwnerOutlives(IOperation? owner, AsyncTypes types, CancellationToken ct, int depth)
        {
            owner = owner is null ? null : Invocations.WithoutImplicitConversions(owner);
            switch (owner)
            {
                case null:
                case IInstanceReferenceOperation:
                case IParameterReferenceOperation:
                case IFieldReferenceOperation:
                case IPropertyReferenceOperation:
                    return true;
                case ILocalReferenceOperation { Local: { } local }:
                    // A local source or holder: created here, its token dies with it (AG0304 asks for the source's
                    // disposal). A local that is not a source (`var context = _accessor.HttpContext`) is followed once.
                    if (types.IsCancellationTokenSource(local.Type) || local.DeclaringSyntaxReferences.Length != 1)
                    {
                        return false;
                    }

                    return local.DeclaringSyntaxReferences[0].GetSyntax(ct) is VariableDeclaratorSyntax { Initializer.Value: { } value }
                        && owner.SemanticModel?.GetOperation(value, ct) is { } initial
                        && Invocations.WithoutImplicitConversions(initial) is IParameterReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation
                        && depth < 3;
                default:
                    return false;
            }
        }
    }
}
