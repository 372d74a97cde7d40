namespace AsyncGuard.Analyzers.Blocking
{
    /// <summary>
    /// AG0104: inside a dual sync/async implementation (a function with its own sync/async selector), a call given the
    /// sync constant outside the sync path (the async path silently goes synchronous), or given the async constant and
    /// blocked on inside the sync path (real sync-over-async). The model is <see cref="DualPaths"/>.
    /// </summary>
    public sealed class AG0104DualPathMismatchAnalyzer() : AsyncGuardAnalyzer(Rule)
    {
        public const string Id = "AG0104";

        /// <summary>Property with the expression that forwards the function's own flag (absent when it cannot be spelled there).</summary>
        public const string FlagProperty = "Flag";

        public static readonly DiagnosticDescriptor Rule = RuleHelp.Descriptor(
            Id, RuleHelp.BlockingCategory, DiagnosticSeverity.Warning, RuleTraits.None,
            title: "Dual-path mismatch",
            messageFormat: "'{0}' gets '{1}' on the {2} path of '{3}': {4}; forward '{5}'",
            description: "A function that implements a sync and an async API with one body, selected by a flag, must hand that flag on: a call given the sync constant makes the async path synchronous, and a call given the async constant and then blocked on makes the sync path sync-over-async. Forward the function's own flag.");

        private protected override void OnCompilationStart(CompilationStartAnalysisContext start, AsyncTypes types) =>
            start.RegisterOperationAction(c => Analyze(c, types), OperationKind.Invocation);

        private static void Analyze(OperationAnalysisContext context, AsyncTypes types)
        {
            var operation = (IInvocationOperation)context.Operation;
            if (operation.Arguments.IsEmpty || operation.SemanticModel is not { } model)
            {
                return;
            }

            var dual = types.DualPaths;
            var side = dual.SelectedSide(operation, out var argument);
            if (side == DualSide.Unknown || argument?.Parameter is not { } parameter || dual.ParameterSelector(parameter) is not { } selector
                || !dual.TryFindOwnFlag(operation, context.ContainingSymbol, out var flag))
            {
                return;
            }

            var region = dual.RegionOf(operation.Syntax, model, context.CancellationToken);
            string path;
            string reason;
            if (side == DualSide.Sync)
            {
                if (region == DualSide.Sync)
                {
                    return;
                }

                path = "async";
                reason = "the async path runs synchronously";
            }
            else
            {
                if (region != DualSide.Sync || !DualPathWaits.IsBlockedOn(operation.Syntax, model, types, context.CancellationToken))
                {
                    return;
                }

                path = "sync";
                reason = "blocking on it is sync-over-async";
            }

            var value = argument.Value.Syntax;
            var properties = ImmutableDictionary<string, string?>.Empty;
            if (flag.ForwardTo(selector, parameter.Type, model, value.SpanStart) is { } forward)
            {
                properties = properties.Add(FlagProperty, forward);
            }

            var function = EnclosingFunction.InnermostFunction(operation) is { } inner ? EnclosingFunction.SymbolOf(inner) : context.ContainingSymbol;
            var name = function is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction } ? context.ContainingSymbol.Name : function.Name;
            context.ReportDiagnostic(Diagnostic.Create(Rule, value.GetLocation(), properties, operation.TargetMethod.Name, value.ToString(), path, name, reason, flag.Display));
        }
    }
}
