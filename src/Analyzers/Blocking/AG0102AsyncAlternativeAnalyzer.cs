namespace AsyncGuard.Analyzers.Blocking
{
    /// <summary>AG0102: a synchronous call (or `using`) inside an async-capable function that has an awaitable alternative.</summary>
    public sealed partial class AG0102AsyncAlternativeAnalyzer() : AsyncGuardAnalyzer(Rule)
    {
        public const string Id = "AG0102";

        /// <summary>Properties handed to the fix: the form, the alternative's name, the token to forward and its parameter.</summary>
        public const string FormProperty = "Form";
        public const string NameProperty = "Alternative";
        public const string TokenProperty = "Token";
        public const string TokenParameterProperty = "TokenParameter";

        public static readonly DiagnosticDescriptor Rule = RuleHelp.Descriptor(
            Id, RuleHelp.BlockingCategory, DiagnosticSeverity.Warning, RuleTraits.None,
            title: "Synchronous call has an async alternative",
            messageFormat: "'{0}' blocks inside an async function; use '{1}' instead",
            description: "A synchronous call with an awaitable alternative (MAsync, Task.Delay for Thread.Sleep, await using for asynchronously disposable resources) blocks a thread inside an async function. Await the alternative instead.");

        private protected override void OnCompilationStart(CompilationStartAnalysisContext start, AsyncTypes types)
        {
            var alternatives = new AsyncAlternatives(types);
            // Operation actions: the target and receiver come with the operation tree other rules share, no extra
            // binding; and `using` operations fire for using statements and declarations only, not for every local.
            // Code that runs only on the sync side of a dual sync/async implementation calls sync APIs on purpose.
            var dual = types.DualPaths;
            var quiet = new AlternativeQuietSites(types);
            var reads = new ReadStreams(types);
            var twins = new TwinHooks(types);
            start.RegisterOperationAction(c => AnalyzeInvocation(c, alternatives, dual, quiet, twins, reads, types), OperationKind.Invocation);
            start.RegisterOperationAction(c => AnalyzeUsing(c, alternatives, dual, quiet, reads, types), OperationKind.Using, OperationKind.UsingDeclaration);
            RegisterGetters(start, alternatives, dual, types);
        }

        private static void AnalyzeInvocation(OperationAnalysisContext context, AsyncAlternatives alternatives, DualPaths dual, AlternativeQuietSites quiet, TwinHooks twins, ReadStreams reads, AsyncTypes types)
        {
            var operation = (IInvocationOperation)context.Operation;
            if (operation.Syntax is InvocationExpressionSyntax invocation && operation.SemanticModel is { } model
                && alternatives.TryFindForCall(operation, invocation, context.ContainingSymbol, model, context.Options.AnalyzerConfigOptionsProvider, context.CancellationToken, out var alternative)
                && dual.RegionOf(invocation, model, context.CancellationToken) is var region && region != DualSide.Sync
                // Only now, for a candidate: a write or read on a local file opened for synchronous I/O is sync-preferred.
                && !(quiet.IsSyncFileCall(operation, context.CancellationToken)
                     && !AsyncAlternatives.ReportsSyncPreferred(context.Options.AnalyzerConfigOptionsProvider.GetOptions(invocation.SyntaxTree)))
                // A zip helper moving bytes between local files and a local-file or in-memory archive (LocalZipTransfers, sixteenth pass).
                && !LocalZipTransfers.IsQuiet(operation, types, context.Options, context.CancellationToken)
                // entry.Open() on a read-mode archive the function constructs synchronously reads a small local header (ninth pass).
                && !(quiet.IsReadArchiveEntryOpen(operation, context.CancellationToken)
                     && !SyncFileReaders.ReportsReadArchiveEntries(context.Options.AnalyzerConfigOptionsProvider.GetOptions(invocation.SyntaxTree)))
                // A call over memory only (a writer over a MemoryStream, buffered HTTP content, `SHA256.HashData(ms)`:
                // InMemoryCalls), or a function that awaits the async twin as well (both hooks run in turn: TwinHooks).
                && !quiet.IsInMemoryCall(operation, context.CancellationToken)
                && !(alternative.Form == AlternativeForm.Call && twins.IsTwinCalledInTurn(operation, alternative.Name, context.CancellationToken))
                // The sync twin on the branch a flag picks, the other branch awaiting the alternative (FlagChosenTwins, corpus12lib).
                && !(alternative.Form == AlternativeForm.Call && FlagChosenTwins.IsChosenOverAwaitedTwin(operation, alternative.Name, context.CancellationToken))
                // The fallback of a null-test probe whose exiting branch above awaits the alternative (ProbedTwinFallbacks, held-out linq2db).
                && !(alternative.Form == AlternativeForm.Call && ProbedTwinFallbacks.IsFallback(operation, alternative.Name, context.CancellationToken))
                && !NoOpCalls.IsNoOp(operation, alternative.Form, types, context.Options, context.CancellationToken)
                // The stream-free text form of an API whose other async form writes to a caller's stream (InMemoryTextForms, ho2).
                && !(alternative.Form == AlternativeForm.Call && InMemoryTextForms.IsTextFormOfStreamApi(operation, alternative.Name, types))
                // A data call over a provider whose async members run synchronously (Microsoft.Data.Sqlite: corpus9app).
                && !(alternative.Form == AlternativeForm.Call && SynchronousProviders.IsProviderCall(operation, types))
                // A release of a resource in a catch that always rethrows after it (FailurePathReleases, reported with its option).
                && !(alternative.Form == AlternativeForm.Call && FailurePathReleases.IsReleaseBeforeRethrow(operation, types, context.CancellationToken)
                     && !FailurePathReleases.Reported(context.Options, invocation.SyntaxTree))
                // The disposal of a stream typed only `Stream` that the function only reads (ReadStreams.Given, reported with its option).
                && !(reads.IsGivenReadOnlyDisposal(operation, context.CancellationToken)
                     && !ReadStreams.ReportsGiven(context.Options.AnalyzerConfigOptionsProvider.GetOptions(invocation.SyntaxTree)))
                // A member of this compilation whose body only reads memory (InMemoryLookups, held-out DSharpPlus).
                && !(alternative.Form == AlternativeForm.Call && InMemoryLookups.IsLookup(operation, context.CancellationToken))
                && !InSynchronousTopLevel(context, types))
            {
                context.ReportDiagnostic(Create(invocation.GetLocation(), alternative, Fixable(region, operation, context.ContainingSymbol, dual)));
            }
        }

        private static void AnalyzeUsing(OperationAnalysisContext context, AsyncAlternatives alternatives, DualPaths dual, AlternativeQuietSites quiet, ReadStreams reads, AsyncTypes types)
        {
            var statement = context.Operation.Syntax is VariableDeclarationSyntax { Parent: LocalDeclarationStatementSyntax local } ? local : context.Operation.Syntax;
            var keyword = statement switch
            {
                UsingStatementSyntax u => u.UsingKeyword,
                LocalDeclarationStatementSyntax l => l.UsingKeyword,
                _ => default,
            };
            if (!keyword.IsKind(SyntaxKind.UsingKeyword) || context.Operation.SemanticModel is not { } model)
            {
                return;
            }

            var options = context.Options.AnalyzerConfigOptionsProvider;
            var treeOptions = options.GetOptions(statement.SyntaxTree);
            var reportSyncPreferred = AsyncAlternatives.ReportsSyncPreferred(treeOptions);
            if (alternatives.TryFindForUsing(context.Operation, statement, context.ContainingSymbol, model, alternatives.Exclusions(options, statement.SyntaxTree),
                    reportSyncPreferred, context.CancellationToken, out var alternative)
                && dual.RegionOf(statement, model, context.CancellationToken) is var region && region != DualSide.Sync
                // Only now, for a candidate: a local file opened for synchronous I/O (sync-preferred), and a `using` both paths
                // of a dual implementation run over a resource made for the running path.
                && !(!reportSyncPreferred && quiet.IsSyncFileUsing(context.Operation, context.CancellationToken))
                // A zip archive over a local file or memory: its disposal writes or closes that local file (LocalZipTransfers, w2a).
                && !(!reportSyncPreferred && LocalZipTransfers.For(types).IsLocalArchiveUsing(context.Operation, context.CancellationToken))
                // An EF Core context whose connection the function never opens: its disposal frees client-side state (DbContextDisposals, ef9).
                && !(!reportSyncPreferred && DbContextDisposals.IsQuietUsing(context.Operation, types, context.CancellationToken))
                && !(region != DualSide.Async && !AlternativeQuietSites.ReportsDualPathUsing(treeOptions)
                     && dual.TryFindOwnFlag(context.Operation, context.ContainingSymbol, out var flag)
                     && AlternativeQuietSites.IsDualPathResource(context.Operation, flag))
                // Last: a stream the function made and only reads has no write buffer for its disposal to flush.
                && !(!ReadStreams.Reported(treeOptions) && reads.IsReadOnlyUsing(context.Operation, statement, context.CancellationToken))
                && !(!ReadStreams.ReportsGiven(treeOptions) && reads.IsGivenReadOnlyUsing(context.Operation, context.CancellationToken))
                && !(!ReadStreams.Reported(treeOptions)
                     && reads.IsReadModeCryptoUsing(context.Operation, statement, !ReadStreams.ReportsGiven(treeOptions), context.CancellationToken))
                // A resource built over memory only (`new ZipArchive(new MemoryStream(bytes))`) disposes into memory.
                && !quiet.IsInMemoryUsing(context.Operation, context.CancellationToken)
                && !(!FlushedWriteStreams.Reported(treeOptions) && (FlushedWriteStreams.IsFlushed(context.Operation, types, context.CancellationToken)
                     || FlushedWriters.IsFlushed(context.Operation, types, context.CancellationToken)
                     || FlushedFileStreams.IsFlushedLast(context.Operation, types, context.CancellationToken)
                     || CompletedImporters.IsCompleted(context.Operation, types, context.CancellationToken)))
                // A stream handed at once to a reader/writer that owns it is closed by that wrapper's inner `using` first.
                && !WrapperOwnedStreams.IsClosedByWrapper(context.Operation, types, context.CancellationToken)
                && !ReaderOwnedStreams.IsClosedByReader(context.Operation, types, context.CancellationToken)
                && !(!UnnamedSyncScopes.Reported(treeOptions) && UnnamedSyncScopes.IsQuiet(context.Operation)) // an unnamed scope over sync work (e102)
                && !InSynchronousTopLevel(context, types))
            {
                context.ReportDiagnostic(Create(keyword.GetLocation(), alternative, Fixable(region, context.Operation, context.ContainingSymbol, dual)));
            }
        }

        /// <summary>Last, for a candidate: top-level statements without an await run on a synchronous Main (<see cref="SynchronousTopLevel"/>).</summary>
        private static bool InSynchronousTopLevel(OperationAnalysisContext context, AsyncTypes types) =>
            SynchronousTopLevel.Contains(context.Operation, context.ContainingSymbol, types)
            && !SynchronousTopLevel.Reported(context.Options.AnalyzerConfigOptionsProvider.GetOptions(context.Operation.Syntax.SyntaxTree));

        /// <summary>
        /// Code that both paths of a dual sync/async implementation run (outside any guard on its flag): awaiting there
        /// would make the sync path asynchronous too, so the diagnostic stays but carries no fix.
        /// </summary>
        private static bool Fixable(DualSide region, IOperation operation, ISymbol containingSymbol, DualPaths dual) =>
            region == DualSide.Async || !dual.TryFindOwnFlag(operation, containingSymbol, out _);

        private static Diagnostic Create(Location location, in AsyncAlternative alternative, bool fixable)
        {
            var properties = ImmutableDictionary<string, string?>.Empty
                .Add(FormProperty, alternative.Form.ToString())
                .Add(NameProperty, fixable ? alternative.Name : null)
                .Add(TokenProperty, alternative.Token)
                .Add(TokenParameterProperty, alternative.TokenParameter);
            var (shown, instead) = alternative.Form switch
            {
                AlternativeForm.Sleep => ("Thread.Sleep", "await Task.Delay"),
                AlternativeForm.AwaitUsing => ("using of " + alternative.Display, "await using"),
                _ => (alternative.Display, "await " + alternative.Name),
            };
            return Diagnostic.Create(Rule, location, properties, shown, instead);
        }
    }
}
