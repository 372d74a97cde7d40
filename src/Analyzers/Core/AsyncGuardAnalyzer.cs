namespace AsyncGuard.Analyzers.Core
{
    /// <summary>
    /// The base of every AsyncGuard analyzer that needs the compilation's <see cref="AsyncTypes"/>: concurrent execution,
    /// the house generated-code setting (<see cref="RuleHelp.GeneratedCode"/>) and one compilation-start action that
    /// fetches the shared type provider and stays silent where the compilation has no Task. A rule writes only its
    /// descriptors (handed to the base constructor: they are its SupportedDiagnostics) and <see cref="OnCompilationStart"/>.
    /// The package ships the rules through one host analyzer (<see cref="AsyncGuardRules"/>); each rule class is still a
    /// complete analyzer on its own (the tests run them one by one).
    /// </summary>
    public abstract class AsyncGuardAnalyzer : DiagnosticAnalyzer
    {
        private readonly ImmutableArray<DiagnosticDescriptor> _supported;

        private protected AsyncGuardAnalyzer(params DiagnosticDescriptor[] rules) => _supported = ImmutableArray.Create(rules);

        public sealed override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => _supported;

        public sealed override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(RuleHelp.GeneratedCode);
            context.RegisterCompilationStartAction(start =>
            {
                if (AsyncTypes.For(start.Compilation) is { } types)
                {
                    OnCompilationStart(start, types);
                }
            });
        }

        /// <summary>The host's entry (<see cref="AsyncGuardRules"/>): the rule's actions, registered on the host's compilation start.</summary>
        internal void Start(CompilationStartAnalysisContext start, AsyncTypes types) => OnCompilationStart(start, types);

        /// <summary>Registers the rule's actions for one compilation that has System.Threading.Tasks.Task.</summary>
        private protected abstract void OnCompilationStart(CompilationStartAnalysisContext start, AsyncTypes types);
    }
}
