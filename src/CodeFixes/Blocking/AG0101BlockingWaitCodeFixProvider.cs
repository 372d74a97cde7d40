using AsyncGuard.Analyzers.Blocking;

namespace AsyncGuard.CodeFixes.Blocking
{
    /// <summary>AG0101: replace the blocking wait with an await, making the function async where needed.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AG0101BlockingWaitCodeFixProvider)), Shared]
    public sealed class AG0101BlockingWaitCodeFixProvider : PlanCodeFixProvider
    {
        public AG0101BlockingWaitCodeFixProvider()
            : base(AG0101BlockingWaitAnalyzer.Id)
        {
        }

        private protected override string? Plan(DocumentRewrite input, Diagnostic diagnostic, string? variant, SyntaxRewritePlan plan) =>
            BlockingWaitRewrites.TryPlan(input.Root, diagnostic, input.Model, input.Types, plan, input.CancellationToken);
    }
}
