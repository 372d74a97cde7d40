namespace AsyncGuard.Analyzers.TaskLifetime
{
    /// <summary>
    /// AG0209 (issue 16, deb7): a completion source whose task only the function that creates it awaits. The source is a
    /// local initialised by the creation and never written again; every read of its <c>Task</c> is awaited by that same
    /// function (not a lambda or local function inside it): directly, through <c>ConfigureAwait</c>/<c>WaitAsync</c>, through
    /// an awaited <c>Task.WhenAll</c>/<c>WhenAny</c>, or added to a local collection of the function whose only other uses are
    /// adds, <c>Count</c>, an awaited <c>WhenAll</c>/<c>WhenAny</c> and a <c>foreach</c> that awaits each element. The source
    /// itself may be completed (<c>TrySetResult</c> and friends) in the function, its lambdas and the local functions it only
    /// calls, and handed on as an <c>object</c> state argument (the receiver sees no <c>Task</c>) or to a non-virtual method or
    /// constructor of the same file whose parameter is only completed or handed on as state — but never by a
    /// <c>CancellationToken.Register</c> callback or as its state: the creator would then resume inside whoever cancels. The one continuation that can run inline in
    /// the completing code is then the creator's own resumption, code its author wrote beside the completion. Run only for
    /// a finding about to be reported; option <see cref="ReportOwnAwaitsOption"/> reports these sources again.
    /// </summary>
    internal static class OwnAwaitedSources
    {
        /// <summary>.editorconfig key: `true` reports completion sources whose task only their creator awaits.</summary>
        public const string ReportOwnAwaitsOption = "dotnet_diagnostic.AG0209.report_own_awaits";

        public static bool OnlyCreatorAwaits(IObjectCreationOperation creation, CancellationToken ct)
        {
            if (creation.SemanticModel is not { } model
                || creation.Syntax.Parent is not EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator }
                || model.GetDeclaredSymbol(declarator, ct) is not ILocalSymbol { IsRef: false } local
                || EnclosingFunction(declarator) is not { } function)
            {
                return false;
            }

            var awaited = 0;
            foreach (var identifier in NameReferences.Of(local, function, model, ct))
            {
                switch (identifier.Parent)
                {
                    case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Task" } task when task.Expression == identifier:
                        if (!AwaitedBy(task, function, model, ct))
                        {
                            return false;
                        }

                        awaited++;
                        continue;
                    case MemberAccessExpressionSyntax completion when completion.Expression == identifier && IsCompletionCall(completion)
                        && !InCallbackOfCanceller(completion, function, model, ct):
                        continue;
                    case ArgumentSyntax argument when IsStateOrCompletedParameter(argument, model, ct):
                        continue;
                    default:
                        return false;
                }
            }

            return awaited > 0;
        }

        /// <summary>
        /// The completion runs in a callback of a token registration (a lambda or anonymous method given to
        /// <c>CancellationToken.Register</c>/<c>UnsafeRegister</c>), or in a local function used other than by a call (it may
        /// be such a callback): the creator's resumption would then run inside whoever calls <c>Cancel</c>, code of any caller.
        /// </summary>
        private static bool InCallbackOfCanceller(SyntaxNode completion, SyntaxNode function, SemanticModel model, CancellationToken ct)
        {
            for (var current = completion.Parent; current != null && current != function; current = current.Parent)
            {
                switch (current)
                {
                    case AnonymousFunctionExpressionSyntax lambda:
                        SyntaxNode handed = lambda;
                        while (handed.Parent is ParenthesizedExpressionSyntax or CastExpressionSyntax)
                        {
                            handed = handed.Parent;
                        }

                        if (handed.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax call } } && IsRegistration(call, model, ct))
                        {
                            return true;
                        }

                        break;
                    case LocalFunctionStatementSyntax local:
                        if (model.GetDeclaredSymbol(local, ct) is IMethodSymbol method && local.Parent is { } scope)
                        {
                            foreach (var use in NameReferences.Of(method, scope, model, ct))
                            {
                                if (!(use.Parent is InvocationExpressionSyntax invocation && invocation.Expression == use))
                                {
                                    return true;
                                }
                            }
                        }

                        break;
                }
            }

            return false;
        }

        /// <summary><c>token.Register(..)</c> / <c>UnsafeRegister(..)</c> of <c>CancellationToken</c>.</summary>
        private static bool IsRegistration(InvocationExpressionSyntax call, SemanticModel model, CancellationToken ct) =>
            call.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Register" or "UnsafeRegister" }
            && model.GetSymbolInfo(call, ct).Symbol is IMethodSymbol { ContainingType: { Name: "CancellationToken", ContainingNamespace: { Name: "Threading", ContainingNamespace.Name: "System" } } };

        /// <summary>The method, accessor, local function or lambda whose body holds <paramref name="node"/>.</summary>
        private static SyntaxNode? EnclosingFunction(SyntaxNode node)
        {
            for (var current = node.Parent; current != null; current = current.Parent)
            {
                switch (current)
                {
                    case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or BaseMethodDeclarationSyntax or AccessorDeclarationSyntax:
                        return current;
                    case MemberDeclarationSyntax:
                        return null;
                }
            }

            return null;
        }

        private static bool IsCompletionCall(MemberAccessExpressionSyntax access) =>
            access.Parent is InvocationExpressionSyntax invocation && invocation.Expression == access
            && access.Name.Identifier.ValueText is "SetResult" or "TrySetResult" or "SetException" or "TrySetException" or "SetCanceled" or "TrySetCanceled";

        /// <summary>
        /// Whether the task <paramref name="expression"/> is awaited by <paramref name="function"/> itself: the operand of an
        /// await there, through ConfigureAwait/WaitAsync, an awaited WhenAll/WhenAny, or a local collection it awaits.
        /// </summary>
        private static bool AwaitedBy(ExpressionSyntax expression, SyntaxNode function, SemanticModel model, CancellationToken ct)
        {
            ExpressionSyntax current = expression;
            for (var steps = 0; steps < 16; steps++)
            {
                while (current.Parent is ParenthesizedExpressionSyntax parenthesized)
                {
                    current = parenthesized;
                }

                switch (current.Parent)
                {
                    case AwaitExpressionSyntax awaitExpression:
                        return EnclosingFunction(awaitExpression) == function;
                    case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" or "WaitAsync", Parent: InvocationExpressionSyntax call } access
                        when access.Expression == current && call.Expression == access && IsTaskMethod(call, model, ct, isStatic: false):
                        current = call;
                        continue;
                    case ArgumentSyntax { RefKindKeyword.RawKind: 0, Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax call } }:
                        if (call.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "WhenAll" or "WhenAny" } && IsTaskMethod(call, model, ct, isStatic: true))
                        {
                            current = call;
                            continue;
                        }

                        return call.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Add", Expression: IdentifierNameSyntax list }
                            && model.GetSymbolInfo(list, ct).Symbol is ILocalSymbol { IsRef: false } collection
                            && AwaitedCollection(collection, function, model, ct);
                    default:
                        return false;
                }
            }

            return false;
        }

        private static bool IsTaskMethod(InvocationExpressionSyntax call, SemanticModel model, CancellationToken ct, bool isStatic) =>
            model.GetSymbolInfo(call, ct).Symbol is IMethodSymbol { ReducedFrom: null } method && method.IsStatic == isStatic
            && method.ContainingType is { Name: "Task" or "ValueTask", ContainingNamespace: { Name: "Tasks", ContainingNamespace: { Name: "Threading", ContainingNamespace.Name: "System" } } };

        /// <summary>A local collection of tasks declared in <paramref name="function"/> that only gets tasks added and is awaited there.</summary>
        private static bool AwaitedCollection(ILocalSymbol collection, SyntaxNode function, SemanticModel model, CancellationToken ct)
        {
            if (collection.DeclaringSyntaxReferences.Length != 1
                || EnclosingFunction(collection.DeclaringSyntaxReferences[0].GetSyntax(ct)) != function)
            {
                return false;
            }

            var awaited = false;
            foreach (var identifier in NameReferences.Of(collection, function, model, ct))
            {
                switch (identifier.Parent)
                {
                    case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Add", Parent: InvocationExpressionSyntax call } access
                        when access.Expression == identifier && call.Expression == access:
                    case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Count" } count when count.Expression == identifier && count.Parent is not InvocationExpressionSyntax:
                        continue;
                    case ForEachStatementSyntax loop when loop.Expression == identifier:
                        if (model.GetDeclaredSymbol(loop, ct) is not ILocalSymbol element)
                        {
                            return false;
                        }

                        foreach (var read in NameReferences.Of(element, loop.Statement, model, ct))
                        {
                            if (!AwaitedBy(read, function, model, ct))
                            {
                                return false;
                            }
                        }

                        awaited = true;
                        continue;
                    case ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax call } }
                        when call.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "WhenAll" or "WhenAny" }
                            && IsTaskMethod(call, model, ct, isStatic: true) && AwaitedBy(call, function, model, ct):
                        awaited = true;
                        continue;
                    default:
                        return false;
                }
            }

            return awaited;
        }

        /// <summary>
        /// The source handed as an `object` state (the receiver sees no task), or to a non-virtual source method or constructor
        /// of the same file whose parameter is only completed or handed on as an `object` state.
        /// </summary>
        private static bool IsStateOrCompletedParameter(ArgumentSyntax argument, SemanticModel model, CancellationToken ct)
        {
            if (!argument.RefKindKeyword.IsKind(SyntaxKind.None) || model.GetOperation(argument, ct) is not IArgumentOperation { Parameter: { } parameter })
            {
                return false;
            }

            if (parameter.Type.SpecialType == SpecialType.System_Object)
            {
                // Handed as the state of a token registration, it is completed by whoever cancels.
                return !(argument.Parent?.Parent is InvocationExpressionSyntax call && IsRegistration(call, model, ct));
            }

            if (parameter.ContainingSymbol is not IMethodSymbol { IsVirtual: false, IsAbstract: false, IsOverride: false, IsExtern: false } callee
                || callee.DeclaringSyntaxReferences.Length != 1
                || callee.DeclaringSyntaxReferences[0].SyntaxTree != model.SyntaxTree
                || callee.DeclaringSyntaxReferences[0].GetSyntax(ct) is not { } body)
            {
                return false;
            }

            foreach (var identifier in NameReferences.Of(parameter, body, model, ct))
            {
                switch (identifier.Parent)
                {
                    case MemberAccessExpressionSyntax completion when completion.Expression == identifier && IsCompletionCall(completion):
                        continue;
                    case ArgumentSyntax handed when handed.RefKindKeyword.IsKind(SyntaxKind.None)
                        && model.GetOperation(handed, ct) is IArgumentOperation { Parameter.Type.SpecialType: SpecialType.System_Object }
                        && !(handed.Parent?.Parent is InvocationExpressionSyntax registration && IsRegistration(registration, model, ct)):
                        continue;
                    default:
                        return false;
                }
            }

            return true;
        }
    }
}
