namespace AsyncGuard.Analyzers.Core
{
    /// <summary>Categories, help links and the descriptor and analyzer settings shared by every rule.</summary>
    internal static class RuleHelp
    {
        public const string RepositoryUrl = "https://github.com/asyncguard/asyncguard";

        public const string BlockingCategory = "AsyncGuard.Blocking";
        public const string TaskLifetimeCategory = "AsyncGuard.TaskLifetime";
        public const string CancellationCategory = "AsyncGuard.Cancellation";
        public const string PrimitivesCategory = "AsyncGuard.Primitives";
        public const string StyleCategory = "AsyncGuard.Style";

        /// <summary>
        /// Custom tag of the rules that catch definite bugs (code that is wrong whatever the context): the `minimal`
        /// preset keeps exactly these.
        /// </summary>
        public const string DefiniteBugTag = "AsyncGuard.DefiniteBug";

        /// <summary>
        /// The generated-code setting of every AsyncGuard analyzer: generated files and [GeneratedCode] types get no
        /// callbacks (so nothing is reported there), but the driver is not asked to filter each diagnostic as well —
        /// that filter walks every token of a file the first time a diagnostic lands in it, which cost more than most
        /// rules do (tests/…/Infrastructure/GeneratedCodeTests checks that generated code stays silent).
        /// </summary>
        public const GeneratedCodeAnalysisFlags GeneratedCode = GeneratedCodeAnalysisFlags.ReportDiagnostics;

        /// <summary>The rule's page under docs/rules.</summary>
        public static string LinkFor(string id) => RepositoryUrl + "/blob/main/docs/rules/" + id + ".md";

        /// <summary>
        /// A rule's descriptor with the house settings: the help link to its docs/rules page, enabled by default unless
        /// <paramref name="traits"/> says <see cref="RuleTraits.OffByDefault"/>, <see cref="DefiniteBugTag"/> for
        /// <see cref="RuleTraits.DefiniteBug"/>. Release tracking (AnalyzerReleases.*.md) cannot see through this helper:
        /// tests/…/Infrastructure/ReleaseTrackingTests checks every descriptor against the release file instead.
        /// </summary>
        public static DiagnosticDescriptor Descriptor(
            string id,
            string category,
            DiagnosticSeverity severity,
            RuleTraits traits,
            string title,
            string messageFormat,
            string description) =>
            new DiagnosticDescriptor(
                id, title, messageFormat, category, severity, (traits & RuleTraits.OffByDefault) == 0, description, LinkFor(id),
                (traits & RuleTraits.DefiniteBug) != 0 ? new[] { DefiniteBugTag } : System.Array.Empty<string>());
    }

    /// <summary>What a rule's descriptor says besides its category and severity.</summary>
    [System.Flags]
    internal enum RuleTraits
    {
        None = 0,

        /// <summary>Catches code that is wrong whatever the context: the `minimal` preset keeps it (<see cref="RuleHelp.DefiniteBugTag"/>).</summary>
        DefiniteBug = 1,

        /// <summary>Off unless the project turns it on (style and opt-in rules).</summary>
        OffByDefault = 2,
    }
}
