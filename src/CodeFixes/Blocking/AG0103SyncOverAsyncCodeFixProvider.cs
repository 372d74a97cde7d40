using AsyncGuard.Analyzers.Blocking;

namespace AsyncGuard.CodeFixes.Blocking
{
    /// <summary>
    /// AG0103: make the function async all the way up its callers; optionally add the Async suffix. The function around the
    /// wait becomes async (its reported waits become awaits), and the shared <see cref="AsyncConversion"/> propagation
    /// updates its callers across the solution.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AG0103SyncOverAsyncCodeFixProvider)), Shared]
    public sealed class AG0103SyncOverAsyncCodeFixProvider : PlanCodeFixProvider
    {
        public const string MakeAsyncKey = AG0103SyncOverAsyncAnalyzer.Id + ":" + MakeAsync;
        public const string MakeAsyncRenameKey = AG0103SyncOverAsyncAnalyzer.Id + ":" + MakeAsyncRename;
        private const string MakeAsync = "MakeAsync";
        private const string MakeAsyncRename = "MakeAsyncRename";
        private static readonly string?[] Variants = { MakeAsync, MakeAsyncRename };

        public AG0103SyncOverAsyncCodeFixProvider()
            : base(AG0103SyncOverAsyncAnalyzer.Id)
        {
        }

        private protected override bool IsSolutionWide => true;

        private protected override IEnumerable<string?> VariantsOf(Diagnostic diagnostic) => Variants;

        private protected override string? Plan(DocumentRewrite input, Diagnostic diagnostic, string? variant, SyntaxRewritePlan plan)
        {
            if (!TryFindSeed(input, diagnostic, out var seed))
            {
                return null;
            }

            var name = seed.Method.Name;
            return variant != MakeAsyncRename ? $"Make '{name}' async (and its callers)"
                : WellKnownApis.HasAsyncSuffix(name) || name == "Main" ? null
                : $"Make '{name}' async and rename it to '{name}Async'";
        }

        private protected override Task<bool> IsOfferedAsync(DocumentRewrite input, Diagnostic diagnostic, string? variant) =>
            TryFindSeed(input, diagnostic, out var seed)
                ? AsyncConversion.HasOnlyCallReferencesAsync(seed.Method, input.Document.Project.Solution, input.CancellationToken)
                : Task.FromResult(false);

        private protected override string FixAllTitle(string? variant) =>
            variant == MakeAsyncRename ? "Make every function async and add the Async suffix" : "Make every function async (and their callers)";

        /// <summary>One propagation over every seed, so shared callers change once.</summary>
        private protected override async Task<Solution> FixSolutionAsync(
            SolutionRewrite rewrite, IReadOnlyList<(DocumentId Document, Diagnostic Diagnostic)> batch, string? variant, CancellationToken cancellationToken)
        {
            var seeds = new List<MakeAsyncSeed>();
            var planned = new HashSet<SyntaxNode>();
            foreach (var (documentId, diagnostic) in batch)
            {
                var document = await rewrite.GetAsync(documentId, cancellationToken).ConfigureAwait(false);
                if (document is null || !TryFindSeed(document, diagnostic, out var seed) || planned.Contains(seed.Declaration)
                    || !await AsyncConversion.HasOnlyCallReferencesAsync(seed.Method, rewrite.Solution, cancellationToken).ConfigureAwait(false))
                {
                    continue;
                }

                planned.Add(seed.Declaration);
                PlanReportedWaits(document, seed.Declaration, cancellationToken);
                seeds.Add(seed);
            }

            if (seeds.Count == 0)
            {
                return rewrite.Solution;
            }

            var converted = await AsyncConversion.PlanAllTheWayAsync(rewrite, seeds, cancellationToken).ConfigureAwait(false);
            var changed = rewrite.Apply();
            return variant == MakeAsyncRename ? await AsyncConversion.AddAsyncSuffixAsync(changed, converted, cancellationToken).ConfigureAwait(false) : changed;
        }

        private static bool TryFindSeed(DocumentRewrite document, Diagnostic diagnostic, out MakeAsyncSeed seed)
        {
            var cancellationToken = document.CancellationToken;
            seed = default;
            if (diagnostic.Properties.ContainsKey(AG0103SyncOverAsyncAnalyzer.NotConvertibleProperty)
                || !BlockingWaitRewrites.TryFindWait(document.Root, diagnostic, document.Model, document.Types, cancellationToken, out var wait)
                || !SyncOverAsyncWaits.Reports(wait, document.Model, document.Types, cancellationToken, out var function)
                || function is null
                || AsyncSignature.WhyNot(function, document.Model, cancellationToken, out var method) != null
                || method is null
                || !BlockingWaitRewrites.TryPlanAwaitOnly(wait, function, document.Model, document.Types, new SyntaxRewritePlan(), cancellationToken))
            {
                return false;
            }

            seed = new MakeAsyncSeed(document, function, method);
            return true;
        }

        /// <summary>Every wait AG0103 reports directly in the function becomes an await (those without a sound rewrite stay, for AG0101).</summary>
        private static void PlanReportedWaits(DocumentRewrite document, SyntaxNode function, CancellationToken cancellationToken)
        {
            foreach (var node in function.DescendantNodes())
            {
                if (BlockingWaits.TryMatch(node, document.Model, document.Types, cancellationToken, out var wait)
                    && SyncOverAsyncWaits.Reports(wait, document.Model, document.Types, cancellationToken, out var owner)
                    && owner == function)
                {
                    BlockingWaitRewrites.TryPlanAwaitOnly(wait, function, document.Model, document.Types, document.Plan, cancellationToken);
                }
            }
        }
    }
}
