using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using AsyncGuard.Analyzers.Blocking;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace AsyncGuard.CodeFixes.Blocking
{
    /// <summary>AG0102: await the async alternative, making the function async where needed.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AG0102AsyncAlternativeCodeFixProvider)), Shared]
    public sealed class AG0102AsyncAlternativeCodeFixProvider : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(AG0102AsyncAlternativeAnalyzer.Id);

        public override FixAllProvider GetFixAllProvider() =>
            FixAllProvider.Create((context, document, diagnostics) => AsyncAlternativeRewrites.FixAsync(document, diagnostics, context.CancellationToken)!);

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            foreach (var diagnostic in context.Diagnostics)
            {
                var title = await AsyncAlternativeRewrites.GetTitleAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false);
                if (title is null)
                {
                    continue;
                }

                context.RegisterCodeFix(
                    CodeAction.Create(
                        title,
                        ct => AsyncAlternativeRewrites.FixAsync(context.Document, ImmutableArray.Create(diagnostic), ct),
                        equivalenceKey: AG0102AsyncAlternativeAnalyzer.Id),
                    diagnostic);
            }
        }
    }
}
