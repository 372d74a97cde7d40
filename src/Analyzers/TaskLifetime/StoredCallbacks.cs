namespace AsyncGuard.Analyzers.TaskLifetime
{
    /// <summary>
    /// AG0201 (issue 16, tenth part, d201): the other ways a handler is subscribed besides an event's <c>+=</c>
    /// (<see cref="EventHandlerStarts"/>, whose option it shares). A lambda or anonymous method whose whole body is the
    /// dropped call, converted to a delegate type of another assembly that returns void (<c>Action</c>, <c>Action&lt;T&gt;</c>;
    /// a delegate type of the compilation could be made to return the task), and kept to be run later by someone else: assigned
    /// with <c>=</c> to a field or property (<c>OnPing = x => SendPong(x);</c>, a shutdown hook
    /// <c>_hook = () => Close();</c>, also a field or property initializer), or handed to a call or <c>new</c> whose result is
    /// a registration handle — a disposable value that is not awaitable (<c>token.Register(() => ..)</c>,
    /// <c>observable.Subscribe(x => ..)</c>, <c>new Timer(_ => .., ..)</c>). The single-subscriber form of an event: its
    /// void delegate leaves the handler nowhere to return the task, and the handler has nothing else to do with it.
    /// Still reported: a lambda given to a call that runs it now (<c>list.ForEach(x => SaveAsync(x))</c>: a void result, or
    /// an awaitable one such as <c>Task.Run</c>), a lambda kept in a local (run by the function itself), a lambda with other
    /// statements, and a lambda converted to a delegate that returns a task (it returns the call's task: nothing is dropped).
    /// Asked only for a finding about to be reported.
    /// </summary>
    internal static class StoredCallbacks
    {
        public static bool IsStoredCallback(SyntaxNode top, SyntaxNode? function, SemanticModel? model, AsyncTypes types, CancellationToken ct)
        {
            // Syntax first: the lambda's body is the one call.
            if (function is not AnonymousFunctionExpressionSyntax lambda || model is null
                || !(lambda.ExpressionBody == top
                    || (lambda.Block is { Statements: { Count: 1 } statements } && statements[0] is ExpressionStatementSyntax statement && statement.Expression == top)))
            {
                return false;
            }

            if (model.GetOperation(lambda, ct) is not IAnonymousFunctionOperation anonymous)
            {
                return false;
            }

            IOperation current = anonymous;
            while (current.Parent is IDelegateCreationOperation or IConversionOperation or IParenthesizedOperation)
            {
                current = current.Parent;
            }

            if (current.Type is not INamedTypeSymbol { DelegateInvokeMethod.ReturnsVoid: true } delegateType || delegateType.OriginalDefinition.IsDeclaredInSource())
            {
                // A delegate type of this compilation can be made to return the task (as ExternalContracts decides for method groups).
                return false;
            }

            switch (current.Parent)
            {
                case ISimpleAssignmentOperation assignment when assignment.Value == current:
                    return assignment.Target is IFieldReferenceOperation or IPropertyReferenceOperation;
                case IFieldInitializerOperation or IPropertyInitializerOperation:
                    return true;
                case IArgumentOperation { Parent: IInvocationOperation or IObjectCreationOperation } argument:
                    return IsRegistrationHandle(argument.Parent?.Type, types);
                default:
                    return false;
            }
        }

        /// <summary>A disposable value that is not awaitable (a `Task` is disposable too, and is the work itself).</summary>
        private static bool IsRegistrationHandle(ITypeSymbol? type, AsyncTypes types)
        {
            if (type is null || types.IsAwaitable(type))
            {
                return false;
            }

            if (type.SpecialType == SpecialType.System_IDisposable)
            {
                return true;
            }

            foreach (var contract in type.AllInterfaces)
            {
                if (contract.SpecialType == SpecialType.System_IDisposable)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
