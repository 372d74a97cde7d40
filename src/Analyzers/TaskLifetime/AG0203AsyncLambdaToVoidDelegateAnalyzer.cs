namespace AsyncGuard.Analyzers.TaskLifetime
{
    /// <summary>AG0203: an async lambda or anonymous method converted to a void-returning delegate (it becomes async void).</summary>
    public sealed class AG0203AsyncLambdaToVoidDelegateAnalyzer() : AsyncGuardAnalyzer(Rule)
    {
        public const string Id = "AG0203";

        public static readonly DiagnosticDescriptor Rule = RuleHelp.Descriptor(
            Id, RuleHelp.TaskLifetimeCategory, DiagnosticSeverity.Warning, RuleTraits.DefiniteBug,
            title: "Async lambda converted to a void-returning delegate",
            messageFormat: "This async lambda becomes async void as '{0}': nobody can await it and its exceptions crash the process",
            description: "An async lambda passed where a void-returning delegate is expected (Action, ThreadStart, List<T>.ForEach, Parallel.ForEach...) is async void: the caller continues at the first await and exceptions escape to the thread pool. Use an API that takes a Task-returning delegate.");

        // Entered at the lambda's operation: its symbol and the delegate type it converts to come from the operation tree
        // (the lambda and the delegate creation around it), not from semantic-model queries that rebind the lambda.
        private protected override void OnCompilationStart(CompilationStartAnalysisContext start, AsyncTypes types) =>
            start.RegisterOperationAction(c => Analyze((IAnonymousFunctionOperation)c.Operation, c, types), OperationKind.AnonymousFunction);

        private static void Analyze(IAnonymousFunctionOperation operation, OperationAnalysisContext context, AsyncTypes types)
        {
            if (operation.Syntax is not AnonymousFunctionExpressionSyntax lambda || !lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword)
                || operation.SemanticModel is not { } model || IsEventSubscription(lambda, model, context.CancellationToken))
            {
                return;
            }

            // Only async lambdas converted to a void-returning delegate go further (most async lambdas become Func<Task>).
            // The lambda's own conversion is the delegate creation around it (same syntax); any other shape (a cast, `new
            // Action(..)`, code that did not bind) asks the semantic model, as the lambda's symbol and converted type.
            IMethodSymbol? symbol;
            ITypeSymbol? convertedType;
            if (operation.Parent is IDelegateCreationOperation creation && creation.Syntax == lambda)
            {
                symbol = operation.Symbol;
                convertedType = creation.Type;
            }
            else
            {
                symbol = model.GetSymbolInfo(lambda, context.CancellationToken).Symbol as IMethodSymbol;
                convertedType = model.GetTypeInfo(lambda, context.CancellationToken).ConvertedType;
            }

            if (symbol is not { ReturnsVoid: true } || convertedType is not INamedTypeSymbol { TypeKind: TypeKind.Delegate } delegateType)
            {
                return;
            }

            // A deliberate fire-and-forget (`context.Post(async _ => { try { .. } catch (Exception e) { tcs.SetException(e); } })`)
            // that catches everything its awaits throw: nothing can reach the synchronization context.
            // Not for loops that run the callback and expect it done when they return (Parallel.For/ForEach, List/Array.ForEach).
            if (lambda.Body is BlockSyntax body && CaughtAwaits.EveryAwaitCatchesAll(body) && !IsLoopBody(lambda, model, types, context.CancellationToken))
            {
                return;
            }

            // Every await awaits a call that cannot fault (CaughtCallees): a timer lambda awaiting a flush that only triggers.
            if (!RuleOptions.GetBool(context.Options, lambda.SyntaxTree, CaughtCallees.ReportLambdasOption)
                && CaughtCallees.EveryAwaitNeverFaults(lambda.Body, model, types, context.CancellationToken)
                && !IsLoopBody(lambda, model, types, context.CancellationToken))
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(Rule, lambda.AsyncKeyword.GetLocation(), delegateType.Name));
        }

        private static bool IsLoopBody(AnonymousFunctionExpressionSyntax lambda, SemanticModel model, AsyncTypes types, CancellationToken cancellationToken)
        {
            SyntaxNode node = lambda.WalkUpParentheses(throughCasts: true);

            return node.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax invocation } }
                && model.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol method
                && (method.Name == "ForEach" || method.ContainingType.Is(types.Parallel));
        }

        /// <summary>`x.Event += async (s, e) => ...`: event handlers are where async void belongs.</summary>
        private static bool IsEventSubscription(AnonymousFunctionExpressionSyntax lambda, SemanticModel model, CancellationToken cancellationToken)
        {
            SyntaxNode node = lambda.WalkUpParentheses(throughCasts: true);

            return node.Parent is AssignmentExpressionSyntax assignment
                && assignment.Right == node
                && (assignment.IsKind(SyntaxKind.AddAssignmentExpression) || assignment.IsKind(SyntaxKind.SubtractAssignmentExpression))
                && model.GetSymbolInfo(assignment.Left, cancellationToken).Symbol is IEventSymbol;
        }
    }
}
