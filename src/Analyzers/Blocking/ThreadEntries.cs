namespace AsyncGuard.Analyzers.Blocking
{
    /// <summary>
    /// AG0103's dedicated-thread entries: a wait directly in the function a <c>new Thread(..)</c> runs (a lambda given to
    /// the constructor, or a non-public method whose every use in its type is as that constructor's delegate). The thread
    /// exists to run this function: it is no pool thread (blocking it starves nobody) and has no synchronization context
    /// unless the function installs one, and making the function async would end the thread at the first await and run
    /// the rest on the pool. Asked only when a wait is about to be reported.
    /// </summary>
    internal static class ThreadEntries
    {
        /// <summary>The .editorconfig key that reports waits in dedicated thread entries anyway.</summary>
        public const string ReportOption = "dotnet_diagnostic.AG0103.report_thread_entries";

        public static bool Reported(AnalyzerOptions options, SyntaxTree tree) => RuleOptions.GetBool(options, tree, ReportOption);

        /// <summary>Whether <paramref name="function"/> is only ever run as a dedicated thread's entry.</summary>
        /// <param name="containingSymbol">The analysis context's symbol when known (spares a declared-symbol lookup).</param>
        public static bool IsEntry(SyntaxNode? function, SemanticModel model, AsyncTypes types, CancellationToken cancellationToken, ISymbol? containingSymbol = null)
        {
            switch (function)
            {
                case AnonymousFunctionExpressionSyntax lambda:
                    return model.GetOperation(lambda, cancellationToken) is { } operation && StartsThread(operation.Parent, types);
                case MethodDeclarationSyntax declaration:
                    return EnclosingFunction.DeclaredMethod(declaration, model, containingSymbol, cancellationToken) is { } method && OnlyThreadEntry(method, model, types, cancellationToken);
                default:
                    return false;
            }
        }

        private static bool OnlyThreadEntry(IMethodSymbol method, SemanticModel model, AsyncTypes types, CancellationToken cancellationToken)
        {
            if (method.MethodKind != MethodKind.Ordinary || method.DeclaredAccessibility == Accessibility.Public
                || method.DeclaredAccessibility == Accessibility.Protected || method.DeclaredAccessibility == Accessibility.ProtectedOrInternal
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
                        if (!StartsThread(methodReference.Parent, types))
                        {
                            return false;
                        }

                        entry = true;
                    }
                    else if (operation is IInvocationOperation call && call.TargetMethod.OriginalDefinition.Is(method.OriginalDefinition))
                    {
                        // Called directly as well: that caller's thread waits too.
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

        /// <summary>The delegate made of the function goes, as is, to a <c>System.Threading.Thread</c> constructor.</summary>
        private static bool StartsThread(IOperation? operation, AsyncTypes types)
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
                        return creation.Type is { } created && created.Is(types.Thread);
                    case IInvocationOperation start:
                        // Task.Factory.StartNew(f, .., LongRunning, Default/Current): a thread of its own as well.
                        return LongRunningEntries.StartsDedicatedThread(start, types);
                    default:
                        return false;
                }
            }

            return false;
        }
    }
}
