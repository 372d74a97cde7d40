namespace AsyncGuard.Analyzers.Core
{
    /// <summary>How a completion source kept in a local (or an element of a local array) is used.</summary>
    internal enum CompletionSourceUse
    {
        /// <summary>Anything else: continuations may run inline in whoever completes it.</summary>
        Unknown,

        /// <summary>Its task is only ever waited on synchronously (`.Result`, `.Wait(..)`, `.GetAwaiter().GetResult()`): no continuation exists.</summary>
        ReadSynchronously,

        /// <summary>As <see cref="ReadSynchronously"/>, and also handed on as an untyped state (<see cref="StateHandedSources"/>).</summary>
        ReadSynchronouslyHandedAsState,

        /// <summary>
        /// A proxy of another task: it is completed only inside continuations of that task that run with
        /// TaskContinuationOptions.ExecuteSynchronously (the callback captures it, or it is the callback's state), so its
        /// awaiters run where the antecedent's own awaiters would.
        /// </summary>
        ContinuationProxy,
    }

    /// <summary>
    /// AG0209: reads every use of the local that holds a new completion source in the function that creates it. Run
    /// only for a finding about to be reported.
    /// </summary>
    internal static class CompletionSourceUses
    {
        /// <summary>TaskContinuationOptions.ExecuteSynchronously.</summary>
        private const int ExecuteSynchronously = 0x80000;

        public static CompletionSourceUse Classify(IObjectCreationOperation creation, AsyncTypes types, CancellationToken ct)
        {
            if (creation.SemanticModel is not { } model || LocalOf(creation, model, ct) is not { } local
                || EnclosingMemberBody(creation.Syntax) is not { } body)
            {
                return CompletionSourceUse.Unknown;
            }

            var taskReads = 0;
            var syncReads = 0;
            var completions = 0;
            var proxied = 0;
            var escapes = false;
            var handedAsState = 0;
            var continuations = 0;
            var uses = 0;
            foreach (var identifier in NameReferences.Of(local, body, model, ct))
            {
                // `tcs[i]` for an array of sources; the array itself (`tcs.Length`, `new T[n]`) is not a use of a source.
                ExpressionSyntax use = identifier;
                if (local.Type is IArrayTypeSymbol)
                {
                    if (identifier.Parent is not ElementAccessExpressionSyntax element || element.Expression != identifier)
                    {
                        if (identifier.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Length" })
                        {
                            continue;
                        }

                        escapes = true;
                        continue;
                    }

                    use = element;
                }

                var firstUse = use.Parent is AssignmentExpressionSyntax { Left: var written } && written == use ? false : uses++ == 0;
                switch (use.Parent)
                {
                    case AssignmentExpressionSyntax assignment when assignment.Left == use:
                        continue;
                    case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Task" } task when task.Expression == use:
                        taskReads++;
                        if (IsSynchronousRead(task))
                        {
                            syncReads++;
                        }

                        continue;
                    case MemberAccessExpressionSyntax completion when completion.Expression == use && completion.Parent is InvocationExpressionSyntax:
                        completions++;
                        if (InsideSynchronousContinuation(completion, body, model, types, ct))
                        {
                            proxied++;
                            continuations++;
                        }
                        else if (firstUse && ProxyHelpers.IsFirstUseInCreatorsFlow(use, creation.Syntax, body))
                        {
                            proxied++;
                        }

                        continue;
                    case ArgumentSyntax helperArgument when ProxyHelpers.IsProxyHelperArgument(helperArgument, model, types, ct)
                        && (InsideSynchronousContinuation(helperArgument, body, model, types, ct)
                            || firstUse && ProxyHelpers.IsFirstUseInCreatorsFlow(use, creation.Syntax, body)):
                        // e209: the source handed to a private helper that only completes it as a proxy (ProxyHelpers).
                        completions++;
                        proxied++;
                        continuations += InsideSynchronousContinuation(helperArgument, body, model, types, ct) ? 1 : 0;
                        continue;
                    case ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax call } } argument
                        when IsSynchronousContinuation(call, model, types, ct) && IsStateArgument(argument, call, model, ct):
                        completions++;
                        proxied++;
                        continuations++;
                        continue;
                    default:
                        if (StateHandedSources.IsHandedAsState(use, model, ct))
                        {
                            handedAsState++;
                            continue;
                        }

                        escapes = true;
                        continue;
                }
            }

            if (escapes)
            {
                return CompletionSourceUse.Unknown;
            }

            if (taskReads > 0 && syncReads == taskReads)
            {
                return handedAsState == 0 ? CompletionSourceUse.ReadSynchronously : CompletionSourceUse.ReadSynchronouslyHandedAsState;
            }

            if (handedAsState > 0)
            {
                return CompletionSourceUse.Unknown;
            }

            return completions > 0 && proxied == completions && continuations > 0 ? CompletionSourceUse.ContinuationProxy : CompletionSourceUse.Unknown;
        }

        /// <summary>`var s = new ..;`, `s = new ..;` to a local, `a[i] = new ..;` to an element of a local array.</summary>
        private static ILocalSymbol? LocalOf(IObjectCreationOperation creation, SemanticModel model, CancellationToken ct)
        {
            var syntax = creation.Syntax;
            switch (syntax.Parent)
            {
                case EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator }:
                    return model.GetDeclaredSymbol(declarator, ct) as ILocalSymbol;
                case AssignmentExpressionSyntax assignment when assignment.Right == syntax:
                    var target = assignment.Left is ElementAccessExpressionSyntax element ? element.Expression : assignment.Left;
                    return model.GetSymbolInfo(target, ct).Symbol as ILocalSymbol;
                default:
                    return null;
            }
        }

        private static SyntaxNode? EnclosingMemberBody(SyntaxNode node)
        {
            for (var current = node.Parent; current != null; current = current.Parent)
            {
                if (current is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or LocalFunctionStatementSyntax)
                {
                    return current;
                }

                if (current is MemberDeclarationSyntax)
                {
                    return null;
                }
            }

            return null;
        }

        /// <summary>`s.Task.Result`, `s.Task.Wait(..)`, `s.Task.GetAwaiter().GetResult()`.</summary>
        private static bool IsSynchronousRead(MemberAccessExpressionSyntax task) => IsSynchronousRead(task, stateReads: false);

        /// <summary>
        /// A synchronous read of the task <paramref name="task"/> names: `.Result`, `.Wait(..)`, `.GetAwaiter().GetResult()`,
        /// and with <paramref name="stateReads"/> the state properties too (`IsCompleted`, `IsCompletedSuccessfully`,
        /// `IsFaulted`, `IsCanceled`, `Status`).
        /// </summary>
        internal static bool IsSynchronousRead(MemberAccessExpressionSyntax task, bool stateReads)
        {
            if (task.Parent is not MemberAccessExpressionSyntax next || next.Expression != task)
            {
                return false;
            }

            switch (next.Name.Identifier.ValueText)
            {
                case "Result":
                    return next.Parent is not InvocationExpressionSyntax;
                case "IsCompleted" or "IsCompletedSuccessfully" or "IsFaulted" or "IsCanceled" or "Status":
                    return stateReads && next.Parent is not InvocationExpressionSyntax;
                case "Wait":
                    return next.Parent is InvocationExpressionSyntax;
                case "GetAwaiter":
                    return next.Parent is InvocationExpressionSyntax awaiter
                        && awaiter.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetResult" } result
                        && result.Parent is InvocationExpressionSyntax;
                default:
                    return false;
            }
        }

        /// <summary>The node is inside a lambda that is the callback of a synchronous ContinueWith, directly or through a delegate local.</summary>
        private static bool InsideSynchronousContinuation(SyntaxNode node, SyntaxNode body, SemanticModel model, AsyncTypes types, CancellationToken ct)
        {
            var lambda = node.FirstAncestorOrSelf<AnonymousFunctionExpressionSyntax>();
            if (lambda is null || !body.Contains(lambda))
            {
                return false;
            }

            switch (lambda.Parent)
            {
                case ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax call } }:
                    return IsSynchronousContinuation(call, model, types, ct);
                case EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator }
                    when model.GetDeclaredSymbol(declarator, ct) is ILocalSymbol callback:
                    // Every use of the delegate local is as the callback of a synchronous ContinueWith.
                    var uses = 0;
                    foreach (var identifier in NameReferences.Of(callback, body, model, ct))
                    {
                        if (identifier.Parent is not ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax call } }
                            || !IsSynchronousContinuation(call, model, types, ct))
                        {
                            return false;
                        }

                        uses++;
                    }

                    return uses > 0;
                default:
                    return false;
            }
        }

        /// <summary>`t.ContinueWith(.., TaskContinuationOptions.ExecuteSynchronously | ..)` on a task.</summary>
        private static bool IsSynchronousContinuation(InvocationExpressionSyntax call, SemanticModel model, AsyncTypes types, CancellationToken ct)
        {
            if (call.Expression is not MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ContinueWith" }
                || model.GetOperation(call, ct) is not IInvocationOperation invocation
                || !types.IsTaskLike(invocation.Instance?.Type))
            {
                return false;
            }

            foreach (var argument in invocation.Arguments)
            {
                if (types.TaskContinuationOptions.Is(argument.Parameter?.Type)
                    && argument.Value.ConstantValue is { HasValue: true, Value: int flags })
                {
                    return (flags & ExecuteSynchronously) != 0;
                }
            }

            return false;
        }

        private static bool IsStateArgument(ArgumentSyntax argument, InvocationExpressionSyntax call, SemanticModel model, CancellationToken ct) =>
            model.GetOperation(call, ct) is IInvocationOperation invocation
            && invocation.Arguments.FirstOrDefaultSyntax(argument) is { Parameter: { Name: "state", Type.SpecialType: SpecialType.System_Object } };

        private static IArgumentOperation? FirstOrDefaultSyntax(this System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments, ArgumentSyntax syntax)
        {
            foreach (var argument in arguments)
            {
                if (argument.Syntax == syntax)
                {
                    return argument;
                }
            }

            return null;
        }
    }
}
