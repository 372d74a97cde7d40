using AsyncGuard.Analyzers.TaskLifetime;

namespace AsyncGuard.CodeFixes.TaskLifetime
{
    /// <summary>AG0204: make the function async (the shared transformation turns `return t;` into `return await t;`).</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AG0204TaskEscapesScopeCodeFixProvider)), Shared]
    public sealed class AG0204TaskEscapesScopeCodeFixProvider : PlanCodeFixProvider
    {
        public AG0204TaskEscapesScopeCodeFixProvider()
            : base(AG0204TaskEscapesScopeAnalyzer.Id)
        {
        }

        private protected override string? Plan(DocumentRewrite input, Diagnostic diagnostic, string? variant, SyntaxRewritePlan plan)
        {
            if (input.NodeOf(diagnostic) is not ExpressionSyntax { Parent: ReturnStatementSyntax returnStatement })
            {
                return null;
            }

            // Every return of the function is awaited, so every one of them must be able to hold an await (not in a lock).
            var function = EnclosingFunction.Find(returnStatement);
            if (function is null)
            {
                return null;
            }

            foreach (var node in function.DescendantNodes(n => n == function || n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)))
            {
                if (node is ReturnStatementSyntax { Expression: not null } other && !AsyncConversion.CanAwaitAt(other.Expression, function, input.Model, input.CancellationToken))
                {
                    return null;
                }
            }

            if (!AsyncConversion.TryPlanMakeAsync(function, input.Model, input.Types, new SyntaxRewritePlan(), input.CancellationToken))
            {
                return null;
            }

            AsyncConversion.TryPlanMakeAsync(function, input.Model, input.Types, plan, input.CancellationToken);
            return "Make the method async and await the task";
        }
    }
}
