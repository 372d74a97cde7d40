using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using AsyncGuard.Analyzers.Style;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace AsyncGuard.CodeFixes.Style
{
    /// <summary>AG0502: rename the method to end with Async, with all its references.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AG0502AsyncSuffixCodeFixProvider)), Shared]
    public sealed class AG0502AsyncSuffixCodeFixProvider : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(AG0502AsyncSuffixAnalyzer.Id);

        public override FixAllProvider GetFixAllProvider() => new AsyncSuffixRenames.FixAll("Add the Async suffix");

        public override Task RegisterCodeFixesAsync(CodeFixContext context) => AsyncSuffixRenames.RegisterAsync(context, AG0502AsyncSuffixAnalyzer.Id);
    }
}
