namespace AsyncGuard.CodeFixes.Style
{
    /// <summary>
    /// The fix of AG0502 and AG0503: rename the method to the name the diagnostic carries, with all its references,
    /// across the solution (<see cref="AsyncSuffixRenames"/>). A rule's provider gives its ID and its Fix All title.
    /// </summary>
    public abstract class AsyncSuffixRenameCodeFixProvider : PlanCodeFixProvider
    {
        private readonly string _fixAllTitle;

        private protected AsyncSuffixRenameCodeFixProvider(string ruleId, string fixAllTitle)
            : base(ruleId)
        {
            _fixAllTitle = fixAllTitle;
        }

        private protected sealed override bool IsSolutionWide => true;

        private protected sealed override string? Plan(DocumentRewrite input, Diagnostic diagnostic, string? variant, SyntaxRewritePlan plan) => AsyncSuffixRenames.Title(input, diagnostic);

        private protected sealed override string FixAllTitle(string? variant) => _fixAllTitle;

        private protected sealed override Task<Solution> FixSolutionAsync(
            SolutionRewrite rewrite, IReadOnlyList<(DocumentId Document, Diagnostic Diagnostic)> batch, string? variant, CancellationToken cancellationToken) =>
            AsyncSuffixRenames.RenameAllAsync(rewrite.Solution, batch, cancellationToken);
    }
}
