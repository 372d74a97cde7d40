namespace AsyncGuard.Analyzers.TaskLifetime
{
    /// <summary>
    /// AG0201 (issue 16, deb7): a task dropped directly in a C# event handler whose void signature the event's delegate
    /// imposes — a lambda or anonymous method subscribed with <c>+=</c> to an event, or a private void method (or local
    /// function) whose every use as a method group (in its type's declaration of the same file, or the local function's
    /// enclosing body) is a <c>+=</c> / <c>-=</c> of an event whose delegate returns void, with at least one <c>+=</c>. The
    /// handler cannot await: the fix the rule offers is <c>async void</c> (AG0202's finding) or a discard, and an event
    /// with a Task-returning delegate gets only the last handler's task back. Also for events declared in the project, which
    /// <see cref="ExternalContracts.UsedAsExternalCallback"/> leaves reported. Asked only for a finding about to be reported.
    /// </summary>
    internal static class EventHandlerStarts
    {
        /// <summary>.editorconfig key: `true` reports dropped tasks in event handlers as well.</summary>
        public const string ReportEventHandlersOption = "dotnet_diagnostic.AG0201.report_event_handlers";

        public static bool IsEventHandler(SyntaxNode? function, SemanticModel? model, CancellationToken ct)
        {
            if (model is null)
            {
                return false;
            }

            switch (function)
            {
                case AnonymousFunctionExpressionSyntax lambda:
                    return IsEventSubscription(lambda, model, ct, out var added) && added;
                case LocalFunctionStatementSyntax local:
                    return model.GetDeclaredSymbol(local, ct) is IMethodSymbol { ReturnsVoid: true } localMethod
                        && local.Parent is { } scope
                        && OnlyEventHandler(localMethod, scope, model, ct);
                case MethodDeclarationSyntax declaration:
                    if (model.GetDeclaredSymbol(declaration, ct) is not IMethodSymbol
                        {
                            ReturnsVoid: true, MethodKind: MethodKind.Ordinary, DeclaredAccessibility: Accessibility.Private, ContainingType: { } type,
                        } method)
                    {
                        return false;
                    }

                    var any = false;
                    foreach (var reference in type.DeclaringSyntaxReferences)
                    {
                        if (reference.SyntaxTree != model.SyntaxTree)
                        {
                            continue;
                        }

                        if (!OnlyEventHandler(method, reference.GetSyntax(ct), model, ct, out var subscribed))
                        {
                            return false;
                        }

                        any |= subscribed;
                    }

                    return any;
                default:
                    return false;
            }
        }

        private static bool OnlyEventHandler(IMethodSymbol method, SyntaxNode scope, SemanticModel model, CancellationToken ct) =>
            OnlyEventHandler(method, scope, model, ct, out var subscribed) && subscribed;

        /// <summary>Every method-group use of <paramref name="method"/> under <paramref name="scope"/> is an event's `+=` / `-=`.</summary>
        internal static bool OnlyEventHandler(IMethodSymbol method, SyntaxNode scope, SemanticModel model, CancellationToken ct, out bool subscribed)
        {
            subscribed = false;
            foreach (var use in MethodGroups.Uses(method, scope, model, candidates: false, ct))
            {
                if (!IsEventSubscription(use, model, ct, out var added))
                {
                    return false;
                }

                subscribed |= added;
            }

            return true;
        }

        /// <summary>The expression (through parentheses) is the handler of an event's `+=` (added) or `-=`, of a void delegate.</summary>
        private static bool IsEventSubscription(ExpressionSyntax handler, SemanticModel model, CancellationToken ct, out bool added)
        {
            added = false;
            SyntaxNode current = handler;
            while (current.Parent is ParenthesizedExpressionSyntax)
            {
                current = current.Parent;
            }

            if (current.Parent is not AssignmentExpressionSyntax assignment || assignment.Right != current
                || !(assignment.IsKind(SyntaxKind.AddAssignmentExpression) || assignment.IsKind(SyntaxKind.SubtractAssignmentExpression))
                || model.GetOperation(assignment, ct) is not IEventAssignmentOperation { EventReference: IEventReferenceOperation { Event.Type: INamedTypeSymbol { DelegateInvokeMethod.ReturnsVoid: true } } } subscription)
            {
                return false;
            }

            added = subscription.Adds;
            return true;
        }
    }
}
