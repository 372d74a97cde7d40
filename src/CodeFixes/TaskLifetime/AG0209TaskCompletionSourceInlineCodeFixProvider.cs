using System.Collections.Generic;
using System.Composition;
using AsyncGuard.Analyzers.Core;
using AsyncGuard.Analyzers.TaskLifetime;
using AsyncGuard.CodeFixes.Core;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AsyncGuard.CodeFixes.TaskLifetime
{
    /// <summary>
    /// AG0209: add TaskCreationOptions.RunContinuationsAsynchronously to the constructor call; for a TaskContinuationOptions
    /// value passed as the state, write the TaskCreationOptions members of the same names instead.
    /// </summary>
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
            return diagnostic.Properties.ContainsKey(AG0209TaskCompletionSourceInlineAnalyzer.MistakeProperty)
                ? PlanReplaceEnum(input, node as ExpressionSyntax, creationOptions, optionsName, plan)
                : PlanAddOption(input, node as BaseObjectCreationExpressionSyntax, optionsName, plan);
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

        /// <summary>`TaskContinuationOptions.A | TaskContinuationOptions.B` -> the TaskCreationOptions members A, B (and the flag).</summary>
        private static string? PlanReplaceEnum(DocumentRewrite input, ExpressionSyntax? value, INamedTypeSymbol creationOptions, string optionsName, SyntaxRewritePlan plan)
        {
            // Only `new TaskCompletionSource(TaskContinuationOptions.X)`: with a second argument the first one is a real state.
            var names = new List<string>();
            if (value?.Parent is not ArgumentSyntax { Parent: ArgumentListSyntax { Arguments.Count: 1 } } || !CollectMembers(input, value, names))
            {
                return null;
            }

            var replacement = new List<string>();
            foreach (var name in names)
            {
                if (creationOptions.GetMembers(name).IsEmpty)
                {
                    return null;
                }

                if (name != "None")
                {
                    replacement.Add(optionsName + "." + name);
                }
            }

            if (!names.Contains(Flag))
            {
                replacement.Add(optionsName + "." + Flag);
            }

            var text = string.Join(" | ", replacement);
            plan.Replace(value, current => SyntaxFactory.ParseExpression(text).WithTriviaFrom(current));
            return "Use TaskCreationOptions";
        }

        private static bool CollectMembers(DocumentRewrite input, ExpressionSyntax expression, List<string> names)
        {
            expression = expression.WalkDownParentheses();
            switch (expression)
            {
                case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.BitwiseOrExpression):
                    return CollectMembers(input, binary.Left, names) && CollectMembers(input, binary.Right, names);
                default:
                    if (input.Model.GetSymbolInfo(expression, input.CancellationToken).Symbol is IFieldSymbol { ContainingType.TypeKind: TypeKind.Enum } field
                        && field.ContainingType.Is(input.Types.TaskContinuationOptions))
                    {
                        names.Add(field.Name);
                        return true;
                    }

                    return false;
            }
        }
    }
}
