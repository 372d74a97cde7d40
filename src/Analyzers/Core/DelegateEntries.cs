namespace AsyncGuard.Analyzers.Core
{
    /// <summary>
    /// Functions that only ever run as a delegate handed to one kind of call or creation (a thread's constructor, a timer, the
    /// pool's queue: the caller's predicate says which): a lambda given as is to it, or a method that is not public, protected,
    /// virtual, abstract or an override and whose every use in its type (all parts in the site's tree) is a delegate handed to
    /// it. A direct call of the method, or any other use, means it may also run elsewhere. Shared by AG0103's dedicated-thread
    /// entries (Blocking/ThreadEntries) and AG0210's pool callbacks (TaskLifetime/PoolCallbackEntries).
    /// </summary>
    internal static class DelegateEntries
    {
        /// <summary>Whether <paramref name="function"/> only runs as a delegate that <paramref name="handedTo"/> accepts.</summary>
        /// <param name="handedTo">Given the call or creation the delegate goes to as is (see <see cref="Receiver"/>), or null.</param>
        /// <param name="containingSymbol">The analysis context's symbol when known (spares a declared-symbol lookup).</param>
        public static bool IsOnlyEntry(SyntaxNode? function, SemanticModel model, ISymbol? containingSymbol, Func<IOperation?, bool> handedTo, CancellationToken cancellationToken)
        {
            switch (function)
            {
                case AnonymousFunctionExpressionSyntax lambda:
                    return model.GetOperation(lambda, cancellationToken) is { } operation && handedTo(Receiver(operation.Parent));
                case MethodDeclarationSyntax declaration:
                    return EnclosingFunction.DeclaredMethod(declaration, model, containingSymbol, cancellationToken) is { } method
                        && OnlyEntry(method, model, handedTo, cancellationToken);
                default:
                    return false;
            }
        }

        /// <summary>
        /// The creation or invocation a delegate goes to as is: up from it through delegate creations, conversions, arguments
        /// and parentheses (a few levels); null when it goes anywhere else.
        /// </summary>
        public static IOperation? Receiver(IOperation? operation)
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
                    case IObjectCreationOperation or IInvocationOperation:
                        return operation;
                    default:
                        return null;
                }
            }

            return null;
        }

        public static bool IsSystemThreading(INamespaceSymbol? ns) =>
            ns is { Name: "Threading", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };

        private static bool OnlyEntry(IMethodSymbol method, SemanticModel model, Func<IOperation?, bool> handedTo, CancellationToken cancellationToken)
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
                        if (!handedTo(Receiver(methodReference.Parent)))
                        {
                            return false;
                        }

                        entry = true;
                    }
                    else if (operation is IInvocationOperation call && call.TargetMethod.OriginalDefinition.Is(method.OriginalDefinition))
                    {
                        // Called directly as well: it also runs on its caller's thread.
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
    }
}
