using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using AsyncGuard.Analyzers.Blocking;
using AsyncGuard.CodeFixes.Core;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AsyncGuard.CodeFixes.Blocking
{
    /// <summary>AG0104: replace the sync/async constant with the function's own flag (the expression the analyzer spelled).</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AG0104DualPathMismatchCodeFixProvider)), Shared]
    public sealed class AG0104DualPathMismatchCodeFixProvider : DocumentRewriteCodeFixProvider
    {
        public AG0104DualPathMismatchCodeFixProvider()
            : base(AG0104DualPathMismatchAnalyzer.Id)
        {
        }

        private protected override Task<string?> GetTitleAsync(
            Document document, SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken) =>
            Task.FromResult(FindConstant(root, diagnostic, out var flag) is null ? null : $"Forward '{flag}'");

        private protected override async Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return document;
            }

            var replacements = new Dictionary<SyntaxNode, ExpressionSyntax>();
            foreach (var diagnostic in diagnostics)
            {
                if (FindConstant(root, diagnostic, out var flag) is { } constant && !replacements.ContainsKey(constant))
                {
                    replacements.Add(constant, SyntaxFactory.ParseExpression(flag!).WithTriviaFrom(constant));
                }
            }

            return replacements.Count == 0 ? document : document.WithSyntaxRoot(root.ReplaceNodes(replacements.Keys, (original, _) => replacements[original]));
        }

        /// <summary>The constant argument the diagnostic points at, when the analyzer could spell the flag to forward.</summary>
        private static ExpressionSyntax? FindConstant(SyntaxNode root, Diagnostic diagnostic, out string? flag)
        {
            flag = null;
            var span = diagnostic.Location.SourceSpan;
            if (!diagnostic.Properties.TryGetValue(AG0104DualPathMismatchAnalyzer.FlagProperty, out flag) || string.IsNullOrEmpty(flag)
                || !root.FullSpan.Contains(span))
            {
                return null;
            }

            for (SyntaxNode? node = root.FindNode(span, getInnermostNodeForTie: true); node != null && node.Span == span; node = node.Parent)
            {
                if (node is ExpressionSyntax expression && node.Parent is ArgumentSyntax)
                {
                    return expression;
                }
            }

            return null;
        }
    }
}
