namespace AsyncGuard.Analyzers.Style
{
    /// <summary>AG0503 (info, off by default): a method named ...Async returns no awaitable and no async sequence.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class AG0503NoAsyncSuffixAnalyzer() : AsyncGuardAnalyzer(Rule)
    {
        public const string Id = "AG0503";

        /// <summary>Property: the name the fix renames to (absent when the name is just "Async").</summary>
        public const string NewNameProperty = AsyncNaming.NewNameProperty;

        public static readonly DiagnosticDescriptor Rule = RuleHelp.Descriptor(
            Id, RuleHelp.StyleCategory, DiagnosticSeverity.Info, RuleTraits.OffByDefault,
            title: "Non-async method should not end with Async",
            messageFormat: "'{0}' returns no awaitable; drop the Async suffix",
            description: "A name ending with Async promises a result to await. A method that returns none misleads its callers into awaiting or expecting it to run asynchronously.");

        private protected override void OnCompilationStart(CompilationStartAnalysisContext start, AsyncTypes types) =>
            start.RegisterSymbolAction(c => Analyze(c, types), SymbolKind.Method);

        private static void Analyze(SymbolAnalysisContext context, AsyncTypes types)
        {
            var method = (IMethodSymbol)context.Symbol;
            if (!WellKnownApis.HasAsyncSuffix(method.Name) || method.MethodKind != MethodKind.Ordinary)
            {
                return;
            }

            // `async void` is AG0202's finding (its fix returns Task, which fits the name).
            if (method.ReturnsVoid && method.IsAsync)
            {
                return;
            }

            var returnType = method.ReturnType;
            if (returnType.TypeKind is TypeKind.Error or TypeKind.Dynamic || types.IsAwaitable(returnType)
                || types.IsAsyncEnumerableOrEnumerator(returnType) || !AsyncNaming.NameIsOwn(method))
            {
                return;
            }

            var newName = method.Name.Substring(0, method.Name.Length - WellKnownApis.AsyncSuffix.Length);
            var properties = newName.Length == 0
                ? ImmutableDictionary<string, string?>.Empty
                : ImmutableDictionary<string, string?>.Empty.Add(NewNameProperty, newName);
            context.ReportDiagnostic(Diagnostic.Create(Rule, method.Locations[0], properties, method.Name));
        }
    }
}
