using AsyncGuard.Analyzers.Style;
using Microsoft.CodeAnalysis.Formatting;

namespace AsyncGuard.CodeFixes.Style
{
    /// <summary>
    /// AG0505: split the method: the validating statements stay in it, now synchronous, and it returns an async local
    /// function that holds the rest of the body. Not offered for struct instance methods (a local function cannot use
    /// `this` there), bodies with goto or labels, or where a local function of the rest is called by the validation.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AG0505DeferredValidationCodeFixProvider)), Shared]
    public sealed class AG0505DeferredValidationCodeFixProvider : PlanCodeFixProvider
    {
        public AG0505DeferredValidationCodeFixProvider()
            : base(AG0505DeferredValidationAnalyzer.Id)
        {
        }

        private protected override string? Plan(DocumentRewrite input, Diagnostic diagnostic, string? variant, SyntaxRewritePlan plan)
        {
            if (input.TokenAt(diagnostic).Parent?.FirstAncestorOrSelf<MethodDeclarationSyntax>() is not { Body: { } body } method
                || DeferredValidation.Find(method, input.Model, input.Types, input.CancellationToken) is not { } validation
                || validation.First.Span != diagnostic.Location.SourceSpan
                || input.Model.GetDeclaredSymbol(method, input.CancellationToken) is not { } symbol
                || (!symbol.IsStatic && symbol.ContainingType?.IsValueType != false))
            {
                return null;
            }

            var split = validation.Split;
            var statements = body.Statements;
            foreach (var node in AsyncModifier.OwnNodes(body))
            {
                if (node is GotoStatementSyntax or LabeledStatementSyntax)
                {
                    return null;
                }
            }

            // The validation stays in the method: it may not call a local function that moves into the async part.
            for (var i = split; i < statements.Count; i++)
            {
                if (statements[i] is LocalFunctionStatementSyntax local && Mentions(statements, split, local.Identifier.ValueText))
                {
                    return null;
                }
            }

            var name = FreeName(input.Model, statements[split < statements.Count ? split : split - 1].SpanStart);
            if (name is null)
            {
                return null;
            }

            var returnType = method.ReturnType.WithoutTrivia();
            plan.Then(method, current =>
            {
                if (current is not MethodDeclarationSyntax { Body: { } currentBody } m || currentBody.Statements.Count != statements.Count)
                {
                    return current;
                }

                var kept = new List<StatementSyntax>();
                var moved = new List<StatementSyntax>();
                for (var i = 0; i < currentBody.Statements.Count; i++)
                {
                    (i < split ? kept : moved).Add(currentBody.Statements[i]);
                }

                var call = SyntaxFactory.ReturnStatement(SyntaxFactory.InvocationExpression(SyntaxFactory.IdentifierName(name)))
                    .WithAdditionalAnnotations(Formatter.Annotation);
                var core = SyntaxFactory.LocalFunctionStatement(returnType, SyntaxFactory.Identifier(name))
                    .WithModifiers(SyntaxFactory.TokenList(SyntaxFactory.Token(SyntaxKind.AsyncKeyword)))
                    .WithBody(SyntaxFactory.Block(moved))
                    .WithLeadingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed)
                    .WithAdditionalAnnotations(Formatter.Annotation);
                kept.Add(call);
                kept.Add(core);
                return AsyncModifierRewrites.WithoutAsync(m.WithBody(currentBody.WithStatements(SyntaxFactory.List(kept))));
            });
            return "Validate synchronously, then return an async local function";
        }

        private static bool Mentions(SyntaxList<StatementSyntax> statements, int split, string name)
        {
            for (var i = 0; i < split; i++)
            {
                foreach (var node in statements[i].DescendantNodes())
                {
                    if (node is IdentifierNameSyntax identifier && identifier.Identifier.ValueText == name)
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>`Core`, or `Core2`, `Core3`… where the name is taken at the position.</summary>
        private static string? FreeName(SemanticModel model, int position)
        {
            for (var n = 1; n < 10; n++)
            {
                var name = n == 1 ? "Core" : "Core" + n;
                if (model.LookupSymbols(position, name: name).IsEmpty)
                {
                    return name;
                }
            }

            return null;
        }
    }
}
