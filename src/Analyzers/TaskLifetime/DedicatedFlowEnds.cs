namespace AsyncGuard.Analyzers.TaskLifetime
{
    /// <summary>
    /// AG0209, an extension of <see cref="FinalStepCompletions"/> (e209, FreeRedis's net40 polyfills of <c>Task.Run</c> and
    /// <c>Task.Delay</c>): a non-async lambda or anonymous method whose end is the end of a flow of its own — the start
    /// delegate given to <c>new System.Threading.Thread(..)</c> (the thread exits after it), or a handler added to the
    /// <c>Elapsed</c> event of a <c>System.Timers.Timer</c> local created with <c>AutoReset = false</c> in its initializer
    /// (a one-shot pool callback). A completion written as the last step of such a body resumes its awaiters on a thread
    /// that has nothing left to do and holds nothing. Run only for a finding about to be reported.
    /// </summary>
    internal static class DedicatedFlowEnds
    {
        public static bool EndsItsOwnFlow(AnonymousFunctionExpressionSyntax function, SemanticModel model, CancellationToken ct)
        {
            if (function.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword))
            {
                return false;
            }

            switch (function.Parent)
            {
                case ArgumentSyntax { Parent: ArgumentListSyntax { Parent: BaseObjectCreationExpressionSyntax creation } }:
                    return model.GetSymbolInfo(creation, ct).Symbol is IMethodSymbol { MethodKind: MethodKind.Constructor } constructor
                        && constructor.ContainingType.Is(model.Compilation.GetTypeByMetadataName("System.Threading.Thread"));
                case AssignmentExpressionSyntax { Left: MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax timerName } handler } subscription
                    when subscription.IsKind(SyntaxKind.AddAssignmentExpression) && subscription.Right == function:
                    return model.GetSymbolInfo(handler, ct).Symbol is IEventSymbol { Name: "Elapsed" } elapsed
                        && elapsed.ContainingType.Is(model.Compilation.GetTypeByMetadataName("System.Timers.Timer"))
                        && model.GetSymbolInfo(timerName, ct).Symbol is ILocalSymbol timer
                        && IsOneShot(timer, model, ct);
                default:
                    return false;
            }
        }

        /// <summary>The local is declared with <c>new ..(..) { AutoReset = false }</c>.</summary>
        private static bool IsOneShot(ILocalSymbol timer, SemanticModel model, CancellationToken ct)
        {
            if (timer.DeclaringSyntaxReferences.Length != 1
                || timer.DeclaringSyntaxReferences[0].GetSyntax(ct) is not VariableDeclaratorSyntax
                    { Initializer.Value: BaseObjectCreationExpressionSyntax { Initializer: { } initializer } })
            {
                return false;
            }

            foreach (var expression in initializer.Expressions)
            {
                if (expression is AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: "AutoReset" } property } assignment
                    && model.GetSymbolInfo(property, ct).Symbol is IPropertySymbol { ContainingType: { } owner }
                    && owner.Is(model.Compilation.GetTypeByMetadataName("System.Timers.Timer"))
                    && model.GetConstantValue(assignment.Right, ct) is { HasValue: true, Value: false })
                {
                    return true;
                }
            }

            return false;
        }
    }
}
