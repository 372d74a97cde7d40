namespace AsyncGuard.Analyzers.Cancellation
{
    /// <summary>
    /// AG0305 (issue 16, deb9 debmix): a registration on the stopping token of a hosted background service, made once by
    /// the service's own <c>ExecuteAsync</c>: the method is an override of
    /// <c>Microsoft.Extensions.Hosting.BackgroundService.ExecuteAsync(CancellationToken)</c>, the registration is in its own
    /// body (not in a lambda or local function), on its token parameter (never assigned), outside every loop, and the
    /// body has no <c>goto</c>. The host calls <c>ExecuteAsync</c> once per service start, and the token's source belongs
    /// to the service (cancelled when it stops, disposed with it): the registration lives exactly as long as the service,
    /// one per start, which is what registering on that token means. A registration in a loop (one more each round), on
    /// another token, or in another method stays reported. Option <see cref="ReportOption"/> reports these again.
    /// </summary>
    internal static class ServiceStoppingRegistrations
    {
        /// <summary>.editorconfig key: `true` reports registrations on a background service's stopping token in its ExecuteAsync.</summary>
        public const string ReportOption = "dotnet_diagnostic.AG0305.report_service_stopping_token";

        public static bool IsOncePerService(IInvocationOperation registration, ISymbol containingSymbol, CancellationToken ct)
        {
            if (EnclosingFunction.InnermostFunction(registration) is not null
                || containingSymbol is not IMethodSymbol { Name: "ExecuteAsync", IsOverride: true, IsStatic: false, Parameters.Length: 1 } method
                || !OverridesBackgroundService(method)
                || registration.Instance is null
                || Invocations.WithoutImplicitConversions(registration.Instance) is not IParameterReferenceOperation token
                || !token.Parameter.Is(method.Parameters[0]))
            {
                return false;
            }

            for (var current = registration.Parent; current != null; current = current.Parent)
            {
                if (current is ILoopOperation)
                {
                    return false;
                }
            }

            if (method.DeclaringSyntaxReferences.Length != 1 || method.DeclaringSyntaxReferences[0].GetSyntax(ct) is not MethodDeclarationSyntax declaration)
            {
                return false;
            }

            var name = method.Parameters[0].Name;
            foreach (var node in declaration.DescendantNodes())
            {
                switch (node)
                {
                    case GotoStatementSyntax:
                        return false;
                    case AssignmentExpressionSyntax { Left: IdentifierNameSyntax target } when target.Identifier.ValueText == name:
                        return false;
                    case ArgumentSyntax { Expression: IdentifierNameSyntax passed } argument
                        when passed.Identifier.ValueText == name && !argument.RefKindKeyword.IsKind(SyntaxKind.None) && !argument.RefKindKeyword.IsKind(SyntaxKind.InKeyword):
                        return false;
                }
            }

            return true;
        }

        /// <summary>The method overrides, directly or through other overrides, BackgroundService.ExecuteAsync of Microsoft.Extensions.Hosting.</summary>
        private static bool OverridesBackgroundService(IMethodSymbol method)
        {
            var root = method;
            for (var steps = 0; root.OverriddenMethod is { } overridden && steps < 16; steps++)
            {
                root = overridden;
            }

            return root.ContainingType is
            {
                Name: "BackgroundService",
                ContainingNamespace: { Name: "Hosting", ContainingNamespace: { Name: "Extensions", ContainingNamespace: { Name: "Microsoft", ContainingNamespace.IsGlobalNamespace: true } } },
            };
        }
    }
}
