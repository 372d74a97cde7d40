using AsyncGuard.Analyzers.Style;

namespace AsyncGuard.CodeFixes.Style
{
    /// <summary>AG0503: rename the method without its Async suffix, with all its references.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AG0503NoAsyncSuffixCodeFixProvider)), Shared]
    public sealed class AG0503NoAsyncSuffixCodeFixProvider : PlanCodeFixProvider
    {
        public AG0503NoAsyncSuffixCodeFixProvider()
            : base(AG0503NoAsyncSuffixAnalyzer.Id)
        {
        }

        private protected override bool IsSolutionWide => true;

        private protected override string? Plan(DocumentRewrite input, Diagnostic diagnostic, string? variant, SyntaxRewritePlan plan) => AsyncSuffixRenames.Title(input, diagnostic);

        private protected override string FixAllTitle(string? variant) => "Remove the Async suffix";

        private protected override Task<Solution> FixSolutionAsync(
            SolutionRewrite rewrite, IReadOnlyList<(DocumentId Document, Diagnostic Diagnostic)> batch, string? variant, CancellationToken cancellationToken) =>
            AsyncSuffixRenames.RenameAllAsync(rewrite.Solution, batch, cancellationToken);
    }
}
