namespace AsyncGuard.Analyzers.Cancellation
{
    /// <summary>
    /// AG0305 (issue 16, nineteenth pass): the callback acts only on locals the function hands to work that outlives it,
    /// and never waits for. Each captured local is also captured by another lambda given to a call (a subscription, a
    /// handler the callee keeps), and no <c>await</c> after the registration reads it outside a lambda. The callback is then
    /// meant to stop that work whenever the token fires, after the function returned: disposing the registration at the
    /// end of the function would unregister it too early. Still reported: a local the function awaits on after registering
    /// (a process it waits for, a completion source's task), a local not handed to any other lambda, a captured parameter.
    /// Asked only for a finding about to be reported.
    /// </summary>
    internal static class HandedOffCallbackState
    {
        public static bool OnlyHandedOff(IInvocationOperation registration)
        {
            var body = RootOf(registration);
            if (body is null)
            {
                return false;
            }

            var token = registration.Instance is { } instance ? Invocations.WithoutImplicitConversions(instance) : null;
            var found = false;
            foreach (var argument in registration.Arguments)
            {
                foreach (var operation in argument.Value.DescendantsAndSelf())
                {
                    switch (operation)
                    {
                        case ILocalReferenceOperation local when !TokenRegistrations.DeclaredIn(local.Local, argument.Syntax):
                            if (!HandedOffAndNotAwaited(local.Local, body, registration))
                            {
                                return false;
                            }

                            found = true;
                            break;
                        case IParameterReferenceOperation parameter when !TokenRegistrations.DeclaredIn(parameter.Parameter, argument.Syntax)
                            && !(token is IParameterReferenceOperation tokenParameter && tokenParameter.Parameter.Is(parameter.Parameter)):
                            return false;
                    }
                }
            }

            return found;
        }

        /// <summary>
        /// The local is captured by a lambda given as an argument to a call other than the registration, and no use of it
        /// outside lambdas after the registration sits under an <c>await</c>.
        /// </summary>
        private static bool HandedOffAndNotAwaited(ILocalSymbol local, IOperation body, IInvocationOperation registration)
        {
            var handedOff = false;
            var registrationEnd = registration.Syntax.Span.End;
            foreach (var operation in body.Descendants())
            {
                if (operation is not ILocalReferenceOperation reference || !SymbolEqualityComparer.Default.Equals(reference.Local, local)
                    || registration.Syntax.Span.Contains(reference.Syntax.Span))
                {
                    continue;
                }

                var lambda = LambdaAround(reference, body);
                if (lambda is not null)
                {
                    handedOff |= GivenToCall(lambda);
                }
                else if (reference.Syntax.SpanStart >= registrationEnd && UnderAwait(reference, body))
                {
                    return false;
                }
            }

            return handedOff;
        }

        private static IOperation? RootOf(IOperation operation)
        {
            if (EnclosingFunction.InnermostFunction(operation) is { } function)
            {
                return function;
            }

            var root = operation;
            while (root.Parent is { } parent)
            {
                root = parent;
            }

            return root;
        }

        private static IAnonymousFunctionOperation? LambdaAround(IOperation operation, IOperation body)
        {
            for (var current = operation.Parent; current != null && current != body; current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation lambda)
                {
                    return lambda;
                }
            }

            return null;
        }

        /// <summary>The lambda (as a delegate) is an argument of an invocation or object creation.</summary>
        private static bool GivenToCall(IAnonymousFunctionOperation lambda)
        {
            IOperation? current = lambda.Parent;
            while (current is IDelegateCreationOperation or IConversionOperation)
            {
                current = current.Parent;
            }

            return current is IArgumentOperation { Parent: IInvocationOperation or IObjectCreationOperation };
        }

        private static bool UnderAwait(IOperation operation, IOperation body)
        {
            for (var current = operation.Parent; current != null && current != body; current = current.Parent)
            {
                if (current is IAwaitOperation or IForEachLoopOperation { IsAsynchronous: true })
                {
                    return true;
                }

                if (current is IBlockOperation)
                {
                    return false;
                }
            }

            return false;
        }
    }
}
