namespace AsyncGuard.Analyzers.Style
{
    /// <summary>
    /// Whether another rule (AsyncGuard's or a peer's) reports in a tree, read from the severities the compiler applies:
    /// the tree's .editorconfig, the command line (/nowarn, rulesets), then globalconfigs (AnalysisMode, AsyncGuardMode
    /// presets). AG0505 and AG0506 use it to leave a finding to the rule that already reports it.
    /// </summary>
    internal static class RuleStates
    {
        /// <summary>True unless the rule's severity for the tree is none or silent (or, when unset, it is off by default).</summary>
        public static bool IsOn(Compilation compilation, SyntaxTree tree, string id, bool onByDefault, CancellationToken cancellationToken) =>
            Severity(compilation, tree, id, cancellationToken) switch
            {
                ReportDiagnostic.Default => onByDefault,
                ReportDiagnostic.Suppress or ReportDiagnostic.Hidden => false,
                _ => true,
            };

        /// <summary>The severity the build gives the rule for the tree; <see cref="ReportDiagnostic.Default"/> where nothing sets it.</summary>
        public static ReportDiagnostic Severity(Compilation compilation, SyntaxTree tree, string id, CancellationToken cancellationToken)
        {
            var options = compilation.Options;
            var provider = options.SyntaxTreeOptionsProvider;
            if ((provider != null && provider.TryGetDiagnosticValue(tree, id, cancellationToken, out var severity))
                || options.SpecificDiagnosticOptions.TryGetValue(id, out severity)
                || (provider != null && provider.TryGetGlobalDiagnosticValue(id, cancellationToken, out severity)))
            {
                return severity;
            }

            return ReportDiagnostic.Default;
        }
    }
}
