namespace AsyncGuard.Analyzers.Style
{
    /// <summary>AG0504 (info, off by default): an async method or local function that only awaits the task it returns.</summary>
    public sealed class AG0504NeedlessAsyncAnalyzer() : AsyncGuardAnalyzer(Rule)
    {
        public const string Id = NeedlessAsync.RuleId;

        public static readonly DiagnosticDescriptor Rule = RuleHelp.Descriptor(
            Id, RuleHelp.StyleCategory, DiagnosticSeverity.Info, RuleTraits.OffByDefault,
            title: "Return the task instead of awaiting it",
            messageFormat: "'{0}' only awaits the task it returns; return the task directly, without async and await",
            description: "An async function whose only await is the task it returns, in tail position and outside try, using and lock, builds a state machine to pass the same result on. Returning the task directly is equivalent, except that an exception thrown before the call is no longer wrapped in the task.");

        private protected override void OnCompilationStart(CompilationStartAnalysisContext start, AsyncTypes types) =>
            start.RegisterSyntaxNodeAction(c => Analyze(c, types), SyntaxKind.MethodDeclaration, SyntaxKind.LocalFunctionStatement);

        private static void Analyze(SyntaxNodeAnalysisContext context, AsyncTypes types)
        {
            // The syntax is read first; the model only for a tail await.
            if (!NeedlessAsync.IsNeedless(context.Node, context.SemanticModel, types, context.CancellationToken, out _, out _))
            {
                return;
            }

            var (modifiers, _, _) = NeedlessAsync.Parts(context.Node);
            var name = context.Node is MethodDeclarationSyntax m ? m.Identifier.ValueText : ((LocalFunctionStatementSyntax)context.Node).Identifier.ValueText;
            context.ReportDiagnostic(Diagnostic.Create(Rule, modifiers[modifiers.IndexOf(SyntaxKind.AsyncKeyword)].GetLocation(), name));
        }
    }
}
