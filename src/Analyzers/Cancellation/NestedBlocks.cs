namespace AsyncGuard.Analyzers.Cancellation
{
    /// <summary>
    /// Issue 16, fourteenth pass (wrong16): where a nested block is, for what runs after it, the end of its function.
    /// </summary>
    internal static class NestedBlocks
    {
        /// <summary>
        /// Whether nothing of <paramref name="function"/> runs after <paramref name="block"/> ends: climbing to the function's
        /// body, every step is an <c>if</c>'s branch (its statement or its <c>else</c>), or a statement of a block that is the
        /// last one there (or followed only by a final <c>return;</c>). Loops, <c>try</c>, <c>using</c>, <c>lock</c>,
        /// <c>switch</c> and the like end the climb with false (they may run the block again or run code after it).
        /// </summary>
        public static bool EndsTheFunction(BlockSyntax block, SyntaxNode function)
        {
            SyntaxNode current = block;
            for (var depth = 0; depth < 32; depth++)
            {
                var parent = current.Parent;
                switch (parent)
                {
                    case null:
                        return false;
                    case IfStatementSyntax when current is StatementSyntax:
                        current = parent;
                        continue;
                    case ElseClauseSyntax { Parent: IfStatementSyntax owner }:
                        current = owner;
                        continue;
                    case BlockSyntax outer when current is StatementSyntax statement:
                        if (!IsLast(outer, statement))
                        {
                            return false;
                        }

                        if (outer.Parent == function)
                        {
                            return true;
                        }

                        current = outer;
                        continue;
                    default:
                        return false;
                }
            }

            return false;
        }

        private static bool IsLast(BlockSyntax block, StatementSyntax statement)
        {
            var statements = block.Statements;
            var index = statements.IndexOf(statement);
            return index >= 0
                && (index == statements.Count - 1
                    || (index == statements.Count - 2 && statements[index + 1] is ReturnStatementSyntax { Expression: null }));
        }
    }
}
