namespace AsyncGuard.Analyzers.TaskLifetime
{
    /// <summary>
    /// AG0201 (issue 16, eighth part, ff201): in a function that returns no awaitable (the analyzer checks), a call with no arguments — a close, a stop, a flush: cleanup that carries no
    /// data of its own — dropped on a path where the function is already handling a failure. The statement stands inside a
    /// <c>catch</c> clause, or its block goes on to <c>throw</c>, or the failure is being handed on next to it (another
    /// statement of the block passes an exception to a call: a pipeline's exception event, a promise's failure, a log), or
    /// the function itself is given the exception to handle (an exception parameter). The failure that matters travels by
    /// that other way; the cleanup's own outcome has nowhere better to go than a discard (Netty-style
    /// <c>ctx.CloseAsync()</c> on a timeout or a failed handshake, whose outcome completes the channel's close future).
    /// Silent unless <see cref="ReportOption"/> is on. Asked only for a finding about to be reported.
    /// </summary>
    internal static class FailurePathCleanups
    {
        /// <summary>.editorconfig key: `true` reports argument-less calls dropped on a failure path as well.</summary>
        public const string ReportOption = "dotnet_diagnostic.AG0201.report_failure_path_cleanups";

        public static bool IsCleanupOnFailurePath(IInvocationOperation invocation, SyntaxNode top, SyntaxNode? function, AsyncTypes types, CancellationToken ct)
        {
            // Syntax first: `x.Close();` / `x?.Close();` as a statement of a block, with no argument (or only the object the failure was reported to, FailureTargetCleanups).
            if (top.Parent is not ExpressionStatementSyntax statement || statement.Parent is not BlockSyntax block
                || invocation.Syntax is not InvocationExpressionSyntax call
                || invocation.SemanticModel is not { } model || function is null
                || (call.ArgumentList.Arguments.Count != 0 && (types.TypeNamed("System.Exception") is not { } reported || !FailureTargetCleanups.OnlyFailureTargets(call, statement, block, model, reported, ct))))
            {
                return false;
            }

            // Inside a catch clause of the same function.
            for (var node = statement.Parent; node != null && node != function; node = node.Parent)
            {
                if (node is CatchClauseSyntax)
                {
                    return true;
                }
            }

            // The block goes on to throw (also after the statement that holds it: `if (..) { Close(); } throw ..;`).
            foreach (var later in LaterStatements(statement, function))
            {
                if (later is ThrowStatementSyntax)
                {
                    return true;
                }
            }

            if (types.TypeNamed("System.Exception") is not { } exception)
            {
                return false;
            }

            // The function is given the exception to handle.
            var parameters = function switch
            {
                BaseMethodDeclarationSyntax method => method.ParameterList.Parameters,
                LocalFunctionStatementSyntax local => local.ParameterList.Parameters,
                ParenthesizedLambdaExpressionSyntax lambda => lambda.ParameterList.Parameters,
                _ => default,
            };
            foreach (var parameter in parameters)
            {
                if (parameter.Type != null && model.GetTypeInfo(parameter.Type, ct).Type.InheritsOrImplements(exception))
                {
                    return true;
                }
            }

            // Another statement of the block, or one that runs after it, hands an exception to a call.
            foreach (var other in block.Statements)
            {
                if (other != statement && other is ExpressionStatementSyntax { Expression: var expression }
                    && HandsOnException(expression, model, exception, ct))
                {
                    return true;
                }
            }

            foreach (var later in LaterStatements(statement, function))
            {
                if (later.Parent != block && later is ExpressionStatementSyntax { Expression: var expression }
                    && HandsOnException(expression, model, exception, ct))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The statements that run after <paramref name="statement"/> in its block and, when the block falls through, in the
        /// blocks that hold it, up to the function or a loop: the climb stops at a `return`, `break`, `continue` or `goto`.
        /// </summary>
        private static IEnumerable<StatementSyntax> LaterStatements(StatementSyntax statement, SyntaxNode function)
        {
            for (StatementSyntax current = statement; current.Parent is BlockSyntax block;)
            {
                var index = block.Statements.IndexOf(current);
                for (var i = index + 1; i < block.Statements.Count; i++)
                {
                    var later = block.Statements[i];
                    yield return later;
                    if (later is ReturnStatementSyntax or BreakStatementSyntax or ContinueStatementSyntax or GotoStatementSyntax)
                    {
                        yield break;
                    }
                }

                // Out of the block: through an `if` / `else` / `lock` / `using` that holds it, not out of a loop or the function.
                var holder = block.Parent is ElseClauseSyntax elseClause ? elseClause.Parent : block.Parent;
                if (holder is not (IfStatementSyntax or LockStatementSyntax or UsingStatementSyntax or BlockSyntax) || holder == function
                    || holder is not StatementSyntax next)
                {
                    yield break;
                }

                current = next;
            }
        }

        private static bool HandsOnException(ExpressionSyntax expression, SemanticModel model, INamedTypeSymbol exception, CancellationToken ct)
        {
            while (expression is ConditionalAccessExpressionSyntax conditional)
            {
                expression = conditional.WhenNotNull;
            }

            if (expression is not InvocationExpressionSyntax call)
            {
                return false;
            }

            foreach (var argument in call.ArgumentList.Arguments)
            {
                if (model.GetTypeInfo(argument.Expression, ct).Type.InheritsOrImplements(exception))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
