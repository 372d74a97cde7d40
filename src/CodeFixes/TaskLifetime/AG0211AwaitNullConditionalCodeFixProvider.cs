using AsyncGuard.Analyzers.TaskLifetime;

namespace AsyncGuard.CodeFixes.TaskLifetime
{
    /// <summary>
    /// AG0211 and the compiler's CS8602 on the same shape (`await x?.M()` under nullable warnings):
    /// 1) `await (x?.M() ?? Task.CompletedTask)` (Task&lt;T&gt;: `Task.FromResult(default(T))`); 2) where the await is a
    /// statement and x can be read twice, `if (x is not null) await x.M();`.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AG0211AwaitNullConditionalCodeFixProvider)), Shared]
    public sealed class AG0211AwaitNullConditionalCodeFixProvider : PlanCodeFixProvider
    {
        public const string CompilerId = "CS8602";
        public const string CoalesceKey = AG0211AwaitNullConditionalAnalyzer.Id + ":" + Coalesce;
        public const string IfKey = AG0211AwaitNullConditionalAnalyzer.Id + ":" + If;
        private const string Coalesce = "Coalesce";
        private const string If = "If";
        private static readonly string?[] Variants = { Coalesce, If };

        public AG0211AwaitNullConditionalCodeFixProvider()
            : base(AG0211AwaitNullConditionalAnalyzer.Id, CompilerId)
        {
        }

        private protected override IEnumerable<string?> VariantsOf(Diagnostic diagnostic) => Variants;

        private protected override string? Plan(DocumentRewrite input, Diagnostic diagnostic, string? variant, SyntaxRewritePlan plan) =>
            variant == If ? PlanIf(input, diagnostic, plan) : PlanCoalesce(input, diagnostic, plan);

        /// <summary>The awaited `?.` expression (inside any parentheses) and the await around it.</summary>
        private static bool TryFind(DocumentRewrite input, Diagnostic diagnostic, out ConditionalAccessExpressionSyntax conditional, out AwaitExpressionSyntax awaitExpression)
        {
            conditional = null!;
            awaitExpression = null!;
            if (input.NodeOf(diagnostic) is not ExpressionSyntax node)
            {
                return false;
            }

            var inner = node.WalkDownParentheses();

            var outer = node.WalkUpParentheses();

            if (inner is not ConditionalAccessExpressionSyntax found || outer.Parent is not AwaitExpressionSyntax awaiting
                || input.Model.GetTypeInfo(found, input.CancellationToken).Type is not { IsReferenceType: true, TypeKind: not TypeKind.Error })
            {
                return false;
            }

            conditional = found;
            awaitExpression = awaiting;
            return true;
        }

        private static string? PlanCoalesce(DocumentRewrite input, Diagnostic diagnostic, SyntaxRewritePlan plan)
        {
            if (!TryFind(input, diagnostic, out var conditional, out var awaitExpression))
            {
                return null;
            }

            var types = input.Types;
            var type = input.Model.GetTypeInfo(conditional, input.CancellationToken).Type;
            var position = conditional.SpanStart;
            string completed;
            if (types.IsTask(type) && types.Task != null)
            {
                completed = types.Task.ToMinimalDisplayString(input.Model, position) + ".CompletedTask";
            }
            else if (types.IsTaskOfT(type) && types.Task != null && type is INamedTypeSymbol { TypeArguments.Length: 1 } generic)
            {
                var bang = input.Model.GetNullableContext(position).AnnotationsEnabled() ? "!" : string.Empty;
                completed = types.Task.ToMinimalDisplayString(input.Model, position) + ".FromResult(default("
                    + generic.TypeArguments[0].WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToMinimalDisplayString(input.Model, position) + ")" + bang + ")";
            }
            else
            {
                return null;
            }

            var operand = awaitExpression.Expression;
            plan.Replace(operand, current =>
            {
                var expression = ((ExpressionSyntax)current).WalkDownParentheses();

                var coalesce = SyntaxFactory.BinaryExpression(
                    SyntaxKind.CoalesceExpression,
                    expression.WithoutTrivia(),
                    SyntaxFactory.Token(SyntaxKind.QuestionQuestionToken).WithLeadingTrivia(SyntaxFactory.Space).WithTrailingTrivia(SyntaxFactory.Space),
                    SyntaxFactory.ParseExpression(completed));
                return SyntaxFactory.ParenthesizedExpression(coalesce).WithTriviaFrom(current);
            });
            return type is INamedTypeSymbol { IsGenericType: true } ? "Await a completed task with the default result when null (?? Task.FromResult)" : "Await Task.CompletedTask when null (?? Task.CompletedTask)";
        }

        private static string? PlanIf(DocumentRewrite input, Diagnostic diagnostic, SyntaxRewritePlan plan)
        {
            if (!TryFind(input, diagnostic, out var conditional, out var awaitExpression)
                || awaitExpression.Parent is not ExpressionStatementSyntax statement
                || statement.Parent is not (BlockSyntax or SwitchSectionSyntax)
                || !CanReadTwice(conditional.Expression)
                || conditional.WhenNotNull is ConditionalAccessExpressionSyntax)
            {
                return null;
            }

            var receiver = conditional.Expression.WithoutTrivia().ToString();
            var test = ((CSharpParseOptions)conditional.SyntaxTree.Options).LanguageVersion >= LanguageVersion.CSharp9
                ? receiver + " is not null"
                : receiver + " != null";
            var call = receiver + conditional.WhenNotNull.WithoutTrivia().ToString();
            var configured = awaitExpression.WithExpression(SyntaxFactory.ParseExpression(call));
            plan.Replace(statement, current =>
            {
                var currentStatement = (ExpressionStatementSyntax)current;
                var awaitText = configured.WithoutTrivia().ToString();
                return SyntaxFactory.ParseStatement("if (" + test + ") " + awaitText + ";").WithTriviaFrom(currentStatement);
            });
            return "Await only when not null (if ... is not null)";
        }

        /// <summary>A receiver that reads the same value twice without side effects: names, `this`, member chains of them.</summary>
        private static bool CanReadTwice(ExpressionSyntax expression) => expression.WalkDownParentheses() switch
        {
            IdentifierNameSyntax or ThisExpressionSyntax or BaseExpressionSyntax => true,
            MemberAccessExpressionSyntax { RawKind: (int)SyntaxKind.SimpleMemberAccessExpression } access => CanReadTwice(access.Expression),
            _ => false,
        };
    }
}
