using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace AsyncGuard.CodeFixes.Core
{
    /// <summary>
    /// A fix that offers one action per diagnostic, keyed by the rule's ID, and whose Fix All (document, project,
    /// solution) rewrites each document's diagnostics in one pass.
    /// </summary>
    public abstract class DocumentRewriteCodeFixProvider : CodeFixProvider
    {
        private readonly string _diagnosticId;

        private protected DocumentRewriteCodeFixProvider(string diagnosticId) => _diagnosticId = diagnosticId;

        public sealed override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(_diagnosticId);

        public sealed override FixAllProvider GetFixAllProvider() =>
            FixAllProvider.Create((context, document, diagnostics) => ApplyAsync(document, diagnostics, context.CancellationToken)!);

        public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var document = context.Document;
            var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                return;
            }

            foreach (var diagnostic in context.Diagnostics)
            {
                var title = await GetTitleAsync(document, root, model, diagnostic, context.CancellationToken).ConfigureAwait(false);
                if (title is null)
                {
                    continue;
                }

                context.RegisterCodeFix(
                    CodeAction.Create(title, ct => ApplyAsync(document, ImmutableArray.Create(diagnostic), ct), equivalenceKey: _diagnosticId),
                    diagnostic);
            }
        }

        /// <summary>The title of the fix for one diagnostic, or null when no sound fix exists.</summary>
        private protected abstract Task<string?> GetTitleAsync(
            Document document, SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken);

        /// <summary>Fixes the given diagnostics of one document in one pass (the single fix and Fix All alike).</summary>
        private protected abstract Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken);
    }
}
