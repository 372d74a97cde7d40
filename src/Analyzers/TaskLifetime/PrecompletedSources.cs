namespace AsyncGuard.Analyzers.TaskLifetime
{
    /// <summary>
    /// AG0209 (issue 16, corpus9lib): a completion source that is completed before anything can see its task. The creation
    /// initialises a local (the only declarator of its declaration) in a block, and a later statement of the same block
    /// completes it unconditionally — <c>SetResult</c>, <c>SetException</c>, <c>SetCanceled</c> or their <c>TrySet..</c> forms
    /// called on the local itself — while the statements in between are plain expression statements or local declarations
    /// that do not mention the local (they can leave only by throwing, which abandons the source). A fresh source accepts
    /// that completion, so its task is complete before it is first read: an await of a completed task registers no
    /// continuation, and a later <c>ContinueWith</c> runs where its scheduler puts it, never inside the completing call.
    /// Pre-completed task factories (<c>var s = new TaskCompletionSource&lt;T&gt;(); s.SetCanceled(); return s.Task;</c>)
    /// are the shape. Decided on IOperation, on the creating block only: cheap, and run only for a finding about to be reported.
    /// </summary>
    internal static class PrecompletedSources
    {
        public static bool CompletedBeforeTaskRead(IObjectCreationOperation creation, AsyncTypes types)
        {
            IOperation value = creation;
            while (value.Parent is IConversionOperation { IsImplicit: true } conversion)
            {
                value = conversion; // target-typed `new()`
            }

            if (value.Parent is not IVariableInitializerOperation { Parent: IVariableDeclaratorOperation { Symbol: { IsRef: false } local } declarator }
                || declarator.Parent is not IVariableDeclarationOperation { Declarators.Length: 1 } declaration
                || declaration.Parent is not IVariableDeclarationGroupOperation { Declarations.Length: 1 } group
                || group.Parent is not IBlockOperation block)
            {
                return false;
            }

            var operations = block.Operations;
            var index = operations.IndexOf(group);
            if (index < 0)
            {
                return false;
            }

            for (var i = index + 1; i < operations.Length; i++)
            {
                var statement = operations[i];
                if (IsCompletionOf(statement, local, types))
                {
                    return true;
                }

                // Anything else before the completion: only statements that cannot jump (they leave by throwing at most) and
                // that do not touch the source (no read of its task, no capture by a lambda, no alias).
                if (statement is not (IExpressionStatementOperation or IVariableDeclarationGroupOperation) || Mentions(statement, local))
                {
                    return false;
                }
            }

            return false;
        }

        /// <summary><c>local.SetResult(..)</c> (or another completion method of a TaskCompletionSource) as a statement.</summary>
        private static bool IsCompletionOf(IOperation statement, ILocalSymbol local, AsyncTypes types) =>
            statement is IExpressionStatementOperation { Operation: IInvocationOperation { Instance: ILocalReferenceOperation receiver, TargetMethod: var method } call }
            && SymbolEqualityComparer.Default.Equals(receiver.Local, local)
            && method.Name is "SetResult" or "TrySetResult" or "SetException" or "TrySetException" or "SetCanceled" or "TrySetCanceled"
            && types.IsTaskCompletionSource(method.ContainingType)
            && !Mentions(call.Arguments, local);

        private static bool Mentions(IOperation operation, ILocalSymbol local)
        {
            foreach (var descendant in operation.DescendantsAndSelf())
            {
                if (descendant is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool Mentions(ImmutableArray<IArgumentOperation> arguments, ILocalSymbol local)
        {
            foreach (var argument in arguments)
            {
                if (Mentions(argument, local))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
