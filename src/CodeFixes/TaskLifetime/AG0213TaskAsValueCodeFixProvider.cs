using AsyncGuard.Analyzers.TaskLifetime;

namespace AsyncGuard.CodeFixes.TaskLifetime
{
    /// <summary>
    /// AG0213: await the task where it is formatted or compared (`$"{GetAsync()}"` -> `$"{await GetAsync()}"`), making
    /// the enclosing function async through the shared make-async check. A ValueTask&lt;T&gt; is awaited only where it is
    /// a call's fresh result (a stored one may be awaited elsewhere too, and a ValueTask can be awaited once).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AG0213TaskAsValueCodeFixProvider)), Shared]
    public sealed class AG0213TaskAsValueCodeFixProvider : PlanCodeFixProvider
    {
        public AG0213TaskAsValueCodeFixProvider()
            : base(AG0213TaskAsValueAnalyzer.Id)
        {
        }

        private protected override string? Plan(DocumentRewrite input, Diagnostic diagnostic, string? variant, SyntaxRewritePlan plan)
        {
            var node = input.NodeOf(diagnostic);
            if (node is ArgumentSyntax argument)
            {
                node = argument.Expression;
            }

            if (node is not ExpressionSyntax expression)
            {
                return null;
            }

            var type = input.Model.GetTypeInfo(expression, input.CancellationToken).Type;
            if (AG0213TaskAsValueAnalyzer.ResultTypeOf(type, input.Types) is null
                || (input.Types.IsValueTaskOfT(type) && expression.WalkDownParentheses() is not InvocationExpressionSyntax)
                || !AsyncConversion.TryPlanMakeAsyncAround(expression, input.Model, input.Types, plan, input.CancellationToken))
            {
                return null;
            }

            plan.Replace(expression, current => AwaitSyntax.Await((ExpressionSyntax)current, expression, current));
            return "Await the task";
        }
    }
}
