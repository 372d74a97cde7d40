namespace AsyncGuard.Analyzers.Blocking
{
    /// <summary>
    /// AG0101 (corpus13app, POPForums): a task local written only by callbacks that return the task they store, each callback
    /// given to a call that is awaited where it is made, whose callee awaits every call of that delegate. POPForums' data
    /// layer does this about a hundred times:
    /// <code>
    /// Task&lt;IEnumerable&lt;Forum&gt;&gt; forums = null;
    /// await connection.UsingAsync(c => forums = c.QueryAsync&lt;Forum&gt;(sql));   // UsingAsync: `await action(connection);`
    /// return forums.Result.ToList();
    /// </code>
    /// Why the task is complete at the read: the callee's body names the delegate parameter only as `await p(..)` (or
    /// `await p.Invoke(..)`), directly in its own body, so it neither keeps nor hands on the callback and waits for the task
    /// each call returns, which is the task the callback stored (the value of `t = E` is E). The callee is async and is the
    /// method that runs (not virtual or abstract), so its task completes only after its body has finished. The caller awaits
    /// that task where it makes the call, in the function that declares the local, so that function runs no further until
    /// then: whatever the local holds when it runs again has completed. If no callback ran, the local is still null and the
    /// read throws instead of blocking. The read may also sit in a sync callback of another such awaited call (POPForums
    /// `CreateUser`: `await c.UsingAsync(x => x.ExecuteAsync(sql, new { Id = id.Result }))` after the call that stored `id`):
    /// that callback runs only while its call runs, when the declaring function is suspended at that call's await.
    /// Still reported: any other write of the local (an initializer other than null/default, a plain or out/ref assignment,
    /// a deconstruction), an async callback (its task completes without waiting for the stored one), a callback that returns
    /// something else, a call not awaited where it is made, a callee outside the compilation, not async, overridable, or one
    /// that uses the delegate any other way (stored, passed on, called without await, called inside a lambda), and a read in
    /// any other nested function (an async callback, a lambda kept in a variable, a callback of a call that also stores).
    /// </summary>
    internal static class AwaitedCallbackTasks
    {
        public static bool IsComplete(in BlockingWait wait, SyntaxNode? function, SemanticModel model, AsyncTypes types, CancellationToken cancellationToken)
        {
            if (function is null || wait.Awaitable is null
                || WaitExemptions.StripConfigureAwait(wait.Awaitable) is not IdentifierNameSyntax read
                || model.GetSymbolInfo(read, cancellationToken).Symbol is not ILocalSymbol { IsRef: false } local
                || !types.IsTaskLike(local.Type)
                || local.DeclaringSyntaxReferences.Length != 1
                || local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax declarator
                || declarator.SyntaxTree != model.SyntaxTree
                || declarator.Parent?.Parent is not LocalDeclarationStatementSyntax { UsingKeyword.RawKind: (int)SyntaxKind.None }
                || !StartsEmpty(declarator)
                || EnclosingFunction.Find(declarator) is not { } scope)
            {
                return false;
            }

            // The read is in the declaring function, or in a sync callback that runs only inside a later awaited call.
            InvocationExpressionSyntax? readingCall = null;
            if (!Same(function, scope))
            {
                if (function is not AnonymousFunctionExpressionSyntax readingCallback
                    || !Same(EnclosingFunction.Find(readingCallback), scope)
                    || (readingCall = RunsOnlyInsideAwaitedCall(readingCallback, scope, model, types, cancellationToken)) is null)
                {
                    return false;
                }
            }

            var writes = 0;
            foreach (var node in scope.DescendantNodes())
            {
                if (node is not IdentifierNameSyntax identifier
                    || identifier.Identifier.ValueText != local.Name
                    || !identifier.IsWritePosition()
                    || !model.GetSymbolInfo(identifier, cancellationToken).Symbol.Is(local))
                {
                    continue;
                }

                if (StoringCall(identifier, scope, model, types, cancellationToken) is not { } call
                    || (readingCall is not null && Same(call, readingCall)))
                {
                    // Another write, or a callback of the very call whose callback reads: it may store while the read runs.
                    return false;
                }

                writes++;
            }

            return writes > 0;
        }

        /// <summary>
        /// The call <paramref name="callback"/> (a sync lambda) is an argument of, when that call is awaited where it is made in
        /// <paramref name="scope"/> and its callee awaits every call of the delegate: the callback runs only while the call runs.
        /// </summary>
        private static InvocationExpressionSyntax? RunsOnlyInsideAwaitedCall(AnonymousFunctionExpressionSyntax callback, SyntaxNode scope, SemanticModel model, AsyncTypes types, CancellationToken cancellationToken) =>
            callback.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword) ? null : AwaitedCallbackCall(callback, scope, model, types, cancellationToken);

        /// <summary>No initializer, or `null` / `default` (with `!` or parentheses).</summary>
        private static bool StartsEmpty(VariableDeclaratorSyntax declarator) =>
            declarator.Initializer is not { Value: var value }
            || value.WalkDownParentheses(throughSuppressions: true).Kind() is SyntaxKind.NullLiteralExpression or SyntaxKind.DefaultLiteralExpression or SyntaxKind.DefaultExpression;

        /// <summary>
        /// For `t = E` as the value a sync lambda returns: the call that lambda is an argument of, when the call is awaited
        /// where it is made in <paramref name="scope"/> and its callee awaits every call of the delegate; else null.
        /// </summary>
        private static InvocationExpressionSyntax? StoringCall(IdentifierNameSyntax target, SyntaxNode scope, SemanticModel model, AsyncTypes types, CancellationToken cancellationToken)
        {
            if (target.Parent is not AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression } assignment
                || assignment.Left != target)
            {
                return null;
            }

            SyntaxNode value = assignment;
            while (value.Parent is ParenthesizedExpressionSyntax)
            {
                value = value.Parent;
            }

            var lambda = value.Parent switch
            {
                AnonymousFunctionExpressionSyntax expressionBodied when expressionBodied.ExpressionBody == value => expressionBodied,
                ReturnStatementSyntax ret => EnclosingFunction.Find(ret) as AnonymousFunctionExpressionSyntax,
                _ => null,
            };

            return lambda is null || lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword)
                ? null
                : AwaitedCallbackCall(lambda, scope, model, types, cancellationToken);
        }

        /// <summary>
        /// The call <paramref name="lambda"/> is an argument of, when the call is awaited where it is made in
        /// <paramref name="scope"/> and its callee awaits every call of that delegate parameter; else null.
        /// </summary>
        private static InvocationExpressionSyntax? AwaitedCallbackCall(AnonymousFunctionExpressionSyntax lambda, SyntaxNode scope, SemanticModel model, AsyncTypes types, CancellationToken cancellationToken)
        {
            SyntaxNode argument = lambda;
            while (argument.Parent is ParenthesizedExpressionSyntax)
            {
                argument = argument.Parent;
            }

            if (argument.Parent is not ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax call } } lambdaArgument
                || AwaitedAt(call) is not { } awaited
                || !Same(EnclosingFunction.Find(awaited), scope)
                || model.GetOperation(call, cancellationToken) is not IInvocationOperation invocation)
            {
                return null;
            }

            foreach (var operationArgument in invocation.Arguments)
            {
                if (operationArgument.Syntax == lambdaArgument && operationArgument.Parameter is { } parameter)
                {
                    return AwaitsEveryCall(invocation, parameter, model, types, cancellationToken) ? call : null;
                }
            }

            return null;
        }

        /// <summary>The `await` whose operand is <paramref name="call"/> (through parentheses and one ConfigureAwait(..)); else null.</summary>
        private static AwaitExpressionSyntax? AwaitedAt(ExpressionSyntax call)
        {
            SyntaxNode node = call;
            while (node.Parent is ParenthesizedExpressionSyntax)
            {
                node = node.Parent;
            }

            if (node.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" } access
                && access.Expression == node
                && access.Parent is InvocationExpressionSyntax configured)
            {
                node = configured;
                while (node.Parent is ParenthesizedExpressionSyntax)
                {
                    node = node.Parent;
                }
            }

            return node.Parent as AwaitExpressionSyntax;
        }

        /// <summary>
        /// The callee runs as named, is async and has its body in this compilation, and names <paramref name="parameter"/>
        /// only as the target of a call awaited directly in that body (at least once).
        /// </summary>
        private static bool AwaitsEveryCall(IInvocationOperation invocation, IParameterSymbol parameter, SemanticModel model, AsyncTypes types, CancellationToken cancellationToken)
        {
            if (parameter.Type is not INamedTypeSymbol { TypeKind: TypeKind.Delegate, DelegateInvokeMethod: { } invoke }
                || !types.IsTaskOrValueTask(invoke.ReturnType))
            {
                return false;
            }

            var shift = invocation.TargetMethod.ReducedFrom is null ? 0 : 1;
            var callee = (invocation.TargetMethod.ReducedFrom ?? invocation.TargetMethod).OriginalDefinition;
            var ordinal = parameter.Ordinal + shift;
            if (!callee.IsAsync || callee.IsAbstract || callee.IsVirtual || (callee.IsOverride && !callee.IsSealed && !callee.ContainingType.IsSealed)
                || callee.DeclaringSyntaxReferences.Length != 1 || ordinal >= callee.Parameters.Length)
            {
                return false;
            }

            var declaration = callee.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);
            var body = declaration switch
            {
                BaseMethodDeclarationSyntax method => (SyntaxNode?)method.Body ?? method.ExpressionBody,
                LocalFunctionStatementSyntax localFunction => (SyntaxNode?)localFunction.Body ?? localFunction.ExpressionBody,
                _ => null,
            };
            if (body is null || !model.Compilation.ContainsSyntaxTree(body.SyntaxTree))
            {
                return false;
            }

            var target = callee.Parameters[ordinal];
            var bodyModel = body.SyntaxTree == model.SyntaxTree ? model : ModelFor(model, body.SyntaxTree);
            var calls = 0;
            foreach (var node in body.DescendantNodes())
            {
                if (node is not IdentifierNameSyntax identifier
                    || identifier.Identifier.ValueText != target.Name
                    || (identifier.Parent is MemberAccessExpressionSyntax member && member.Name == identifier)
                    || identifier.Parent is NameColonSyntax
                    || !bodyModel.GetSymbolInfo(identifier, cancellationToken).Symbol.Is(target))
                {
                    continue;
                }

                var call = identifier.Parent switch
                {
                    InvocationExpressionSyntax direct when direct.Expression == identifier => direct,
                    MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Invoke", Parent: InvocationExpressionSyntax viaInvoke } access
                        when access.Expression == identifier && viaInvoke.Expression == access => viaInvoke,
                    _ => null,
                };
                if (call is null || AwaitedAt(call) is not { } awaited || !Same(EnclosingFunction.Find(awaited), declaration))
                {
                    return false;
                }

                calls++;
            }

            return calls > 0;
        }

/// <summary>The same node of the same tree (nodes found by different walks are compared by place).</summary>
        private static bool Same(SyntaxNode? found, SyntaxNode expected) =>
            found is not null && found.SyntaxTree == expected.SyntaxTree && found.Span == expected.Span && found.RawKind == expected.RawKind;

#pragma warning disable RS1030 // The callee's file, only for a wait AG0101 is about to report whose task a callback stored; one method per call.
        private static SemanticModel ModelFor(SemanticModel model, SyntaxTree tree) => model.Compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
    }
}
