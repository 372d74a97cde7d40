using AsyncGuard.Analyzers.Cancellation;
using Microsoft.CodeAnalysis.Formatting;

namespace AsyncGuard.CodeFixes.Cancellation
{
    /// <summary>
    /// AG0306: observe the token (`cancellationToken.ThrowIfCancellationRequested();` as the body's first statement), or, for a
    /// non-public method or local function, remove the parameter and its argument at every call in the solution
    /// (<see cref="TokenParameterRemoval"/>, checked before it is offered).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AG0306UnusedTokenParameterCodeFixProvider)), Shared]
    public sealed class AG0306UnusedTokenParameterCodeFixProvider : PlanCodeFixProvider
    {
        public const string RemoveKey = AG0306UnusedTokenParameterAnalyzer.Id + ":" + Remove;
        private const string Remove = "remove";
        private static readonly string?[] Variants = { null, Remove };

        public AG0306UnusedTokenParameterCodeFixProvider()
            : base(AG0306UnusedTokenParameterAnalyzer.Id)
        {
        }

        /// <summary>The removal changes the callers in other documents; observing goes through the same pipeline, one document per diagnostic.</summary>
        private protected override bool IsSolutionWide => true;

        private protected override IEnumerable<string?> VariantsOf(Diagnostic diagnostic) => Variants;

        private protected override async Task<bool> IsOfferedAsync(DocumentRewrite input, Diagnostic diagnostic, string? variant)
        {
            if (variant != Remove)
            {
                return true;
            }

            // Offered only when the checked removal goes through.
            var solution = input.Document.Project.Solution;
            var batch = new[] { (input.Document.Id, diagnostic) };
            return await TokenParameterRemoval.RemoveAsync(new SolutionRewrite(solution), batch, input.CancellationToken).ConfigureAwait(false) != solution;
        }

        private protected override Task<Solution> FixSolutionAsync(
            SolutionRewrite rewrite, IReadOnlyList<(DocumentId Document, Diagnostic Diagnostic)> batch, string? variant, CancellationToken cancellationToken) =>
            variant == Remove
                ? TokenParameterRemoval.RemoveAsync(rewrite, batch, cancellationToken)
                : base.FixSolutionAsync(rewrite, batch, variant, cancellationToken);

        private protected override string FixAllTitle(string? variant) =>
            variant == Remove ? "Remove the unused CancellationToken parameters and update the callers" : "Observe every unused CancellationToken";

        private protected override string? Plan(DocumentRewrite input, Diagnostic diagnostic, string? variant, SyntaxRewritePlan plan)
        {
            if (variant == Remove)
            {
                return TokenParameterRemoval.RemovableParameter(input, diagnostic) is { } removable
                    ? "Remove the parameter '" + removable.Name + "' and update the callers"
                    : null;
            }

            if (TokenParameterRemoval.ParameterAt(input, diagnostic) is not { Parent.Parent: { } function } parameter)
            {
                return null;
            }

            var name = parameter.Identifier.ValueText;
            var nullable = input.Model.GetDeclaredSymbol(parameter, input.CancellationToken) is { } symbol && input.Types.IsNullableToken(symbol.Type);
            var check = SyntaxFactory.ParseStatement(name + (nullable ? "?" : "") + ".ThrowIfCancellationRequested();")
                .WithTrailingTrivia(SyntaxFactory.ElasticLineFeed)
                .WithAdditionalAnnotations(Formatter.Annotation);
            var title = "Observe it: " + name + ".ThrowIfCancellationRequested()";
            switch (function)
            {
                case BaseMethodDeclarationSyntax { Body: { } body }:
                    plan.Replace(body, current => Prepend((BlockSyntax)current, check));
                    return title;
                case LocalFunctionStatementSyntax { Body: { } body }:
                    plan.Replace(body, current => Prepend((BlockSyntax)current, check));
                    return title;
                case MethodDeclarationSyntax { ExpressionBody: { } arrow } method when input.Model.GetDeclaredSymbol(method, input.CancellationToken) is { } m:
                    return PlanArrow(method, arrow, ReturnsNothing(m, input), check, plan) ? title : null;
                case LocalFunctionStatementSyntax { ExpressionBody: { } arrow } local when input.Model.GetDeclaredSymbol(local, input.CancellationToken) is IMethodSymbol m:
                    return PlanArrow(local, arrow, ReturnsNothing(m, input), check, plan) ? title : null;
                default:
                    return null;
            }
        }

        private static bool ReturnsNothing(IMethodSymbol method, DocumentRewrite input) =>
            method.ReturnsVoid || (method.IsAsync && (method.ReturnType.Is(input.Types.Task) || method.ReturnType.Is(input.Types.ValueTask)));

        private static bool PlanArrow(SyntaxNode declaration, ArrowExpressionClauseSyntax arrow, bool returnsNothing, StatementSyntax check, SyntaxRewritePlan plan)
        {
            if (arrow.Expression is ThrowExpressionSyntax)
            {
                return false;
            }

            StatementSyntax last = returnsNothing
                ? SyntaxFactory.ExpressionStatement(arrow.Expression.WithoutTrivia())
                : SyntaxFactory.ReturnStatement(arrow.Expression.WithoutTrivia());
            var block = SyntaxFactory.Block(check, last.WithAdditionalAnnotations(Formatter.Annotation)).WithAdditionalAnnotations(Formatter.Annotation);
            plan.Replace(declaration, current => current switch
            {
                MethodDeclarationSyntax m => m.WithExpressionBody(null).WithSemicolonToken(default)
                    .WithParameterList(m.ParameterList.WithTrailingTrivia(SyntaxFactory.ElasticLineFeed)).WithBody(block),
                LocalFunctionStatementSyntax l => l.WithExpressionBody(null).WithSemicolonToken(default)
                    .WithParameterList(l.ParameterList.WithTrailingTrivia(SyntaxFactory.ElasticLineFeed)).WithBody(block),
                _ => current,
            });
            return true;
        }

        private static BlockSyntax Prepend(BlockSyntax body, StatementSyntax check) =>
            body.WithStatements(body.Statements.Insert(0, check));
    }
}
