namespace AsyncGuard.CodeFixes.Core
{
    /// <summary>Checks for moving a run of a block's statements into a new nested scope (a try or using body) — used by the AG04xx fixes.</summary>
    internal static class StatementRanges
    {
        /// <summary>
        /// Whether statements [<paramref name="first"/>, <paramref name="last"/>] of <paramref name="block"/> can move into a nested
        /// block: no local function or label (visible to the whole block) among them, and no variable they declare is used by the
        /// statements after <paramref name="usedAfter"/>. An empty range (first &gt; last) always can.
        /// </summary>
        public static bool CanNest(BlockSyntax block, int first, int last, int usedAfter, SemanticModel model, CancellationToken cancellationToken)
        {
            if (first > last)
            {
                return true;
            }

            var declared = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            for (int i = first; i <= last; i++)
            {
                var statement = block.Statements[i];
                if (statement is LocalFunctionStatementSyntax || statement is LabeledStatementSyntax)
                {
                    return false;
                }
            }

            var flow = model.AnalyzeDataFlow(block.Statements[first], block.Statements[last]);
            if (flow is null || !flow.Succeeded)
            {
                return false;
            }

            foreach (var symbol in flow.VariablesDeclared)
            {
                declared.Add(symbol);
            }

            if (declared.Count == 0)
            {
                return true;
            }

            for (int i = usedAfter + 1; i < block.Statements.Count; i++)
            {
                foreach (var identifier in block.Statements[i].DescendantNodesAndSelf())
                {
                    if (identifier is IdentifierNameSyntax name
                        && model.GetSymbolInfo(name, cancellationToken).Symbol is { } symbol
                        && declared.Contains(symbol))
                    {
                        return false;
                    }
                }
            }

            return true;
        }
    }
}
