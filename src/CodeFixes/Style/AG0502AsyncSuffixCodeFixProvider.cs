using AsyncGuard.Analyzers.Style;

namespace AsyncGuard.CodeFixes.Style
{
    /// <summary>AG0502: rename the method to end with Async, with all its references.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AG0502AsyncSuffixCodeFixProvider)), Shared]
    public sealed class AG0502AsyncSuffixCodeFixProvider() : AsyncSuffixRenameCodeFixProvider(AG0502AsyncSuffixAnalyzer.Id, "Add the Async suffix");
}
