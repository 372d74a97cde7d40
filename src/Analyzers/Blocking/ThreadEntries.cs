namespace AsyncGuard.Analyzers.Blocking
{
    /// <summary>
    /// AG0103's dedicated-thread entries: a wait directly in the function a <c>new Thread(..)</c> runs (a lambda given to
    /// the constructor, or a non-public method whose every use in its type is as that constructor's delegate). The thread
    /// exists to run this function: it is no pool thread (blocking it starves nobody) and has no synchronization context
    /// unless the function installs one, and making the function async would end the thread at the first await and run
    /// the rest on the pool. Asked only when a wait is about to be reported.
    /// </summary>
    internal static class ThreadEntries
    {
        /// <summary>The .editorconfig key that reports waits in dedicated thread entries anyway.</summary>
        public const string ReportOption = "dotnet_diagnostic.AG0103.report_thread_entries";

        public static bool Reported(AnalyzerOptions options, SyntaxTree tree) => RuleOptions.GetBool(options, tree, ReportOption);

        /// <summary>Whether <paramref name="function"/> is only ever run as a dedicated thread's entry.</summary>
        /// <param name="containingSymbol">The analysis context's symbol when known (spares a declared-symbol lookup).</param>
        public static bool IsEntry(SyntaxNode? function, SemanticModel model, AsyncTypes types, CancellationToken cancellationToken, ISymbol? containingSymbol = null) =>
            DelegateEntries.IsOnlyEntry(function, model, containingSymbol, receiver => StartsThread(receiver, types), cancellationToken);

        /// <summary>The delegate made of the function goes, as is, to a <c>System.Threading.Thread</c> constructor.</summary>
        private static bool StartsThread(IOperation? receiver, AsyncTypes types) => receiver switch
        {
            IObjectCreationOperation creation => creation.Type is { } created && created.Is(types.Thread),

            // Task.Factory.StartNew(f, .., LongRunning, Default/Current): a thread of its own as well.
            IInvocationOperation start => LongRunningEntries.StartsDedicatedThread(start, types),
            _ => false,
        };
    }
}
