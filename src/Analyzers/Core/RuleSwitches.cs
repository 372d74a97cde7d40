namespace AsyncGuard.Analyzers.Core
{
    /// <summary>
    /// Whether a rule can report anything in a compilation, read the way the compiler's driver reads it before it runs an
    /// analyzer: the descriptor's default, then the command line (<c>/nowarn</c>, rule sets), a global analyzer config, and
    /// every file's <c>.editorconfig</c>. A rule off by default runs only where one of them turns it on (or where a bulk
    /// <c>dotnet_analyzer_diagnostic</c> severity might, which is read as "might report"); a rule on by default runs unless
    /// the compilation-wide settings turn it off and no file turns it back on. Erring towards running never changes what is
    /// reported (the driver still filters each diagnostic by its effective severity); it only costs the rule's time.
    /// </summary>
    internal readonly struct RuleSwitches
    {
        private const string BulkPrefix = "dotnet_analyzer_diagnostic.";

        private readonly Compilation _compilation;
        private readonly AnalyzerOptions _options;
        private readonly CancellationToken _cancellationToken;

        public RuleSwitches(Compilation compilation, AnalyzerOptions options, CancellationToken cancellationToken)
        {
            _compilation = compilation;
            _options = options;
            _cancellationToken = cancellationToken;
        }

        public bool AnyMayReport(ImmutableArray<DiagnosticDescriptor> descriptors)
        {
            foreach (var descriptor in descriptors)
            {
                if (MayReport(descriptor))
                {
                    return true;
                }
            }

            return false;
        }

        private bool MayReport(DiagnosticDescriptor descriptor)
        {
            var compilationOptions = _compilation.Options;
            var trees = compilationOptions.SyntaxTreeOptionsProvider;
            var value = descriptor.IsEnabledByDefault ? ReportDiagnostic.Default : ReportDiagnostic.Suppress;
            if (compilationOptions.SpecificDiagnosticOptions.TryGetValue(descriptor.Id, out var specific))
            {
                value = specific;
            }
            else if (trees != null && trees.TryGetGlobalDiagnosticValue(descriptor.Id, _cancellationToken, out var global))
            {
                value = global;
            }

            if (value != ReportDiagnostic.Suppress)
            {
                return true;
            }

            // Off for the compilation: on in some file's .editorconfig, or a bulk severity that might reach it.
            string category = BulkPrefix + "category-" + descriptor.Category + ".severity";
            if (BulkSeverityIn(_options.AnalyzerConfigOptionsProvider.GlobalOptions, category))
            {
                return true;
            }

            foreach (var tree in _compilation.SyntaxTrees)
            {
                if (trees != null && trees.TryGetDiagnosticValue(tree, descriptor.Id, _cancellationToken, out var perTree) && perTree != ReportDiagnostic.Suppress)
                {
                    return true;
                }

                if (BulkSeverityIn(_options.AnalyzerConfigOptionsProvider.GetOptions(tree), category))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary><c>dotnet_analyzer_diagnostic.severity</c> or the category's key, set to anything but <c>none</c>.</summary>
        private static bool BulkSeverityIn(AnalyzerConfigOptions options, string categoryKey) =>
            IsOn(options, BulkPrefix + "severity") || IsOn(options, categoryKey);

        private static bool IsOn(AnalyzerConfigOptions options, string key) =>
            options.TryGetValue(key, out var severity) && !string.Equals(severity.Trim(), "none", StringComparison.OrdinalIgnoreCase);
    }
}
