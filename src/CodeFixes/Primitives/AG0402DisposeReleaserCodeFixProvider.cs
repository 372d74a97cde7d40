using AsyncGuard.Analyzers.Primitives;
using Microsoft.CodeAnalysis.Formatting;

namespace AsyncGuard.CodeFixes.Primitives
{
    /// <summary>AG0402: dispose the releaser through <c>using var</c>, or a <c>using</c> block ending where it was disposed.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AG0402DisposeReleaserCodeFixProvider)), Shared]
    public sealed class AG0402DisposeReleaserCodeFixProvider : PlanCodeFixProvider
    {
        public AG0402DisposeReleaserCodeFixProvider()
            : base(AG0402DisposeReleaserAnalyzer.Id)
        {
        }

        private protected override string? Plan(DocumentRewrite input, Diagnostic diagnostic, string? variant, SyntaxRewritePlan plan)
        {
            var (root, model, ct) = (input.Root, input.Model, input.CancellationToken);
            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not AwaitExpressionSyntax awaitExpression
                || !diagnostic.Properties.TryGetValue(AG0402DisposeReleaserAnalyzer.ShapeProperty, out var shape))
            {
                return null;
            }

            bool usingDeclarations = ((CSharpParseOptions)root.SyntaxTree.Options).LanguageVersion >= LanguageVersion.CSharp8;
            var statement = awaitExpression.FirstAncestorOrSelf<StatementSyntax>();
            if (statement is null || plan.Contains(statement))
            {
                return null;
            }

            switch (shape)
            {
                case AG0402DisposeReleaserAnalyzer.DiscardedShape when usingDeclarations && statement is ExpressionStatementSyntax && statement.Parent is BlockSyntax block:
                {
                    string name = FreshName(block, statement.SpanStart, model, plan.State(() => new HashSet<string>()));
                    var declaration = SyntaxFactory.LocalDeclarationStatement(
                            SyntaxFactory.VariableDeclaration(
                                SyntaxFactory.IdentifierName("var"),
                                SyntaxFactory.SingletonSeparatedList(
                                    SyntaxFactory.VariableDeclarator(SyntaxFactory.Identifier(name))
                                        .WithInitializer(SyntaxFactory.EqualsValueClause(awaitExpression.WithoutTrivia())))))
                        .WithUsingKeyword(SyntaxFactory.Token(SyntaxKind.UsingKeyword))
                        .WithTriviaFrom(statement)
                        .WithAdditionalAnnotations(Formatter.Annotation);
                    plan.Replace(statement, _ => declaration);
                    return "Dispose the releaser with 'using var'";
                }

                case AG0402DisposeReleaserAnalyzer.NeverDisposedShape when usingDeclarations && statement is LocalDeclarationStatementSyntax local
                    && (statement.Parent is BlockSyntax || statement.Parent is GlobalStatementSyntax):
                    plan.Replace(statement, current => AddUsing((LocalDeclarationStatementSyntax)current));
                    return "Dispose the releaser with 'using var'";

                case AG0402DisposeReleaserAnalyzer.DisposedLaterShape when statement is LocalDeclarationStatementSyntax { Declaration.Variables.Count: 1 } local
                    && statement.Parent is BlockSyntax block:
                {
                    var symbol = model.GetDeclaredSymbol(local.Declaration.Variables[0], ct);
                    int index = block.Statements.IndexOf(statement);
                    for (int i = index + 1; i < block.Statements.Count; i++)
                    {
                        if (IsDisposeCall(block.Statements[i], symbol, model, ct))
                        {
                            if (!StatementRanges.CanNest(block, index + 1, i - 1, i, model, ct) || plan.Contains(block))
                            {
                                return null;
                            }

                            int disposeIndex = i;
                            plan.Replace(block, current => WrapInUsing((BlockSyntax)current, index, disposeIndex));
                            return "Dispose the releaser with a using block";
                        }
                    }

                    return null;
                }

                default:
                    return null;
            }
        }

        private static LocalDeclarationStatementSyntax AddUsing(LocalDeclarationStatementSyntax declaration) =>
            declaration
                .WithUsingKeyword(SyntaxFactory.Token(SyntaxKind.UsingKeyword).WithLeadingTrivia(declaration.GetLeadingTrivia()).WithTrailingTrivia(SyntaxFactory.Space))
                .WithDeclaration(declaration.Declaration.WithoutLeadingTrivia())
                .WithModifiers(declaration.Modifiers.Count > 0 ? declaration.Modifiers : default);

        private static BlockSyntax WrapInUsing(BlockSyntax block, int declarationIndex, int disposeIndex)
        {
            var statements = block.Statements;
            var declaration = (LocalDeclarationStatementSyntax)statements[declarationIndex];
            var body = new List<StatementSyntax>();
            for (int i = declarationIndex + 1; i < disposeIndex; i++)
            {
                body.Add(statements[i]);
            }

            var usingStatement = SyntaxFactory.UsingStatement(declaration.Declaration.WithoutTrivia(), null, SyntaxFactory.Block(body))
                .WithTriviaFrom(declaration)
                .WithAdditionalAnnotations(Formatter.Annotation);
            var result = new List<StatementSyntax>();
            for (int i = 0; i < statements.Count; i++)
            {
                if (i == declarationIndex)
                {
                    result.Add(usingStatement);
                }
                else if (i <= declarationIndex || i > disposeIndex)
                {
                    result.Add(statements[i]);
                }
            }

            return block.WithStatements(SyntaxFactory.List(result));
        }

        private static bool IsDisposeCall(StatementSyntax statement, ISymbol? local, SemanticModel model, CancellationToken ct) =>
            statement is ExpressionStatementSyntax { Expression: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Dispose", Expression: IdentifierNameSyntax target } } }
            && local != null
            && model.GetSymbolInfo(target, ct).Symbol.Is(local);

        /// <summary>"releaser", "releaser2", ...: not visible at the position, not declared anywhere in the block, not taken by this fix run.</summary>
        private static string FreshName(BlockSyntax block, int position, SemanticModel model, HashSet<string> taken)
        {
            for (int n = 1; ; n++)
            {
                string name = n == 1 ? "releaser" : "releaser" + n;
                string key = block.SpanStart + ":" + name;
                if (taken.Contains(key) || !model.LookupSymbols(position, name: name).IsEmpty || DeclaredIn(block, name))
                {
                    continue;
                }

                taken.Add(key);
                return name;
            }
        }

        private static bool DeclaredIn(SyntaxNode scope, string name)
        {
            foreach (var token in scope.DescendantTokens())
            {
                if (token.IsKind(SyntaxKind.IdentifierToken) && token.ValueText == name
                    && (token.Parent is VariableDeclaratorSyntax || token.Parent is SingleVariableDesignationSyntax || token.Parent is ParameterSyntax || token.Parent is LocalFunctionStatementSyntax))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
