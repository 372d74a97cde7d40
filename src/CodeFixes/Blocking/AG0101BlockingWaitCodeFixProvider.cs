using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using AsyncGuard.Analyzers.Blocking;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace AsyncGuard.CodeFixes.Blocking
{
    /// <summary>AG0101: replace the blocking wait with an await, making the function async where needed.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AG0101BlockingWaitCodeFixProvider)), Shared]
    public sealed class AG0101BlockingWaitCodeFixProvider : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(AG0101BlockingWaitAnalyzer.Id);

        public override FixAllProvider GetFixAllProvider() =>
            FixAllProvider.Create((context, document, diagnostics) => BlockingWaitRewrites.FixAsync(document, diagnostics, context.CancellationToken)!);

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            foreach (var diagnostic in context.Diagnostics)
            {
                var title = await BlockingWaitRewrites.GetTitleAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false);
                if (title is null)
                {
                    continue;
                }

                context.RegisterCodeFix(
                    CodeAction.Create(
                        title,
                        ct => BlockingWaitRewrites.FixAsync(context.Document, ImmutableArray.Create(diagnostic), ct),
                        equivalenceKey: AG0101BlockingWaitAnalyzer.Id),
                    diagnostic);
            }
        }
    }
}
