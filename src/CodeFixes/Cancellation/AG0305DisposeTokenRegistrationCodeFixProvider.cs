using System.Linq;
using AsyncGuard.Analyzers.Cancellation;

namespace AsyncGuard.CodeFixes.Cancellation
{
    /// <summary>AG0305: `using var registration = token.Register(..);` (a dropped registration), or `using` on the unused local.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AG0305DisposeTokenRegistrationCodeFixProvider)), Shared]
    public sealed class AG0305DisposeTokenRegistrationCodeFixProvider : PlanCodeFixProvider
    {
        public AG0305DisposeTokenRegistrationCodeFixProvider()
            : base(AG0305DisposeTokenRegistrationAnalyzer.Id)
        {
        }

        private protected override string? Plan(DocumentRewrite input, Diagnostic diagnostic, string? variant, SyntaxRewritePlan plan)
        {
            if (input.NodeOf(diagnostic) is not InvocationExpressionSyntax invocation
                || invocation.SyntaxTree.Options is not CSharpParseOptions { LanguageVersion: >= LanguageVersion.CSharp8 }
                || invocation.FirstAncestorOrSelf<StatementSyntax>() is not { } statement
                || statement.Parent is not (BlockSyntax or GlobalStatementSyntax)
                || HasGoto(statement.Parent is GlobalStatementSyntax { Parent: { } unit } ? unit : statement.Parent))
            {
                return null;
            }

            switch (statement)
            {
                case LocalDeclarationStatementSyntax declaration when !declaration.UsingKeyword.IsKind(SyntaxKind.UsingKeyword):
                    plan.Replace(declaration, current =>
                    {
                        var local = (LocalDeclarationStatementSyntax)current;
                        return local.WithoutLeadingTrivia()
                            .WithUsingKeyword(SyntaxFactory.Token(local.GetLeadingTrivia(), SyntaxKind.UsingKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space)));
                    });
                    return "Declare with 'using var'";
                case ExpressionStatementSyntax expressionStatement:
                    var name = FreeName(statement, input.Model, plan.State(() => new System.Collections.Generic.HashSet<(int, string)>()));
                    plan.Replace(expressionStatement, current =>
                    {
                        var old = (ExpressionStatementSyntax)current;
                        var value = old.Expression is AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: "_" } } discard
                            ? discard.Right
                            : old.Expression;
                        var declaration = SyntaxFactory.VariableDeclaration(
                            SyntaxFactory.IdentifierName(SyntaxFactory.Identifier(SyntaxFactory.TriviaList(), SyntaxKind.VarKeyword, "var", "var", SyntaxFactory.TriviaList(SyntaxFactory.Space))),
                            SyntaxFactory.SingletonSeparatedList(
                                SyntaxFactory.VariableDeclarator(SyntaxFactory.Identifier(name).WithTrailingTrivia(SyntaxFactory.Space))
                                    .WithInitializer(SyntaxFactory.EqualsValueClause(
                                        SyntaxFactory.Token(SyntaxFactory.TriviaList(), SyntaxKind.EqualsToken, SyntaxFactory.TriviaList(SyntaxFactory.Space)),
                                        value.WithoutTrivia()))));
                        return SyntaxFactory.LocalDeclarationStatement(declaration)
                            .WithUsingKeyword(SyntaxFactory.Token(SyntaxFactory.TriviaList(), SyntaxKind.UsingKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space)))
                            .WithSemicolonToken(old.SemicolonToken)
                            .WithLeadingTrivia(old.GetLeadingTrivia());
                    });
                    return "Declare with 'using var registration'";
                default:
                    return null;
            }
        }

        /// <summary>`registration`, or `registration2`, `registration3`, .. when a symbol in scope or an identifier of the enclosing scope already has the name.</summary>
        private static string FreeName(StatementSyntax statement, SemanticModel model, System.Collections.Generic.HashSet<(int Scope, string Name)> planned)
        {
            var scope = statement.Ancestors().FirstOrDefault(a => a is BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax or AccessorDeclarationSyntax or CompilationUnitSyntax)
                ?? statement.Parent!;
            var taken = scope.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText).ToList();
            for (var i = 1; ; i++)
            {
                var name = i == 1 ? "registration" : "registration" + i;
                // Fix All plans several declarations into one scope from the original tree: each takes its own name.
                if (!taken.Contains(name) && model.LookupSymbols(statement.SpanStart, name: name).IsEmpty && planned.Add((scope.SpanStart, name)))
                {
                    return name;
                }
            }
        }

        private static bool HasGoto(SyntaxNode scope) =>
            scope.DescendantNodes().Any(n => n is GotoStatementSyntax || n is LabeledStatementSyntax);
    }
}
