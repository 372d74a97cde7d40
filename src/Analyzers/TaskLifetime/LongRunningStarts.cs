namespace AsyncGuard.Analyzers.TaskLifetime
{
    /// <summary>
    /// `StartNew(async () => .., TaskCreationOptions.LongRunning)`, the call AG0212 reports: AG0206 and AG0210 stay silent
    /// on it (one finding, one diagnostic).
    /// </summary>
    internal static class LongRunningStarts
    {
        private const int LongRunning = 2; // TaskCreationOptions.LongRunning

        /// <summary>A TaskFactory.StartNew whose options carry LongRunning and whose delegate is async.</summary>
        public static bool IsAsyncOnLongRunning(IInvocationOperation invocation, AsyncTypes types)
        {
            var method = invocation.TargetMethod;
            if (method.Name != "StartNew" || !types.IsTaskFactory(method.ContainingType) || types.TaskCreationOptions is null)
            {
                return false;
            }

            var longRunning = false;
            IOperation? work = null;
            foreach (var argument in invocation.Arguments)
            {
                var parameterType = argument.Parameter?.Type;
                if (SymbolEqualityComparer.Default.Equals(parameterType, types.TaskCreationOptions))
                {
                    longRunning = argument.Value.ConstantValue is { HasValue: true, Value: int flags } && (flags & LongRunning) != 0;
                }
                else if (parameterType is INamedTypeSymbol { TypeKind: TypeKind.Delegate })
                {
                    work = argument.Value;
                }
            }

            return longRunning && work != null && IsAsyncWork(work, types);
        }

        /// <summary>An async lambda or anonymous method, a method group of an async method, or a lambda that only returns a call's task.</summary>
        private static bool IsAsyncWork(IOperation work, AsyncTypes types)
        {
            while (work is IConversionOperation conversion)
            {
                work = conversion.Operand;
            }

            if (work is IDelegateCreationOperation creation)
            {
                work = creation.Target;
            }

            switch (work)
            {
                case IAnonymousFunctionOperation { Symbol.IsAsync: true }:
                    return true;
                case IMethodReferenceOperation { Method: { IsAsync: true } }:
                    return true;
                case IAnonymousFunctionOperation lambda:
                    // `() => DoAsync()`: the thread ends where DoAsync first awaits, as for an async lambda.
                    return lambda.Body.Operations.Length == 1
                        && lambda.Body.Operations[0] is IReturnOperation { ReturnedValue: { } returned }
                        && StripConversions(returned) is IInvocationOperation call
                        && (types.IsTaskLike(call.Type) || types.IsValueTask(call.Type) || types.IsValueTaskOfT(call.Type));
                default:
                    return false;
            }
        }

        public static IOperation StripConversions(IOperation operation)
        {
            while (operation is IConversionOperation conversion)
            {
                operation = conversion.Operand;
            }

            return operation;
        }
    }
}
