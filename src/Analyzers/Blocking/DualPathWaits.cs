namespace AsyncGuard.Analyzers.Blocking
{
    /// <summary>Whether the task a call returns is blocked on right there: `.Result`, `.Wait(..)`, `.GetAwaiter().GetResult()`, through ConfigureAwait/AsTask.</summary>
    internal static class DualPathWaits
    {
        public static bool IsBlockedOn(SyntaxNode call, SemanticModel model, AsyncTypes types, CancellationToken cancellationToken)
        {
            var node = call.WalkUpParentheses();
            while (node.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" or "AsTask" or "Preserve" } wrapper
                && wrapper.Expression == node && wrapper.Parent is InvocationExpressionSyntax wrapped)
            {
                node = wrapped.WalkUpParentheses();
            }

            if (node.Parent is not MemberAccessExpressionSyntax access || access.Expression != node)
            {
                return false;
            }

            SyntaxNode? wait = access.Name.Identifier.ValueText switch
            {
                "Result" => access,
                "Wait" => access.Parent as InvocationExpressionSyntax,
                "GetAwaiter" when access.Parent is InvocationExpressionSyntax getAwaiter
                    && getAwaiter.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetResult" } getResult
                    && getResult.Expression == getAwaiter => getResult.Parent as InvocationExpressionSyntax,
                _ => null,
            };
            return wait != null && BlockingWaits.TryMatch(wait, model, types, cancellationToken, out _);
        }
    }
}
