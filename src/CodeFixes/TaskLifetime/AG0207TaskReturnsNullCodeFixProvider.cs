using AsyncGuard.Analyzers.TaskLifetime;

namespace AsyncGuard.CodeFixes.TaskLifetime
{
    /// <summary>
    /// AG0207: `return null;` -> `return Task.CompletedTask;` / `return Task.FromResult&lt;T&gt;(default);` (also a null branch
    /// of `?:` or a switch arm); `return x?.F();` -> `return x?.F() ?? Task.CompletedTask;`.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AG0207TaskReturnsNullCodeFixProvider)), Shared]
    public sealed class AG0207TaskReturnsNullCodeFixProvider : PlanCodeFixProvider
    {
        public AG0207TaskReturnsNullCodeFixProvider()
            : base(AG0207TaskReturnsNullAnalyzer.Id)
        {
        }

        private protected override string? Plan(DocumentRewrite input, Diagnostic diagnostic, string? variant, SyntaxRewritePlan plan)
        {
            if (input.NodeOf(diagnostic) is not ExpressionSyntax expression)
            {
                return null;
            }

            var types = input.Types;
            var type = input.Model.GetTypeInfo(expression, input.CancellationToken).ConvertedType;
            var position = expression.SpanStart;
            var task = types.Task!.ToMinimalDisplayString(input.Model, position);
            string replacement;
            string title;
            if (types.IsTask(type))
            {
                replacement = task + ".CompletedTask";
                title = "Return Task.CompletedTask";
            }
            else if (types.IsTaskOfT(type) && type is INamedTypeSymbol { TypeArguments: { Length: 1 } arguments })
            {
                var result = arguments[0];
                if (result.TypeKind == TypeKind.Error)
                {
                    return null;
                }

                // `default!` where nullable analysis would warn that a non-nullable result gets null.
                var nullable = input.Model.GetNullableContext(position).AnnotationsEnabled() && !result.IsValueType
                    && result.NullableAnnotation != NullableAnnotation.Annotated;
                replacement = task + ".FromResult<" + result.ToMinimalDisplayString(input.Model, position) + ">(" + (nullable ? "default!" : "default") + ")";
                title = "Return Task.FromResult(default)";
            }
            else
            {
                return null;
            }

            if (expression is ConditionalAccessExpressionSyntax)
            {
                // `x?.F()` keeps its call and gets the completed task for the null case: `x?.F() ?? Task.CompletedTask`.
                var parenthesize = expression.Parent is not (ReturnStatementSyntax or ArrowExpressionClauseSyntax or AnonymousFunctionExpressionSyntax);
                plan.Replace(expression, current =>
                {
                    var coalesce = SyntaxFactory.ParseExpression(((ExpressionSyntax)current).WithoutTrivia().ToFullString() + " ?? " + replacement);
                    return (parenthesize ? SyntaxFactory.ParenthesizedExpression(coalesce) : coalesce).WithTriviaFrom(current);
                });
                return title.Replace("Return ", "Return ?? ");
            }

            plan.Replace(expression, current => SyntaxFactory.ParseExpression(replacement).WithTriviaFrom(current));
            return title;
        }
    }
}
