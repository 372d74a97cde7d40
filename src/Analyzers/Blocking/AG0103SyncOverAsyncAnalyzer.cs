namespace AsyncGuard.Analyzers.Blocking
{
    /// <summary>AG0103: the blocking waits of AG0101 inside a synchronous function (sync-over-async).</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class AG0103SyncOverAsyncAnalyzer() : AsyncGuardAnalyzer(Rule)
    {
        public const string Id = "AG0103";

        /// <summary>Property set when the enclosing function cannot become async (no make-async fix).</summary>
        public const string NotConvertibleProperty = "NotConvertible";

        public static readonly DiagnosticDescriptor Rule = RuleHelp.Descriptor(
            Id, RuleHelp.BlockingCategory, DiagnosticSeverity.Warning, RuleTraits.None,
            title: "Synchronous wait on async work",
            messageFormat: "'{0}' blocks the synchronous '{1}' until async work completes; {2}",
            description: "Blocking a synchronous function on a task (sync-over-async) ties up a thread and deadlocks under a single-threaded synchronization context. Make the function async and await the task, up the call chain.");

        private protected override void OnCompilationStart(CompilationStartAnalysisContext start, AsyncTypes types)
        {
            var peers = types.PeerSuppressions;
            var provenance = new TaskProvenance(start.Compilation, types);
            start.RegisterSyntaxNodeAction(c => AnalyzeNode(c, types, peers, provenance), BlockingWaits.Kinds);
        }

        private static void AnalyzeNode(SyntaxNodeAnalysisContext context, AsyncTypes types, PeerSuppressions peers, TaskProvenance provenance)
        {
            if (!BlockingWaits.TryMatch(context.Node, context.SemanticModel, types, context.CancellationToken, out var wait)
                || !SyncOverAsyncWaits.Reports(wait, context.SemanticModel, types, context.CancellationToken, out var function, context.ContainingSymbol)
                || peers.IsSuppressed(Id, wait.Node, context.SemanticModel, context.Options, context.CancellationToken)
                || (SyncBoundaries.IsDualApiBoundary(function, context.SemanticModel, types, context.CancellationToken, context.ContainingSymbol)
                    && !SyncBoundaries.Reported(context.Options, context.Node.SyntaxTree))
                || (WaitQuietSites.IsPublicWaitHelper(wait, function, context.SemanticModel, context.CancellationToken, context.ContainingSymbol)
                    && !WaitQuietSites.Reports(context.Options, context.Node.SyntaxTree, WaitQuietSites.ReportWaitHelpersOption))
                || (WaitQuietSites.WaitsOnOwnOffloadedWork(wait, function, context.SemanticModel, types, context.CancellationToken)
                    && !WaitQuietSites.Reports(context.Options, context.Node.SyntaxTree, WaitQuietSites.ReportOffloadedWorkOption))
                || (WaitContracts.IsBoundedCheckedWait(wait, context.SemanticModel, context.CancellationToken)
                    && !WaitQuietSites.Reports(context.Options, context.Node.SyntaxTree, WaitContracts.ReportTimedWaitsOption))
                || (WaitContracts.IsApmEndWait(wait, function, context.SemanticModel, context.CancellationToken)
                    && !WaitQuietSites.Reports(context.Options, context.Node.SyntaxTree, WaitContracts.ReportApmEndOption))
                || (function is MethodDeclarationSyntax declaration
                    && ExternalContracts.Imposes(EnclosingFunction.DeclaredMethod(declaration, context.SemanticModel, context.ContainingSymbol, context.CancellationToken), types)
                    && !ExternalContracts.Reported(context.Options, context.Node.SyntaxTree, Id))
                || (ThreadEntries.IsEntry(function, context.SemanticModel, types, context.CancellationToken, context.ContainingSymbol)
                    && !ThreadEntries.Reported(context.Options, context.Node.SyntaxTree))
                || provenance.Silences(wait, context.SemanticModel, context.Options, context.Node.SyntaxTree, context.CancellationToken)
                || FunctionPointerContinuations.RunsAfterAwait(wait, function, context.SemanticModel, context.CancellationToken))
            {
                return;
            }

            // The message promises the make-async fix exactly where the fix is offered: the function can become async
            // and this wait has an await form there.
            var reason = AsyncSignature.WhyNot(function, context.SemanticModel, context.CancellationToken, out _, context.ContainingSymbol)
                ?? BlockingWaits.WhyNoAwaitForm(wait, function!, context.SemanticModel, types, context.CancellationToken);
            var properties = ImmutableDictionary<string, string?>.Empty.Add(BlockingWaits.KindProperty, wait.KindName);
            if (reason != null)
            {
                properties = properties.Add(NotConvertibleProperty, reason);
            }

            var advice = reason is null ? "make it async all the way" : "no make-async fix: " + reason;
            context.ReportDiagnostic(Diagnostic.Create(Rule, wait.Node.GetLocation(), properties, wait.Display, AsyncSignature.DisplayName(function), advice));
        }
    }
}
