using System.Linq;
using AsyncGuard.Analyzers.Cancellation;
using Microsoft.CodeAnalysis.Formatting;

namespace AsyncGuard.CodeFixes.Cancellation
{
    /// <summary>AG0304: `using var cts = ...;` — or, directly in a switch section, `using (var cts = ...) { rest of the section }`.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AG0304DisposeTokenSourceCodeFixProvider)), Shared]
    public sealed class AG0304DisposeTokenSourceCodeFixProvider : PlanCodeFixProvider
    {
        public AG0304DisposeTokenSourceCodeFixProvider()
            : base(AG0304DisposeTokenSourceAnalyzer.Id)
        {
        }

        private protected override string? Plan(DocumentRewrite input, Diagnostic diagnostic, string? variant, SyntaxRewritePlan plan)
        {
            var root = input.Root;
            var span = diagnostic.Location.SourceSpan;
            if (!root.FullSpan.Contains(span)
                || root.FindNode(span, getInnermostNodeForTie: true).FirstAncestorOrSelf<LocalDeclarationStatementSyntax>() is not { } statement
                || !AG0304DisposeTokenSourceAnalyzer.IsCandidate(statement, out _, out var creation)
                || creation.Span != span)
            {
                return null;
            }

            switch (statement.Parent)
            {
                case BlockSyntax block when !HasGoto(block):
                case GlobalStatementSyntax { Parent: CompilationUnitSyntax unit } when !HasGoto(unit):
                    plan.Replace(statement, current => UsingDeclaration((LocalDeclarationStatementSyntax)current));
                    return "Declare with 'using var'";
                case SwitchSectionSyntax section when CanWrapRest(section, statement):
                    plan.Replace(section, current => WrapRest((SwitchSectionSyntax)current, section.Statements.IndexOf(statement)));
                    return "Wrap in 'using (..) { }'";
                default:
                    return null;
            }
        }

        private static LocalDeclarationStatementSyntax UsingDeclaration(LocalDeclarationStatementSyntax statement)
        {
            var usingKeyword = SyntaxFactory.Token(statement.GetLeadingTrivia(), SyntaxKind.UsingKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space));
            return statement.WithoutLeadingTrivia().WithUsingKeyword(usingKeyword);
        }

        private static SwitchSectionSyntax WrapRest(SwitchSectionSyntax section, int index)
        {
            var statements = section.Statements;
            if (index < 0 || index >= statements.Count || statements[index] is not LocalDeclarationStatementSyntax declaration)
            {
                return section;
            }

            var rest = new List<StatementSyntax>();
            for (var i = index + 1; i < statements.Count; i++)
            {
                rest.Add(statements[i]);
            }

            var usingStatement = SyntaxFactory.UsingStatement(declaration.Declaration.WithoutTrivia(), null, SyntaxFactory.Block(rest))
                .WithLeadingTrivia(declaration.GetLeadingTrivia())
                .WithAdditionalAnnotations(Formatter.Annotation);
            var kept = new List<StatementSyntax>();
            for (var i = 0; i < index; i++)
            {
                kept.Add(statements[i]);
            }

            kept.Add(usingStatement);
            return section.WithStatements(SyntaxFactory.List(kept));
        }

        /// <summary>Switch sections share one scope: locals of the moved statements must not be used by other sections.</summary>
        private static bool CanWrapRest(SwitchSectionSyntax section, LocalDeclarationStatementSyntax statement)
        {
            var index = section.Statements.IndexOf(statement);
            var names = new HashSet<string>();
            for (var i = index + 1; i < section.Statements.Count; i++)
            {
                var moved = section.Statements[i];
                if (moved is LabeledStatementSyntax)
                {
                    return false;
                }

                if (moved is LocalDeclarationStatementSyntax local)
                {
                    foreach (var v in local.Declaration.Variables)
                    {
                        names.Add(v.Identifier.ValueText);
                    }
                }

                if (moved is LocalFunctionStatementSyntax function)
                {
                    names.Add(function.Identifier.ValueText);
                }
            }

            if (section.Parent is not SwitchStatementSyntax switchStatement)
            {
                return false;
            }

            names.Add(statement.Declaration.Variables[0].Identifier.ValueText);
            foreach (var other in switchStatement.Sections)
            {
                if (other != section && other.DescendantNodes().OfType<IdentifierNameSyntax>().Any(n => names.Contains(n.Identifier.ValueText)))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>A goto may not jump back over a using declaration (CS8648): leave such code alone.</summary>
        private static bool HasGoto(SyntaxNode scope) =>
            scope.DescendantNodes().Any(n => n is GotoStatementSyntax || n is LabeledStatementSyntax);
    }
}
