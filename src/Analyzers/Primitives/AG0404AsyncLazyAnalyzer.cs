namespace AsyncGuard.Analyzers.Primitives
{
    /// <summary>
    /// AG0404: where the AsyncGuard runtime is referenced, a private <c>Lazy&lt;Task&lt;T&gt;&gt;</c> field, or a private
    /// <c>Task&lt;T&gt;</c> field started by hand on first use (<c>f ??= LoadAsync()</c>, <c>if (f == null) f = LoadAsync();</c>,
    /// double-checked under a lock): an async lazy value, which the runtime's AsyncLazy&lt;T&gt; is.
    /// </summary>
    public sealed class AG0404AsyncLazyAnalyzer() : AsyncGuardAnalyzer(Rule)
    {
        public const string Id = "AG0404";

        public static readonly DiagnosticDescriptor Rule = RuleHelp.Descriptor(
            Id, RuleHelp.PrimitivesCategory, DiagnosticSeverity.Info, RuleTraits.None,
            title: "Use AsyncLazy<T> for an async lazy value",
            messageFormat: "'{0}' {1}; use AsyncGuard's AsyncLazy<T>, which starts the factory once, off the caller's context, and can retry after a failure",
            description: "A Lazy<Task<T>> or a Task<T> field started on first use is an async lazy value written by hand: the factory runs on the first caller's thread and context, a failed or cancelled task stays cached for ever, and hand-written checks race without a lock. AsyncGuard's AsyncLazy<T> (referenced by this project) starts the factory once on the thread pool, lets 'await lazy' wait for the value, GetValueAsync(token) stop one caller's wait, and AsyncLazyOptions.RetryOnFailure run the factory again after a failure.");

        private protected override void OnCompilationStart(CompilationStartAnalysisContext start, AsyncTypes types)
        {
            if (types.AsyncGuardLazy is null || types.TaskOfT is null)
            {
                return; // the runtime is not referenced: register nothing
            }

            start.RegisterSyntaxNodeAction(c => Analyze(c, types), SyntaxKind.VariableDeclarator);
        }

        private static void Analyze(SyntaxNodeAnalysisContext context, AsyncTypes types)
        {
            var declarator = (VariableDeclaratorSyntax)context.Node;
            if (declarator.Parent?.Parent is FieldDeclarationSyntax declaration && AsyncLazyField.MayBeCandidate(declaration)
                && AsyncLazyField.Find(declarator, context.SemanticModel, types, context.CancellationToken) is { } lazy)
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    Rule, declarator.Identifier.GetLocation(), lazy.Field.Name, lazy.IsLazy ? "is a Lazy<Task<T>>" : "holds a task started by hand on first use"));
            }
        }
    }
}
