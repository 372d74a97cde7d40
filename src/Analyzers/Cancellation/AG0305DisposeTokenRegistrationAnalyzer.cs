namespace AsyncGuard.Analyzers.Cancellation
{
    /// <summary>
    /// AG0305: in an async function, the CancellationTokenRegistration of `token.Register(..)` on a token that outlives the
    /// function is discarded or kept in a local that is never used: the callback (and what it captures) stays registered
    /// after the operation ended.
    /// </summary>
    public sealed class AG0305DisposeTokenRegistrationAnalyzer() : AsyncGuardAnalyzer(Rule)
    {
        public const string Id = "AG0305";

        public static readonly DiagnosticDescriptor Rule = RuleHelp.Descriptor(
            Id, RuleHelp.CancellationCategory, DiagnosticSeverity.Warning, RuleTraits.None,
            title: "Dispose CancellationTokenRegistration",
            messageFormat: "The registration on '{0}' is never disposed; declare it with 'using var'",
            description: "A callback registered on a token that outlives the operation stays registered, with everything it captures, until the token is cancelled or its source disposed: it may run long after the operation ended. Dispose the CancellationTokenRegistration when the operation ends.");

        private protected override void OnCompilationStart(CompilationStartAnalysisContext start, AsyncTypes types)
        {
            if (types.CancellationToken is null)
            {
                return;
            }

            start.RegisterOperationAction(c => Analyze(c, types), OperationKind.Invocation);
        }

        private static void Analyze(OperationAnalysisContext context, AsyncTypes types)
        {
            var operation = (IInvocationOperation)context.Operation;
            if (operation.Syntax is not InvocationExpressionSyntax syntax
                || !TokenRegistrations.MayBeRegistration(syntax)
                || !TokenRegistrations.IsRegistration(operation, types)
                || !IsLost(operation, syntax, context.CancellationToken))
            {
                return;
            }

            // Only where the operation is the async function's: a synchronous method that registers usually means the
            // callback to outlive the call (it completes a task it returns, stops a component later), and disposing at the
            // end of its scope would unregister it too early.
            var function = EnclosingFunction.InnermostFunction(operation) is { } inner ? EnclosingFunction.SymbolOf(inner) : context.ContainingSymbol as IMethodSymbol;
            if (function is not { IsAsync: true } || function.MethodKind is MethodKind.Constructor or MethodKind.StaticConstructor)
            {
                return;
            }

            if (!TokenRegistrations.Outlives(operation.Instance, types, context.CancellationToken))
            {
                return;
            }

            // The callback must belong to the operation: it (or its state) uses a local or parameter of the function. A
            // callback on the object alone (`ct.Register(Stop)`, `() => _process.Kill()`) stops something that outlives the
            // call (a recording, a component started here) and is meant to stay registered.
            if (!TokenRegistrations.UsesOperationState(operation))
            {
                return;
            }

            // The callback stops work the function hands off and never waits for: it must outlive the function.
            if (HandedOffCallbackState.OnlyHandedOff(operation))
            {
                return;
            }

            // Once per start of a background service, on its own stopping token: lives as long as the service.
            if (ServiceStoppingRegistrations.IsOncePerService(operation, context.ContainingSymbol, context.CancellationToken)
                && !RuleOptions.GetBool(context.Options, syntax.SyntaxTree, ServiceStoppingRegistrations.ReportOption))
            {
                return;
            }

            var token = operation.Instance!.Syntax.ToString();
            context.ReportDiagnostic(Diagnostic.Create(Rule, syntax.GetLocation(), token.Length > 60 ? token.Substring(0, 60) + "…" : token));
        }

        /// <summary>
        /// The registration is dropped: the call is an expression statement, is assigned to a discard (`_ = t.Register(..)`),
        /// or initialises a local (without `using`) whose name appears nowhere after its declaration.
        /// </summary>
        internal static bool IsLost(IOperation operation, InvocationExpressionSyntax syntax, System.Threading.CancellationToken ct)
        {
            var node = syntax.WalkUpParentheses();
            switch (node.Parent)
            {
                case ExpressionStatementSyntax:
                    return true;
                case AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: "_" }, Parent: ExpressionStatementSyntax } assignment
                    when assignment.Right == node && operation.Parent is ISimpleAssignmentOperation { Target: IDiscardOperation }:
                    return true;
                case EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator }
                    when declarator.Parent is VariableDeclarationSyntax { Parent: LocalDeclarationStatementSyntax statement }
                        && !statement.UsingKeyword.IsKind(SyntaxKind.UsingKeyword)
                        && statement.Parent is { } scope:
                    var name = declarator.Identifier.ValueText;
                    foreach (var descendant in scope.DescendantTokens())
                    {
                        if (descendant.SpanStart > declarator.Identifier.SpanStart && descendant.IsKind(SyntaxKind.IdentifierToken) && descendant.ValueText == name)
                        {
                            return false;
                        }
                    }

                    return true;
                default:
                    return false;
            }
        }
    }
}
