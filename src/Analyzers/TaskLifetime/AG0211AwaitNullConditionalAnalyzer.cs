namespace AsyncGuard.Analyzers.TaskLifetime
{
    /// <summary>
    /// AG0211: `await x?.M()` on a reference-type awaitable: when x is null the awaited value is null and `await null`
    /// throws NullReferenceException. Silent where the compiler's own nullable warning (CS8602) already reports the site.
    /// </summary>
    public sealed class AG0211AwaitNullConditionalAnalyzer() : AsyncGuardAnalyzer(Rule)
    {
        public const string Id = "AG0211";

        public static readonly DiagnosticDescriptor Rule = RuleHelp.Descriptor(
            Id, RuleHelp.TaskLifetimeCategory, DiagnosticSeverity.Warning, RuleTraits.DefiniteBug,
            title: "Awaiting a null-conditional call",
            messageFormat: "'{0}' is null when '{1}' is null, and awaiting null throws NullReferenceException; await a completed task instead or test for null first",
            description: "The ?. operator makes the whole expression null when the receiver is null. Awaiting that null calls GetAwaiter on null and throws NullReferenceException: the ?. protects nothing. Await `(x?.M() ?? Task.CompletedTask)`, or test the receiver with an if.");

        private protected override void OnCompilationStart(CompilationStartAnalysisContext start, AsyncTypes types) =>
            start.RegisterOperationAction(Analyze, OperationKind.Await);

        private static void Analyze(OperationAnalysisContext context)
        {
            var awaited = ((IAwaitOperation)context.Operation).Operation;
            while (awaited is IConversionOperation { IsImplicit: true } conversion)
            {
                awaited = conversion.Operand;
            }

            if (awaited is not IConditionalAccessOperation conditional
                || awaited.Type is not { IsReferenceType: true } type || type.TypeKind == TypeKind.Error
                || CompilerWarns(context, awaited)
                || NonNullReceivers.IsProven(conditional, context.CancellationToken)
                || FunctionOnlyReceivers.Silences(conditional, context.Options, context.CancellationToken))
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(
                Rule, awaited.Syntax.GetLocation(), awaited.Syntax.ToString(), conditional.Operation.Syntax.ToString()));
        }

        /// <summary>
        /// With nullable warnings on and no `!`, the compiler reports CS8602 on the same expression (the AG0211 fix is
        /// offered on that warning too): one finding, one diagnostic.
        /// </summary>
        private static bool CompilerWarns(OperationAnalysisContext context, IOperation awaited)
        {
            var model = awaited.SemanticModel;
            if (model is null || !model.GetNullableContext(awaited.Syntax.SpanStart).WarningsEnabled())
            {
                return false;
            }

            return model.GetTypeInfo(awaited.Syntax, context.CancellationToken).Nullability.FlowState == NullableFlowState.MaybeNull;
        }
    }
}
