namespace AsyncGuard.Analyzers.TaskLifetime
{
    /// <summary>A deliberate fire-and-forget body whose awaits all throw into a catch-all: AG0202 and AG0203 stay silent on it.</summary>
    internal static class CaughtAwaits
    {
        /// <summary>
        /// Whether the body awaits at all, and every await (also `await foreach` / `await using`) stands in the try block of
        /// a `try` with a catch-all clause (`catch`, `catch (Exception)`, no filter) that does not rethrow: no exception
        /// thrown after the first await can reach the synchronization context.
        /// </summary>
        public static bool EveryAwaitCatchesAll(BlockSyntax body)
        {
            var awaits = 0;
            foreach (var node in body.DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)))
            {
                if (!IsAwait(node))
                {
                    continue;
                }

                awaits++;
                if (!InsideCatchAllTry(node, body))
                {
                    return false;
                }
            }

            return awaits > 0;
        }

        /// <summary>`await ..`, `await foreach`, `await using (..)`, `await using var ..`.</summary>
        internal static bool IsAwait(SyntaxNode node) =>
            node is AwaitExpressionSyntax
            || (node is ForEachStatementSyntax forEach && forEach.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword))
            || (node is ForEachVariableStatementSyntax forEachVariable && forEachVariable.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword))
            || (node is UsingStatementSyntax usingStatement && usingStatement.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword))
            || (node is LocalDeclarationStatementSyntax local && local.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword));

        private static bool InsideCatchAllTry(SyntaxNode node, BlockSyntax body)
        {
            SyntaxNode child = node;
            for (var current = node.Parent; current != null && current != body.Parent; child = current, current = current.Parent)
            {
                if (current is TryStatementSyntax tryStatement && tryStatement.Block == child)
                {
                    foreach (var clause in tryStatement.Catches)
                    {
                        if (IsCatchAll(clause) && !Rethrows(clause.Block))
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }

        internal static bool IsCatchAll(CatchClauseSyntax clause) =>
            clause.Filter is null
            && (clause.Declaration is null
                || clause.Declaration.Type is IdentifierNameSyntax { Identifier.ValueText: "Exception" }
                || clause.Declaration.Type is QualifiedNameSyntax { Right.Identifier.ValueText: "Exception", Left: IdentifierNameSyntax { Identifier.ValueText: "System" } });

        internal static bool Rethrows(BlockSyntax block)
        {
            foreach (var statement in block.Statements)
            {
                if (statement is ThrowStatementSyntax)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
