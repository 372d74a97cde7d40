namespace AsyncGuard.Analyzers.Style
{
    /// <summary>
    /// AG0506 (info, off by default): a public async API takes its CancellationToken before other parameters. NetAnalyzers'
    /// CA1068 reports every such method: AG0506 stays silent where CA1068 is on for the tree (one finding, one diagnostic).
    /// </summary>
    public sealed class AG0506TokenParameterLastAnalyzer() : AsyncGuardAnalyzer(Rule)
    {
        public const string Id = "AG0506";

        /// <summary>The peer rule that reports the same parameter lists (on by default, as a suggestion, where the SDK's analyzers run).</summary>
        public const string PeerId = "CA1068";

        /// <summary>
        /// .editorconfig: `true` reports where CA1068 is configured off (by default that setting is read as the team's
        /// decision about the convention, and AG0506 stays silent).
        /// </summary>
        public const string ReportWherePeerIsOffOption = "dotnet_diagnostic.AG0506.report_where_ca1068_is_off";

        /// <summary>The build property the package makes visible to the compiler: whether the SDK's code analysis (CA rules) runs.</summary>
        public const string NetAnalyzersProperty = "build_property.EnableNETAnalyzers";

        public static readonly DiagnosticDescriptor Rule = RuleHelp.Descriptor(
            Id, RuleHelp.StyleCategory, DiagnosticSeverity.Info, RuleTraits.OffByDefault,
            title: "CancellationToken parameter should come last",
            messageFormat: "'{0}' takes '{1}' before other parameters; make the CancellationToken the last parameter",
            description: "By .NET convention an async API takes its CancellationToken last (before optional and params parameters only), so callers find it in the same place everywhere and can pass it as the last argument.");

        private protected override void OnCompilationStart(CompilationStartAnalysisContext start, AsyncTypes types)
        {
            if (types.CancellationToken is null)
            {
                return;
            }

            start.RegisterSymbolAction(c => Analyze(c, types), SymbolKind.Method);
        }

        private static void Analyze(SymbolAnalysisContext context, AsyncTypes types)
        {
            var method = (IMethodSymbol)context.Symbol;
            if (method.MethodKind != MethodKind.Ordinary || method.Parameters.Length < 2 || method.IsOverride || method.IsImplicitlyDeclared
                || method.PartialDefinitionPart != null
                || !types.IsAwaitable(method.ReturnType) || !method.IsVisibleOutsideAssembly()
                || !method.ExplicitInterfaceImplementations.IsEmpty || method.ImplementsInterfaceMethodImplicitly()
                || TokenPosition.Misplaced(method, types) is not { } token
                || token.Locations.Length == 0 || token.Locations[0] is not { IsInSource: true } location
                || HasErrorType(method)
                || PeerOwnsIt(context, location.SourceTree!))
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(Rule, location, method.Name, token.Name));
        }
    

        /// <summary>
        /// One finding, one diagnostic: CA1068 owns the finding where it is on (its default wherever the SDK's analyzers run),
        /// and where the build configures it off, which is the team's decision about the convention, unless
        /// <see cref="ReportWherePeerIsOffOption"/> says AG0506 is to report there.
        /// </summary>
        private static bool PeerOwnsIt(SymbolAnalysisContext context, SyntaxTree tree)
        {
            var severity = RuleStates.Severity(context.Compilation, tree, PeerId, context.CancellationToken);
            if (severity == ReportDiagnostic.Default)
            {
                return NetAnalyzersRun(context.Options, tree);
            }

            var off = severity is ReportDiagnostic.Suppress or ReportDiagnostic.Hidden;
            return !off || !RuleOptions.GetBool(context.Options, tree, ReportWherePeerIsOffOption);
        }

        /// <summary>
        /// Whether the SDK's analyzers (CA rules) run for the tree. Unless the build says so (the package makes
        /// EnableNETAnalyzers visible to the compiler), assume they do, as in every project that targets .NET 5 or later.
        /// </summary>
        private static bool NetAnalyzersRun(AnalyzerOptions options, SyntaxTree tree) =>
            !options.AnalyzerConfigOptionsProvider.GetOptions(tree).TryGetValue(NetAnalyzersProperty, out var value)
            || string.Equals(value?.Trim(), "true", StringComparison.OrdinalIgnoreCase);

        /// <summary>A parameter list still being typed: nothing to reorder yet.</summary>
        private static bool HasErrorType(IMethodSymbol method)
        {
            foreach (var parameter in method.Parameters)
            {
                if (parameter.Type.TypeKind == TypeKind.Error)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
