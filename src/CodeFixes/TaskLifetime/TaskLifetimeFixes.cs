namespace AsyncGuard.CodeFixes.TaskLifetime
{
    /// <summary>Syntax the task-lifetime fixes share: the discard name, and StartNew turned into Task.Run (AG0206, AG0210).</summary>
    internal static class TaskLifetimeFixes
    {
        /// <summary>
        /// `_` as the parser makes it: the binder takes a name for the discard only when its contextual kind is
        /// UnderscoreToken, which SyntaxFactory.IdentifierName("_") does not set (the result would not compile unparsed).
        /// </summary>
        public static IdentifierNameSyntax DiscardName() =>
            SyntaxFactory.IdentifierName(SyntaxFactory.Identifier(default, SyntaxKind.UnderscoreToken, "_", "_", default));

        /// <summary>
        /// The delegate's invoke method of `Task.Factory.StartNew(work[, token])` with a parameterless delegate and every
        /// parameter given: the call `Task.Run(work[, token])` can replace (whether Task.Run's unwrapping of a returned task
        /// fits is the caller's question); null for any other call.
        /// </summary>
        public static IMethodSymbol? StartNewAsTaskRun(DocumentRewrite input, InvocationExpressionSyntax invocation, MemberAccessExpressionSyntax access, IMethodSymbol method)
        {
            var types = input.Types;
            if (method.Name != "StartNew" || method.Parameters.Length is not (1 or 2) || invocation.ArgumentList.Arguments.Count != method.Parameters.Length
                || (method.Parameters.Length == 2 && !types.IsCancellationToken(method.Parameters[1].Type))
                || access.Expression is not MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Factory" } factory
                || !types.IsTask(input.Model.GetSymbolInfo(factory.Expression, input.CancellationToken).Symbol as ITypeSymbol))
            {
                return null;
            }

            return method.Parameters[0].Type is INamedTypeSymbol { TypeKind: TypeKind.Delegate, DelegateInvokeMethod: { Parameters.Length: 0 } invoke } ? invoke : null;
        }

        /// <summary>Plans `Task.Factory.StartNew(..)` -> `Task.Run(..)`: <paramref name="access"/>, the `Task.Factory.StartNew`, becomes `Task.Run`.</summary>
        public static string PlanTaskRun(MemberAccessExpressionSyntax access, SyntaxRewritePlan plan)
        {
            plan.Replace(access, current =>
            {
                var task = ((MemberAccessExpressionSyntax)((MemberAccessExpressionSyntax)current).Expression).Expression;
                return SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, task, SyntaxFactory.IdentifierName("Run")).WithTriviaFrom(current);
            });
            return "Use Task.Run";
        }
    }
}
