namespace AsyncGuard.Analyzers.TaskLifetime
{
    /// <summary>AG0205: `using (GetAsync())` / `using var x = GetAsync();` on a Task of a disposable: the task is disposed, not the resource.</summary>
    public sealed class AG0205UsingUnawaitedTaskAnalyzer() : AsyncGuardAnalyzer(Rule)
    {
        public const string Id = "AG0205";

        public static readonly DiagnosticDescriptor Rule = RuleHelp.Descriptor(
            Id, RuleHelp.TaskLifetimeCategory, DiagnosticSeverity.Error, RuleTraits.DefiniteBug,
            title: "Using on an un-awaited task",
            messageFormat: "This using disposes the '{0}' itself, {1}",
            description: "Task implements IDisposable, so `using (GetAsync())` or `using (task)` compiles, but it disposes the task: the resource the task produces leaks, and disposing a task that is still running throws. Await the task inside the using, or drop the using of a task that produces nothing to dispose.");

        // Entered at the using operations (not at every local declaration statement), and each resource typed from the
        // operation tree instead of a semantic-model query per resource.
        private protected override void OnCompilationStart(CompilationStartAnalysisContext start, AsyncTypes types) =>
            start.RegisterOperationAction(c => Analyze(c, types), OperationKind.Using, OperationKind.UsingDeclaration);

        private static void Analyze(OperationAnalysisContext context, AsyncTypes types)
        {
            switch (context.Operation)
            {
                case IUsingOperation { Syntax: UsingStatementSyntax statement, Resources: var resources }:
                    switch (statement)
                    {
                        case { Expression: { } expression }:
                            Check(context, types, resources, expression);
                            break;
                        case { Declaration: { } declaration }:
                            CheckDeclaration(context, types, resources, declaration);
                            break;
                    }

                    break;
                case IUsingDeclarationOperation { Syntax: LocalDeclarationStatementSyntax local, DeclarationGroup: var group } when local.UsingKeyword.IsKind(SyntaxKind.UsingKeyword):
                    CheckDeclaration(context, types, group, local.Declaration);
                    break;
            }
        }

        private static void CheckDeclaration(OperationAnalysisContext context, AsyncTypes types, IOperation resources, VariableDeclarationSyntax declaration)
        {
            foreach (var variable in declaration.Variables)
            {
                if (variable.Initializer?.Value is { } value)
                {
                    Check(context, types, resources, value);
                }
            }
        }

        private static void Check(OperationAnalysisContext context, AsyncTypes types, IOperation resources, ExpressionSyntax expression)
        {
            var type = TypeOf(resources, expression, context.CancellationToken);
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

        /// <summary>
        /// The type of <paramref name="expression"/> as written: the operation of the resources that is that expression (the
        /// first explicit one with its syntax, above the implicit conversions to the declared type or IDisposable); the
        /// semantic model's answer where the tree has none (a parenthesized resource).
        /// </summary>
        private static ITypeSymbol? TypeOf(IOperation resources, ExpressionSyntax expression, CancellationToken cancellationToken)
        {
            foreach (var operation in resources.DescendantsAndSelf())
            {
                if (!operation.IsImplicit && operation.Syntax == expression)
                {
                    return operation.Type;
                }
            }

            return resources.SemanticModel?.GetTypeInfo(expression, cancellationToken).Type;
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
