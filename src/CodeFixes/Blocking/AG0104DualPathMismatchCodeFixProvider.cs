using AsyncGuard.Analyzers.Blocking;

namespace AsyncGuard.CodeFixes.Blocking
{
    /// <summary>AG0104: replace the sync/async constant with the function's own flag (the expression the analyzer spelled).</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AG0104DualPathMismatchCodeFixProvider)), Shared]
    public sealed class AG0104DualPathMismatchCodeFixProvider : PlanCodeFixProvider
    {
        public AG0104DualPathMismatchCodeFixProvider()
            : base(AG0104DualPathMismatchAnalyzer.Id)
        {
        }

        private protected override string? Plan(DocumentRewrite input, Diagnostic diagnostic, string? variant, SyntaxRewritePlan plan)
        {
            if (FindConstant(input.Root, diagnostic, out var flag) is not { } constant)
            {
                return null;
            }

            plan.Replace(constant, current => SyntaxFactory.ParseExpression(flag!).WithTriviaFrom(current));
            return $"Forward '{flag}'";
        }

        /// <summary>The constant argument the diagnostic points at, when the analyzer could spell the flag to forward.</summary>
        private static ExpressionSyntax? FindConstant(SyntaxNode root, Diagnostic diagnostic, out string? flag)
        {
            flag = null;
            var span = diagnostic.Location.SourceSpan;
            if (!diagnostic.Properties.TryGetValue(AG0104DualPathMismatchAnalyzer.FlagProperty, out flag) || string.IsNullOrEmpty(flag)
                || !root.FullSpan.Contains(span))
            {
                return null;
            }

            for (SyntaxNode? node = root.FindNode(span, getInnermostNodeForTie: true); node != null && node.Span == span; node = node.Parent)
            {
                if (node is ExpressionSyntax expression && node.Parent is ArgumentSyntax)
                {
                    return expression;
                }
            }

            return null;
        }
    }
}
