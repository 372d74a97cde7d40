namespace AsyncGuard.Analyzers.Style
{
    /// <summary>
    /// The engine of AG0502 and AG0503: every ordinary method whose name is its own to choose (<see cref="AsyncNaming.NameIsOwn"/>)
    /// and whose name the rule would change is reported on its name, with the new name as <see cref="AsyncNaming.NewNameProperty"/>
    /// (absent when it would be empty). A rule writes its descriptor and <see cref="NewName"/>.
    /// </summary>
    public abstract class AsyncSuffixAnalyzer : AsyncGuardAnalyzer
    {
        private readonly DiagnosticDescriptor _rule;

        private protected AsyncSuffixAnalyzer(DiagnosticDescriptor rule)
            : base(rule)
        {
            _rule = rule;
        }

        private protected sealed override void OnCompilationStart(CompilationStartAnalysisContext start, AsyncTypes types) =>
            start.RegisterSymbolAction(c => Analyze(c, types), SymbolKind.Method);

        /// <summary>The name the rule asks <paramref name="method"/> (an ordinary method) to have; null when it asks nothing.</summary>
        private protected abstract string? NewName(IMethodSymbol method, AsyncTypes types);

        /// <summary>The message arguments of a finding: the method's name, then the new one.</summary>
        private protected virtual object[] MessageArguments(IMethodSymbol method, string newName) => new object[] { method.Name, newName };

        private void Analyze(SymbolAnalysisContext context, AsyncTypes types)
        {
            var method = (IMethodSymbol)context.Symbol;
            if (method.MethodKind != MethodKind.Ordinary || NewName(method, types) is not { } newName || !AsyncNaming.NameIsOwn(method))
            {
                return;
            }

            var properties = newName.Length == 0
                ? ImmutableDictionary<string, string?>.Empty
                : ImmutableDictionary<string, string?>.Empty.Add(AsyncNaming.NewNameProperty, newName);
            context.ReportDiagnostic(Diagnostic.Create(_rule, method.Locations[0], properties, MessageArguments(method, newName)));
        }
    }
}
