namespace AsyncGuard.Analyzers.Blocking
{
    /// <summary>AG0102 on blocking property getters (<see cref="AsyncAlternatives.Getters"/>: <c>HttpRequest.Form</c>).</summary>
    public sealed partial class AG0102AsyncAlternativeAnalyzer
    {
        /// <summary>Only in compilations that have a type of the getter table: no property action anywhere else.</summary>
        private static void RegisterGetters(CompilationStartAnalysisContext start, AsyncAlternatives alternatives, DualPaths dual, AsyncTypes types)
        {
            if (alternatives.GettersInCompilation.IsEmpty)
            {
                return;
            }

            start.RegisterOperationAction(c => AnalyzeGetter(c, alternatives, dual, types), OperationKind.PropertyReference);
        }

        private static void AnalyzeGetter(OperationAnalysisContext context, AsyncAlternatives alternatives, DualPaths dual, AsyncTypes types)
        {
            var operation = (IPropertyReferenceOperation)context.Operation;
            // Cheapest first: the property's name against the (one-entry) table, before any symbol or syntax walk.
            if (!IsGetterName(operation.Property.Name, alternatives) || operation.SemanticModel is not { } model)
            {
                return;
            }

            if (alternatives.TryFindForGetter(operation, context.ContainingSymbol, model, context.Options.AnalyzerConfigOptionsProvider, context.CancellationToken, out var alternative)
                && dual.RegionOf(operation.Syntax, model, context.CancellationToken) is var region && region != DualSide.Sync
                && !InSynchronousTopLevel(context, types))
            {
                context.ReportDiagnostic(Create(operation.Syntax.GetLocation(), alternative, Fixable(region, operation, context.ContainingSymbol, dual)));
            }
        }

        private static bool IsGetterName(string name, AsyncAlternatives alternatives)
        {
            foreach (var (_, getter) in alternatives.GettersInCompilation)
            {
                if (getter.Property == name)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
