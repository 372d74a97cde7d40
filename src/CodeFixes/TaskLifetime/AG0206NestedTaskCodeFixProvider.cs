using AsyncGuard.Analyzers.TaskLifetime;

namespace AsyncGuard.CodeFixes.TaskLifetime
{
    /// <summary>
    /// AG0206: `Task.Factory.StartNew(f[, token])` -> `Task.Run(f[, token])`, which unwraps; any other call gets `.Unwrap()`.
    /// `await await x` loses one await.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AG0206NestedTaskCodeFixProvider)), Shared]
    public sealed class AG0206NestedTaskCodeFixProvider : PlanCodeFixProvider
    {
        public AG0206NestedTaskCodeFixProvider()
            : base(AG0206NestedTaskAnalyzer.Id)
        {
        }

        private protected override string? Plan(DocumentRewrite input, Diagnostic diagnostic, string? variant, SyntaxRewritePlan plan)
        {
            if (input.NodeOf(diagnostic) is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } invocation
                || input.Model.GetSymbolInfo(invocation, input.CancellationToken).Symbol is not IMethodSymbol method)
            {
                return null;
            }

            var types = input.Types;
            var taskRun = TaskLifetimeFixes.StartNewAsTaskRun(input, invocation, access, method) is not null;

            // `.Unwrap()` is an extension method of System.Threading.Tasks: only where that namespace is imported.
            if (!taskRun && types.Task!.ToMinimalDisplayString(input.Model, invocation.SpanStart) != "Task")
            {
                return null;
            }

            // `await await x`: the outer await goes, the remaining one awaits the unwrapped task.
            SyntaxNode inner = invocation.WalkUpParentheses();

            if (inner.Parent is AwaitExpressionSyntax innerAwait)
            {
                SyntaxNode outer = innerAwait.WalkUpParentheses();

                if (outer.Parent is AwaitExpressionSyntax outerAwait)
                {
                    plan.Replace(outerAwait, current => ((AwaitExpressionSyntax)current).Expression.WalkDownParentheses().WithTriviaFrom(current));
                }
            }

            if (taskRun)
            {
                return TaskLifetimeFixes.PlanTaskRun(access, plan);
            }

            plan.Replace(invocation, current =>
                SyntaxFactory.InvocationExpression(
                        SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, ((ExpressionSyntax)current).WithoutTrivia(), SyntaxFactory.IdentifierName("Unwrap")))
                    .WithTriviaFrom(current));
            return "Unwrap the inner task";
        }
    }
}
