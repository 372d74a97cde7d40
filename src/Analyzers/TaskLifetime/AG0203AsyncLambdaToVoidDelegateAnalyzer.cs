namespace AsyncGuard.Analyzers.TaskLifetime
{
    /// <summary>AG0203: an async lambda or anonymous method converted to a void-returning delegate (it becomes async void).</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class AG0203AsyncLambdaToVoidDelegateAnalyzer() : AsyncGuardAnalyzer(Rule)
    {
        public const string Id = "AG0203";

        public static readonly DiagnosticDescriptor Rule = RuleHelp.Descriptor(
            Id, RuleHelp.TaskLifetimeCategory, DiagnosticSeverity.Warning, RuleTraits.DefiniteBug,
            title: "Async lambda converted to a void-returning delegate",
            messageFormat: "This async lambda becomes async void as '{0}': nobody can await it and its exceptions crash the process",
            description: "An async lambda passed where a void-returning delegate is expected (Action, ThreadStart, List<T>.ForEach, Parallel.ForEach...) is async void: the caller continues at the first await and exceptions escape to the thread pool. Use an API that takes a Task-returning delegate.");

        private protected override void OnCompilationStart(CompilationStartAnalysisContext start, AsyncTypes types) =>
            start.RegisterSyntaxNodeAction(
                c => Analyze(c, types),
                SyntaxKind.ParenthesizedLambdaExpression, SyntaxKind.SimpleLambdaExpression, SyntaxKind.AnonymousMethodExpression);

        private static void Analyze(SyntaxNodeAnalysisContext context, AsyncTypes types)
        {
            var lambda = (AnonymousFunctionExpressionSyntax)context.Node;
            if (!lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword) || IsEventSubscription(lambda, context))
            {
                return;
            }

            // Only async lambdas converted to a void-returning delegate go further (most async lambdas become Func<Task>).
            var model = context.SemanticModel;
            if (model.GetSymbolInfo(lambda, context.CancellationToken).Symbol is not IMethodSymbol { ReturnsVoid: true }
                || model.GetTypeInfo(lambda, context.CancellationToken).ConvertedType is not INamedTypeSymbol { TypeKind: TypeKind.Delegate } delegateType)
            {
                return;
            }

            // A deliberate fire-and-forget (`context.Post(async _ => { try { .. } catch (Exception e) { tcs.SetException(e); } })`)
            // that catches everything its awaits throw: nothing can reach the synchronization context.
            // Not for loops that run the callback and expect it done when they return (Parallel.For/ForEach, List/Array.ForEach).
            if (lambda.Body is BlockSyntax body && CaughtAwaits.EveryAwaitCatchesAll(body) && !IsLoopBody(lambda, context, types))
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(Rule, lambda.AsyncKeyword.GetLocation(), delegateType.Name));
        }

        private static bool IsLoopBody(AnonymousFunctionExpressionSyntax lambda, SyntaxNodeAnalysisContext context, AsyncTypes types)
        {
            SyntaxNode node = lambda.WalkUpParentheses(throughCasts: true);

            return node.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax invocation } }
                && context.SemanticModel.GetSymbolInfo(invocation, context.CancellationToken).Symbol is IMethodSymbol method
                && (method.Name == "ForEach" || method.ContainingType.Is(types.Parallel));
        }

        /// <summary>`x.Event += async (s, e) => ...`: event handlers are where async void belongs.</summary>
        private static bool IsEventSubscription(AnonymousFunctionExpressionSyntax lambda, SyntaxNodeAnalysisContext context)
        {
            SyntaxNode node = lambda.WalkUpParentheses(throughCasts: true);

            return node.Parent is AssignmentExpressionSyntax assignment
                && assignment.Right == node
                && (assignment.IsKind(SyntaxKind.AddAssignmentExpression) || assignment.IsKind(SyntaxKind.SubtractAssignmentExpression))
                && context.SemanticModel.GetSymbolInfo(assignment.Left, context.CancellationToken).Symbol is IEventSymbol;
        }
    }
}
