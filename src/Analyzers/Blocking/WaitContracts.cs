namespace AsyncGuard.Analyzers.Blocking
{
    /// <summary>
    /// Two more AG0103 classes of deliberate waits, decided only for a wait about to be reported (never per node):
    /// <list type="bullet">
    /// <item><b>Bounded, checked waits</b> (<c>report_timed_waits</c>): see <see cref="IsBoundedCheckedWait"/>.</item>
    /// <item><b>APM End methods</b> (<c>report_apm_end</c>): see <see cref="IsApmEndWait"/>.</item>
    /// </list>
    /// </summary>
    internal static class WaitContracts
    {
        public const string ReportTimedWaitsOption = "dotnet_diagnostic.AG0103.report_timed_waits";
        public const string ReportApmEndOption = "dotnet_diagnostic.AG0103.report_apm_end";

        /// <summary>
        /// Whether <paramref name="wait"/> is <c>task.Wait(timeout[, token])</c>, <c>Task.WaitAll(tasks, timeout[, token])</c> or
        /// <c>Task.WaitAny(tasks, timeout[, token])</c> with a timeout that is not infinite (not a constant -1 or
        /// <c>int.MaxValue</c>, not <c>Timeout.InfiniteTimeSpan</c> / <c>TimeSpan.MaxValue</c>), whose bool / index result the
        /// code uses (not discarded as a statement or into <c>_</c>). The author bounded the block and handles the time-out:
        /// under a single-threaded context the worst case is a wait of that length and a <c>false</c>, not a deadlock, and
        /// the await form (which throws instead of returning false) is no drop-in fix. A timed wait whose result is dropped
        /// (<c>MakePrimaryAsync(..).Wait(60000);</c>) stays reported: the outcome is ignored.
        /// </summary>
        public static bool IsBoundedCheckedWait(in BlockingWait wait, SemanticModel model, CancellationToken cancellationToken)
        {
            if (wait.Kind != BlockingWaitKind.Wait && wait.Kind != BlockingWaitKind.WaitAll && wait.Kind != BlockingWaitKind.WaitAny
                || wait.Node is not InvocationExpressionSyntax
                // Cheap first: a timeout argument needs an int or TimeSpan parameter of the method the wait binds to (the
                // operation's target); the operation tree only for such an overload.
                || (wait.Member is IMethodSymbol waitMethod && !HasTimeoutParameter(waitMethod))
                || model.GetOperation(wait.Node, cancellationToken) is not IInvocationOperation call)
            {
                return false;
            }

            IArgumentOperation? timeout = null;
            foreach (var argument in call.Arguments)
            {
                if (argument.Parameter is { } parameter
                    && (parameter.Type.SpecialType == SpecialType.System_Int32 || IsTimeSpan(parameter.Type)))
                {
                    timeout = argument;
                }
            }

            if (timeout is null || IsInfinite(timeout.Value) || !IsResultUsed(call))
            {
                return false;
            }

            return true;
        }

        /// <summary>Whether the wait's timeout argument (an int or TimeSpan parameter) is there and not a constant infinite one.</summary>
        internal static bool HasFiniteTimeout(IInvocationOperation call)
        {
            IArgumentOperation? timeout = null;
            foreach (var argument in call.Arguments)
            {
                if (argument.Parameter is { } parameter
                    && (parameter.Type.SpecialType == SpecialType.System_Int32 || IsTimeSpan(parameter.Type)))
                {
                    timeout = argument;
                }
            }

            return timeout is not null && !IsInfinite(timeout.Value);
        }

        internal static bool HasTimeoutParameter(IMethodSymbol method)
        {
            foreach (var parameter in method.Parameters)
            {
                if (parameter.Type.SpecialType == SpecialType.System_Int32 || IsTimeSpan(parameter.Type))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsTimeSpan(ITypeSymbol type) =>
            type is INamedTypeSymbol { Name: "TimeSpan", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };

        private static bool IsInfinite(IOperation value)
        {
            value = Invocations.WithoutImplicitConversions(value);
            if (value.ConstantValue is { HasValue: true, Value: int milliseconds })
            {
                return milliseconds < 0 || milliseconds == int.MaxValue;
            }

            switch (value)
            {
                // Timeout.InfiniteTimeSpan, TimeSpan.MaxValue.
                case IFieldReferenceOperation { Field: { IsStatic: true } field }
                    when field.Name == "InfiniteTimeSpan" && field.ContainingType is { Name: "Timeout" }
                        || field.Name == "MaxValue" && IsTimeSpan(field.ContainingType):
                    return true;

                // TimeSpan.FromMilliseconds(-1) and friends with a negative constant.
                case IInvocationOperation { TargetMethod: { IsStatic: true } factory } creation when IsTimeSpan(factory.ContainingType):
                    foreach (var argument in creation.Arguments)
                    {
                        var constant = Invocations.WithoutImplicitConversions(argument.Value).ConstantValue;
                        if (constant.HasValue && constant.Value is int or long or double && System.Convert.ToDouble(constant.Value) < 0)
                        {
                            return true;
                        }
                    }

                    return false;
                default:
                    return false;
            }
        }

        private static bool IsResultUsed(IInvocationOperation call)
        {
            IOperation current = call;
            while (current.Parent is IConversionOperation { IsImplicit: true } or IParenthesizedOperation)
            {
                current = current.Parent;
            }

            return current.Parent switch
            {
                null or IExpressionStatementOperation => false,
                ISimpleAssignmentOperation { Target: IDiscardOperation } => false,
                _ => true,
            };
        }

        /// <summary>
        /// Whether <paramref name="wait"/> is in <c>EndX(IAsyncResult result, ..)</c> of a type that also offers
        /// <c>BeginX(.., AsyncCallback, object)</c> returning <c>IAsyncResult</c> (declared on it or a base type), and waits on
        /// the operation that <c>result</c> stands for: the parameter itself (cast to a task), or a local initialised from
        /// an expression over it (<c>var task = TaskToAsyncResult.Unwrap(result);</c>) and never reassigned. Blocking until
        /// the operation ends is the documented contract of an APM End method, and its async form already exists (Begin with
        /// a callback). A wait on anything else in an End method, or an End method without its Begin twin, stays reported.
        /// </summary>
        public static bool IsApmEndWait(in BlockingWait wait, SyntaxNode? function, SemanticModel model, CancellationToken cancellationToken)
        {
            if (function is not MethodDeclarationSyntax declaration
                || wait.Awaitable is not { } awaitable
                || !declaration.Identifier.ValueText.StartsWith("End", System.StringComparison.Ordinal)
                || declaration.ParameterList.Parameters.Count == 0
                || model.GetDeclaredSymbol(declaration, cancellationToken) is not IMethodSymbol method
                || method.Parameters.Length == 0
                || !IsAsyncResult(method.Parameters[0].Type)
                || !HasBeginTwin(method))
            {
                return false;
            }

            var asyncResult = method.Parameters[0];
            awaitable = awaitable.WalkDownParentheses();

            if (model.GetOperation(awaitable, cancellationToken) is not { } task)
            {
                return false;
            }

            task = Invocations.WithoutImplicitConversions(task);
            while (task is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } wrapped && Invocations.Receiver(wrapped) is { } receiver)
            {
                task = Invocations.WithoutImplicitConversions(receiver);
            }

            if (task is IConversionOperation { Operand: var operand })
            {
                task = Invocations.WithoutImplicitConversions(operand);
            }

            if (IsParameter(task, asyncResult))
            {
                return true;
            }

            if (task is not ILocalReferenceOperation { Local: { } local })
            {
                return false;
            }

            var fromParameter = false;
            foreach (var node in declaration.DescendantNodes())
            {
                switch (node)
                {
                    case VariableDeclaratorSyntax declarator when declarator.Identifier.ValueText == local.Name
                        && model.GetDeclaredSymbol(declarator, cancellationToken).Is(local):
                        if (declarator.Initializer is not { } initializer
                            || model.GetOperation(initializer.Value, cancellationToken) is not { } value
                            || !Mentions(value, asyncResult))
                        {
                            return false;
                        }

                        fromParameter = true;
                        break;
                    case AssignmentExpressionSyntax { Left: IdentifierNameSyntax target } when target.Identifier.ValueText == local.Name:
                        return false;
                    case ArgumentSyntax { RefKindKeyword.RawKind: not 0, Expression: IdentifierNameSyntax passed } when passed.Identifier.ValueText == local.Name:
                        return false;
                }
            }

            return fromParameter;
        }

        private static bool IsAsyncResult(ITypeSymbol type) =>
            type is INamedTypeSymbol { Name: "IAsyncResult", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };

        private static bool HasBeginTwin(IMethodSymbol end)
        {
            var name = "Begin" + end.Name.Substring(3);
            for (var type = end.ContainingType; type != null; type = type.BaseType)
            {
                foreach (var member in type.GetMembers(name))
                {
                    if (member is IMethodSymbol begin && begin.IsStatic == end.IsStatic && IsAsyncResult(begin.ReturnType))
                    {
                        foreach (var parameter in begin.Parameters)
                        {
                            if (parameter.Type is INamedTypeSymbol { Name: "AsyncCallback", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } })
                            {
                                return true;
                            }
                        }
                    }
                }
            }

            return false;
        }

        private static bool IsParameter(IOperation value, IParameterSymbol parameter) =>
            value is IParameterReferenceOperation { Parameter: { } referenced } && referenced.Is(parameter);

        private static bool Mentions(IOperation value, IParameterSymbol parameter)
        {
            if (IsParameter(value, parameter))
            {
                return true;
            }

            foreach (var descendant in value.Descendants())
            {
                if (IsParameter(descendant, parameter))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
