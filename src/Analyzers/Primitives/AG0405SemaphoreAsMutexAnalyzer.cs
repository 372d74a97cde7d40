namespace AsyncGuard.Analyzers.Primitives
{
    /// <summary>
    /// AG0405: where the AsyncGuard runtime is referenced, a private <c>SemaphoreSlim(1, 1)</c> field whose every use is an
    /// awaited WaitAsync with Release in the finally of the try that follows: a mutex, which AsyncLock is.
    /// </summary>
    public sealed class AG0405SemaphoreAsMutexAnalyzer() : AsyncGuardAnalyzer(Rule)
    {
        public const string Id = "AG0405";

        public static readonly DiagnosticDescriptor Rule = RuleHelp.Descriptor(
            Id, RuleHelp.PrimitivesCategory, DiagnosticSeverity.Info, RuleTraits.None,
            title: "Use AsyncLock for a SemaphoreSlim used as a mutex",
            messageFormat: "'{0}' is a SemaphoreSlim(1, 1) used only as a mutex; use AsyncGuard's AsyncLock: using (await {0}.LockAsync(..))",
            description: "A SemaphoreSlim(1, 1) taken with WaitAsync and given back with Release in a finally is a hand-written async mutex. AsyncGuard's AsyncLock (referenced by this project) says so in its type, serves waiters in FIFO order without allocating, and its releaser cannot release twice or release a lock it never took; 'using (await gate.LockAsync(token))' replaces each acquire/try/finally.");

        private protected override void OnCompilationStart(CompilationStartAnalysisContext start, AsyncTypes types)
        {
            if (types.SemaphoreSlimType is null || !SemaphoreMutex.LockFits(types, needsDispose: false))
            {
                return; // the runtime is not referenced (or has another shape): register nothing
            }

            start.RegisterSyntaxNodeAction(c => Analyze(c, types), SyntaxKind.VariableDeclarator);
        }

        private static void Analyze(SyntaxNodeAnalysisContext context, AsyncTypes types)
        {
            var declarator = (VariableDeclaratorSyntax)context.Node;
            if (declarator.Parent?.Parent is FieldDeclarationSyntax
                && SemaphoreMutex.Find(declarator, context.SemanticModel, types, context.CancellationToken) is { } mutex)
            {
                context.ReportDiagnostic(Diagnostic.Create(Rule, declarator.Identifier.GetLocation(), mutex.Field.Name));
            }
        }
    }
}
