using AsyncGuard.Analyzers.Cancellation;

namespace AsyncGuard.CodeFixes.Cancellation
{
    /// <summary>AG0302: `.WithCancellation(token)` on the sequence, before an existing `.ConfigureAwait(..)`; one fix per token.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AG0302EnumerateWithTokenCodeFixProvider)), Shared]
    public sealed class AG0302EnumerateWithTokenCodeFixProvider : PlanCodeFixProvider
    {
        public AG0302EnumerateWithTokenCodeFixProvider()
            : base(AG0302EnumerateWithTokenAnalyzer.Id)
        {
        }

        /// <summary>One variant per available token, keyed "AG0302:n" by its rank n.</summary>
        private protected override IEnumerable<string?> VariantsOf(Diagnostic diagnostic) => TokenForwarding.RanksOf(diagnostic);

        private protected override string? Plan(DocumentRewrite input, Diagnostic diagnostic, string? variant, SyntaxRewritePlan plan)
        {
            var rank = TokenForwarding.RankOf(variant);
            return TryPlan(input.Root, diagnostic, rank, input.Model, plan, input.CancellationToken)
                ? $"Enumerate with .WithCancellation({TokenForwarding.TokensOf(diagnostic)[rank]})"
                : null;
        }

        private static bool TryPlan(SyntaxNode root, Diagnostic diagnostic, int rank, SemanticModel model, SyntaxRewritePlan plan, CancellationToken cancellationToken)
        {
            var tokens = TokenForwarding.TokensOf(diagnostic);
            var span = diagnostic.Location.SourceSpan;
            if (rank >= tokens.Length || !root.FullSpan.Contains(span))
            {
                return false;
            }

            var loop = root.FindNode(span, getInnermostNodeForTie: true).FirstAncestorOrSelf<CommonForEachStatementSyntax>();
            if (loop is null || loop.Expression.Span != span || AG0302EnumerateWithTokenAnalyzer.StripConfigureAwait(loop.Expression) is not { } source)
            {
                return false;
            }

            var token = SyntaxFactory.ParseExpression(tokens[rank]);

            // The sequence with the token must bind (WithCancellation needs System.Threading.Tasks in scope).
            var probe = loop.Expression.ReplaceNode(source, WithCancellation(source, token));
            if (Speculation.GetSymbolInfo(model, loop.Expression.SpanStart, probe).Symbol is null)
            {
                return false;
            }

            plan.Replace(source, current => WithCancellation((ExpressionSyntax)current, token));
            return true;
        }

        private static ExpressionSyntax WithCancellation(ExpressionSyntax source, ExpressionSyntax token)
        {
            var receiver = source.WithoutTrivia();
            if (!IsPrimary(receiver))
            {
                receiver = SyntaxFactory.ParenthesizedExpression(receiver);
            }

            return SyntaxFactory.InvocationExpression(
                    SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, receiver, SyntaxFactory.IdentifierName("WithCancellation")),
                    SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(token))))
                .WithTriviaFrom(source);
        }

        private static bool IsPrimary(ExpressionSyntax expression) => expression is IdentifierNameSyntax or GenericNameSyntax or MemberAccessExpressionSyntax
            or InvocationExpressionSyntax or ElementAccessExpressionSyntax or ParenthesizedExpressionSyntax or ThisExpressionSyntax or ObjectCreationExpressionSyntax;
    }
}
