namespace AsyncGuard.Analyzers.Core
{
    /// <summary>Facts about an invocation operation that several rules read: how it is written and what it is called on.</summary>
    internal static class Invocations
    {
        /// <summary>
        /// `x.Ext(a)` written as an instance call: the operation targets Ext(this X x, A a) and passes the receiver as its
        /// first argument, so written argument i is parameter i + 1.
        /// </summary>
        public static bool IsReducedExtensionCall(IInvocationOperation operation) =>
            operation.TargetMethod.IsExtensionMethod && operation.Instance is null
            && operation.Arguments.Length > 0 && operation.Arguments[0].Syntax is not ArgumentSyntax;

        /// <summary>The receiver as written (`x` of `x.M()`, also of a reduced extension call), without implicit conversions; null for static calls.</summary>
        public static IOperation? Receiver(IInvocationOperation operation)
        {
            var receiver = operation.Instance ?? (IsReducedExtensionCall(operation) ? operation.Arguments[0].Value : null);
            return receiver is null ? null : WithoutImplicitConversions(receiver);
        }

        /// <summary>
        /// The value as produced: under implicit conversions, an `await`, and a `ConfigureAwait(..)` on the awaited task
        /// (`await F().ConfigureAwait(false)` gives the call `F()`).
        /// </summary>
        public static IOperation Produced(IOperation value)
        {
            value = WithoutImplicitConversions(value);
            if (value is IAwaitOperation awaited)
            {
                value = WithoutImplicitConversions(awaited.Operation);
            }

            return value is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configured && Receiver(configured) is { } receiver
                ? receiver
                : value;
        }

        /// <summary>The operand under any implicit conversions: the value as written.</summary>
        public static IOperation WithoutImplicitConversions(IOperation value)
        {
            while (value is IConversionOperation { IsImplicit: true } conversion)
            {
                value = conversion.Operand;
            }

            return value;
        }
    }
}
