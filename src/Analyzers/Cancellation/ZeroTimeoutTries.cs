namespace AsyncGuard.Analyzers.Cancellation
{
    /// <summary>
    /// A wait of the framework's synchronization primitives given a zero timeout (`semaphore.Wait(0)`,
    /// `semaphore.WaitAsync(TimeSpan.Zero)`, `gate.Wait(0)`, `task.Wait(0)`) tests the state and returns at once: it
    /// never blocks, so a token has nothing to cancel (AG0301, issue 16, corpus7lib: nats.net's try-acquire fast paths).
    /// Only types of System.Threading and Task/Task&lt;T&gt;, whose documentation gives a zero timeout that meaning; a
    /// library's own `timeout` parameter may read zero as "no timeout". The zero is a constant (0, 0L), `TimeSpan.Zero`,
    /// `default`/`new TimeSpan()`, or `TimeSpan.FromX(0)`. Likewise `Task.Delay` given a zero delay: documented to return a
    /// completed task at once, so nothing waits (held-out azure-webjobs-sdk, fifteenth pass).
    /// </summary>
    internal static class ZeroTimeoutTries
    {
        public static bool NeverWaits(IInvocationOperation operation)
        {
            var method = operation.TargetMethod;
            if (!IsFrameworkWaitType(method.ContainingType))
            {
                return false;
            }

            // `Task.Delay(0)` / `Task.Delay(TimeSpan.Zero)` returns a completed task at once (fifteenth pass, held-out
            // azure-webjobs-sdk: `await Task.Delay(0)` to leave the caller's stack): the delay is the first parameter.
            var isDelay = method.IsStatic && method.Name == "Delay" && method.ContainingType.Name == "Task";
            foreach (var argument in operation.Arguments)
            {
                if (argument.ArgumentKind == ArgumentKind.Explicit && argument.Parameter is { } parameter
                    && (parameter.Name.IndexOf("timeout", StringComparison.OrdinalIgnoreCase) >= 0 || (isDelay && parameter.Ordinal == 0))
                    && IsZero(argument.Value, parameter.Type))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsFrameworkWaitType(INamedTypeSymbol? type)
        {
            if (type is null)
            {
                return false;
            }

            var ns = type.ContainingNamespace;
            if (ns is { Name: "Threading", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } })
            {
                return true;
            }

            return type.Name == "Task" && ns is { Name: "Tasks", ContainingNamespace: { Name: "Threading", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } };
        }

        private static bool IsZero(IOperation value, ITypeSymbol parameterType)
        {
            value = Invocations.WithoutImplicitConversions(value);
            switch (parameterType.SpecialType)
            {
                case SpecialType.System_Int32:
                case SpecialType.System_Int64:
                case SpecialType.System_UInt32:
                    return value.ConstantValue is { HasValue: true, Value: int or long or uint } constant && Convert.ToInt64(constant.Value) == 0;
            }

            if (!IsTimeSpan(parameterType))
            {
                return false;
            }

            switch (value)
            {
                case IFieldReferenceOperation { Field: { Name: "Zero", IsStatic: true } field }:
                    return IsTimeSpan(field.ContainingType);
                case IDefaultValueOperation:
                    return true;
                case IObjectCreationOperation { Arguments.IsEmpty: true, Initializer: null }:
                    return true;
                case IInvocationOperation { TargetMethod: { IsStatic: true, Name: "FromTicks" or "FromMilliseconds" or "FromSeconds" or "FromMinutes" } from } invocation:
                    return IsTimeSpan(from.ContainingType) && invocation.Arguments.Length == 1
                        && Invocations.WithoutImplicitConversions(invocation.Arguments[0].Value).ConstantValue is { HasValue: true } zero
                        && zero.Value is int or long or double && Convert.ToDouble(zero.Value) == 0;
                default:
                    return false;
            }
        }

        private static bool IsTimeSpan(ITypeSymbol? type) =>
            type is { Name: "TimeSpan", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };
    }
}
