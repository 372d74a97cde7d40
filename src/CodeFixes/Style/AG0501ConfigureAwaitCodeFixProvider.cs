using AsyncGuard.Analyzers.Style;

namespace AsyncGuard.CodeFixes.Style
{
    /// <summary>AG0501: append `.ConfigureAwait(false)` (after a WithCancellation for `await foreach`).</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AG0501ConfigureAwaitCodeFixProvider)), Shared]
    public sealed class AG0501ConfigureAwaitCodeFixProvider : PlanCodeFixProvider
    {
        public AG0501ConfigureAwaitCodeFixProvider()
            : base(AG0501ConfigureAwaitAnalyzer.Id)
        {
        }

        private protected override string? Plan(DocumentRewrite input, Diagnostic diagnostic, string? variant, SyntaxRewritePlan plan) =>
            ConfigureAwaitRewrites.TryPlan(input.Root, diagnostic, input.Model, plan, input.CancellationToken) ? ConfigureAwaitRewrites.Title : null;
    }
}
