namespace AsyncGuard.Analyzers.Core
{
    /// <summary>
    /// AG0101/AG0103 (issue 16, held-out ho4a, datastax/csharp-driver's task-chaining helpers and socket read callback): a wait
    /// on a task parameter of a method that only ever receives completed tasks. The method is not visible outside the
    /// assembly (it, or a type containing it, is private or internal), is an ordinary method that is not abstract, virtual,
    /// an override or an interface implementation, never assigns the parameter, and every reference to it in the compilation
    /// is either
    /// <list type="bullet">
    /// <item>a call whose argument for that parameter is complete where the call is made: the antecedent parameter of a
    /// <c>ContinueWith</c> / <c>ContinueWhenAll</c> / <c>ContinueWhenAny</c> callback, or a task the completion proofs prove
    /// at the call (under <c>if (task.IsCompleted)</c>, inside the task's own <c>ContinueWith</c> callback, after an await);
    /// or</item>
    /// <item>the method itself given as a method group to <c>ContinueWith</c> on a task, the parameter being the antecedent
    /// (its first).</item>
    /// </list>
    /// At least one reference is required. References are searched by name in the declarations of the containing type (a
    /// private method) or the whole compilation; asked only for a wait about to be reported. Still reported: a method
    /// callable from other assemblies, a call given a task that may be pending, the method kept as a delegate or given to
    /// anything else, a parameter assigned in the method.
    /// </summary>
    internal static class CompletedParameters
    {
        public static bool IsCompleteAtEveryUse(IParameterSymbol parameter, SemanticModel model, AsyncTypes types, CancellationToken ct)
        {
            if (parameter.RefKind != RefKind.None
                || parameter.ContainingSymbol is not IMethodSymbol { MethodKind: MethodKind.Ordinary } method
                || method.IsAbstract || method.IsVirtual || method.IsOverride || method.IsExtern
                || !method.ExplicitInterfaceImplementations.IsEmpty
                || method.DeclaringSyntaxReferences.Length != 1
                || !IsHiddenFromOtherAssemblies(method)
                || ImplementsInterfaceMember(method))
            {
                return false;
            }

            if (method.DeclaringSyntaxReferences[0].GetSyntax(ct) is not MethodDeclarationSyntax declaration
                || IsAssignedIn(declaration, parameter, model, ct))
            {
                return false;
            }

            var uses = 0;
            foreach (var root in ReferenceRoots.Of(method, model.Compilation, ct))
            {
                foreach (var node in root.DescendantNodes())
                {
                    if (node is not IdentifierNameSyntax { Identifier.ValueText: var name } identifier || name != method.Name)
                    {
                        continue;
                    }

                    var useModel = SemanticModels.For(model, identifier.SyntaxTree);
                    var info = useModel.GetSymbolInfo(identifier, ct);
                    var referenced = info.Symbol ?? (info.CandidateSymbols.Length == 1 ? info.CandidateSymbols[0] : null);
                    if (referenced is not IMethodSymbol target || !SymbolEqualityComparer.Default.Equals(target.OriginalDefinition, method.OriginalDefinition))
                    {
                        continue;
                    }

                    if (!IsCompletingUse(identifier, parameter.Ordinal, useModel, types, ct))
                    {
                        return false;
                    }

                    uses++;
                }
            }

            return uses > 0;
        }

        private static bool IsCompletingUse(IdentifierNameSyntax identifier, int ordinal, SemanticModel model, AsyncTypes types, CancellationToken ct)
        {
            SyntaxNode called = identifier.Parent is MemberAccessExpressionSyntax access && access.Name == identifier ? access : identifier;
            if (called.Parent is InvocationExpressionSyntax invocation && invocation.Expression == called)
            {
                if (model.GetOperation(invocation, ct) is not IInvocationOperation call)
                {
                    return false;
                }

                foreach (var argument in call.Arguments)
                {
                    if (argument.Parameter?.Ordinal == ordinal)
                    {
                        return argument.ArgumentKind == ArgumentKind.Explicit
                            && argument.Value.Syntax is ExpressionSyntax value
                            && IsCompleteAt(invocation, value, model, types, ct);
                    }
                }

                return false;
            }

            // `task.ContinueWith(Callback, ..)`: the method group receives the antecedent as its first parameter.
            return ordinal == 0
                && called.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax continuation } } given
                && continuation.ArgumentList.Arguments.IndexOf(given) == 0
                && continuation.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ContinueWith" }
                && model.GetSymbolInfo(continuation, ct).Symbol is IMethodSymbol { IsStatic: false } continueWith
                && types.IsTaskLike(continueWith.ContainingType);
        }

        private static bool IsCompleteAt(InvocationExpressionSyntax call, ExpressionSyntax argument, SemanticModel model, AsyncTypes types, CancellationToken ct)
        {
            var named = argument.WalkDownParentheses(throughSuppressions: true);
            while (named is CastExpressionSyntax { Expression: var operand })
            {
                named = operand.WalkDownParentheses(throughSuppressions: true);
            }

            var symbol = model.GetSymbolInfo(named, ct).Symbol;
            if (symbol is null)
            {
                return false;
            }

            return (symbol is IParameterSymbol antecedent && WaitExemptions.IsContinuationAntecedent(antecedent, model, types, ct))
                || CompletionProofs.IsProvenComplete(call, named, symbol, null, model, types, ct, named);
        }

        private static bool IsHiddenFromOtherAssemblies(ISymbol symbol)
        {
            for (var current = symbol; current is not null and not INamespaceSymbol; current = current.ContainingSymbol)
            {
                if (current.DeclaredAccessibility is Accessibility.Private or Accessibility.Internal or Accessibility.ProtectedAndInternal)
                {
                    return true;
                }
            }

            return false;
        }

        private static bool ImplementsInterfaceMember(IMethodSymbol method)
        {
            foreach (var type in method.ContainingType.AllInterfaces)
            {
                foreach (var member in type.GetMembers(method.Name))
                {
                    if (SymbolEqualityComparer.Default.Equals(method.ContainingType.FindImplementationForInterfaceMember(member), method))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static bool IsAssignedIn(MethodDeclarationSyntax declaration, IParameterSymbol parameter, SemanticModel model, CancellationToken ct)
        {
            SyntaxNode? body = (SyntaxNode?)declaration.Body ?? declaration.ExpressionBody;
            if (body is null)
            {
                return true;
            }

            var declarationModel = SemanticModels.For(model, declaration.SyntaxTree);
            foreach (var node in body.DescendantNodes())
            {
                if (node is not IdentifierNameSyntax { Identifier.ValueText: var name } identifier || name != parameter.Name)
                {
                    continue;
                }

                var written = identifier.Parent switch
                {
                    AssignmentExpressionSyntax assignment => assignment.Left == identifier,
                    ArgumentSyntax argument => !argument.RefKindKeyword.IsKind(SyntaxKind.None),
                    PrefixUnaryExpressionSyntax or PostfixUnaryExpressionSyntax => true,
                    _ => false,
                };
                if (written && SymbolEqualityComparer.Default.Equals(declarationModel.GetSymbolInfo(identifier, ct).Symbol, parameter))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
