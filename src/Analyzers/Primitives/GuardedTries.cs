using System.Linq;

namespace AsyncGuard.Analyzers.Primitives
{
    /// <summary>
    /// AG0401's acquisitions followed, in the same block, by a few statements and then the try whose finally releases:
    /// the walk shared by <see cref="NonThrowingGaps"/> and <see cref="EarlyReleaseExits"/>, which each decide which
    /// statements may stand in between.
    /// </summary>
    internal static class GuardedTries
    {
        /// <summary>
        /// Whether the statements after <paramref name="index"/> in <paramref name="block"/> are one or more that
        /// <paramref name="between"/> accepts, followed by a try whose finally releases (<paramref name="isRelease"/> tells a
        /// release of the same semaphore).
        /// </summary>
        public static bool Follow(BlockSyntax block, int index, Func<SyntaxNode, bool> isRelease, Func<StatementSyntax, bool> between)
        {
            var statements = block.Statements;
            for (int i = index + 1; i < statements.Count; i++)
            {
                var statement = statements[i];
                if (statement is TryStatementSyntax { Finally: { } following })
                {
                    return i > index + 1 && LockSites.OwnNodes(following.Block).Any(isRelease);
                }

                if (!between(statement))
                {
                    return false;
                }
            }

            return false;
        }
    }
}
