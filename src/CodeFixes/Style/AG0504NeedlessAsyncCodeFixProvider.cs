using AsyncGuard.Analyzers.Style;

namespace AsyncGuard.CodeFixes.Style
{
    /// <summary>AG0504: remove `async` and the tail `await` (and a boolean ConfigureAwait): the function returns the task itself.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AG0504NeedlessAsyncCodeFixProvider)), Shared]
    public sealed class AG0504NeedlessAsyncCodeFixProvider : PlanCodeFixProvider
    {
        public AG0504NeedlessAsyncCodeFixProvider()
            : base(AG0504NeedlessAsyncAnalyzer.Id)
        {
        }

        private protected override string? Plan(DocumentRewrite input, Diagnostic diagnostic, string? variant, SyntaxRewritePlan plan)
        {
            if (input.TokenAt(diagnostic) is not { RawKind: (int)SyntaxKind.AsyncKeyword, Parent: MethodDeclarationSyntax or LocalFunctionStatementSyntax } token
                || !NeedlessAsync.IsNeedless(token.Parent, input.Model, input.Types, input.CancellationToken, out var tail, out var task)
                || tail is null || task is null)
            {
                return null;
            }

            var configured = task != tail.Expression.WalkDownParentheses();
            if (tail.Parent is ExpressionStatementSyntax statement)
            {
                // `await X();` last in a Task method: `return X();`.
                plan.Replace(statement, current => current is ExpressionStatementSyntax { Expression: AwaitExpressionSyntax awaited } s
                    ? SyntaxFactory.ReturnStatement(
                        SyntaxFactory.Token(SyntaxKind.ReturnKeyword).WithLeadingTrivia(s.GetLeadingTrivia()).WithTrailingTrivia(SyntaxFactory.Space),
                        Operand(awaited, configured).WithoutLeadingTrivia().WithTrailingTrivia(awaited.GetTrailingTrivia()),
                        s.SemicolonToken)
                    : current);
            }
            else
            {
                plan.Replace(tail, current => current is AwaitExpressionSyntax awaited
                    ? Operand(awaited, configured).WithLeadingTrivia(awaited.GetLeadingTrivia()).WithTrailingTrivia(awaited.GetTrailingTrivia())
                    : current);
            }

            plan.Then(token.Parent, AsyncModifierRewrites.WithoutAsync);
            return "Return the task without async and await";
        }

        /// <summary>The task the await waits for: its operand, without a ConfigureAwait(bool) call.</summary>
        private static ExpressionSyntax Operand(AwaitExpressionSyntax awaited, bool configured)
        {
            var operand = awaited.Expression.WalkDownParentheses();
            return configured && operand is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access }
                ? access.Expression.WalkDownParentheses()
                : operand;
        }
    }
}
