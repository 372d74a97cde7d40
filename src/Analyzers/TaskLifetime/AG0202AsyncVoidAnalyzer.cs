namespace AsyncGuard.Analyzers.TaskLifetime
{
    /// <summary>AG0202: `async void` methods and local functions, except event handlers and members whose signature is fixed by a base.</summary>
    public sealed class AG0202AsyncVoidAnalyzer() : AsyncGuardAnalyzer(Rule)
    {
        public const string Id = "AG0202";

        public static readonly DiagnosticDescriptor Rule = RuleHelp.Descriptor(
            Id, RuleHelp.TaskLifetimeCategory, DiagnosticSeverity.Warning, RuleTraits.None,
            title: "Avoid async void",
            messageFormat: "'{0}' is async void: callers cannot await it and its exceptions crash the process; return Task",
            description: "An async void method cannot be awaited, so callers go on before it finishes, and an exception it throws is raised on the synchronization context, usually ending the process. Return Task instead; only event handlers need async void.");

        private protected override void OnCompilationStart(CompilationStartAnalysisContext start, AsyncTypes types) =>
            start.RegisterSyntaxNodeAction(c => Analyze(c, types), SyntaxKind.MethodDeclaration, SyntaxKind.LocalFunctionStatement);

        private static void Analyze(SyntaxNodeAnalysisContext context, AsyncTypes types)
        {
            var (modifiers, returnType) = context.Node switch
            {
                MethodDeclarationSyntax method => (method.Modifiers, method.ReturnType),
                LocalFunctionStatementSyntax local => (local.Modifiers, local.ReturnType),
                _ => (default(SyntaxTokenList), null),
            };
            if (returnType is not PredefinedTypeSyntax predefined || !predefined.Keyword.IsKind(SyntaxKind.VoidKeyword) || !modifiers.Any(SyntaxKind.AsyncKeyword))
            {
                return;
            }

            if (context.SemanticModel.GetDeclaredSymbol(context.Node, context.CancellationToken) is not IMethodSymbol symbol
                || IsEventHandlerShaped(symbol) || IsSignatureFixedByBase(symbol))
            {
                return;
            }

            // A deliberate fire-and-forget (a timer callback, an `Ignore()` helper) that catches everything its awaits throw.
            var body = context.Node switch
            {
                MethodDeclarationSyntax method => method.Body,
                LocalFunctionStatementSyntax local => local.Body,
                _ => null,
            };
            if (body != null && CaughtAwaits.EveryAwaitCatchesAll(body))
            {
                return;
            }

            // A private handler whose only delegate uses are event subscriptions: the event's delegate imposes void (fpissues2).
            if (SubscribedAsyncVoids.OnlySubscribedToEvents(context.Node, symbol, context.SemanticModel, context.CancellationToken))
            {
                return;
            }

            // Every await awaits a call of a method that catches and reports everything (CaughtCallees).
            SyntaxNode? scope = body ?? (context.Node as MethodDeclarationSyntax)?.ExpressionBody ?? (SyntaxNode?)(context.Node as LocalFunctionStatementSyntax)?.ExpressionBody;
            if (scope != null && !RuleOptions.GetBool(context.Options, context.Node.SyntaxTree, CaughtCallees.ReportOption)
                && CaughtCallees.EveryAwaitNeverFaults(scope, context.SemanticModel, types, context.CancellationToken))
            {
                return;
            }

            // A callback a SynchronizationContext posts to itself: the exception goes back to the context that posted it.
            if (OwnContextPosts.PostedToOwnContext(context.Node, symbol, context.SemanticModel, types, context.CancellationToken)
                && !RuleOptions.GetBool(context.Options, context.Node.SyntaxTree, OwnContextPosts.ReportOption))
            {
                return;
            }

            // A helper only called directly whose awaits all end in a caught cancellation (CancellationCatches).
            if (!RuleOptions.GetBool(context.Options, context.Node.SyntaxTree, CancellationCatches.ReportOption)
                && CancellationCatches.EndsOnCaughtCancellation(context.Node, body, symbol, context.SemanticModel, types, context.CancellationToken))
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(Rule, returnType.GetLocation(), symbol.Name));
        }

        /// <summary>(sender, TEventArgs) where TEventArgs derives from EventArgs: the one place async void is needed.</summary>
        internal static bool IsEventHandlerShaped(IMethodSymbol method) => WellKnownApis.HasEventHandlerShape(method, anySender: true);

        /// <summary>Overrides and interface implementations must stay void: the base decides.</summary>
        internal static bool IsSignatureFixedByBase(IMethodSymbol method)
        {
            if (method.IsOverride || !method.ExplicitInterfaceImplementations.IsEmpty)
            {
                return true;
            }

            if (method.MethodKind == MethodKind.LocalFunction)
            {
                return false;
            }

            return method.ImplementsInterfaceMethodImplicitly();
        }
    }
}
