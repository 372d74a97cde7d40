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
                // A local nothing reads (issue 16): `t = F();` as a statement, or `var t = F();` that can go as a whole.
                AssignmentExpressionSyntax { Left: IdentifierNameSyntax, Parent: ExpressionStatementSyntax } assignment => assignment.Right == top,
                EqualsValueClauseSyntax clause => clause.Value == top && IsRemovableDeclaration(input, clause),
                _ => false,
            };
            return held && input.Types.IsAwaitable(input.Model.GetTypeInfo(Unwrap(top), input.CancellationToken).Type);
        }

        /// <summary>`var t = F();` declaring one local that no other name refers to: the statement can become `F();`'s fixed form.</summary>
        private static bool IsRemovableDeclaration(DocumentRewrite input, EqualsValueClauseSyntax clause) =>
            clause.Parent is VariableDeclaratorSyntax declarator
            && declarator.Parent is VariableDeclarationSyntax { Variables.Count: 1, Parent: LocalDeclarationStatementSyntax }
            && input.Model.GetDeclaredSymbol(declarator, input.CancellationToken) is ILocalSymbol local
            && !UnreadTaskLocals.HasOtherReferences(local, declarator, null, input.Model, input.CancellationToken);

        /// <summary>Whether the holder is the discard `_ = F()`, not the assignment to an unread local.</summary>
        private static bool IsDiscard(SyntaxNode holder) => holder is AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: "_" } };

        /// <summary>
        /// For a value stored in the discard or in an unread local: `var t = F();` -> `make(F());` (the declaration goes),
        /// `t = F()` / `_ = F()` -> `make(F())`. False for the other holders, which the callers rewrite themselves.
        /// </summary>
        private static bool PlanStoredValue(SyntaxNode holder, SyntaxRewritePlan plan, Func<ExpressionSyntax, ExpressionSyntax> make)
        {
            switch (holder)
            {
                case EqualsValueClauseSyntax { Parent.Parent.Parent: LocalDeclarationStatementSyntax statement }:
                    plan.Replace(statement, current => current is LocalDeclarationStatementSyntax { Declaration.Variables: { Count: 1 } variables } declaration && variables[0].Initializer is { } initializer
                        ? SyntaxFactory.ExpressionStatement(default, make(initializer.Value.WithoutTrivia()).WithLeadingTrivia(declaration.GetLeadingTrivia()), declaration.SemicolonToken)
                        : current);
                    return true;
                case AssignmentExpressionSyntax assignment:
                    plan.Replace(assignment, current => current is AssignmentExpressionSyntax a ? make(a.Right.WithoutTrivia()).WithTriviaFrom(a) : current);
                    return true;
                default:
                    return false;
            }
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

            // `_ = F();` (reported under the report_discards option), and `var t = F();` / `t = F();` with `t` never read,
            // become `await F();`.
            if (!PlanStoredValue(holder, plan, value => AwaitSyntax.Await(value, top, value)))
            {
                plan.Replace(top, current => AwaitSyntax.Await((ExpressionSyntax)current, top, current));
            }

            return "Await the task";
        }

        private static string? PlanDiscard(DocumentRewrite input, Diagnostic diagnostic, SyntaxRewritePlan plan)
        {
            if (!TryFind(input, diagnostic, out var top, out var holder) || IsDiscard(holder))
            {
                return null;
            }

            // `_` must mean the discard here, not a variable that happens to be called `_` (nor `var _ = F();` itself).
            if (!input.Model.LookupSymbols(top.SpanStart, name: "_").IsEmpty
                || holder is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Identifier.ValueText: "_" } })
            {
                return null;
            }

            if (PlanStoredValue(holder, plan, Discarded))
            {
                return "Discard the task explicitly (_ = ...)";
            }

            plan.Replace(top, current => Discarded((ExpressionSyntax)current));
            return "Discard the task explicitly (_ = ...)";
        }

        /// <summary>`x` -> `_ = x`, the leading trivia kept in front.</summary>
        private static ExpressionSyntax Discarded(ExpressionSyntax expression) =>
            SyntaxFactory.AssignmentExpression(
                SyntaxKind.SimpleAssignmentExpression,
                TaskLifetimeFixes.DiscardName().WithLeadingTrivia(expression.GetLeadingTrivia()),
                SyntaxFactory.Token(SyntaxKind.EqualsToken).WithLeadingTrivia(SyntaxFactory.Space).WithTrailingTrivia(SyntaxFactory.Space),
                expression.WithoutLeadingTrivia());

        /// <summary>`F();` / `_ = F();` become `F().Forget();` (AsyncGuard.FireAndForget), adding `using AsyncGuard;` where needed.</summary>
        private static string? PlanForget(DocumentRewrite input, Diagnostic diagnostic, SyntaxRewritePlan plan)
        {
            var fireAndForget = input.Model.Compilation.GetTypeByMetadataName("AsyncGuard.FireAndForget");
            if (fireAndForget is null || !TryFind(input, diagnostic, out var top, out var holder)
                || !input.Types.IsTaskOrValueTask(input.Model.GetTypeInfo(Unwrap(top), input.CancellationToken).Type))
            {
                return null;
            }

            if (!PlanStoredValue(holder, plan, AppendForget))
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
