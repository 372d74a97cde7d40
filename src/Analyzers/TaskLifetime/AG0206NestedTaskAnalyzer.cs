namespace AsyncGuard.Analyzers.TaskLifetime
{
    /// <summary>
    /// AG0206: the Task&lt;Task&gt; of StartNew / ContinueWith / ContinueWhenAll / ContinueWhenAny with an async delegate,
    /// awaited once with its inner task dropped, returned as a Task, passed to WhenAll / WhenAny; `await await` only under
    /// the report_double_await option.
    /// </summary>
    public sealed class AG0206NestedTaskAnalyzer() : AsyncGuardAnalyzer(Rule)
    {
        public const string Id = "AG0206";

        /// <summary>`true` also reports `await await ..` (it waits for the work; `Unwrap()` says it with one await).</summary>
        public const string ReportDoubleAwaitOption = "dotnet_diagnostic.AG0206.report_double_await";

        public static readonly DiagnosticDescriptor Rule = RuleHelp.Descriptor(
            Id, RuleHelp.TaskLifetimeCategory, DiagnosticSeverity.Warning, RuleTraits.DefiniteBug,
            title: "Nested task is not unwrapped",
            messageFormat: "'{0}' returns '{1}': this {2} the outer task, which completes when the async delegate reaches its first await; unwrap it",
            description: "StartNew and ContinueWith do not understand async delegates: they return a Task<Task> whose outer task completes as soon as the delegate returns its inner task. Awaiting or combining the outer task does not wait for the work and loses its exceptions. Use Task.Run, or Unwrap().");

        private protected override void OnCompilationStart(CompilationStartAnalysisContext start, AsyncTypes types) =>
            start.RegisterOperationAction(c => Analyze(c, types), OperationKind.Invocation);

        private static void Analyze(OperationAnalysisContext context, AsyncTypes types)
        {
            var invocation = (IInvocationOperation)context.Operation;
            var method = invocation.TargetMethod;
            if (method.Name is not ("StartNew" or "ContinueWith" or "ContinueWhenAll" or "ContinueWhenAny")
                || !types.IsTaskOfT(invocation.Type) || !types.IsTaskLike(types.ResultTypeOf(invocation.Type))
                || !(types.IsTaskFactory(method.ContainingType) || types.IsTaskLike(method.ContainingType)))
            {
                return;
            }

            // An async delegate on LongRunning is AG0212's finding; its fix (Task.Run) unwraps as well.
            if (LongRunningStarts.IsAsyncOnLongRunning(invocation, types))
            {
                return;
            }

            var use = ValueObservation.Classify(invocation);
            var how = HowMisused(use, types, context.Operation.Syntax.SyntaxTree, context.Options);
            if (how is null)
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(
                Rule, invocation.Syntax.GetLocation(), method.Name, invocation.Type!.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat), how));
        }

        /// <summary>How the outer task is taken for the inner one, or null when it is not (stored, unwrapped, ...).</summary>
        private static string? HowMisused(in ValueUse use, AsyncTypes types, SyntaxTree tree, AnalyzerOptions options)
        {
            switch (use.Kind)
            {
                case ValueUseKind.Awaited:
                    // The inner task the await yields, when the code keeps it, is in its hands (HeldInnerTasks.cs).
                    var inner = HeldInnerTasks.InnerTaskUse(use.Consumer!);
                    if (inner == ValueUseKind.Awaited)
                    {
                        return RuleOptions.GetBool(options, tree, ReportDoubleAwaitOption) ? "awaits twice instead of unwrapping" : null;
                    }

                    return HeldInnerTasks.KeepsInnerTask(inner) ? null : "awaits only";
                case ValueUseKind.Returned:
                    // Returned as a plain Task (converted): the caller awaits the outer task only.
                    return types.IsTaskLike(types.ResultTypeOf(use.Value.Type)) ? null : "returns";
                case ValueUseKind.Argument:
                    return IsWhenAllOrAny(use.Consumer!.Parent, types) ? "passes to WhenAll/WhenAny" : null;
                case ValueUseKind.Other when use.Consumer is IArrayInitializerOperation or ICollectionExpressionOperation:
                    // An element of `new[] { .. }`, `[..]` or a params array / span argument.
                    var collection = use.Consumer.Parent;
                    while (collection is IArrayCreationOperation or IConversionOperation)
                    {
                        collection = collection.Parent;
                    }

                    return collection is IArgumentOperation argument && IsWhenAllOrAny(argument.Parent, types) ? "passes to WhenAll/WhenAny" : null;
                default:
                    return null;
            }
        }

        private static bool IsWhenAllOrAny(IOperation? operation, AsyncTypes types) =>
            operation is IInvocationOperation { TargetMethod: { Name: "WhenAll" or "WhenAny", IsStatic: true } target } && types.IsTaskLike(target.ContainingType);
    }
}
