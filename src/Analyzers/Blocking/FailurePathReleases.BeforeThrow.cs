using System.Linq;

namespace AsyncGuard.Analyzers.Blocking
{
    /// <summary>
    /// FailurePathReleases outside a catch (issue 16, eighteenth pass, d102; reported with
    /// <c>report_failure_path_disposal</c> like the rest of the class): the same release of a transport (<c>x.Dispose();</c>,
    /// <c>x.Close();</c>, <c>x.Disconnect(..);</c>, also <c>x?.</c>) as a statement whose very next statement in the same
    /// block is <c>throw &lt;expression&gt;;</c>: <c>if (!stream.CanCloseWrite) { stream.Dispose(); throw new
    /// NotSupportedException(..); }</c>. The function gives up on the operation right there: nothing runs between the release
    /// and the throw, and the async form would only delay the exception. Decided on the syntax: the throw must follow at once
    /// (no statement, label or await between), carry an exception (a bare <c>throw;</c> belongs to a catch), and no
    /// <c>try</c> of the same function with catch clauses may enclose the release (its handler could resume the work).
    /// Still reported: a statement between the release and the throw, a throw only under a condition, a release inside a
    /// <c>try</c> block with handlers, in a lambda or local function made there, and every resource the catch-clause class
    /// keeps reported (a file stream, a writer, a data reader, a client, a release member declared by a type of your own).
    /// </summary>
    internal static partial class FailurePathReleases
    {
        /// <summary>Syntax only: the statement is followed at once by <c>throw e;</c> and no try with handlers encloses it.</summary>
        private static bool IsRightBeforeThrow(StatementSyntax statement)
        {
            if (statement.Parent is not BlockSyntax block)
            {
                return false;
            }

            var index = block.Statements.IndexOf(statement);
            if (index < 0 || index + 1 >= block.Statements.Count
                || block.Statements[index + 1] is not ThrowStatementSyntax { Expression: { } thrown }
                || thrown.DescendantNodesAndSelf(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
                    .Any(n => n is AwaitExpressionSyntax))
            {
                return false;
            }

            SyntaxNode node = block;
            for (var parent = block.Parent; parent != null; node = parent, parent = parent.Parent)
            {
                switch (parent)
                {
                    case TryStatementSyntax { Catches.Count: > 0 } tryStatement when tryStatement.Block == node:
                        return false;
                    case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax or CompilationUnitSyntax:
                        return true;
                }
            }

            return true;
        }
    }
}
