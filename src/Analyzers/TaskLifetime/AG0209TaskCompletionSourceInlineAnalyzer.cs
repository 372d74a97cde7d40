namespace AsyncGuard.Analyzers.TaskLifetime
{
    /// <summary>
    /// AG0209: `new TaskCompletionSource(..)` without TaskCreationOptions.RunContinuationsAsynchronously (info). A
    /// TaskContinuationOptions value passed by mistake (it binds to the `object state` constructor) is NetAnalyzers' CA2247,
    /// on by default: AG0209 stays silent on that creation (one finding, one diagnostic).
    /// </summary>
    public sealed class AG0209TaskCompletionSourceInlineAnalyzer() : AsyncGuardAnalyzer(Rule)
    {
        public const string Id = "AG0209";

        public static readonly DiagnosticDescriptor Rule = RuleHelp.Descriptor(
            Id, RuleHelp.TaskLifetimeCategory, DiagnosticSeverity.Info, RuleTraits.None,
            title: "TaskCompletionSource continuations run inline",
            messageFormat: "'{0}' is created without TaskCreationOptions.RunContinuationsAsynchronously: awaiting code runs inline on the thread that completes it",
            description: "Continuations of a TaskCompletionSource's task run synchronously inside SetResult/SetException unless it is created with TaskCreationOptions.RunContinuationsAsynchronously: the completing thread runs foreign code while it may hold locks, which leads to reentrancy bugs and deadlocks.");

        /// <summary>
        /// .editorconfig key: `true` also reports a completion source that proxies another task (completed only inside
        /// that task's ExecuteSynchronously continuations); silent by default.
        /// </summary>
        public const string ReportContinuationProxiesOption = "dotnet_diagnostic.AG0209.report_continuation_proxies";

        /// <summary>TaskCreationOptions.RunContinuationsAsynchronously.</summary>
        private const int RunContinuationsAsynchronously = 64;

        private protected override void OnCompilationStart(CompilationStartAnalysisContext start, AsyncTypes types) =>
            start.RegisterOperationAction(c => Analyze(c, types), OperationKind.ObjectCreation);

        private static void Analyze(OperationAnalysisContext context, AsyncTypes types)
        {
            var creation = (IObjectCreationOperation)context.Operation;
            if (creation.Type is not { Name: "TaskCompletionSource" } type || !types.IsTaskCompletionSource(type) || creation.Constructor is null)
            {
                return;
            }

            foreach (var argument in creation.Arguments)
            {
                var parameterType = argument.Parameter?.Type;
                var value = argument.Value;
                if (parameterType.Is(types.TaskCreationOptions))
                {
                    // `TaskCreationOptions.None` written out: inline continuations chosen on purpose (WrittenNoOptions, corpus12lib).
                    if (WrittenNoOptions.IsWrittenNone(argument))
                    {
                        return;
                    }

                    // A non-constant value may well carry the flag: only constants are judged.
                    if (!value.ConstantValue.HasValue || value.ConstantValue.Value is not int flags || (flags & RunContinuationsAsynchronously) != 0)
                    {
                        return;
                    }
                }
                else if (parameterType?.SpecialType == SpecialType.System_Object
                    && value is IConversionOperation { Operand: { } operand }
                    && operand.Type.Is(types.TaskContinuationOptions))
                {
                    // The TaskContinuationOptions mistake is CA2247's finding (on by default, with its own fix): the info would
                    // be a second diagnostic of the same line.
                    return;
                }
            }

            // Completed on creation, before its task is first read (PrecompletedSources): no continuation can be waiting.
            if (PrecompletedSources.CompletedBeforeTaskRead(creation, types))
            {
                return;
            }

            // Nothing runs inline where no continuation exists (the task is only waited on synchronously), and a proxy of
            // another task completed inside that task's ExecuteSynchronously continuation runs its awaiters where the
            // antecedent's would run anyway.
            switch (CompletionSourceUses.Classify(creation, types, context.CancellationToken))
            {
                case CompletionSourceUse.ReadSynchronously:
                    return;
                case CompletionSourceUse.ReadSynchronouslyHandedAsState when !RuleOptions.GetBool(context.Options, creation.Syntax.SyntaxTree, StateHandedSources.ReportOption):
                    return;
                case CompletionSourceUse.ContinuationProxy when !RuleOptions.GetBool(context.Options, creation.Syntax.SyntaxTree, ReportContinuationProxiesOption):
                    return;
            }

            // The same for a private field whose task the type only waits on synchronously (PrivateFieldSources, ho3).
            if (PrivateFieldSources.OnlyReadSynchronously(creation, context.CancellationToken))
            {
                return;
            }

            // A private field completed only in its constructors or as a whole Task.Run lambda (OffloadedCompletions, held-out DSharpPlus).
            if (OffloadedCompletions.CompletedOnlyOffloaded(creation, context.CancellationToken))
            {
                return;
            }

            // The only awaiter is the creating function itself (OwnAwaitedSources): its own resumption is all that runs inline.
            if (!RuleOptions.GetBool(context.Options, creation.Syntax.SyntaxTree, OwnAwaitedSources.ReportOwnAwaitsOption)
                && OwnAwaitedSources.OnlyCreatorAwaits(creation, context.CancellationToken))
            {
                return;
            }

            // Completed only as the last step of an async function (FinalStepCompletions): its awaiters resume on a flow that is ending.
            if (!RuleOptions.GetBool(context.Options, creation.Syntax.SyntaxTree, FinalStepCompletions.ReportOption)
                && FinalStepCompletions.CompletedOnlyAsFinalStep(creation, context.CancellationToken))
            {
                return;
            }

            // A single-flight source completed by the flow that created and published it (SingleFlightSources): its awaiters are the other callers.
            if (!RuleOptions.GetBool(context.Options, creation.Syntax.SyntaxTree, SingleFlightSources.ReportOption)
                && SingleFlightSources.CompletedByInitiatingFlow(creation, context.CancellationToken))
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(Rule, creation.Syntax.GetLocation(), type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)));
        }
    }
}
