namespace AsyncGuard.Analyzers.Blocking
{
    /// <summary>
    /// AG0103 (issue 16, twenty-first pass, e103: MailKit's cancellable sync socket <c>Send</c> / <c>Receive</c>): a wait on
    /// <c>tcs.Task</c> of a completion source the function creates in a local, never assigns again, hands on as an untyped
    /// state for a callback to complete (<c>args.UserToken = tcs</c> before <c>socket.SendAsync(args)</c>, or an
    /// <c>object</c> state argument), and whose task it only ever waits on synchronously. The same evidence AG0209 reads
    /// (<see cref="CompletionSourceUses"/>, <see cref="StateHandedSources"/>): no async method's
    /// continuation is behind the task, only the callback that takes the state back, so the wait is the synchronous end
    /// of a callback operation, as the wait in an APM <c>EndX</c> is. Silent unless <c>report_apm_end</c> is on. A source
    /// completed in the function's own lambdas with no state handed on (a UI event's handler), a field, a source whose task
    /// is awaited or handed out, stays reported. Runs only for a wait about to be reported, after a syntax test.
    /// </summary>
    internal static class StateHandedSourceWaits
    {
        public static bool EndsCallbackOperation(in BlockingWait wait, SemanticModel model, AsyncTypes types, CancellationToken cancellationToken)
        {
            // Cheap first: the awaited expression is `name.Task`.
            if (wait.Awaitable?.WalkDownParentheses() is not MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Task", Expression: IdentifierNameSyntax } access
                || model.GetOperation(access, cancellationToken) is not IPropertyReferenceOperation { Instance: ILocalReferenceOperation { Local: { IsRef: false } local } } task
                || !types.IsTaskCompletionSource(task.Property.ContainingType)
                || local.DeclaringSyntaxReferences.Length != 1
                || local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Initializer.Value: { } value } declarator
                || declarator.SyntaxTree != model.SyntaxTree
                || Invocations.WithoutImplicitConversions(model.GetOperation(value, cancellationToken)!) is not IObjectCreationOperation creation
                || !VariableWrites.OnlyByDeclarator(local, declarator, model, cancellationToken))
            {
                return false;
            }

            return CompletionSourceUses.Classify(creation, types, cancellationToken) == CompletionSourceUse.ReadSynchronouslyHandedAsState;
        }
    }
}
