namespace AsyncGuard.Analyzers.Blocking
{
    /// <summary>
    /// AG0103's inline framework callbacks: a synchronous function that only runs as a callback the framework invokes inline
    /// and waits for, through a delegate type of its own with no async form — a cancellation callback given to
    /// <c>CancellationToken.Register</c>/<c>UnsafeRegister</c> (it runs inside <c>Cancel()</c>, which returns once it is done),
    /// and the TLS certificate callbacks of <c>System.Net.Security</c> (<c>RemoteCertificateValidationCallback</c>,
    /// <c>LocalCertificateSelectionCallback</c>, <c>ServerCertificateSelectionCallback</c>: the handshake needs their answer).
    /// The function is a lambda converted to such a slot, or a method that is not public, protected, virtual or a contract
    /// member, whose every use in the compilation is such a conversion or the call that is the whole body of such a lambda.
    /// The delegate type imposes the synchronous signature and the framework offers no async registration, so the wait is
    /// the boundary; it widens <see cref="ExternalContracts"/> (same option). Asked only once a wait is about to be reported.
    /// </summary>
    internal static class InlineFrameworkCallbacks
    {
        /// <summary>The most uses of a method read before giving up (it stays reported).</summary>
        private const int MaxUses = 8;

        /// <summary>Whether <paramref name="function"/> (the wait's innermost function) only runs as an inline framework callback.</summary>
        public static bool IsCallback(SyntaxNode? function, SemanticModel model, ISymbol? containingSymbol, CancellationToken cancellationToken)
        {
            switch (function)
            {
                case AnonymousFunctionExpressionSyntax lambda:
                    return model.GetOperation(lambda, cancellationToken) is { } operation && IsSlot(operation);
                case MethodDeclarationSyntax declaration:
                    // Syntax first: a public or protected method may be called from anywhere.
                    foreach (var modifier in declaration.Modifiers)
                    {
                        if (modifier.IsKind(SyntaxKind.PublicKeyword) || modifier.IsKind(SyntaxKind.ProtectedKeyword)
                            || modifier.IsKind(SyntaxKind.VirtualKeyword) || modifier.IsKind(SyntaxKind.OverrideKeyword)
                            || modifier.IsKind(SyntaxKind.AbstractKeyword))
                        {
                            return false;
                        }
                    }

                    return declaration.ExplicitInterfaceSpecifier is null
                        && EnclosingFunction.DeclaredMethod(declaration, model, containingSymbol, cancellationToken) is { } method
                        && OnlyCallback(method, model, cancellationToken);
                default:
                    return false;
            }
        }

        /// <summary>
        /// The function (a lambda's or a method reference's operation) becomes a delegate of a TLS certificate callback type, or
        /// goes as is to <c>CancellationToken.Register</c>/<c>UnsafeRegister</c>.
        /// </summary>
        private static bool IsSlot(IOperation function)
        {
            if (function.Parent is IDelegateCreationOperation { Type: INamedTypeSymbol delegateType } && IsCertificateCallback(delegateType))
            {
                return true;
            }

            return DelegateEntries.Receiver(function.Parent) is IInvocationOperation
            {
                TargetMethod: { Name: "Register" or "UnsafeRegister", ContainingType: { Name: "CancellationToken" } owner },
            } && DelegateEntries.IsSystemThreading(owner.ContainingNamespace);
        }

        private static bool IsCertificateCallback(INamedTypeSymbol type) =>
            type.TypeKind == TypeKind.Delegate
            && type.Name is "RemoteCertificateValidationCallback" or "LocalCertificateSelectionCallback" or "ServerCertificateSelectionCallback"
            && type.ContainingNamespace is { Name: "Security", ContainingNamespace: { Name: "Net", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } };

        /// <summary>
        /// Every use of <paramref name="method"/> (private: in its type's parts; internal: in the compilation's files) is a
        /// method group going to a slot, or a call that is the whole body of a lambda going to one. At least one use.
        /// </summary>
        private static bool OnlyCallback(IMethodSymbol method, SemanticModel model, CancellationToken cancellationToken)
        {
            if (method.MethodKind != MethodKind.Ordinary || method.IsVirtual || method.IsOverride || method.IsAbstract || method.IsExtern
                || method.DeclaredAccessibility is not (Accessibility.Private or Accessibility.Internal)
                || method.ContainingType is not { TypeKind: TypeKind.Class or TypeKind.Struct }
                || !method.ExplicitInterfaceImplementations.IsEmpty)
            {
                return false;
            }

            var uses = 0;
            foreach (var root in ReferenceRoots.Of(method, model.Compilation, cancellationToken))
            {
                SemanticModel? rootModel = null;
                foreach (var node in root.DescendantNodes())
                {
                    if (node is not IdentifierNameSyntax name || name.Identifier.ValueText != method.Name)
                    {
                        continue;
                    }

                    rootModel ??= SemanticModels.For(model, root.SyntaxTree);
                    var target = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? (SyntaxNode)access : name;
                    var operation = rootModel.GetOperation(target, cancellationToken);
                    if (operation is IMethodReferenceOperation reference && reference.Method.OriginalDefinition.Is(method.OriginalDefinition))
                    {
                        if (!IsSlot(reference))
                        {
                            return false;
                        }
                    }
                    else if (operation is null && target.Parent is InvocationExpressionSyntax invocation && invocation.Expression == target
                        && rootModel.GetOperation(invocation, cancellationToken) is IInvocationOperation call)
                    {
                        if (!call.TargetMethod.OriginalDefinition.Is(method.OriginalDefinition))
                        {
                            continue;
                        }

                        if (WholeBodyOf(invocation) is not { } lambda
                            || rootModel.GetOperation(lambda, cancellationToken) is not { } lambdaOperation
                            || !IsSlot(lambdaOperation))
                        {
                            return false;
                        }
                    }
                    else if (Names(rootModel.GetSymbolInfo(target, cancellationToken), method))
                    {
                        // Any other use (nameof aside, a call the binder could not place) may run it elsewhere.
                        if (name.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "nameof" } } } })
                        {
                            continue;
                        }

                        return false;
                    }
                    else
                    {
                        continue;
                    }

                    if (++uses > MaxUses)
                    {
                        return false;
                    }
                }
            }

            return uses > 0;
        }

        /// <summary>The use names the method, also as a candidate the binder could not settle on (half-typed code).</summary>
        private static bool Names(SymbolInfo info, IMethodSymbol method)
        {
            if (info.Symbol is { } symbol)
            {
                return symbol.OriginalDefinition.Is(method.OriginalDefinition);
            }

            foreach (var candidate in info.CandidateSymbols)
            {
                if (candidate.OriginalDefinition.Is(method.OriginalDefinition))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The lambda whose whole body is <paramref name="invocation"/> (an expression body, or one expression or return statement).</summary>
        private static AnonymousFunctionExpressionSyntax? WholeBodyOf(InvocationExpressionSyntax invocation)
        {
            SyntaxNode node = invocation;
            while (node.Parent is ParenthesizedExpressionSyntax)
            {
                node = node.Parent;
            }

            if (node.Parent is AnonymousFunctionExpressionSyntax expressionBodied && expressionBodied.ExpressionBody == node)
            {
                return expressionBodied;
            }

            return node.Parent is ExpressionStatementSyntax or ReturnStatementSyntax
                && node.Parent.Parent is BlockSyntax { Statements.Count: 1 } block
                && block.Parent is AnonymousFunctionExpressionSyntax blockBodied && blockBodied.Block == block
                ? blockBodied
                : null;
        }
    }
}
