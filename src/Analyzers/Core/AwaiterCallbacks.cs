namespace AsyncGuard.Analyzers.Core
{
    /// <summary>
    /// AG0101/AG0103 (issue 16, corpus9lib): <c>GetResult()</c> of a stored awaiter inside a method that runs only as that
    /// awaiter's completion callback. The awaiter is a field or property (<c>state.ReadAwaiter.GetResult()</c>), and the
    /// method that reads it — a parameterless void method, not virtual, not an interface implementation, not visible outside
    /// the assembly — is never called: every use of it is a method group given to <c>OnCompleted</c>/<c>UnsafeOnCompleted</c>
    /// of a Task/ValueTask awaiter reached through the same access path (the same fields and properties, a local standing for
    /// its initializer when it is never written again), directly or through a private delegate field cached by a property
    /// (<c>Action Callback =&gt; _callback ??= Process;</c>) whose every use is such a registration. The awaiter then runs the
    /// method once it has completed, so <c>GetResult</c> returns at once. The references are searched by name in the
    /// declarations of the containing type (a private method) or of the whole compilation (internal: other assemblies do not
    /// see it); asked only for a wait about to be reported.
    /// </summary>
    internal static class AwaiterCallbacks
    {
        private const int MaxPath = 6;

        public static bool IsOwnCompletionCallback(SyntaxNode waitNode, SemanticModel model, AsyncTypes types, CancellationToken ct)
        {
            if (waitNode is MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax parentCall } member && parentCall.Expression == member)
            {
                waitNode = parentCall;
            }

            if (waitNode is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetResult" } getResult, ArgumentList.Arguments.Count: 0 }
                || getResult.Expression is not (MemberAccessExpressionSyntax or IdentifierNameSyntax)
                || model.GetSymbolInfo(getResult.Expression, ct).Symbol is not (IFieldSymbol or IPropertySymbol)
                || !types.IsTaskAwaiter(model.GetTypeInfo(getResult.Expression, ct).Type)
                || Path(getResult.Expression, model, ct) is not { } waited
                || EnclosingMethod(waitNode, model, ct) is not { } method
                || !IsPlainCallback(method))
            {
                return false;
            }

            var registrations = 0;
            foreach (var (use, useModel) in Uses(method, method, model, ct))
            {
                if (use.Parent is InvocationExpressionSyntax invocation && invocation.Expression == use)
                {
                    return false; // called directly: the awaiter may still be pending
                }

                if (IsRegistration(use, waited, useModel, types, ct))
                {
                    registrations++;
                    continue;
                }

                var registered = CachedRegistrations(use, method, waited, useModel, types, ct);
                if (registered <= 0)
                {
                    return false;
                }

                registrations += registered;
            }

            return registrations > 0;
        }

        private static bool IsPlainCallback(IMethodSymbol method) =>
            method is { MethodKind: MethodKind.Ordinary, ReturnsVoid: true, Parameters.IsEmpty: true, IsVirtual: false, IsAbstract: false, IsOverride: false, IsExtern: false, ExplicitInterfaceImplementations.IsEmpty: true }
            && method.DeclaredAccessibility is Accessibility.Private or Accessibility.Internal or Accessibility.ProtectedAndInternal
            && !method.IsVisibleOutsideAssembly()
            && !method.ImplementsInterfaceMethodImplicitly();

        /// <summary>The method whose own body (not a lambda or local function in it) holds the node.</summary>
        private static IMethodSymbol? EnclosingMethod(SyntaxNode node, SemanticModel model, CancellationToken ct)
        {
            for (var current = node.Parent; current != null; current = current.Parent)
            {
                switch (current)
                {
                    case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax:
                        return null;
                    case MethodDeclarationSyntax declaration:
                        return model.GetDeclaredSymbol(declaration, ct);
                    case MemberDeclarationSyntax:
                        return null;
                }
            }

            return null;
        }

        /// <summary>
        /// `x.OnCompleted(use)` / `x.UnsafeOnCompleted(use)` on a Task/ValueTask awaiter whose access path is <paramref name="waited"/>.
        /// </summary>
        private static bool IsRegistration(ExpressionSyntax use, ImmutableArray<ISymbol> waited, SemanticModel model, AsyncTypes types, CancellationToken ct)
        {
            SyntaxNode current = use;
            while (current.Parent is ParenthesizedExpressionSyntax)
            {
                current = current.Parent;
            }

            return current.Parent is ArgumentSyntax { RefKindKeyword.RawKind: 0, Parent: ArgumentListSyntax { Arguments.Count: 1, Parent: InvocationExpressionSyntax call } }
                && call.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "OnCompleted" or "UnsafeOnCompleted" } access
                && model.GetSymbolInfo(call, ct).Symbol is IMethodSymbol registration
                && types.IsTaskAwaiter(registration.ContainingType)
                && Path(access.Expression, model, ct) is { } path
                && SamePath(path, waited);
        }

        /// <summary>
        /// The method group stored in a private delegate field (`_f ??= M` or `_f = M`), where every reference to the field is
        /// such an assignment of this method, and every value of those assignments is a registration: the assignment given
        /// directly, or the arrow body of a property (not visible outside the assembly) whose every use is a registration. The
        /// count of registrations found; 0 or less when the delegate may go anywhere else.
        /// </summary>
        private static int CachedRegistrations(ExpressionSyntax use, IMethodSymbol method, ImmutableArray<ISymbol> waited, SemanticModel model, AsyncTypes types, CancellationToken ct)
        {
            if (use.Parent is not AssignmentExpressionSyntax assignment
                || assignment.Right != use
                || !assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) && !assignment.IsKind(SyntaxKind.CoalesceAssignmentExpression)
                || model.GetSymbolInfo(assignment.Left, ct).Symbol is not IFieldSymbol { DeclaredAccessibility: Accessibility.Private, Type.TypeKind: TypeKind.Delegate } field
                || !OnlyAssignedThis(field, method, model, ct))
            {
                return 0;
            }

            if (assignment.Parent is ExpressionStatementSyntax)
            {
                return 1; // the value is not used here; the field's reads are the other assignments' values, checked each in turn
            }

            if (IsRegistration(assignment, waited, model, types, ct))
            {
                return 1;
            }

            // `Action Callback => _f ??= M;` (or its getter's arrow): every use of the property must be a registration.
            var holder = assignment.Parent is ArrowExpressionClauseSyntax arrow ? arrow.Parent : null;
            if (holder is AccessorDeclarationSyntax { Keyword.RawKind: (int)SyntaxKind.GetKeyword } getter)
            {
                holder = getter.Parent?.Parent;
            }

            if (holder is not PropertyDeclarationSyntax declaration
                || model.GetDeclaredSymbol(declaration, ct) is not { IsVirtual: false, IsAbstract: false, IsOverride: false, SetMethod: null } property
                || property.IsVisibleOutsideAssembly()
                || !property.ExplicitInterfaceImplementations.IsEmpty)
            {
                return 0;
            }

            var registrations = 0;
            foreach (var (propertyUse, propertyModel) in Uses(property, property, model, ct))
            {
                if (!IsRegistration(propertyUse, waited, propertyModel, types, ct))
                {
                    return 0;
                }

                registrations++;
            }

            return registrations;
        }

        /// <summary>Every reference to the private field is the target of an assignment (`=` or `??=`) of the method group.</summary>
        private static bool OnlyAssignedThis(IFieldSymbol field, IMethodSymbol method, SemanticModel model, CancellationToken ct)
        {
            foreach (var (use, useModel) in Uses(field, field, model, ct))
            {
                if (use.Parent is not AssignmentExpressionSyntax assignment
                    || assignment.Left != use
                    || !assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) && !assignment.IsKind(SyntaxKind.CoalesceAssignmentExpression)
                    || useModel.GetSymbolInfo(assignment.Right, ct).Symbol is not IMethodSymbol assigned
                    || !assigned.OriginalDefinition.Is(method.OriginalDefinition))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// The references to <paramref name="symbol"/> (the member access `this.X` / `a.X` where named so), each with the model
        /// of its file: in the declarations of the containing type for a private member, else in the whole compilation.
        /// </summary>
        private static IEnumerable<(ExpressionSyntax Use, SemanticModel Model)> Uses(ISymbol symbol, ISymbol scopeOf, SemanticModel model, CancellationToken ct)
        {
            foreach (var root in ReferenceRoots.Of(scopeOf, model.Compilation, ct))
            {
                // Another file of the compilation, only for a wait about to be reported whose awaiter is a stored field or property.
                var rootModel = SemanticModels.For(model, root.SyntaxTree);
                foreach (var identifier in NameReferences.Of(symbol, root, rootModel, ct))
                {
                    yield return (identifier.Parent is MemberAccessExpressionSyntax access && access.Name == identifier ? access : identifier, rootModel);
                }
            }
        }

        /// <summary>
        /// The fields and properties an access goes through, outermost first (`state.Awaiter` with `var state = State;` gives
        /// State, Awaiter); a local counts as its initializer when nothing writes it again. Default when the path holds a call,
        /// an element access or anything else whose value may differ between two evaluations.
        /// </summary>
        private static ImmutableArray<ISymbol>? Path(ExpressionSyntax expression, SemanticModel model, CancellationToken ct)
        {
            var symbols = new List<ISymbol>();
            for (var depth = 0; depth < MaxPath; depth++)
            {
                expression = expression.WalkDownParentheses(throughSuppressions: false);
                switch (expression)
                {
                    case ThisExpressionSyntax:
                        symbols.Reverse();
                        return symbols.ToImmutableArray();
                    case MemberAccessExpressionSyntax access when model.GetSymbolInfo(access, ct).Symbol is IFieldSymbol or IPropertySymbol:
                        symbols.Add(model.GetSymbolInfo(access, ct).Symbol!);
                        expression = access.Expression;
                        continue;
                    case IdentifierNameSyntax name:
                        switch (model.GetSymbolInfo(name, ct).Symbol)
                        {
                            case IFieldSymbol or IPropertySymbol:
                                symbols.Add(model.GetSymbolInfo(name, ct).Symbol!);
                                symbols.Reverse();
                                return symbols.ToImmutableArray();
                            case ILocalSymbol { IsRef: false } local when NeverWrittenAgain(local, model, ct) is { } initializer:
                                expression = initializer;
                                continue;
                            default:
                                return null;
                        }

                    default:
                        return null;
                }
            }

            return null;
        }

        /// <summary>The initializer of a local declared once with one, when no reference writes it again.</summary>
        private static ExpressionSyntax? NeverWrittenAgain(ILocalSymbol local, SemanticModel model, CancellationToken ct)
        {
            if (local.DeclaringSyntaxReferences.Length != 1
                || local.DeclaringSyntaxReferences[0].GetSyntax(ct) is not VariableDeclaratorSyntax { Initializer.Value: { } initializer } declarator
                || declarator.FirstAncestorOrSelf<MemberDeclarationSyntax>() is not { } member)
            {
                return null;
            }

            var written = false;
            return VariableWrites.AllAccepted(local, member, model, _ => false, ref written, ct) && !written ? initializer : null;
        }

        private static bool SamePath(ImmutableArray<ISymbol> path, ImmutableArray<ISymbol> other)
        {
            if (path.Length != other.Length)
            {
                return false;
            }

            for (var i = 0; i < path.Length; i++)
            {
                if (!path[i].OriginalDefinition.Is(other[i].OriginalDefinition))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
