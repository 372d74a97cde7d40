namespace AsyncGuard.Analyzers.Core
{
    /// <summary>
    /// InMemoryCalls' locals reassigned on the statement before their use (wrong17, corpus17lib CryptoExchange.Net
    /// <c>RestApiClient</c>: <c>stream = await CopyStreamAsync(stream); using var reader = new StreamReader(stream, ..);</c>):
    /// where the statement that reads the local directly follows, in the same block, a simple assignment
    /// <c>local = value;</c>, the local holds that value when the statement starts, whatever it was given elsewhere. The
    /// value is proved as any other (here through the helper's returned memory stream). Sound when nothing can write the
    /// local between the two: the statements are adjacent in one block (no label, loop head or branch between them), the
    /// reading statement writes the local nowhere itself (a loop that reassigns it would bring another value back to its
    /// condition), no lambda or local function of the function writes it (it could run in between), and the read is not
    /// inside a nested function (which may run later). Asked only for a finding about to be reported; it narrows the set of
    /// values the other local proofs consider, so every shape they silence stays silent.
    /// </summary>
    internal sealed partial class InMemoryCalls
    {
        private static IOperation? JustAssigned(ILocalReferenceOperation reference, ILocalSymbol local, SyntaxNode function, SemanticModel model, CancellationToken cancellationToken)
        {
            if (local.RefKind != RefKind.None || reference.Syntax.SyntaxTree != model.SyntaxTree)
            {
                return null;
            }

            // The statement the read belongs to (no nested function on the way), directly in a block, after an assignment.
            StatementSyntax? statement = null;
            for (var node = reference.Syntax.Parent; node != null && node != function; node = node.Parent)
            {
                if (node is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)
                {
                    return null;
                }

                if (node is StatementSyntax found)
                {
                    statement = found;
                    break;
                }
            }

            if (statement?.Parent is not BlockSyntax block)
            {
                return null;
            }

            var index = block.Statements.IndexOf(statement);
            if (index < 1
                || block.Statements[index - 1] is not ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax assignmentSyntax }
                || !assignmentSyntax.IsKind(SyntaxKind.SimpleAssignmentExpression)
                || model.GetOperation(assignmentSyntax, cancellationToken) is not ISimpleAssignmentOperation { IsRef: false, Target: ILocalReferenceOperation target } assignment
                || !SymbolEqualityComparer.Default.Equals(target.Local, local))
            {
                return null;
            }

            var span = statement.Span;
            var safe = LocalReferences.All(local, function, model, cancellationToken, other =>
                !IsWrite(other) || (!span.Contains(other.Syntax.Span) && !InNestedFunction(other.Syntax, function)));
            return safe ? assignment.Value : null;
        }

        private static bool IsWrite(ILocalReferenceOperation reference) => reference.Parent switch
        {
            IAssignmentOperation assignment => assignment.Target == reference,
            IArgumentOperation { Parameter.RefKind: not RefKind.None } => true,
            IIncrementOrDecrementOperation or IAddressOfOperation or ITupleOperation or IDeclarationExpressionOperation => true,
            _ => false,
        };

        private static bool InNestedFunction(SyntaxNode node, SyntaxNode function)
        {
            for (var current = node.Parent; current != null && current != function; current = current.Parent)
            {
                if (current is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
