namespace AsyncGuard.Analyzers.Cancellation
{
    /// <summary>AG0304: a local CancellationTokenSource that is never disposed and does not escape.</summary>
    public sealed class AG0304DisposeTokenSourceAnalyzer() : AsyncGuardAnalyzer(Rule)
    {
        public const string Id = "AG0304";

        public static readonly DiagnosticDescriptor Rule = RuleHelp.Descriptor(
            Id, RuleHelp.CancellationCategory, DiagnosticSeverity.Warning, RuleTraits.None,
            title: "Dispose CancellationTokenSource",
            messageFormat: "CancellationTokenSource '{0}' is never disposed; declare it with 'using'",
            description: "A CancellationTokenSource holds a timer (CancelAfter, timeout constructor) and, when linked, a registration on every parent token that lives until it is disposed.");

        private protected override void OnCompilationStart(CompilationStartAnalysisContext start, AsyncTypes types)
        {
            if (types.CancellationTokenSource is null)
            {
                return;
            }

            start.RegisterSyntaxNodeAction(c => Analyze(c, types), SyntaxKind.LocalDeclarationStatement);
        }

        private static void Analyze(SyntaxNodeAnalysisContext context, AsyncTypes types)
        {
            var statement = (LocalDeclarationStatementSyntax)context.Node;
            if (!IsCandidate(statement, out var variable, out var creation))
            {
                return;
            }

            var model = context.SemanticModel;
            var ct = context.CancellationToken;
            if (model.GetDeclaredSymbol(variable, ct) is not ILocalSymbol local
                || !types.IsCancellationTokenSource(local.Type)
                || !types.IsCancellationTokenSource(model.GetTypeInfo(creation, ct).Type))
            {
                return;
            }

            if (TokenSourceUses.IsDisposedOrEscapes(statement, local, model, types, ct, out var acquires))
            {
                return;
            }

            // A plain source (no timeout, not linked, no CancelAfter, no wait handle) owns nothing that Dispose releases:
            // left to the garbage collector like any managed object.
            if (!acquires && !OwnsFromCreation(creation, model, ct))
            {
                return;
            }

            // A timer source made only to fire registrations after the method returns (corpus10app).
            if (TimerCallbackSources.OnlyArmsCallbacks(statement, creation, local, model, ct))
            {
                return;
            }

            // Its token reaches the return value through a local copy or a linked source (ReturnedTokenFlows, ho3).
            if (ReturnedTokenFlows.ReachesReturn(statement, local, model, types, ct))
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(Rule, creation.GetLocation(), local.Name));
        }

        /// <summary>
        /// The creation itself gives the source something to release: a linked source (a registration on each parent) or
        /// a timeout constructor (a timer), unless the timeout is infinite (`-1`, `Timeout.Infinite`, `Timeout.InfiniteTimeSpan`).
        /// </summary>
        private static bool OwnsFromCreation(ExpressionSyntax creation, SemanticModel model, CancellationToken ct)
        {
            var arguments = creation switch
            {
                BaseObjectCreationExpressionSyntax created => created.ArgumentList?.Arguments,
                _ => null,
            };
            if (arguments is null)
            {
                // CreateLinkedTokenSource(..)
                return true;
            }

            if (arguments.Value.Count == 0)
            {
                return false;
            }

            var delay = arguments.Value[0].Expression;
            if (model.GetConstantValue(delay, ct) is { HasValue: true, Value: int milliseconds } && milliseconds == -1)
            {
                return false;
            }

            return !(delay is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "InfiniteTimeSpan" }
                && model.GetSymbolInfo(delay, ct).Symbol is IFieldSymbol { ContainingType: { Name: "Timeout", ContainingNamespace.Name: "Threading" } });
        }

        /// <summary>Syntactic filter: `[var|T] x = new CancellationTokenSource(..) / new(..) / CancellationTokenSource.CreateLinkedTokenSource(..)` without `using`.</summary>
        internal static bool IsCandidate(LocalDeclarationStatementSyntax statement, out VariableDeclaratorSyntax variable, out ExpressionSyntax creation)
        {
            variable = null!;
            creation = null!;
            if (statement.UsingKeyword.IsKind(SyntaxKind.UsingKeyword) || statement.Declaration.Variables.Count != 1)
            {
                return false;
            }

            variable = statement.Declaration.Variables[0];
            if (variable.Initializer?.Value is not { } value)
            {
                return false;
            }

            creation = value;
            switch (value)
            {
                case ObjectCreationExpressionSyntax { Type: var type }:
                    return RightmostName(type) == "CancellationTokenSource";
                case ImplicitObjectCreationExpressionSyntax:
                    return RightmostName(statement.Declaration.Type) == "CancellationTokenSource";
                case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "CreateLinkedTokenSource" } }:
                    return true;
                default:
                    return false;
            }
        }

        private static string? RightmostName(TypeSyntax type) => type switch
        {
            QualifiedNameSyntax q => q.Right.Identifier.ValueText,
            AliasQualifiedNameSyntax a => a.Name.Identifier.ValueText,
            SimpleNameSyntax s => s.Identifier.ValueText,
            _ => null,
        };
    }
}
