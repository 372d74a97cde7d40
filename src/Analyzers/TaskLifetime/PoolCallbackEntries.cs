namespace AsyncGuard.Analyzers.TaskLifetime
{
    /// <summary>
    /// AG0210 (issue 16, fifteenth pass, held-out azure-webjobs-sdk PrimaryHostCoordinator.ProcessLeaseTimerTick): a
    /// scheduling call written directly in a function that only a <c>System.Threading.Timer</c>, <c>ThreadPool.QueueUserWorkItem</c>
    /// / <c>UnsafeQueueUserWorkItem</c> or a <c>new Thread</c> runs. Such a callback runs on a thread outside any task, where
    /// <c>TaskScheduler.Current</c> is <c>TaskScheduler.Default</c>: the scheduler the call inherits is known, the default one.
    /// The function is a lambda given as is to one of those, or a method that is not public, protected, virtual, abstract or
    /// an override whose every use in its type (all parts in the site's tree) is a delegate given to one of those; a direct
    /// call of the method (its caller may run inside a task) or any other use keeps it reported. A call inside a lambda or
    /// local function nested in the callback is not directly in it (that function may run elsewhere) and stays reported.
    /// </summary>
    internal static class PoolCallbackEntries
    {
        public static bool RunsOutsideAnyTask(IInvocationOperation invocation, ISymbol? containingSymbol, AsyncTypes types, CancellationToken cancellationToken) =>
            invocation.SemanticModel is { } model
            && (DelegateEntries.IsOnlyEntry(EnclosingFunction.Find(invocation.Syntax), model, containingSymbol, receiver => IsPoolEntryDelegate(receiver, types), cancellationToken)
                || IsLocalPoolCallback(EnclosingFunction.Find(invocation.Syntax), model, types, cancellationToken));

        /// <summary>
        /// Held-out ho4a (datastax/csharp-driver's TaskCompletionSourceWithTimeout): the lambda initializes a local delegate
        /// (<c>TimerCallback onTimeout = _ =&gt; { .. };</c>) whose every reference in its member hands it, as is, to a Timer or
        /// Thread constructor or to the pool's queue; a local written again, passed by <c>ref</c>/<c>out</c>, invoked, or
        /// handed anywhere else may run the lambda inside a task, and keeps the call reported.
        /// </summary>
        private static bool IsLocalPoolCallback(SyntaxNode? function, SemanticModel model, AsyncTypes types, CancellationToken cancellationToken)
        {
            if (function is not AnonymousFunctionExpressionSyntax lambda
                || lambda.WalkUpParentheses().Parent is not EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator }
                || declarator.FirstAncestorOrSelf<MemberDeclarationSyntax>() is not { } member
                || model.GetDeclaredSymbol(declarator, cancellationToken) is not ILocalSymbol { IsRef: false } local)
            {
                return false;
            }

            var handed = 0;
            foreach (var node in member.DescendantNodes())
            {
                if (node is not IdentifierNameSyntax { Identifier.ValueText: var name } identifier || name != local.Name)
                {
                    continue;
                }

                var operation = model.GetOperation(identifier, cancellationToken);
                if (operation is not ILocalReferenceOperation reference)
                {
                    if (SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(identifier, cancellationToken).Symbol, local))
                    {
                        return false;
                    }

                    continue;
                }

                if (!SymbolEqualityComparer.Default.Equals(reference.Local, local))
                {
                    continue;
                }

                if (reference.Parent is ISimpleAssignmentOperation or ICompoundAssignmentOperation or ICoalesceAssignmentOperation
                    || !IsPoolEntryDelegate(DelegateEntries.Receiver(reference.Parent), types)
                    || reference.Parent is IArgumentOperation { Parameter.RefKind: not RefKind.None })
                {
                    return false;
                }

                handed++;
            }

            return handed > 0;
        }

        /// <summary>The delegate goes, as is, to a Timer or Thread constructor or to ThreadPool.(Unsafe)QueueUserWorkItem.</summary>
        private static bool IsPoolEntryDelegate(IOperation? receiver, AsyncTypes types) => receiver switch
        {
            IObjectCreationOperation creation => creation.Type is INamedTypeSymbol created
                && (created.Is(types.Thread) || (created.Name == "Timer" && DelegateEntries.IsSystemThreading(created.ContainingNamespace))),
            IInvocationOperation start => start.TargetMethod is { IsStatic: true, Name: "QueueUserWorkItem" or "UnsafeQueueUserWorkItem", ContainingType: { Name: "ThreadPool" } pool }
                && DelegateEntries.IsSystemThreading(pool.ContainingNamespace),
            _ => false,
        };
    }
}
