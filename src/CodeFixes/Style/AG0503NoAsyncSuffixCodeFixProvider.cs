using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using AsyncGuard.Analyzers.Style;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace AsyncGuard.CodeFixes.Style
{
    /// <summary>AG0503: rename the method without its Async suffix, with all its references.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AG0503NoAsyncSuffixCodeFixProvider)), Shared]
    public sealed class AG0503NoAsyncSuffixCodeFixProvider : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(AG0503NoAsyncSuffixAnalyzer.Id);

        public override FixAllProvider GetFixAllProvider() => new AsyncSuffixRenames.FixAll("Remove the Async suffix");

        public override Task RegisterCodeFixesAsync(CodeFixContext context) => AsyncSuffixRenames.RegisterAsync(context, AG0503NoAsyncSuffixAnalyzer.Id);
    }
}
