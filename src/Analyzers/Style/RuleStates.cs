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
        public static bool IsOn(Compilation compilation, SyntaxTree tree, string id, bool onByDefault, CancellationToken cancellationToken)
        {
            var options = compilation.Options;
            var provider = options.SyntaxTreeOptionsProvider;
            ReportDiagnostic severity;
            if (!(provider != null && provider.TryGetDiagnosticValue(tree, id, cancellationToken, out severity))
                && !options.SpecificDiagnosticOptions.TryGetValue(id, out severity)
                && !(provider != null && provider.TryGetGlobalDiagnosticValue(id, cancellationToken, out severity)))
            {
                severity = ReportDiagnostic.Default;
            }

            return severity switch
            {
                ReportDiagnostic.Default => onByDefault,
                ReportDiagnostic.Suppress or ReportDiagnostic.Hidden => false,
                _ => true,
            };
        }
    }
}
