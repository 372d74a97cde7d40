using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using AsyncGuard.Analyzers.Blocking;
using AsyncGuard.Analyzers.Core;
using AsyncGuard.CodeFixes.Core;
using Microsoft.CodeAnalysis;

namespace AsyncGuard.CodeFixes.Blocking
{
    /// <summary>
    /// AG0103's fix: the function around the wait becomes async (its reported waits become awaits), and the
    /// shared <see cref="AsyncConversion"/> propagation updates its callers across the solution.
    /// </summary>
    internal static class MakeAsyncAllTheWay
    {
        /// <summary>The name of the function the fix would convert, or null when no fix is offered.</summary>
        public static async Task<string?> GetFunctionNameAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            var rewrite = new SolutionRewrite(document.Project.Solution);
            var target = await rewrite.GetAsync(document.Id, cancellationToken).ConfigureAwait(false);
            if (target is null || !TryFindSeed(target, diagnostic, cancellationToken, out _, out var seed))
            {
                return null;
            }

            return await AsyncConversion.HasOnlyCallReferencesAsync(seed.Method, document.Project.Solution, cancellationToken).ConfigureAwait(false)
                ? seed.Method.Name
                : null;
        }

        /// <summary>Fixes the given diagnostics (one, or a Fix All batch) in one solution-wide rewrite.</summary>
        public static async Task<Solution> FixAsync(Solution solution, IEnumerable<(DocumentId Document, Diagnostic Diagnostic)> diagnostics, bool addAsyncSuffix, CancellationToken cancellationToken)
        {
            var rewrite = new SolutionRewrite(solution);
            var seeds = new List<MakeAsyncSeed>();
            var planned = new HashSet<SyntaxNode>();
            foreach (var (documentId, diagnostic) in diagnostics)
            {
                var document = await rewrite.GetAsync(documentId, cancellationToken).ConfigureAwait(false);
                if (document is null || !TryFindSeed(document, diagnostic, cancellationToken, out _, out var seed) || planned.Contains(seed.Declaration)
                    || !await AsyncConversion.HasOnlyCallReferencesAsync(seed.Method, solution, cancellationToken).ConfigureAwait(false))
                {
                    continue;
                }

                planned.Add(seed.Declaration);
                PlanReportedWaits(document, seed.Declaration, cancellationToken);
                seeds.Add(seed);
            }

            if (seeds.Count == 0)
            {
                return solution;
            }

            var converted = await AsyncConversion.PlanAllTheWayAsync(rewrite, seeds, cancellationToken).ConfigureAwait(false);
            var changed = rewrite.Apply();
            return addAsyncSuffix ? await AsyncConversion.AddAsyncSuffixAsync(changed, converted, cancellationToken).ConfigureAwait(false) : changed;
        }

        private static bool TryFindSeed(DocumentRewrite document, Diagnostic diagnostic, CancellationToken cancellationToken, out BlockingWait wait, out MakeAsyncSeed seed)
        {
            seed = default;
            if (diagnostic.Properties.ContainsKey(AG0103SyncOverAsyncAnalyzer.NotConvertibleProperty)
                || !BlockingWaitRewrites.TryFindWait(document.Root, diagnostic, document.Model, document.Types, cancellationToken, out wait)
                || !AG0103SyncOverAsyncAnalyzer.Reports(wait, document.Model, document.Types, cancellationToken, out var function)
                || function is null
                || AsyncSignature.WhyNot(function, document.Model, cancellationToken, out var method) != null
                || method is null
                || !BlockingWaitRewrites.TryPlanAwaitOnly(wait, function, document.Model, document.Types, new SyntaxRewritePlan(), cancellationToken))
            {
                wait = default;
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
                    && AG0103SyncOverAsyncAnalyzer.Reports(wait, document.Model, document.Types, cancellationToken, out var owner)
                    && owner == function)
                {
                    BlockingWaitRewrites.TryPlanAwaitOnly(wait, function, document.Model, document.Types, document.Plan, cancellationToken);
                }
            }
        }
    }
}
