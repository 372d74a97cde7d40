namespace AsyncGuard.Analyzers.Blocking
{
    /// <summary>AG0103: the blocking waits of AG0101 inside a synchronous function (sync-over-async).</summary>
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
            // Operation actions, not syntax-node actions: the driver has bound the member for its operation tree before
            // these run, so the checks below reuse that binding instead of binding the wait's statement first.
            start.RegisterOperationAction(c => AnalyzeOperation(c, types, peers, provenance), OperationKind.Invocation, OperationKind.PropertyReference);
        }

        private static void AnalyzeOperation(OperationAnalysisContext context, AsyncTypes types, PeerSuppressions peers, TaskProvenance provenance)
        {
            // The nodes BlockingWaits.Kinds names: an invocation's own syntax, or `x.Result` / `?.Result` for a property
            // reference. An implicit operation (a collection initializer's Add) shares its syntax with the explicit one.
            var operation = context.Operation;
            var node = operation.Syntax;
            if (operation.IsImplicit
                || (operation.Kind == OperationKind.Invocation
                    ? node is not InvocationExpressionSyntax
                    : node is not (MemberAccessExpressionSyntax or MemberBindingExpressionSyntax)))
            {
                return;
            }

            var model = operation.SemanticModel!;
            if (!BlockingWaits.TryMatch(node, model, types, context.CancellationToken, out var wait)
                || !SyncOverAsyncWaits.Reports(wait, model, types, context.CancellationToken, out var function, context.ContainingSymbol)
                || peers.IsSuppressed(Id, wait.Node, model, context.Options, context.CancellationToken)
                || ((SyncBoundaries.IsDualApiBoundary(function, model, types, context.CancellationToken, context.ContainingSymbol)
                        || SyncBoundaries.IsForwardingTwin(wait, function, model, types, context.CancellationToken, context.ContainingSymbol))
                    && !SyncBoundaries.Reported(context.Options, node.SyntaxTree))
                || (OneTimeInitializations.RunsOnce(wait, function, model, context.CancellationToken)
                    && !OneTimeInitializations.Reported(context.Options, node.SyntaxTree))
                || (WaitQuietSites.IsPublicWaitHelper(wait, function, model, context.CancellationToken, context.ContainingSymbol)
                    && !WaitQuietSites.Reports(context.Options, node.SyntaxTree, WaitQuietSites.ReportWaitHelpersOption))
                || (WaitQuietSites.WaitsOnOwnOffloadedWork(wait, function, model, types, context.CancellationToken)
                    && !WaitQuietSites.Reports(context.Options, node.SyntaxTree, WaitQuietSites.ReportOffloadedWorkOption))
                || (WaitContracts.IsBoundedCheckedWait(wait, model, context.CancellationToken)
                    && !WaitQuietSites.Reports(context.Options, node.SyntaxTree, WaitContracts.ReportTimedWaitsOption))
                || ((WaitContracts.IsApmEndWait(wait, function, model, context.CancellationToken)
                        || StateHandedSourceWaits.EndsCallbackOperation(wait, model, types, context.CancellationToken))
                    && !WaitQuietSites.Reports(context.Options, node.SyntaxTree, WaitContracts.ReportApmEndOption))
                || (function is MethodDeclarationSyntax declaration
                    && ExternalContracts.Imposes(EnclosingFunction.DeclaredMethod(declaration, model, context.ContainingSymbol, context.CancellationToken), types)
                    && !ExternalContracts.Reported(context.Options, node.SyntaxTree, Id))
                || (ThreadEntries.IsEntry(function, model, types, context.CancellationToken, context.ContainingSymbol)
                    && !ThreadEntries.Reported(context.Options, node.SyntaxTree))
                || provenance.Silences(wait, model, context.Options, node.SyntaxTree, context.CancellationToken)
                || BoundaryWaits.Silences(Id, wait, function, model, types, context.Options, context.CancellationToken, context.ContainingSymbol)
                || FunctionPointerContinuations.RunsAfterAwait(wait, function, model, context.CancellationToken)
                || (InlineFrameworkCallbacks.IsCallback(function, model, context.ContainingSymbol, context.CancellationToken) && !ExternalContracts.Reported(context.Options, node.SyntaxTree, Id)))
            {
                return;
            }

            // The message promises the make-async fix exactly where the fix is offered: the function can become async
            // and this wait has an await form there.
            var reason = AsyncSignature.WhyNot(function, model, context.CancellationToken, out _, context.ContainingSymbol)
                ?? BlockingWaits.WhyNoAwaitForm(wait, function!, model, types, context.CancellationToken);
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
