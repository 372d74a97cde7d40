namespace AsyncGuard.Analyzers.Blocking
{
    /// <summary>
    /// The sync side's handler of a dual sync/async engine (AG0102, issue 16, corpus7lib: MailKit's IMAP continuation
    /// handlers). The engine's callback type returns a task and takes a dual-path selector (`delegate Task
    /// Handler(.., bool doAsync)`); the synchronous API sets a lambda WITHOUT `async` that never reads the selector and
    /// does its I/O synchronously, and the async twin sets an async one. Such a lambda is not an async function: it serves
    /// only the synchronous caller that made it. All of these must hold:
    /// <list type="bullet">
    /// <item>the lambda is not `async` (an async lambda is an async function wherever it is made);</item>
    /// <item>its delegate's Invoke has a selector parameter (a hinted bool or a sync/async enum of a task-returning
    /// delegate, <see cref="DualPaths.ParameterSelector"/>) that the lambda's body never reads (a body that reads it is
    /// split by the guards, which <see cref="DualPaths.RegionOf"/> already answers);</item>
    /// <item>the function that creates the lambda is synchronous (neither async nor returning an awaitable), inside a method
    /// `M` that is the sync half of a dual API: its type or a base declares `MAsync` returning an awaitable.</item>
    /// </list>
    /// A task-returning lambda without a selector made in sync code (a handler registered for async callers), and one made
    /// by a constructor or a sync method without an async twin (it may be kept for async callers), stay reported.
    /// </summary>
    internal static class SyncSideHandlers
    {
        public static bool IsSyncSideHandler(IAnonymousFunctionOperation lambda, ISymbol containingSymbol, AsyncTypes types)
        {
            var symbol = lambda.Symbol;
            if (symbol.IsAsync
                || lambda.Parent is not IDelegateCreationOperation { Type: INamedTypeSymbol { DelegateInvokeMethod: { } invoke } }
                || invoke.Parameters.Length != symbol.Parameters.Length)
            {
                return false;
            }

            var dual = types.DualPaths;
            IParameterSymbol? flag = null;
            for (var i = 0; i < invoke.Parameters.Length; i++)
            {
                if (dual.ParameterSelector(invoke.Parameters[i]) != null)
                {
                    flag = symbol.Parameters[i];
                    break;
                }
            }

            if (flag is null || ReadsParameter(lambda.Body, flag))
            {
                return false;
            }

            // The creator: the function around the lambda (an outer lambda or local function, else the member) is synchronous,
            // and the member is the sync half of a dual public API: a method `M` whose type (or a base) has `MAsync`.
            return EnclosingFunction.Classify(lambda, containingSymbol, types) == FunctionKind.Synchronous
                && HasAsyncTwin(containingSymbol, types);
        }

        private static bool HasAsyncTwin(ISymbol containingSymbol, AsyncTypes types)
        {
            var member = containingSymbol;
            while (member is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction })
            {
                member = member.ContainingSymbol;
            }

            if (member is not IMethodSymbol { MethodKind: MethodKind.Ordinary } method)
            {
                return false;
            }

            var twinName = method.Name + WellKnownApis.AsyncSuffix;
            for (var type = method.ContainingType; type != null; type = type.BaseType)
            {
                foreach (var candidate in type.GetMembers(twinName))
                {
                    if (candidate is IMethodSymbol twin && twin.IsStatic == method.IsStatic && types.IsAwaitable(twin.ReturnType))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static bool ReadsParameter(IBlockOperation body, IParameterSymbol parameter)
        {
            foreach (var operation in body.Descendants())
            {
                if (operation is IParameterReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Parameter, parameter))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
