using AsyncGuard.Analyzers.Style;

namespace AsyncGuard.CodeFixes.Style
{
    /// <summary>AG0503: rename the method without its Async suffix, with all its references.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AG0503NoAsyncSuffixCodeFixProvider)), Shared]
    public sealed class AG0503NoAsyncSuffixCodeFixProvider() : AsyncSuffixRenameCodeFixProvider(AG0503NoAsyncSuffixAnalyzer.Id, "Remove the Async suffix");
}
