namespace AsyncGuard.Analyzers.Core
{
    /// <summary>Whether a function (as found by <see cref="EnclosingFunction.Find"/>) is compiled as an async state machine.</summary>
    internal static class AsyncModifier
    {
        /// <summary>
        /// True for the `async` modifier, and for top-level statements that contain an await (their synthesized
        /// Main is then async). A Task-returning function without `async` is not async here.
        /// </summary>
        public static bool IsAsync(SyntaxNode? function) => function switch
        {
            AnonymousFunctionExpressionSyntax lambda => lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword),
            MethodDeclarationSyntax method => method.Modifiers.Any(SyntaxKind.AsyncKeyword),
            LocalFunctionStatementSyntax local => local.Modifiers.Any(SyntaxKind.AsyncKeyword),
            CompilationUnitSyntax unit => TopLevelAwaits(unit),
            _ => false,
        };

        private static bool TopLevelAwaits(CompilationUnitSyntax unit)
        {
            foreach (var member in unit.Members)
            {
                if (member is not GlobalStatementSyntax global)
                {
                    continue;
                }

                foreach (var node in OwnNodes(global))
                {
                    if (Awaits(node))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>An await of the function itself: `await x`, `await foreach`, `await using` (statement or declaration).</summary>
        public static bool Awaits(SyntaxNode node) => node switch
        {
            AwaitExpressionSyntax => true,
            CommonForEachStatementSyntax forEach => forEach.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword),
            UsingStatementSyntax usingStatement => usingStatement.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword),
            LocalDeclarationStatementSyntax declaration => declaration.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword),
            _ => false,
        };

        /// <summary>The node and its descendants that belong to the same function (nested lambdas and local functions are not entered).</summary>
        public static IEnumerable<SyntaxNode> OwnNodes(SyntaxNode node) =>
            node.DescendantNodesAndSelf(n => n == node || (n is not AnonymousFunctionExpressionSyntax and not LocalFunctionStatementSyntax));
    }
}
