using AsyncGuard.Analyzers.Style;

namespace AsyncGuard.CodeFixes.Style
{
    /// <summary>AG0502: rename the method to end with Async, with all its references.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AG0502AsyncSuffixCodeFixProvider)), Shared]
    public sealed class AG0502AsyncSuffixCodeFixProvider : PlanCodeFixProvider
    {
        public AG0502AsyncSuffixCodeFixProvider()
            : base(AG0502AsyncSuffixAnalyzer.Id)
        {
        }

        private protected override bool IsSolutionWide => true;

        private protected override string? Plan(DocumentRewrite input, Diagnostic diagnostic, string? variant, SyntaxRewritePlan plan) => AsyncSuffixRenames.Title(input, diagnostic);

        private protected override string FixAllTitle(string? variant) => "Add the Async suffix";

        private protected override Task<Solution> FixSolutionAsync(
            SolutionRewrite rewrite, IReadOnlyList<(DocumentId Document, Diagnostic Diagnostic)> batch, string? variant, CancellationToken cancellationToken) =>
            AsyncSuffixRenames.RenameAllAsync(rewrite.Solution, batch, cancellationToken);
    }
}
