namespace AsyncGuard.Analyzers.Cancellation
{
    /// <summary>
    /// AG0304 (issue 16, twelfth pass, corpus10app): a source made only to run a callback when its timer fires — created
    /// with <c>new CancellationTokenSource(..)</c> (not linked) by a statement of its function's own body, and every statement
    /// after it is <c>cts.Token.Register(..)</c> / <c>cts.Token.UnsafeRegister(..)</c> as a statement of its own (the
    /// registration dropped) or <c>cts.CancelAfter(..)</c> (a final <c>return;</c> allowed), with at least one registration:
    /// <c>var timeout = new CancellationTokenSource(ms); timeout.Token.Register(() => tcs.TrySetCanceled());</c>. The callback
    /// is meant to run after the method returns, so the suggested <c>using</c> would cancel the timer and the callback would
    /// never run; once the timer fires, the source holds nothing (its timer is gone, its registrations have run).
    /// Still reported: a linked source (its registration on the parent lives until disposal), any other statement after
    /// the declaration (work of the function the timer may guard: a watchdog re-armed in a loop that cancels the response
    /// when the stream stalls keeps firing after the method returned), a token given to any other call or read otherwise,
    /// a registration kept in a variable, a source only given a timer, a declaration inside a nested block after which the
    /// function has more to run (Thor's <c>if (ttl.HasValue) { .. }</c> followed by more work). A nested block after which
    /// nothing runs (<see cref="NestedBlocks.EndsTheFunction"/>: <c>if</c>/<c>else</c> branches and plain blocks, each the
    /// last statement of its block) is read as the function's own body (issue 16, fourteenth pass, wrong16).
    /// </summary>
    internal static class TimerCallbackSources
    {
        /// <summary>
        /// Whether <paramref name="declaration"/> is a statement of its function's own body and every statement after it is a
        /// dropped registration on the local's token or a CancelAfter of the local (a final <c>return;</c> allowed), with at
        /// least one registration: the function arms the source and ends, so nothing in it is what the timer guards.
        /// </summary>
        public static bool OnlyArmsCallbacks(LocalDeclarationStatementSyntax declaration, ExpressionSyntax creation, ILocalSymbol local, SemanticModel model, CancellationToken cancellationToken)
        {
            if (creation is not BaseObjectCreationExpressionSyntax || declaration.Parent is not BlockSyntax body
                || body.Parent is null || EnclosingFunction.Find(declaration) is not { } function
                || (function != body.Parent && !NestedBlocks.EndsTheFunction(body, function)))
            {
                return false;
            }

            var registrations = 0;
            var statements = body.Statements;
            for (var i = statements.IndexOf(declaration) + 1; i < statements.Count; i++)
            {
                switch (statements[i])
                {
                    case ReturnStatementSyntax { Expression: null } when i == statements.Count - 1:
                        break;
                    case ExpressionStatementSyntax { Expression: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax call } } statement:
                        if (IsLocal(call.Expression, local, model, cancellationToken) && call.Name.Identifier.ValueText == "CancelAfter")
                        {
                            break;
                        }

                        if (call.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Token" } token
                            && IsLocal(token.Expression, local, model, cancellationToken) && IsDroppedRegistration(token, model, cancellationToken))
                        {
                            registrations++;
                            break;
                        }

                        return false;
                    default:
                        return false;
                }
            }

            return registrations > 0;
        }

        private static bool IsLocal(ExpressionSyntax expression, ILocalSymbol local, SemanticModel model, CancellationToken cancellationToken) =>
            expression is IdentifierNameSyntax name && name.Identifier.ValueText == local.Name
            && model.GetSymbolInfo(name, cancellationToken).Symbol.Is(local);

        /// <summary>`cts.Token.Register(..)` / `UnsafeRegister(..)` of CancellationToken, the call a statement of its own.</summary>
        private static bool IsDroppedRegistration(MemberAccessExpressionSyntax token, SemanticModel model, CancellationToken cancellationToken) =>
            token.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Register" or "UnsafeRegister" } register
            && register.Expression == token
            && register.Parent is InvocationExpressionSyntax { Parent: ExpressionStatementSyntax } call
            && model.GetSymbolInfo(call, cancellationToken).Symbol is IMethodSymbol { ContainingType: { Name: "CancellationToken", ContainingNamespace: { Name: "Threading", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } } };
    }
}
