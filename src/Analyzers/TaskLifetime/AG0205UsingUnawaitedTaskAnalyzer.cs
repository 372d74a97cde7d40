namespace AsyncGuard.Analyzers.TaskLifetime
{
    /// <summary>AG0205: `using (GetAsync())` / `using var x = GetAsync();` on a Task of a disposable: the task is disposed, not the resource.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class AG0205UsingUnawaitedTaskAnalyzer() : AsyncGuardAnalyzer(Rule)
    {
        public const string Id = "AG0205";

        public static readonly DiagnosticDescriptor Rule = RuleHelp.Descriptor(
            Id, RuleHelp.TaskLifetimeCategory, DiagnosticSeverity.Error, RuleTraits.DefiniteBug,
            title: "Using on an un-awaited task",
            messageFormat: "This using disposes the '{0}' itself, {1}",
            description: "Task implements IDisposable, so `using (GetAsync())` or `using (task)` compiles, but it disposes the task: the resource the task produces leaks, and disposing a task that is still running throws. Await the task inside the using, or drop the using of a task that produces nothing to dispose.");

        private protected override void OnCompilationStart(CompilationStartAnalysisContext start, AsyncTypes types) =>
            start.RegisterSyntaxNodeAction(c => Analyze(c, types), SyntaxKind.UsingStatement, SyntaxKind.LocalDeclarationStatement);

        private static void Analyze(SyntaxNodeAnalysisContext context, AsyncTypes types)
        {
            switch (context.Node)
            {
                case UsingStatementSyntax { Expression: { } expression }:
                    Check(context, types, expression);
                    break;
                case UsingStatementSyntax { Declaration: { } declaration }:
                    CheckDeclaration(context, types, declaration);
                    break;
                case LocalDeclarationStatementSyntax local when local.UsingKeyword.IsKind(SyntaxKind.UsingKeyword):
                    CheckDeclaration(context, types, local.Declaration);
                    break;
            }
        }

        private static void CheckDeclaration(SyntaxNodeAnalysisContext context, AsyncTypes types, VariableDeclarationSyntax declaration)
        {
            foreach (var variable in declaration.Variables)
            {
                if (variable.Initializer?.Value is { } value)
                {
                    Check(context, types, value);
                }
            }
        }

        private static void Check(SyntaxNodeAnalysisContext context, AsyncTypes types, ExpressionSyntax expression)
        {
            var type = context.SemanticModel.GetTypeInfo(expression, context.CancellationToken).Type;
            if (DisposableResultOf(type, types) is { } result)
            {
                context.ReportDiagnostic(Diagnostic.Create(Rule, expression.GetLocation(), type!.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat),
                    "not the '" + result.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) + "' it produces; await it first"));
            }
            else if (types.IsTaskLike(type) && type!.TypeKind != TypeKind.Error && (types.ResultTypeOf(type) is null || types.ResultTypeOf(type)!.TypeKind != TypeKind.Error))
            {
                // Any other task in a using (a call, a local, a field, a parameter): it frees nothing, and throws while the task runs.
                context.ReportDiagnostic(Diagnostic.Create(Rule, expression.GetLocation(), type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat),
                    "which frees nothing and throws while the task is still running; await the task instead"));
            }
        }

        /// <summary>The T of a Task&lt;T&gt; (or subclass) whose T is disposable, synchronously or asynchronously; else null.</summary>
        internal static ITypeSymbol? DisposableResultOf(ITypeSymbol? type, AsyncTypes types)
        {
            if (!types.IsTaskLike(type) || types.ResultTypeOf(type) is not { } result || result.TypeKind == TypeKind.Error)
            {
                return null;
            }

            if (result is ITypeParameterSymbol parameter)
            {
                foreach (var constraint in parameter.ConstraintTypes)
                {
                    if (IsDisposable(constraint, types))
                    {
                        return result;
                    }
                }

                return null;
            }

            return IsDisposable(result, types) ? result : null;
        }

        internal static bool IsDisposable(ITypeSymbol type, AsyncTypes types) =>
            type.InheritsOrImplements(types.DisposableInterface) || type.InheritsOrImplements(types.IAsyncDisposable);
    }
}
