namespace AsyncGuard.Analyzers.Blocking
{
    /// <summary>AG0101: Task.Wait / WaitAll / WaitAny / .Result / GetAwaiter().GetResult() inside an async-capable function.</summary>
    public sealed class AG0101BlockingWaitAnalyzer() : AsyncGuardAnalyzer(Rule)
    {
        public const string Id = "AG0101";

        /// <summary>Property naming the wait kind, so the fix need not re-classify it.</summary>
        public const string KindProperty = BlockingWaits.KindProperty;

        public static readonly DiagnosticDescriptor Rule = RuleHelp.Descriptor(
            Id, RuleHelp.BlockingCategory, DiagnosticSeverity.Warning, RuleTraits.DefiniteBug,
            title: "Blocking wait in async code",
            messageFormat: "'{0}' blocks the thread inside an async function; await the task instead",
            description: "Blocking on a task inside an async function ties up a thread for the whole wait and can deadlock under a single-threaded synchronization context. Await it instead.");

        private protected override void OnCompilationStart(CompilationStartAnalysisContext start, AsyncTypes types)
        {
            var peers = types.PeerSuppressions;
            var provenance = new TaskProvenance(start.Compilation, types);
            start.RegisterSyntaxNodeAction(c => AnalyzeNode(c, types, peers, provenance), BlockingWaits.Kinds);
        }

        private static void AnalyzeNode(SyntaxNodeAnalysisContext context, AsyncTypes types, PeerSuppressions peers, TaskProvenance provenance)
        {
            if (!BlockingWaits.TryMatch(context.Node, context.SemanticModel, types, context.CancellationToken, out var wait))
            {
                return;
            }

            var function = EnclosingFunction.Find(wait.Node);
            if (EnclosingFunction.Classify(function, context.SemanticModel, types, context.CancellationToken, context.ContainingSymbol) != FunctionKind.AsyncCapable
                || WaitExemptions.IsExempt(wait, function, context.SemanticModel, types, context.CancellationToken)
                || types.DualPaths.Silences(wait, context.SemanticModel, context.CancellationToken))
            {
                return;
            }

            if (peers.IsSuppressed(Id, wait.Node, context.SemanticModel, context.Options, context.CancellationToken)
                || provenance.WaitsOnCompletedField(wait, context.SemanticModel, context.CancellationToken)
                || AwaitedCallbackTasks.IsComplete(wait, function, context.SemanticModel, types, context.CancellationToken))
            {
                // The last checks: a field of this compilation only ever written with completed tasks (corpus10lib W2);
                // a local stored only by callbacks whose awaited callee awaits them (corpus13app).
                return;
            }

            var properties = ImmutableDictionary<string, string?>.Empty.Add(KindProperty, wait.KindName);
            context.ReportDiagnostic(Diagnostic.Create(Rule, wait.Node.GetLocation(), properties, wait.Display));
        }
    }
}
