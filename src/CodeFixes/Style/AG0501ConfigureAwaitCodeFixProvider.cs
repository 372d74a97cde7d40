using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using AsyncGuard.Analyzers.Style;
using AsyncGuard.CodeFixes.Core;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace AsyncGuard.CodeFixes.Style
{
    /// <summary>AG0501: append `.ConfigureAwait(false)` (after a WithCancellation for `await foreach`).</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AG0501ConfigureAwaitCodeFixProvider)), Shared]
    public sealed class AG0501ConfigureAwaitCodeFixProvider : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(AG0501ConfigureAwaitAnalyzer.Id);

        public override FixAllProvider GetFixAllProvider() =>
            FixAllProvider.Create((context, document, diagnostics) => ConfigureAwaitRewrites.FixAsync(document, diagnostics, context.CancellationToken)!);

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
                if (!ConfigureAwaitRewrites.TryPlan(root, diagnostic, model, new SyntaxRewritePlan(), context.CancellationToken))
                {
                    continue;
                }

                context.RegisterCodeFix(
                    CodeAction.Create(
                        ConfigureAwaitRewrites.Title,
                        ct => ConfigureAwaitRewrites.FixAsync(context.Document, ImmutableArray.Create(diagnostic), ct),
                        equivalenceKey: AG0501ConfigureAwaitAnalyzer.Id),
                    diagnostic);
            }
        }
    }
}
