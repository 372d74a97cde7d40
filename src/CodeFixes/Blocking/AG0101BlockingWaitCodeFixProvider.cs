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
    /// <summary>AG0101: replace the blocking wait with an await, making the function async where needed.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AG0101BlockingWaitCodeFixProvider)), Shared]
    public sealed class AG0101BlockingWaitCodeFixProvider : DocumentRewriteCodeFixProvider
    {
        public AG0101BlockingWaitCodeFixProvider()
            : base(AG0101BlockingWaitAnalyzer.Id)
        {
        }

        private protected override Task<string?> GetTitleAsync(
            Document document, SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken) =>
            BlockingWaitRewrites.GetTitleAsync(document, diagnostic, cancellationToken);

        private protected override Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken) =>
            BlockingWaitRewrites.FixAsync(document, diagnostics, cancellationToken);
    }
}
