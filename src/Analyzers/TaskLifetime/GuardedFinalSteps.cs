namespace AsyncGuard.Analyzers.TaskLifetime
{
    /// <summary>
    /// AG0209, an extension of <see cref="FinalStepCompletions"/> (e209, csharp-driver's once-guarded result handler): a
    /// completion that ends a branch of an <c>if</c> (its statement or its <c>else</c>, braced or not, through <c>else if</c>
    /// chains) ends the <c>if</c> itself; where that <c>if</c> is in turn a final step, nothing runs after the completion
    /// either. The condition only decides whether the completion happens, not what runs after it.
    /// </summary>
    internal static class GuardedFinalSteps
    {
        /// <summary>The outermost <c>if</c> whose branch ends with <paramref name="node"/>, or the node itself.</summary>
        public static SyntaxNode Lift(SyntaxNode node)
        {
            while (true)
            {
                switch (node.Parent)
                {
                    case IfStatementSyntax branch when branch.Statement == node:
                        node = branch;
                        continue;
                    case ElseClauseSyntax { Parent: IfStatementSyntax owner } alternative when alternative.Statement == node:
                        node = owner;
                        continue;
                    default:
                        return node;
                }
            }
        }
    }
}
