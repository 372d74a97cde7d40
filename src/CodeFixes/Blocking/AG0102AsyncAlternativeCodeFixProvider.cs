using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using AsyncGuard.Analyzers.Blocking;
using AsyncGuard.CodeFixes.Core;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace AsyncGuard.CodeFixes.Blocking
{
    /// <summary>AG0102: await the async alternative, making the function async where needed.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AG0102AsyncAlternativeCodeFixProvider)), Shared]
    public sealed class AG0102AsyncAlternativeCodeFixProvider : DocumentRewriteCodeFixProvider
    {
        public AG0102AsyncAlternativeCodeFixProvider()
            : base(AG0102AsyncAlternativeAnalyzer.Id)
        {
        }

        private protected override Task<string?> GetTitleAsync(
            Document document, SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken) =>
            AsyncAlternativeRewrites.GetTitleAsync(document, diagnostic, cancellationToken);

        private protected override Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken) =>
            AsyncAlternativeRewrites.FixAsync(document, diagnostics, cancellationToken);
    }
}
