namespace AsyncGuard.Analyzers.TaskLifetime
{
    /// <summary>
    /// AG0212: `StartNew(async () => .., TaskCreationOptions.LongRunning)`: the dedicated thread returns at the first
    /// await, the rest runs on the pool, and the outer Task&lt;Task&gt; completes early. AG0206 and AG0210 stay silent
    /// on the calls this rule reports (one finding, one diagnostic; its fix, Task.Run, settles theirs too).
    /// </summary>
    public sealed class AG0212LongRunningAsyncAnalyzer() : AsyncGuardAnalyzer(Rule)
    {
        public const string Id = "AG0212";

        public static readonly DiagnosticDescriptor Rule = RuleHelp.Descriptor(
            Id, RuleHelp.TaskLifetimeCategory, DiagnosticSeverity.Warning, RuleTraits.DefiniteBug,
            title: "Async delegate given to a long-running dedicated thread",
            messageFormat: "'{0}' with TaskCreationOptions.LongRunning gets an async delegate: the dedicated thread ends at the first await{1}; use Task.Run",
            description: "LongRunning starts a dedicated thread for the delegate. An async delegate gives that thread back at its first await; the rest runs on the thread pool anyway, and StartNew's Task<Task> completes when the delegate returns its task, not when the work ends. Use Task.Run, which unwraps the inner task, or keep a synchronous body on the dedicated thread.");

        private protected override void OnCompilationStart(CompilationStartAnalysisContext start, AsyncTypes types)
        {
            if (types.TaskCreationOptions is null)
            {
                return;
            }

            // Entered at the delegate's target (a lambda, anonymous method or method group), far rarer than calls: the
            // work LongRunningStarts accepts is always one of these, inside the StartNew call's argument.
            start.RegisterOperationAction(c => Analyze(c, types), OperationKind.AnonymousFunction, OperationKind.MethodReference);
        }

        private static void Analyze(OperationAnalysisContext context, AsyncTypes types)
        {
            if (LongRunningStarts.CallOfWork(context.Operation) is { } invocation && LongRunningStarts.IsAsyncOnLongRunning(invocation, types))
            {
                var method = invocation.TargetMethod;
                var consequence = IsUnwrapped(invocation)
                    ? " and the rest runs on the thread pool anyway"
                    : " and the returned task completes before the work";
                context.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Syntax.GetLocation(), method.ContainingType.Name + "." + method.Name, consequence));
            }
        }

        /// <summary>`StartNew(..).Unwrap()`: the outer task is not mistaken for the work, only the thread is wasted.</summary>
        internal static bool IsUnwrapped(IInvocationOperation invocation)
        {
            IOperation? parent = invocation.Parent;
            while (parent is IConversionOperation or IArgumentOperation)
            {
                parent = parent.Parent;
            }

            return parent is IInvocationOperation { TargetMethod.Name: "Unwrap" } unwrap
                && (unwrap.Instance == invocation || (unwrap.Arguments.Length == 1 && LongRunningStarts.StripConversions(unwrap.Arguments[0].Value) == invocation));
        }
    }
}
