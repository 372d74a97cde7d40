using AsyncGuard.Analyzers.TaskLifetime;

namespace AsyncGuard.CodeFixes.TaskLifetime
{
    /// <summary>AG0209: add TaskCreationOptions.RunContinuationsAsynchronously to the constructor call.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AG0209TaskCompletionSourceInlineCodeFixProvider)), Shared]
    public sealed class AG0209TaskCompletionSourceInlineCodeFixProvider : PlanCodeFixProvider
    {
        private const string Flag = "RunContinuationsAsynchronously";

        public AG0209TaskCompletionSourceInlineCodeFixProvider()
            : base(AG0209TaskCompletionSourceInlineAnalyzer.Id)
        {
        }

        private protected override string? Plan(DocumentRewrite input, Diagnostic diagnostic, string? variant, SyntaxRewritePlan plan)
        {
            var node = input.NodeOf(diagnostic);
            if (node is null || input.Types.TaskCreationOptions is not { } creationOptions)
            {
                return null;
            }

            var optionsName = creationOptions.ToMinimalDisplayString(input.Model, node.SpanStart);
            return PlanAddOption(input, node as BaseObjectCreationExpressionSyntax, optionsName, plan);
        }

        private static string? PlanAddOption(DocumentRewrite input, BaseObjectCreationExpressionSyntax? creation, string optionsName, SyntaxRewritePlan plan)
        {
            if (creation is null || input.Model.GetSymbolInfo(creation, input.CancellationToken).Symbol is not IMethodSymbol constructor)
            {
                return null;
            }

            var arguments = creation.ArgumentList?.Arguments ?? default;
            foreach (var argument in arguments)
            {
                if (argument.NameColon != null)
                {
                    return null;
                }
            }

            var flag = SyntaxFactory.ParseExpression(optionsName + "." + Flag);
            var parameters = constructor.Parameters;
            var optionsIndex = -1;
            for (var i = 0; i < parameters.Length; i++)
            {
                if (parameters[i].Type.Name == "TaskCreationOptions")
                {
                    optionsIndex = i;
                }
            }

            if (optionsIndex >= 0)
            {
                if (optionsIndex >= arguments.Count)
                {
                    return null;
                }

                var original = arguments[optionsIndex].Expression;
                var isNone = input.Model.GetConstantValue(original, input.CancellationToken) is { HasValue: true, Value: 0 };
                plan.Replace(original, current => isNone
                    ? flag.WithTriviaFrom(current)
                    : SyntaxFactory.BinaryExpression(SyntaxKind.BitwiseOrExpression, Parenthesize((ExpressionSyntax)current).WithoutTrailingTrivia(), flag)
                        .WithTrailingTrivia(current.GetTrailingTrivia()));
            }
            else if (parameters.Length <= 1 && arguments.Count == parameters.Length)
            {
                // () -> (options), (state) -> (state, options): both overloads exist.
                plan.Replace(creation, current =>
                {
                    var currentCreation = (BaseObjectCreationExpressionSyntax)current;
                    var list = currentCreation.ArgumentList ?? SyntaxFactory.ArgumentList();
                    return currentCreation.WithArgumentList(list.AddArguments(SyntaxFactory.Argument(flag)));
                });
            }
            else
            {
                return null;
            }

            return "Add TaskCreationOptions.RunContinuationsAsynchronously";
        }

        private static ExpressionSyntax Parenthesize(ExpressionSyntax expression) =>
            expression is MemberAccessExpressionSyntax or IdentifierNameSyntax or InvocationExpressionSyntax or ParenthesizedExpressionSyntax
                || expression.IsKind(SyntaxKind.BitwiseOrExpression)
                ? expression
                : SyntaxFactory.ParenthesizedExpression(expression.WithoutTrivia()).WithTriviaFrom(expression);
    }
}
