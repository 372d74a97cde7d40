namespace AsyncGuard.Analyzers.TaskLifetime
{
    /// <summary>
    /// AG0210 (issue 16, fifteenth pass, held-out azure-webjobs-sdk PrimaryHostCoordinator.ProcessLeaseTimerTick): a
    /// scheduling call written directly in a function that only a <c>System.Threading.Timer</c>, <c>ThreadPool.QueueUserWorkItem</c>
    /// / <c>UnsafeQueueUserWorkItem</c> or a <c>new Thread</c> runs. Such a callback runs on a thread outside any task, where
    /// <c>TaskScheduler.Current</c> is <c>TaskScheduler.Default</c>: the scheduler the call inherits is known, the default one.
    /// The function is a lambda given as is to one of those, or a method that is not public, protected, virtual, abstract or
    /// an override whose every use in its type (all parts in the site's tree) is a delegate given to one of those; a direct
    /// call of the method (its caller may run inside a task) or any other use keeps it reported. A call inside a lambda or
    /// local function nested in the callback is not directly in it (that function may run elsewhere) and stays reported.
    /// </summary>
    internal static class PoolCallbackEntries
    {
        public static bool RunsOutsideAnyTask(IInvocationOperation invocation, ISymbol? containingSymbol, AsyncTypes types, CancellationToken cancellationToken)
        {
            if (invocation.SemanticModel is not { } model)
            {
                return false;
            }

            switch (EnclosingFunction.Find(invocation.Syntax))
            {
                case AnonymousFunctionExpressionSyntax lambda:
                    return model.GetOperation(lambda, cancellationToken) is { } operation && IsPoolEntryDelegate(operation.Parent, types);
                case MethodDeclarationSyntax declaration:
                    return EnclosingFunction.DeclaredMethod(declaration, model, containingSymbol, cancellationToken) is { } method
                        && OnlyPoolEntry(method, model, types, cancellationToken);
                default:
                    return false;
            }
        }

        private static bool OnlyPoolEntry(IMethodSymbol method, SemanticModel model, AsyncTypes types, CancellationToken cancellationToken)
        {
            if (method.MethodKind != MethodKind.Ordinary || method.DeclaredAccessibility is Accessibility.Public or Accessibility.Protected or Accessibility.ProtectedOrInternal
                || method.IsVirtual || method.IsOverride || method.IsAbstract || method.ContainingType is not { } type)
            {
                return false;
            }

            var entry = false;
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                if (reference.SyntaxTree != model.SyntaxTree)
                {
                    // A part the site's model does not cover may use the method otherwise.
                    return false;
                }

                foreach (var node in reference.GetSyntax(cancellationToken).DescendantNodes())
                {
                    if (node is not IdentifierNameSyntax name || name.Identifier.ValueText != method.Name)
                    {
                        continue;
                    }

                    var target = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? (SyntaxNode)access : name;
                    var operation = model.GetOperation(target, cancellationToken);
                    if (operation is IMethodReferenceOperation methodReference && methodReference.Method.OriginalDefinition.Is(method.OriginalDefinition))
                    {
                        if (!IsPoolEntryDelegate(methodReference.Parent, types))
                        {
                            return false;
                        }

                        entry = true;
                    }
                    else if (operation is IInvocationOperation call && call.TargetMethod.OriginalDefinition.Is(method.OriginalDefinition))
                    {
                        return false;
                    }
                    else if (operation is null && model.GetSymbolInfo(name, cancellationToken).Symbol?.OriginalDefinition.Is(method.OriginalDefinition) == true)
                    {
                        return false;
                    }
                }
            }

            return entry;
        }

        /// <summary>The delegate goes, as is, to a Timer or Thread constructor or to ThreadPool.(Unsafe)QueueUserWorkItem.</summary>
        private static bool IsPoolEntryDelegate(IOperation? operation, AsyncTypes types)
        {
            for (var depth = 0; operation != null && depth < 6; depth++, operation = operation.Parent)
            {
                switch (operation)
                {
                    case IDelegateCreationOperation:
                    case IConversionOperation:
                    case IArgumentOperation:
                    case IParenthesizedOperation:
                        continue;
                    case IObjectCreationOperation creation:
                        return creation.Type is INamedTypeSymbol created
                            && (created.Is(types.Thread) || (created.Name == "Timer" && IsSystemThreading(created.ContainingNamespace)));
                    case IInvocationOperation start:
                        return start.TargetMethod is { IsStatic: true, Name: "QueueUserWorkItem" or "UnsafeQueueUserWorkItem", ContainingType: { Name: "ThreadPool" } pool }
                            && IsSystemThreading(pool.ContainingNamespace);
                    default:
                        return false;
                }
            }

            return false;
        }

        private static bool IsSystemThreading(INamespaceSymbol? ns) =>
            ns is { Name: "Threading", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };
    }
}
