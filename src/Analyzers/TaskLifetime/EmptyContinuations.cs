namespace AsyncGuard.Analyzers.TaskLifetime
{
    /// <summary>
    /// AG0210 (issue 16, deb9 debmix): an ambient-scheduler call whose delegate has an empty body and whose result is
    /// dropped: <c>t.ContinueWith(_ => { }, TaskContinuationOptions.OnlyOnCanceled);</c>, <c>_ = Task.Factory.StartNew(delegate { });</c>.
    /// The scheduler only decides where nothing runs, and no code waits for the returned task (which would wait for that
    /// scheduler): whatever <c>TaskScheduler.Current</c> is, the call behaves the same. A body with any statement (one that only
    /// reads <c>t.Exception</c> is <see cref="FaultObservers"/>' class), a method group, or a result that is kept, returned, awaited or waited on is
    /// not this class. Option <see cref="ReportOption"/> reports these calls again.
    /// </summary>
    internal static class EmptyContinuations
    {
        /// <summary>.editorconfig key: `true` reports dropped ambient-scheduler calls whose delegate does nothing.</summary>
        public const string ReportOption = "dotnet_diagnostic.AG0210.report_empty_continuations";

        public static bool IsDroppedNoOp(IInvocationOperation invocation)
        {
            if (!IsDropped(invocation))
            {
                return false;
            }

            return AcceptedDelegates(invocation, static value => value is IDelegateCreationOperation { Target: IAnonymousFunctionOperation { Symbol.IsAsync: false, Body: { } body } }
                && IsEmpty(body)) > 0;
        }

        /// <summary>
        /// How many of <paramref name="invocation"/>'s arguments are delegates, each passing <paramref name="accepts"/>; -1 at
        /// the first that does not.
        /// </summary>
        internal static int AcceptedDelegates(IInvocationOperation invocation, Func<IOperation, bool> accepts)
        {
            var delegates = 0;
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter?.Type.TypeKind != TypeKind.Delegate)
                {
                    continue;
                }

                delegates++;
                if (!accepts(argument.Value))
                {
                    return -1;
                }
            }

            return delegates;
        }

        /// <summary>A block with no statement but the compiler's implicit return.</summary>
        private static bool IsEmpty(IBlockOperation body)
        {
            foreach (var operation in body.Operations)
            {
                if (!(operation is IReturnOperation { IsImplicit: true, ReturnedValue: null }))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The call is an expression statement, a discard assignment (`_ = ..;`) or the whole of `x?.Call(..);`.</summary>
        internal static bool IsDropped(IInvocationOperation invocation)
        {
            IOperation current = invocation;
            if (current.Parent is IConditionalAccessOperation access && access.WhenNotNull == current)
            {
                current = access;
            }

            if (current.Parent is ISimpleAssignmentOperation { Target: IDiscardOperation } discard && discard.Value == current)
            {
                current = discard;
            }

            return current.Parent is IExpressionStatementOperation;
        }
    }
}
