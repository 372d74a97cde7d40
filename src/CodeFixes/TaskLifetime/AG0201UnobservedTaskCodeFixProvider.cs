using AsyncGuard.Analyzers.TaskLifetime;

namespace AsyncGuard.CodeFixes.TaskLifetime
{
    /// <summary>
    /// AG0201 and the compiler's CS4014: 1) await the task, making the function async where the shared transformation
    /// can; 2) discard it explicitly with `_ =`; 3) where the AsyncGuard runtime is referenced, `.Forget()`, which observes
    /// the task's exception instead of dropping it.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AG0201UnobservedTaskCodeFixProvider)), Shared]
    public sealed class AG0201UnobservedTaskCodeFixProvider : PlanCodeFixProvider
    {
        public const string CompilerId = "CS4014";
        public const string AwaitKey = AG0201UnobservedTaskAnalyzer.Id + ":" + Await;
        public const string DiscardKey = AG0201UnobservedTaskAnalyzer.Id + ":" + Discard;
        public const string ForgetKey = AG0201UnobservedTaskAnalyzer.Id + ":" + Forget;
        private const string Await = "Await";
        private const string Discard = "Discard";
        private const string Forget = "Forget";
        private static readonly string?[] Variants = { Await, Discard, Forget };

        public AG0201UnobservedTaskCodeFixProvider()
            : base(AG0201UnobservedTaskAnalyzer.Id, CompilerId)
        {
        }

        private protected override IEnumerable<string?> VariantsOf(Diagnostic diagnostic) => Variants;

        private protected override string? Plan(DocumentRewrite input, Diagnostic diagnostic, string? variant, SyntaxRewritePlan plan) => variant switch
        {
            Discard => PlanDiscard(input, diagnostic, plan),
            Forget => PlanForget(input, diagnostic, plan),
            _ => PlanAwait(input, diagnostic, plan),
        };

        /// <summary>The dropped expression (climbed over `?.` and parentheses) and the node that holds it.</summary>
        private static bool TryFind(DocumentRewrite input, Diagnostic diagnostic, out ExpressionSyntax top, out SyntaxNode holder)
        {
            top = null!;
            holder = null!;
            if (input.NodeOf(diagnostic) is not ExpressionSyntax node)
            {
                return false;
            }

            top = node;
            while (top.Parent is ParenthesizedExpressionSyntax || (top.Parent is ConditionalAccessExpressionSyntax conditional && conditional.WhenNotNull == top))
            {
                top = (ExpressionSyntax)top.Parent;
            }

            holder = top.Parent!;
            var held = holder switch
            {
                ExpressionStatementSyntax => true,
                AnonymousFunctionExpressionSyntax lambda => lambda.ExpressionBody == top,
                ArrowExpressionClauseSyntax arrow => arrow.Expression == top,
                AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: "_" } } assignment => assignment.Right == top,
                _ => false,
            };
            return held && input.Types.IsAwaitable(input.Model.GetTypeInfo(Unwrap(top), input.CancellationToken).Type);
        }

        /// <summary>The produced value itself: inside `(..)` and the when-not-null part of `a?.F()`.</summary>
        private static ExpressionSyntax Unwrap(ExpressionSyntax expression)
        {
            while (true)
            {
                expression = expression.WalkDownParentheses();
                switch (expression)
                {
                    case ConditionalAccessExpressionSyntax conditional:
                        expression = conditional.WhenNotNull;
                        break;
                    default:
                        return expression;
                }
            }
        }

        private static string? PlanAwait(DocumentRewrite input, Diagnostic diagnostic, SyntaxRewritePlan plan)
        {
            // `await a?.F()` throws when a is null, where the statement did nothing: no await fix for `?.`.
            if (!TryFind(input, diagnostic, out var top, out var holder) || top is ConditionalAccessExpressionSyntax)
            {
                return null;
            }

            if (!AsyncConversion.TryPlanMakeAsyncAround(top, input.Model, input.Types, plan, input.CancellationToken))
            {
                return null;
            }

            if (holder is AssignmentExpressionSyntax discard)
            {
                // `_ = F();` (reported under the report_discards option) becomes `await F();`.
                plan.Replace(discard, current => current is AssignmentExpressionSyntax a ? AwaitSyntax.Await(a.Right, discard, a) : current);
            }
            else
            {
                plan.Replace(top, current => AwaitSyntax.Await((ExpressionSyntax)current, top, current));
            }

            return "Await the task";
        }

        private static string? PlanDiscard(DocumentRewrite input, Diagnostic diagnostic, SyntaxRewritePlan plan)
        {
            if (!TryFind(input, diagnostic, out var top, out var holder) || holder is AssignmentExpressionSyntax)
            {
                return null;
            }

            // `_` must mean the discard here, not a variable that happens to be called `_`.
            if (!input.Model.LookupSymbols(top.SpanStart, name: "_").IsEmpty)
            {
                return null;
            }

            plan.Replace(top, current =>
            {
                var expression = (ExpressionSyntax)current;
                return SyntaxFactory.AssignmentExpression(
                        SyntaxKind.SimpleAssignmentExpression,
                        TaskLifetimeFixes.DiscardName().WithLeadingTrivia(expression.GetLeadingTrivia()),
                        SyntaxFactory.Token(SyntaxKind.EqualsToken).WithLeadingTrivia(SyntaxFactory.Space).WithTrailingTrivia(SyntaxFactory.Space),
                        expression.WithoutLeadingTrivia());
            });
            return "Discard the task explicitly (_ = ...)";
        }

        /// <summary>`F();` / `_ = F();` become `F().Forget();` (AsyncGuard.FireAndForget), adding `using AsyncGuard;` where needed.</summary>
        private static string? PlanForget(DocumentRewrite input, Diagnostic diagnostic, SyntaxRewritePlan plan)
        {
            var fireAndForget = input.Model.Compilation.GetTypeByMetadataName("AsyncGuard.FireAndForget");
            if (fireAndForget is null || !TryFind(input, diagnostic, out var top, out var holder)
                || !input.Types.IsTaskOrValueTask(input.Model.GetTypeInfo(Unwrap(top), input.CancellationToken).Type))
            {
                return null;
            }

            if (holder is AssignmentExpressionSyntax discard)
            {
                plan.Replace(discard, current => current is AssignmentExpressionSyntax a ? AppendForget(a.Right).WithTriviaFrom(a) : current);
            }
            else
            {
                plan.Replace(top, current => AppendForget((ExpressionSyntax)current));
            }

            // The extension method needs its namespace in scope.
            var inScope = input.Model.LookupNamespacesAndTypes(top.SpanStart, name: fireAndForget.Name);
            if (!inScope.Contains(fireAndForget, SymbolEqualityComparer.Default) && top.SyntaxTree.GetRoot(input.CancellationToken) is CompilationUnitSyntax unit)
            {
                UsingDirectives.PlanImport(plan, unit, "AsyncGuard");
            }

            return "Fire and forget, observing errors (.Forget())";
        }

        /// <summary>`x` -> `x.Forget()`; in `a?.F()` the call goes on the when-not-null part: `a?.F().Forget()`.</summary>
        private static ExpressionSyntax AppendForget(ExpressionSyntax expression)
        {
            if (expression is ConditionalAccessExpressionSyntax conditional)
            {
                return conditional.WithWhenNotNull(AppendForget(conditional.WhenNotNull));
            }

            var receiver = expression is InvocationExpressionSyntax or MemberAccessExpressionSyntax or MemberBindingExpressionSyntax
                or IdentifierNameSyntax or ParenthesizedExpressionSyntax or ElementAccessExpressionSyntax or ObjectCreationExpressionSyntax
                ? expression.WithoutTrivia()
                : SyntaxFactory.ParenthesizedExpression(expression.WithoutTrivia());
            return SyntaxFactory.InvocationExpression(
                    SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, receiver, SyntaxFactory.IdentifierName("Forget")))
                .WithTriviaFrom(expression);
        }
    }
}
