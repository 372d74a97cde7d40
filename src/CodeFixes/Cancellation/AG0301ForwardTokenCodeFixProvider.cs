using AsyncGuard.Analyzers.Cancellation;

namespace AsyncGuard.CodeFixes.Cancellation
{
    /// <summary>AG0301: pass the available token, one fix per token, nearest first.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AG0301ForwardTokenCodeFixProvider)), Shared]
    public sealed class AG0301ForwardTokenCodeFixProvider : PlanCodeFixProvider
    {
        public AG0301ForwardTokenCodeFixProvider()
            : base(AG0301ForwardTokenAnalyzer.Id)
        {
        }

        /// <summary>One variant per available token, keyed "AG0301:n" by its rank n: Fix All passes each call its token of that rank.</summary>
        private protected override IEnumerable<string?> VariantsOf(Diagnostic diagnostic) => TokenForwarding.RanksOf(diagnostic);

        private protected override string? Plan(DocumentRewrite input, Diagnostic diagnostic, string? variant, SyntaxRewritePlan plan)
        {
            var rank = TokenForwarding.RankOf(variant);
            return TokenForwarding.TryPlan(input.Root, diagnostic, rank, input.Model, input.Types, plan, input.CancellationToken)
                ? $"Pass '{TokenForwarding.TokensOf(diagnostic)[rank]}'"
                : null;
        }
    }
}
