namespace AsyncGuard.Analyzers.TaskLifetime
{
    /// <summary>
    /// AG0210 (issue 16, review29: BBDown's minimal-API handler, N_m3u8DL-RE's downloader): a console application whose code
    /// never touches a scheduler. <c>TaskScheduler.Current</c> differs from <c>TaskScheduler.Default</c> only inside a task
    /// that was started on another scheduler, and getting one takes a scheduler object: <c>TaskScheduler.FromCurrentSynchronizationContext()</c>,
    /// a <c>TaskScheduler</c> subclass, a <c>ConcurrentExclusiveSchedulerPair</c>, a <c>TaskFactory</c> made with one, or a
    /// library's scheduler property. The compilation's output is a console application (not a library, whose callers may
    /// run it on any scheduler, nor a windowed application), and no identifier of its source names a scheduler, a task
    /// factory or a synchronization context (no identifier containing <c>Scheduler</c> or <c>SynchronizationContext</c>, none
    /// spelled <c>TaskFactory</c>): every task of the application runs on the default scheduler, so the call's scheduler is
    /// <c>TaskScheduler.Default</c> wherever it runs. The spelling only keeps calls reported (any such identifier anywhere
    /// ends the class for the whole compilation); the class never silences on a name. Computed once per compilation, only
    /// for a finding about to be reported. Option <see cref="ReportOption"/> reports these calls again.
    /// </summary>
    internal static class SchedulerFreeApplications
    {
        /// <summary>.editorconfig key: `true` reports ambient-scheduler calls in console applications that never name a scheduler.</summary>
        public const string ReportOption = "dotnet_diagnostic.AG0210.report_scheduler_free_applications";

        public static bool IsSchedulerFree(Compilation compilation, CancellationToken ct)
        {
            if (compilation.Options.OutputKind != OutputKind.ConsoleApplication)
            {
                return false;
            }

            foreach (var tree in compilation.SyntaxTrees)
            {
                foreach (var token in tree.GetRoot(ct).DescendantTokens())
                {
                    if (token.IsKind(SyntaxKind.IdentifierToken) && NamesScheduling(token.ValueText))
                    {
                        return false;
                    }
                }
            }

            return true;
        }

        private static bool NamesScheduling(string name) =>
            name == "TaskFactory"
            || name.IndexOf("Scheduler", StringComparison.Ordinal) >= 0
            || name.IndexOf("SynchronizationContext", StringComparison.Ordinal) >= 0;
    }
}
