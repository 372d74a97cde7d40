using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using AsyncGuard.Analyzers.Style;
using AsyncGuard.CodeFixes.Core;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace AsyncGuard.CodeFixes.Style
{
    /// <summary>AG0501: append `.ConfigureAwait(false)` (after a WithCancellation for `await foreach`).</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AG0501ConfigureAwaitCodeFixProvider)), Shared]
    public sealed class AG0501ConfigureAwaitCodeFixProvider : DocumentRewriteCodeFixProvider
    {
        public AG0501ConfigureAwaitCodeFixProvider()
            : base(AG0501ConfigureAwaitAnalyzer.Id)
        {
        }

        private protected override Task<string?> GetTitleAsync(
            Document document, SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken) =>
            Task.FromResult<string?>(
                ConfigureAwaitRewrites.TryPlan(root, diagnostic, model, new SyntaxRewritePlan(), cancellationToken) ? ConfigureAwaitRewrites.Title : null);

        private protected override Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken) =>
            ConfigureAwaitRewrites.FixAsync(document, diagnostics, cancellationToken);
    }
}
