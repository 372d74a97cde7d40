namespace AsyncGuard.Analyzers.Style
{
    /// <summary>AG0502 (info, off by default): a method that returns an awaitable has no Async suffix.</summary>
    public sealed class AG0502AsyncSuffixAnalyzer() : AsyncSuffixAnalyzer(Rule)
    {
        public const string Id = "AG0502";

        /// <summary>Property: the name the fix renames to.</summary>
        public const string NewNameProperty = AsyncNaming.NewNameProperty;

        public static readonly DiagnosticDescriptor Rule = RuleHelp.Descriptor(
            Id, RuleHelp.StyleCategory, DiagnosticSeverity.Info, RuleTraits.OffByDefault,
            title: "Async method name should end with Async",
            messageFormat: "'{0}' returns an awaitable; name it '{1}'",
            description: "By .NET convention a method that returns an awaitable type ends with Async, so callers see at the call site that the result is to be awaited.");

        private protected override string? NewName(IMethodSymbol method, AsyncTypes types) =>
            WellKnownApis.HasAsyncSuffix(method.Name) || method.ReturnsVoid || !types.IsAwaitable(method.ReturnType)
                ? null
                : method.Name + WellKnownApis.AsyncSuffix;
    }
}
