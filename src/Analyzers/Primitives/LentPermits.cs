using System.Linq;

namespace AsyncGuard.Analyzers.Primitives
{
    /// <summary>
    /// AG0401: a permit the function lends and takes back. Every Release of the semaphore in the function comes before the
    /// acquisition and none can run after it: the function gave back a permit it did not take itself (its caller's, lent
    /// while it waits), and the acquisition returns that permit to the caller, whose own <c>finally</c> releases it. After
    /// the acquisition the function releases nothing, so there is no code "up to the Release" to wrap: the same reading
    /// as a function that never releases (a hand-off the rule does not follow).
    /// Decided on syntax of the function's own body (nested functions excluded, their releases are callbacks):
    /// <list type="bullet">
    /// <item>no <c>goto</c> or labelled statement (a jump back could reach a release);</item>
    /// <item>every Release of the same semaphore ends before the acquisition begins (catches and finally blocks of a try
    /// around the acquisition come after it, so a release there keeps the finding);</item>
    /// <item>inside a loop, the acquisition's block leaves the function after it (a <c>return</c> or <c>throw</c> of the
    /// same block, with no <c>break</c>, <c>continue</c> or <c>yield</c> on the way) and no try with catches between the
    /// acquisition and the loop (a caught exception would go round the loop to the release again).</item>
    /// </list>
    /// </summary>
    internal static class LentPermits
    {
        /// <summary>Whether no release of the semaphore can run after <paramref name="acquisition"/> in <paramref name="body"/>.</summary>
        public static bool NothingReleasedAfter(StatementSyntax acquisition, SyntaxNode body, Func<SyntaxNode, bool> isRelease)
        {
            var start = acquisition.SpanStart;
            var anyRelease = false;
            foreach (var node in LockSites.OwnNodes(body))
            {
                switch (node)
                {
                    case GotoStatementSyntax or LabeledStatementSyntax:
                        return false;
                    case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Release" } } call
                        when isRelease(call):
                        if (call.Span.End > start)
                        {
                            return false;
                        }

                        anyRelease = true;
                        break;
                }
            }

            // No release at all is the caller's existing hand-off case; this class is the one that releases first.
            return anyRelease && !GoesRoundToARelease(acquisition, body);
        }

        /// <summary>A loop around the acquisition through which control may come back to an earlier statement.</summary>
        private static bool GoesRoundToARelease(StatementSyntax acquisition, SyntaxNode body)
        {
            var inLoop = false;
            var caughtInside = false;
            for (var node = acquisition.Parent; node != null && node != body; node = node.Parent)
            {
                switch (node)
                {
                    case TryStatementSyntax { Catches.Count: > 0 } when !inLoop:
                        caughtInside = true;
                        break;
                    case WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or CommonForEachStatementSyntax:
                        inLoop = true;
                        break;
                }
            }

            if (!inLoop)
            {
                return false;
            }

            if (caughtInside || acquisition.Parent is not BlockSyntax block)
            {
                return true;
            }

            var statements = block.Statements;
            for (int i = statements.IndexOf(acquisition) + 1; i < statements.Count; i++)
            {
                var next = statements[i];
                if (LockSites.OwnNodes(next).Prepend(next).Any(n => n is BreakStatementSyntax or ContinueStatementSyntax or YieldStatementSyntax))
                {
                    return true;
                }

                if (next is ReturnStatementSyntax or ThrowStatementSyntax)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
