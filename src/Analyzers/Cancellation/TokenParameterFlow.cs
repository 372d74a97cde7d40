namespace AsyncGuard.Analyzers.Cancellation
{
    /// <summary>
    /// What a callee declared in source does with its CancellationToken parameter (AG0301, issue 16 W2 and W4), followed
    /// through the source calls it forwards the token to (a few levels, a few methods):
    /// <list type="bullet">
    /// <item>the fields and properties it assigns from the token (`UserToken = cancellationToken`);</item>
    /// <item>whether every use is one that cannot wait: a check (`IsCancellationRequested`, `CanBeCanceled`,
    /// `ThrowIfCancellationRequested()`), a registration (`Register`), a store into a field or property, or a forward to
    /// another such source method. A token handed to a library method, awaited work, a local, a return or anything else
    /// may wait (<see cref="MayWait"/>);</item>
    /// <item>whether it keeps the token for a scope: registers on it or stores it (<see cref="Keeps"/>).</item>
    /// </list>
    /// Runs only for a call AG0301 is about to report; a virtual, abstract or body-less callee is unknown (may wait).
    /// </summary>
    internal readonly struct TokenParameterFlow
    {
        private const int MaxDepth = 4;
        private const int MaxMethods = 12;

        private TokenParameterFlow(bool mayWait, bool keeps, ImmutableArray<ISymbol> assigned)
        {
            MayWait = mayWait;
            Keeps = keeps;
            Assigned = assigned;
        }

        /// <summary>Nothing known: may wait, assigns nothing.</summary>
        public static TokenParameterFlow Unknown => new TokenParameterFlow(true, false, ImmutableArray<ISymbol>.Empty);

        /// <summary>Some use of the token may wait on it (or is not understood).</summary>
        public bool MayWait { get; }

        /// <summary>The token is registered on (`Register`) or stored in a field or property: the callee keeps it for a scope.</summary>
        public bool Keeps { get; }

        /// <summary>The fields and properties (original definitions) assigned from the token.</summary>
        public ImmutableArray<ISymbol> Assigned { get; }

        /// <summary>The flow of <paramref name="parameter"/> of <paramref name="method"/> (both as the call binds them).</summary>
        public static TokenParameterFlow Of(IMethodSymbol method, IParameterSymbol parameter, SemanticModel model, AsyncTypes types, CancellationToken cancellationToken)
        {
            var walk = new Walk(model, types, cancellationToken);
            walk.Follow(method, parameter, 0);
            return new TokenParameterFlow(walk.MayWait, walk.Keeps, walk.Assigned?.ToImmutable() ?? ImmutableArray<ISymbol>.Empty);
        }

        /// <summary>The definition and token parameter of the callee behind a reduced extension or a generic instance.</summary>
        private static (IMethodSymbol Method, IParameterSymbol? Parameter) Definition(IMethodSymbol method, IParameterSymbol parameter)
        {
            var offset = method.ReducedFrom != null ? 1 : 0;
            var definition = (method.ReducedFrom ?? method).OriginalDefinition;
            var ordinal = parameter.Ordinal + offset;
            return (definition, ordinal < definition.Parameters.Length ? definition.Parameters[ordinal] : null);
        }

        private sealed class Walk(SemanticModel model, AsyncTypes types, CancellationToken cancellationToken)
        {
            private readonly HashSet<ISymbol> _visited = new HashSet<ISymbol>(SymbolEqualityComparer.Default);

            public bool MayWait { get; private set; }

            public bool Keeps { get; private set; }

            public ImmutableArray<ISymbol>.Builder? Assigned { get; private set; }

            public void Follow(IMethodSymbol called, IParameterSymbol calledParameter, int depth)
            {
                var (method, parameter) = Definition(called, calledParameter);
                if (parameter is null || !types.IsCancellationToken(parameter.Type))
                {
                    MayWait = true;
                    return;
                }

                if (!_visited.Add(parameter))
                {
                    return;
                }

                if (depth > MaxDepth || _visited.Count > MaxMethods || Overridable(method) || BodyOf(method) is not { } body)
                {
                    MayWait = true;
                    return;
                }

                // A callee of a referenced project has syntax but no place in this compilation: unknown.
                var bodyModel = body.SyntaxTree == model.SyntaxTree ? model
                    : model.Compilation.ContainsSyntaxTree(body.SyntaxTree) ? ModelFor(body.SyntaxTree) : null;
                if (bodyModel?.GetOperation(body, cancellationToken) is not { } operation)
                {
                    MayWait = true;
                    return;
                }

                foreach (var node in operation.Descendants())
                {
                    if (node is IParameterReferenceOperation reference && reference.Parameter.Is(parameter))
                    {
                        Use(reference, depth);
                    }
                }
            }

#pragma warning disable RS1030 // The callee's file, only for a call AG0301 is about to report, at most MaxMethods methods.
            private SemanticModel ModelFor(SyntaxTree tree) => model.Compilation.GetSemanticModel(tree);
#pragma warning restore RS1030

            private void Use(IParameterReferenceOperation reference, int depth)
            {
                IOperation use = reference;
                while (use.Parent is IConversionOperation or IParenthesizedOperation)
                {
                    use = use.Parent;
                }

                switch (use.Parent)
                {
                    case IArgumentOperation { Parent: IInvocationOperation invocation, Parameter: { } target }:
                        Follow(invocation.TargetMethod, target, depth + 1);
                        return;
                    case IInvocationOperation invocation when invocation.Instance == use
                        && invocation.TargetMethod.Name is "ThrowIfCancellationRequested" or "Register" or "UnsafeRegister":
                        Keeps |= invocation.TargetMethod.Name != "ThrowIfCancellationRequested";
                        return;
                    case IPropertyReferenceOperation property when property.Instance == use
                        && property.Property.Name is "IsCancellationRequested" or "CanBeCanceled":
                        return;
                    case ISimpleAssignmentOperation assignment when assignment.Value == use:
                        switch (assignment.Target)
                        {
                            case IFieldReferenceOperation field:
                                Keeps = true;
                                (Assigned ??= ImmutableArray.CreateBuilder<ISymbol>()).Add(field.Field.OriginalDefinition);
                                return;
                            case IPropertyReferenceOperation property:
                                Keeps = true;
                                (Assigned ??= ImmutableArray.CreateBuilder<ISymbol>()).Add(property.Property.OriginalDefinition);
                                return;
                        }

                        break;
                }

                MayWait = true;
            }

            private static bool Overridable(IMethodSymbol method) =>
                (method.IsAbstract || method.IsVirtual || (method.IsOverride && !method.IsSealed)) && method.ContainingType is { IsSealed: false };

            /// <summary>The block or expression body of a method, local function or accessor declared in source.</summary>
            private SyntaxNode? BodyOf(IMethodSymbol method)
            {
                if (method.DeclaringSyntaxReferences.Length != 1)
                {
                    return null;
                }

                return method.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) switch
                {
                    BaseMethodDeclarationSyntax declaration => (SyntaxNode?)declaration.Body ?? declaration.ExpressionBody,
                    LocalFunctionStatementSyntax local => (SyntaxNode?)local.Body ?? local.ExpressionBody,
                    AccessorDeclarationSyntax accessor => (SyntaxNode?)accessor.Body ?? accessor.ExpressionBody,
                    _ => null,
                };
            }
        }
    }
}
