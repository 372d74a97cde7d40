namespace AsyncGuard.Analyzers.Cancellation
{
    /// <summary>
    /// AG0304 (issue 16, twelfth pass, corpus10app): a source made only to run a callback when its timer fires — created
    /// with <c>new CancellationTokenSource(..)</c> (not linked), and every use of the local after its declaration is either
    /// <c>cts.Token.Register(..)</c> / <c>cts.Token.UnsafeRegister(..)</c> as a statement of its own (the registration
    /// dropped) or <c>cts.CancelAfter(..)</c>, with at least one registration:
    /// <c>var timeout = new CancellationTokenSource(ms); timeout.Token.Register(() => tcs.TrySetCanceled());</c>. The callback
    /// is meant to run after the method returns, so the suggested <c>using</c> would cancel the timer and the callback would
    /// never run; once the timer fires, the source holds nothing (its timer is gone, its registrations have run).
    /// Still reported: a linked source (its registration on the parent lives until disposal), a source whose token is also
    /// given to any other call or read in any other way (the method uses it for its own work, after which the timer is a
    /// leftover), a registration kept in a variable, a source only given a timer.
    /// </summary>
    internal static class TimerCallbackSources
    {
        /// <summary>Whether every use of <paramref name="local"/> after <paramref name="declaration"/> is a dropped registration on its token or a CancelAfter.</summary>
        public static bool OnlyArmsCallbacks(LocalDeclarationStatementSyntax declaration, ExpressionSyntax creation, ILocalSymbol local, SemanticModel model, CancellationToken cancellationToken)
        {
            if (creation is not BaseObjectCreationExpressionSyntax)
            {
                return false;
            }

            var scope = declaration.Parent is GlobalStatementSyntax global ? global.Parent : declaration.Parent;
            if (scope is null)
            {
                return false;
            }

            var registrations = 0;
            var name = local.Name;
            foreach (var node in scope.DescendantNodes())
            {
                if (node is not IdentifierNameSyntax identifier || identifier.Identifier.ValueText != name
                    || identifier.SpanStart < declaration.Span.End
                    || !model.GetSymbolInfo(identifier, cancellationToken).Symbol.Is(local))
                {
                    continue;
                }

                if (identifier.Parent is not MemberAccessExpressionSyntax access || access.Expression != identifier)
                {
                    return false;
                }

                switch (access.Name.Identifier.ValueText)
                {
                    case "CancelAfter" when access.Parent is InvocationExpressionSyntax { Parent: ExpressionStatementSyntax }:
                        break;
                    case "Token" when IsDroppedRegistration(access, model, cancellationToken):
                        registrations++;
                        break;
                    default:
                        return false;
                }
            }

            return registrations > 0;
        }

        /// <summary>`cts.Token.Register(..)` / `UnsafeRegister(..)` of CancellationToken, the call a statement of its own.</summary>
        private static bool IsDroppedRegistration(MemberAccessExpressionSyntax token, SemanticModel model, CancellationToken cancellationToken) =>
            token.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Register" or "UnsafeRegister" } register
            && register.Expression == token
            && register.Parent is InvocationExpressionSyntax { Parent: ExpressionStatementSyntax } call
            && model.GetSymbolInfo(call, cancellationToken).Symbol is IMethodSymbol { ContainingType: { Name: "CancellationToken", ContainingNamespace: { Name: "Threading", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } } };
    }
}
