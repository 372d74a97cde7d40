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

        /// <summary>
        /// The StartNew call whose work <paramref name="target"/> (a lambda, anonymous method or method group) is: the call
        /// that has it, under a delegate creation and conversions, as the argument <see cref="IsAsyncOnLongRunning"/> takes for
        /// its work (the last delegate-typed one); null for anything else. Each call is found from one target only.
        /// </summary>
        public static IInvocationOperation? CallOfWork(IOperation target)
        {
            var value = target.Parent is IDelegateCreationOperation creation ? creation : target;
            while (value.Parent is IConversionOperation conversion)
            {
                value = conversion;
            }

            if (value.Parent is not IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "StartNew" } invocation } argument)
            {
                return null;
            }

            // The work is the last delegate-typed argument (the one IsAsyncOnLongRunning looks at).
            IArgumentOperation? work = null;
            foreach (var candidate in invocation.Arguments)
            {
                if (candidate.Parameter?.Type is INamedTypeSymbol { TypeKind: TypeKind.Delegate })
                {
                    work = candidate;
                }
            }

            return work == argument && Unwrapped(argument.Value) == target ? invocation : null;
        }

        /// <summary>What <see cref="IsAsyncWork"/> looks at: the value under its conversions and delegate creation.</summary>
        private static IOperation Unwrapped(IOperation work)
        {
            while (work is IConversionOperation conversion)
            {
                work = conversion.Operand;
            }

            return work is IDelegateCreationOperation creation ? creation.Target : work;
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
