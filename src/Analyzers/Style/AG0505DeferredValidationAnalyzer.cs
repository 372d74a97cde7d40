namespace AsyncGuard.Analyzers.Style
{
    /// <summary>AG0505 (info, off by default): an async method validates its arguments before its first await, where callers see the exception only when they await.</summary>
    public sealed class AG0505DeferredValidationAnalyzer() : AsyncGuardAnalyzer(Rule)
    {
        public const string Id = "AG0505";

        public static readonly DiagnosticDescriptor Rule = RuleHelp.Descriptor(
            Id, RuleHelp.StyleCategory, DiagnosticSeverity.Info, RuleTraits.OffByDefault,
            title: "Validate arguments before the async part",
            messageFormat: "'{0}' throws {1} inside its async state machine: callers see it only when they await the task; validate in a synchronous method and run the rest in an async local function",
            description: "An async method places every exception in the task it returns, argument validation included: a caller that passes a bad argument learns of it only where (and if) it awaits. Validating in a synchronous method that then returns the async part reports the mistake at the call.");

        private protected override void OnCompilationStart(CompilationStartAnalysisContext start, AsyncTypes types) =>
            start.RegisterSyntaxNodeAction(c => Analyze(c, types), SyntaxKind.MethodDeclaration);

        private static void Analyze(SyntaxNodeAnalysisContext context, AsyncTypes types)
        {
            var method = (MethodDeclarationSyntax)context.Node;
            if (DeferredValidation.Find(method, context.SemanticModel, types, context.CancellationToken) is not { } validation)
            {
                return;
            }

            // One finding, one diagnostic: where AG0504 reports the method, its fix (return the task) makes the validation eager too.
            if (RuleStates.IsOn(context.Compilation, method.SyntaxTree, NeedlessAsync.RuleId, onByDefault: false, context.CancellationToken)
                && NeedlessAsync.IsNeedless(method, context.SemanticModel, types, context.CancellationToken, out _, out _))
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(Rule, validation.First.GetLocation(), method.Identifier.ValueText, validation.Exception.Name));
        }
    }
}
