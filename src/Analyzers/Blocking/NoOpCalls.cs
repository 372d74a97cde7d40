namespace AsyncGuard.Analyzers.Blocking
{
    /// <summary>
    /// Last, for a candidate call of AG0102: calls whose blocking cannot matter where they stand (corpus6, issue 16):
    /// a `Dispose()` after a `Close()` of the same variable (<see cref="ClosedBeforeDispose"/>), a `Thread.Sleep`
    /// right before the process exits (<see cref="SleepBeforeExit"/>, reported with its option), and <c>Open()</c> of a zip
    /// entry the function just created (<see cref="NewArchiveEntries"/>: no I/O).
    /// </summary>
    internal static class NoOpCalls
    {
        public static bool IsNoOp(IInvocationOperation operation, AlternativeForm form, AsyncTypes types, AnalyzerOptions options, CancellationToken cancellationToken) =>
            form == AlternativeForm.Sleep
                ? SleepBeforeExit.IsBeforeExit(operation, types, cancellationToken)
                  && !RuleOptions.GetBool(options, operation.Syntax.SyntaxTree, SleepBeforeExit.ReportOption)
                : ClosedBeforeDispose.IsNoOp(operation, types, cancellationToken)
                  || NewArchiveEntries.IsNoOp(operation, types, cancellationToken);
    }
}
