namespace AsyncGuard.Analyzers.Blocking
{
    /// <summary>
    /// AG0102's top-level statements that compile to a synchronous entry point (reported with
    /// <c>dotnet_diagnostic.AG0102.report_synchronous_top_level = true</c>). Top-level statements without an await become a
    /// <c>void</c> or <c>int</c> Main: a synchronous call there blocks the process's main thread, which has no synchronization
    /// context and nothing else to run, exactly as in a synchronous <c>static void Main</c>, where the rule is silent. Decided
    /// from the compiler's synthesized entry point (its return type), not from the syntax. Lambdas and local functions in the
    /// top-level code are functions of their own and keep their own classification. Asked only for a candidate.
    /// </summary>
    internal static class SynchronousTopLevel
    {
        /// <summary>The .editorconfig key that reports calls in top-level statements without an await anyway.</summary>
        public const string ReportOption = "dotnet_diagnostic.AG0102.report_synchronous_top_level";

        public static bool Reported(AnalyzerConfigOptions options) => RuleOptions.GetBool(options, ReportOption);

        /// <summary>Whether <paramref name="operation"/> runs directly in top-level statements whose entry point is synchronous.</summary>
        public static bool Contains(IOperation operation, ISymbol containingSymbol, AsyncTypes types) =>
            containingSymbol is IMethodSymbol { IsAsync: false, MethodKind: MethodKind.Ordinary } entry
            && !types.IsAwaitable(entry.ReturnType)
            && EnclosingFunction.Find(operation.Syntax) is CompilationUnitSyntax;
    }
}
