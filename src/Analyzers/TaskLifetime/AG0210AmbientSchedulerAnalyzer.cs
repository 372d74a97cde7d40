namespace AsyncGuard.Analyzers.TaskLifetime
{
    /// <summary>
    /// AG0210: Task.Factory.StartNew / ContinueWhenAll / ContinueWhenAny and Task.ContinueWith without a TaskScheduler:
    /// they run on TaskScheduler.Current, which is whatever scheduler the caller happens to run on.
    /// </summary>
    public sealed class AG0210AmbientSchedulerAnalyzer() : AsyncGuardAnalyzer(Rule)
    {
        public const string Id = "AG0210";

        public static readonly DiagnosticDescriptor Rule = RuleHelp.Descriptor(
            Id, RuleHelp.TaskLifetimeCategory, DiagnosticSeverity.Warning, RuleTraits.None,
            title: "Task scheduled on the ambient scheduler",
            messageFormat: "'{0}' without a TaskScheduler runs on TaskScheduler.Current, inherited from the caller; pass TaskScheduler.Default or use Task.Run",
            description: "StartNew, ContinueWith and the TaskFactory continuation methods schedule on TaskScheduler.Current when no scheduler is given. Called from inside a task on a UI or exclusive scheduler, the work lands there too: deadlocks and a blocked UI. Pass a scheduler explicitly, or use Task.Run.");

        /// <summary>
        /// .editorconfig key: `true` reports calls inside a `[Conditional("X")]` method or local function that this build
        /// compiles out (X undefined, the method not visible outside the assembly) as well.
        /// </summary>
        public const string ReportCompiledOutOption = "dotnet_diagnostic.AG0210.report_compiled_out";

        private protected override void OnCompilationStart(CompilationStartAnalysisContext start, AsyncTypes types)
        {
            if (types.TaskScheduler is not { } scheduler)
            {
                return;
            }

            // Whether the code is built with a public scheduler of its own (OwnSchedulers): read once, for the first finding.
            var compilation = start.Compilation;
            var ownScheduler = new Lazy<bool>(() => OwnSchedulers.ShipsPublicScheduler(compilation, scheduler));
            // Whether the code is a console application that never names a scheduler (SchedulerFreeApplications): the same.
            var schedulerFree = new Lazy<bool>(() => SchedulerFreeApplications.IsSchedulerFree(compilation, CancellationToken.None));
            start.RegisterOperationAction(c => Analyze(c, types, ownScheduler, schedulerFree), OperationKind.Invocation);
        }

        private static void Analyze(OperationAnalysisContext context, AsyncTypes types, Lazy<bool> ownScheduler, Lazy<bool> schedulerFree)
        {
            var invocation = (IInvocationOperation)context.Operation;
            var method = invocation.TargetMethod;
            // An async delegate on LongRunning is AG0212's finding; its fix (Task.Run) settles this one too.
            if (!IsAmbientScheduling(invocation, types) || LongRunningStarts.IsAsyncOnLongRunning(invocation, types))
            {
                return;
            }

            // A `[Conditional("DEBUG")]` helper in a release build: nothing calls it in this build, so nothing runs here.
            if (CompiledOutCalls.IsCompiledOut(invocation, context.ContainingSymbol)
                && !RuleOptions.GetBool(context.Options, invocation.Syntax.SyntaxTree, ReportCompiledOutOption))
            {
                return;
            }

            // A dropped call whose delegate does nothing: the scheduler only decides where nothing runs (EmptyContinuations).
            if (EmptyContinuations.IsDroppedNoOp(invocation)
                && !RuleOptions.GetBool(context.Options, invocation.Syntax.SyntaxTree, EmptyContinuations.ReportOption))
            {
                return;
            }

            // A dropped continuation that only observes the antecedent's exception (FaultObservers, fourteenth pass).
            if (FaultObservers.IsDroppedObserver(invocation, context.CancellationToken)
                && !RuleOptions.GetBool(context.Options, invocation.Syntax.SyntaxTree, FaultObservers.ReportOption))
            {
                return;
            }

            // Written directly in a timer / thread-pool / thread callback: outside any task, Current is Default (PoolCallbackEntries).
            if (PoolCallbackEntries.RunsOutsideAnyTask(invocation, context.ContainingSymbol, types, context.CancellationToken))
            {
                return;
            }

            // Code built with a public scheduler of its own (an event loop's): Current is that scheduler on purpose (OwnSchedulers).
            if (!RuleOptions.GetBool(context.Options, invocation.Syntax.SyntaxTree, OwnSchedulers.ReportOption) && ownScheduler.Value)
            {
                return;
            }

            // A console application that never names a scheduler: every task runs on the default one (SchedulerFreeApplications).
            if (!RuleOptions.GetBool(context.Options, invocation.Syntax.SyntaxTree, SchedulerFreeApplications.ReportOption) && schedulerFree.Value)
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Syntax.GetLocation(), method.ContainingType.Name + "." + method.Name));
        }

        /// <summary>A scheduling call that takes its scheduler from TaskScheduler.Current.</summary>
        internal static bool IsAmbientScheduling(IInvocationOperation invocation, AsyncTypes types)
        {
            var method = invocation.TargetMethod;
            bool onTaskFactory;
            switch (method.Name)
            {
                case "ContinueWith":
                    onTaskFactory = false;
                    break;
                case "StartNew":
                case "ContinueWhenAll":
                case "ContinueWhenAny":
                    onTaskFactory = true;
                    break;
                default:
                    return false;
            }

            if (onTaskFactory ? !types.IsTaskFactory(method.ContainingType) : !types.IsTaskLike(method.ContainingType))
            {
                return false;
            }

            foreach (var parameter in method.Parameters)
            {
                if (parameter.Type.Is(types.TaskScheduler))
                {
                    return false;
                }
            }

            // A factory made with its own scheduler is explicit; Task.Factory / Task<T>.Factory are not.
            return !onTaskFactory || invocation.Instance is IPropertyReferenceOperation { Property: { Name: "Factory", IsStatic: true } factory }
                && types.IsTaskLike(factory.ContainingType);
        }
    }
}
