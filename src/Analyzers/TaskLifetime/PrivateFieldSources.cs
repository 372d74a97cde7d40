namespace AsyncGuard.Analyzers.TaskLifetime
{
    /// <summary>
    /// AG0209 (issue 16, held-out wrong class ho3): the "no continuation exists" silence for a completion source kept in a
    /// private instance or static field of a type declared once (not partial): every reference to the field in the type
    /// completes it, or reads its `.Task` only for its state (`IsCompleted`, `IsFaulted`, `IsCanceled`,
    /// `IsCompletedSuccessfully`, `Status`) or for a synchronous wait (`.Result`, `.Wait(..)`, `.GetAwaiter().GetResult()`).
    /// No code can await the task, so nothing runs inline in whoever completes it. Asked only for a finding about to be reported.
    /// </summary>
    internal static class PrivateFieldSources
    {
        public static bool OnlyReadSynchronously(IObjectCreationOperation creation, CancellationToken ct)
        {
            if (creation.SemanticModel is not { } model || FieldOf(creation.Syntax, model, ct) is not { } field
                || field.DeclaredAccessibility != Accessibility.Private
                || field.ContainingType is not { DeclaringSyntaxReferences.Length: 1 } type)
            {
                return false;
            }

            var declaration = type.DeclaringSyntaxReferences[0].GetSyntax(ct);
            var compilation = model.Compilation;
            if (declaration.SyntaxTree != creation.Syntax.SyntaxTree && !compilation.ContainsSyntaxTree(declaration.SyntaxTree))
            {
                return false;
            }

            var typeModel = SemanticModels.For(model, declaration.SyntaxTree);
            var taskReads = 0;
            foreach (var identifier in NameReferences.Of(field, declaration, typeModel, ct))
            {
                var use = identifier.WithThisQualifier();
                if (use.Parent is VariableDeclaratorSyntax || (use.Parent is AssignmentExpressionSyntax assignment && assignment.Left == use))
                {
                    // Its initialization.
                    continue;
                }

                if (use.Parent is not MemberAccessExpressionSyntax member || member.Expression != use)
                {
                    return false;
                }

                if (member.Name.Identifier.ValueText == "Task")
                {
                    if (!IsStateOrSynchronousRead(member))
                    {
                        return false;
                    }

                    taskReads++;
                    continue;
                }

                // A completion (`SetResult`, `TrySetException`, ..) called on it.
                if (member.Parent is not InvocationExpressionSyntax call || call.Expression != member
                    || !(member.Name.Identifier.ValueText.StartsWith("Set", StringComparison.Ordinal) || member.Name.Identifier.ValueText.StartsWith("TrySet", StringComparison.Ordinal)))
                {
                    return false;
                }
            }

            return taskReads > 0;
        }

        /// <summary>`_f = new ..` (field initializer or assignment) to a field of the type.</summary>
        internal static IFieldSymbol? FieldOf(SyntaxNode creation, SemanticModel model, CancellationToken ct) => creation.Parent switch
        {
            EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent.Parent: FieldDeclarationSyntax } declarator }
                => model.GetDeclaredSymbol(declarator, ct) as IFieldSymbol,
            AssignmentExpressionSyntax assignment when assignment.Right == creation => model.GetSymbolInfo(assignment.Left, ct).Symbol as IFieldSymbol,
            _ => null,
        };

        /// <summary>`f.Task.IsCompleted` (and the other state reads), `f.Task.Result`, `f.Task.Wait(..)`, `f.Task.GetAwaiter().GetResult()`.</summary>
        private static bool IsStateOrSynchronousRead(MemberAccessExpressionSyntax task) => CompletionSourceUses.IsSynchronousRead(task, stateReads: true);
    }
}
