using Microsoft.CodeAnalysis.Diagnostics;

namespace AsyncGuard.Analyzers.Core
{
    /// <summary>Categories and help links shared by every descriptor.</summary>
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
    }
}
