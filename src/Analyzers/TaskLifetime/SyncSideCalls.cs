namespace AsyncGuard.Analyzers.TaskLifetime
{
    /// <summary>
    /// AG0201 (issue 16, eleventh part, e201; MailKit's IMAP continuation and POP3 command handlers): a dropped call of a
    /// dual sync/async implementation (a method, or a delegate, whose selector parameter picks the side: a hinted bool such
    /// as <c>doAsync</c> / <c>isAsync</c>, or a sync/async enum, <see cref="DualPaths.ParameterSelector"/>) that is given the
    /// constant selecting the synchronous side. By the dual-path contract, which AG0101/AG0103 already rely on, the sync
    /// side does its work before it returns and hands back a completed task: no pending work is lost, only a fault an
    /// <c>async</c> implementation would keep in the task. The caller chose the sync side on purpose, so the drop is
    /// deliberate; an expert would leave it or discard it. Silent unless <see cref="ReportOption"/> is on. A constant
    /// selecting the async side, a flag passed on as a variable, a bool that is no selector, a callee declared in another
    /// assembly (a BCL overload with a `bool` or an options enum is no dual engine) and a [Flags] options enum
    /// (<c>TaskContinuationOptions.ExecuteSynchronously</c>; Core's selector reading never takes one) stay reported.
    /// Asked only for a finding about to be reported.
    /// </summary>
    internal static class SyncSideCalls
    {
        /// <summary>.editorconfig key: `true` reports dropped calls told by their dual-path selector to run synchronously as well.</summary>
        public const string ReportOption = "dotnet_diagnostic.AG0201.report_sync_side_calls";

        public static bool IsSyncSideCall(IInvocationOperation invocation, AsyncTypes types) =>
            types.DualPaths.SelectedSide(invocation, out var argument) == DualSide.Sync
            && argument?.Parameter is { ContainingSymbol: { } callee }
            && callee.IsDeclaredInSource();
    }
}
