namespace AsyncGuard.Analyzers.Primitives
{
    /// <summary>
    /// AG0403: a thread-affine lock (Monitor, Mutex, ReaderWriterLockSlim, SpinLock, System.Threading.Lock) acquired in an async
    /// function with an await between the acquisition and its release: the release then runs on another thread.
    /// </summary>
    public sealed class AG0403ThreadAffineLockAcrossAwaitAnalyzer() : AsyncGuardAnalyzer(Rule)
    {
        public const string Id = "AG0403";

        public static readonly DiagnosticDescriptor Rule = RuleHelp.Descriptor(
            Id, RuleHelp.PrimitivesCategory, DiagnosticSeverity.Error, RuleTraits.DefiniteBug,
            title: "Thread-affine lock held across await",
            messageFormat: "'{0}' takes a thread-affine lock that is still held at an await; the release may run on another thread. Use an async lock (AsyncLock, SemaphoreSlim.WaitAsync).",
            description: "Monitor, Mutex, ReaderWriterLockSlim, SpinLock and System.Threading.Lock belong to the thread that took them. After an await the method may resume on another thread, whose release throws SynchronizationLockException (or ApplicationException for a Mutex) and leaves the lock held for ever; meanwhile the lock blocks a thread-pool thread.");

        private protected override void OnCompilationStart(CompilationStartAnalysisContext start, AsyncTypes types) =>
            start.RegisterSyntaxNodeAction(c => Analyze(c, types), SyntaxKind.InvocationExpression);

        private static void Analyze(SyntaxNodeAnalysisContext context, AsyncTypes types)
        {
            var invocation = (InvocationExpressionSyntax)context.Node;
            switch (LockSites.NameOf(invocation))
            {
                case "Enter":
                case "TryEnter":
                case "WaitOne":
                case "EnterReadLock":
                case "EnterWriteLock":
                case "EnterUpgradeableReadLock":
                case "TryEnterReadLock":
                case "TryEnterWriteLock":
                case "TryEnterUpgradeableReadLock":
                    break;
                default:
                    return;
            }

            // Awaits exist only in async functions: a cheap syntactic check before any semantic question.
            var function = EnclosingFunction.Find(invocation);
            if (!IsAsyncFunction(function))
            {
                return;
            }

            var model = context.SemanticModel;
            var ct = context.CancellationToken;
            var lockObject = LockSites.LockObjectOfAcquire(invocation, model, types, ct);
            var body = LockSites.BodyOf(function);
            if (lockObject is null || body is null)
            {
                return;
            }

            int start = invocation.Span.End;
            int end = body.Span.End;
            foreach (var node in LockSites.OwnNodes(body))
            {
                if (node.SpanStart > start && node is InvocationExpressionSyntax candidate && IsReleaseOf(candidate, lockObject, model, types, ct))
                {
                    end = candidate.SpanStart;
                    break;
                }
            }

            foreach (var node in LockSites.OwnNodes(body))
            {
                if (node.SpanStart > start && node.SpanStart < end && LockSites.IsAwait(node))
                {
                    context.ReportDiagnostic(Diagnostic.Create(Rule, invocation.GetLocation(), invocation.Expression.WithoutTrivia().ToString()));
                    return;
                }
            }
        }

        private static bool IsAsyncFunction(SyntaxNode? function) => function switch
        {
            MethodDeclarationSyntax m => m.Modifiers.Any(SyntaxKind.AsyncKeyword),
            LocalFunctionStatementSyntax l => l.Modifiers.Any(SyntaxKind.AsyncKeyword),
            AnonymousFunctionExpressionSyntax f => f.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword),
            CompilationUnitSyntax => true,
            _ => false,
        };

        private static bool IsReleaseOf(InvocationExpressionSyntax invocation, ExpressionSyntax lockObject, SemanticModel model, AsyncTypes types, CancellationToken ct)
        {
            string? name = LockSites.NameOf(invocation);
            if (name != "Exit" && name != "ReleaseMutex" && name != "ExitReadLock" && name != "ExitWriteLock" && name != "ExitUpgradeableReadLock")
            {
                return false;
            }

            if (model.GetSymbolInfo(invocation, ct).Symbol is not IMethodSymbol method)
            {
                return false;
            }

            ExpressionSyntax? target = method.ContainingType != null && method.ContainingType.Is(types.MonitorType)
                ? (invocation.ArgumentList.Arguments.Count > 0 ? invocation.ArgumentList.Arguments[0].Expression : null)
                : LockSites.ReceiverOf(invocation);
            return target != null && LockSites.SameLock(target, lockObject, model, ct);
        }
    }
}
