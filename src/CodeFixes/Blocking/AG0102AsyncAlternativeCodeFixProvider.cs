using AsyncGuard.Analyzers.Blocking;

namespace AsyncGuard.CodeFixes.Blocking
{
    /// <summary>AG0102: await the async alternative, making the function async where needed.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AG0102AsyncAlternativeCodeFixProvider)), Shared]
    public sealed class AG0102AsyncAlternativeCodeFixProvider : PlanCodeFixProvider
    {
        public AG0102AsyncAlternativeCodeFixProvider()
            : base(AG0102AsyncAlternativeAnalyzer.Id)
        {
        }

        private protected override string? Plan(DocumentRewrite input, Diagnostic diagnostic, string? variant, SyntaxRewritePlan plan) =>
            AsyncAlternativeRewrites.TryPlan(input.Root, diagnostic, input.Model, input.Types, plan, input.CancellationToken);
    }
}
