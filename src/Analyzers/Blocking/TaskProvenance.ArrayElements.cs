namespace AsyncGuard.Analyzers.Blocking
{
    /// <summary>
    /// Held-out ho4a (FreeRedis's connection-pool warm-up): a local array of tasks made empty with a size
    /// (<c>var tasks = new Task[n];</c>) and filled by element writes (<c>tasks[i] = Task.Run(..)</c>) is followed like an
    /// array initializer: its elements are the values written to them (an element never written is null, and a wait on
    /// null throws instead of blocking). The other uses must still be reads (TaskProvenance.IsReadOnlyUseOfSequence), so the
    /// array cannot be filled anywhere the walk does not see; a written element of unknown provenance keeps the wait reported.
    /// </summary>
    internal sealed partial class TaskProvenance
    {
        /// <summary>`new Task[n]` (no initializer) as the initial value of an array local.</summary>
        private static bool IsFreshSizedArray(ILocalSymbol local, IOperation value) =>
            local.Type is IArrayTypeSymbol { Rank: 1 }
            && Strip(value) is IArrayCreationOperation { Initializer: null, DimensionSizes.Length: 1 };

        /// <summary>The value of `local[i] = value` when <paramref name="identifier"/> is that element write's array; null otherwise.</summary>
        private static IOperation? ArrayElementWrite(ILocalSymbol local, IdentifierNameSyntax identifier, SemanticModel model, CancellationToken cancellationToken) =>
            local.Type is IArrayTypeSymbol { Rank: 1 }
            && identifier.Parent is ElementAccessExpressionSyntax { ArgumentList.Arguments.Count: 1 } element
            && element.Expression == identifier
            && element.Parent is AssignmentExpressionSyntax assignment
            && assignment.Left == element
            && assignment.IsKind(SyntaxKind.SimpleAssignmentExpression)
                ? model.GetOperation(assignment.Right, cancellationToken)
                : null;
    }
}
