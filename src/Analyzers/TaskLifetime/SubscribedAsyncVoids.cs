namespace AsyncGuard.Analyzers.TaskLifetime
{
    /// <summary>
    /// AG0202 (issue 16, fpissues2; sonar-dotnet#704): an <c>async void</c> method whose void return an event imposes,
    /// whatever the event's delegate type. AG0202 already leaves (sender, EventArgs)-shaped methods alone; a handler of an
    /// event whose delegate is not that shape (an <c>Action&lt;T&gt;</c> event, a custom delegate, <c>EventHandler&lt;T&gt;</c>
    /// with a <c>T</c> that is not an EventArgs, a WinRT <c>TypedEventHandler</c> whose argument types do not derive from
    /// System.EventArgs) is just as much an event handler: it cannot return Task, and AG0203 already stays silent for the
    /// same code written as a lambda subscribed with <c>+=</c>. Proven from the uses: a private method whose every use as a
    /// method group, in every declaration of its type (partial parts in other files too, such as the connections a XAML
    /// compiler generates), is an event's <c>+=</c> / <c>-=</c> of a void delegate, with at least one <c>+=</c>; or a local
    /// function used so in its enclosing body. Direct calls do not count as uses (the caller's await would not compile
    /// away the handler's signature). Still reported: a method handed to a method parameter (<c>Subscribe(OnX)</c>, a timer),
    /// stored in a delegate variable, never used as a group, or visible outside its type.
    /// </summary>
    internal static class SubscribedAsyncVoids
    {
        public static bool OnlySubscribedToEvents(SyntaxNode declaration, IMethodSymbol method, SemanticModel model, CancellationToken ct)
        {
            if (declaration is LocalFunctionStatementSyntax)
            {
                return EventHandlerStarts.IsEventHandler(declaration, model, ct);
            }

            if (declaration is not MethodDeclarationSyntax
                || method is not { ReturnsVoid: true, MethodKind: MethodKind.Ordinary, DeclaredAccessibility: Accessibility.Private, ContainingType: { } type })
            {
                return false;
            }

            var subscribedAnywhere = false;
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                var tree = reference.SyntaxTree;
                var treeModel = SemanticModels.For(model, tree);
                if (!EventHandlerStarts.OnlyEventHandler(method, reference.GetSyntax(ct), treeModel, ct, out var subscribed))
                {
                    return false;
                }

                subscribedAnywhere |= subscribed;
            }

            return subscribedAnywhere;
        }
    }
}
