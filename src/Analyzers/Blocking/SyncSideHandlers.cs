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
    /// <item>the function that creates the lambda is synchronous (neither async nor returning an awaitable).</item>
    /// </list>
    /// A task-returning lambda without a selector made in sync code (a handler registered for async callers) stays reported.
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

            // The creator: the function around the lambda (an outer lambda or local function, else the member).
            return EnclosingFunction.Classify(lambda, containingSymbol, types) == FunctionKind.Synchronous;
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
