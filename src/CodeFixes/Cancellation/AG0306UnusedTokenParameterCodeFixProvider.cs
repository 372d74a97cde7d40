using AsyncGuard.Analyzers.Cancellation;
using Microsoft.CodeAnalysis.Formatting;

namespace AsyncGuard.CodeFixes.Cancellation
{
    /// <summary>AG0306: observe the token: `cancellationToken.ThrowIfCancellationRequested();` as the body's first statement.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AG0306UnusedTokenParameterCodeFixProvider)), Shared]
    public sealed class AG0306UnusedTokenParameterCodeFixProvider : PlanCodeFixProvider
    {
        public AG0306UnusedTokenParameterCodeFixProvider()
            : base(AG0306UnusedTokenParameterAnalyzer.Id)
        {
        }

        private protected override string? Plan(DocumentRewrite input, Diagnostic diagnostic, string? variant, SyntaxRewritePlan plan)
        {
            var span = diagnostic.Location.SourceSpan;
            if (!input.Root.FullSpan.Contains(span)
                || input.Root.FindToken(span.Start).Parent is not ParameterSyntax parameter
                || parameter.Identifier.Span != span
                || parameter.Parent?.Parent is not { } function)
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
