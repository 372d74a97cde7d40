using System;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using AsyncGuard.Analyzers.Cancellation;
using AsyncGuard.Analyzers.Core;
using AsyncGuard.CodeFixes.Core;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AsyncGuard.CodeFixes.Cancellation
{
    /// <summary>AG0302: `.WithCancellation(token)` on the sequence, before an existing `.ConfigureAwait(..)`; one fix per token.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AG0302EnumerateWithTokenCodeFixProvider)), Shared]
    public sealed class AG0302EnumerateWithTokenCodeFixProvider : CodeFixProvider
    {
        private const string KeyPrefix = AG0302EnumerateWithTokenAnalyzer.Id + ":";

        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(AG0302EnumerateWithTokenAnalyzer.Id);

        public override FixAllProvider GetFixAllProvider() =>
            FixAllProvider.Create((context, document, diagnostics) => FixAsync(document, diagnostics, RankOf(context.CodeActionEquivalenceKey), context.CancellationToken)!);

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                return;
            }

            foreach (var diagnostic in context.Diagnostics)
            {
                var tokens = TokenForwarding.TokensOf(diagnostic);
                for (var rank = 0; rank < tokens.Length; rank++)
                {
                    if (!TryPlan(root, diagnostic, rank, model, new SyntaxRewritePlan(), context.CancellationToken))
                    {
                        continue;
                    }

                    var chosen = rank;
                    context.RegisterCodeFix(
                        CodeAction.Create(
                            $"Enumerate with .WithCancellation({tokens[rank]})",
                            ct => FixAsync(context.Document, ImmutableArray.Create(diagnostic), chosen, ct),
                            equivalenceKey: KeyPrefix + rank),
                        diagnostic);
                }
            }
        }

        private static async Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, int rank, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                return document;
            }

            var plan = new SyntaxRewritePlan();
            foreach (var diagnostic in diagnostics)
            {
                TryPlan(root, diagnostic, rank, model, plan, cancellationToken);
            }

            return plan.IsEmpty ? document : document.WithSyntaxRoot(plan.Apply(root));
        }

        private static bool TryPlan(SyntaxNode root, Diagnostic diagnostic, int rank, SemanticModel model, SyntaxRewritePlan plan, CancellationToken cancellationToken)
        {
            var tokens = TokenForwarding.TokensOf(diagnostic);
            var span = diagnostic.Location.SourceSpan;
            if (rank >= tokens.Length || !root.FullSpan.Contains(span))
            {
                return false;
            }

            var loop = root.FindNode(span, getInnermostNodeForTie: true).FirstAncestorOrSelf<CommonForEachStatementSyntax>();
            if (loop is null || loop.Expression.Span != span || AG0302EnumerateWithTokenAnalyzer.StripConfigureAwait(loop.Expression) is not { } source)
            {
                return false;
            }

            var token = SyntaxFactory.ParseExpression(tokens[rank]);

            // The sequence with the token must bind (WithCancellation needs System.Threading.Tasks in scope).
            var probe = loop.Expression.ReplaceNode(source, WithCancellation(source, token));
            if (Speculation.GetSymbolInfo(model, loop.Expression.SpanStart, probe).Symbol is null)
            {
                return false;
            }

            plan.Replace(source, current => WithCancellation((ExpressionSyntax)current, token));
            return true;
        }

        private static ExpressionSyntax WithCancellation(ExpressionSyntax source, ExpressionSyntax token)
        {
            var receiver = source.WithoutTrivia();
            if (!IsPrimary(receiver))
            {
                receiver = SyntaxFactory.ParenthesizedExpression(receiver);
            }

            return SyntaxFactory.InvocationExpression(
                    SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, receiver, SyntaxFactory.IdentifierName("WithCancellation")),
                    SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(token))))
                .WithTriviaFrom(source);
        }

        private static bool IsPrimary(ExpressionSyntax expression) => expression is IdentifierNameSyntax or GenericNameSyntax or MemberAccessExpressionSyntax
            or InvocationExpressionSyntax or ElementAccessExpressionSyntax or ParenthesizedExpressionSyntax or ThisExpressionSyntax or ObjectCreationExpressionSyntax;

        private static int RankOf(string? equivalenceKey) =>
            equivalenceKey != null && equivalenceKey.StartsWith(KeyPrefix, StringComparison.Ordinal)
            && int.TryParse(equivalenceKey.Substring(KeyPrefix.Length), out var rank) ? rank : 0;
    }
}
