namespace AsyncGuard.Analyzers.Cancellation
{
    /// <summary>
    /// `Add` / `TryAdd` on a `BlockingCollection&lt;T&gt;` known to be unbounded never waits for room: the token of
    /// `Add(item, token)` would have nothing to cancel (AG0301, issue 16, held-out DSharpPlus's UDP receive loop:
    /// `PacketQueue.Add(packet.Buffer)` on a get-only property assigned `[]` in the constructor). Known only where every value
    /// the receiver can hold is visible: a private field, or a private (or privately set) auto-property, of a type declared
    /// in the call's file, whose initializer and every assignment in the type is an unbounded creation —
    /// `new BlockingCollection&lt;T&gt;()`, `new()`, `new BlockingCollection&lt;T&gt;(collection)` (no capacity argument) or
    /// an empty collection expression `[]` — and which is never passed by `ref`/`out`.
    /// <para>
    /// Still reported: a collection made with a bounded capacity (any `int` argument), one given as a parameter or made
    /// elsewhere, a field or property others can assign, a local, and `Take`/`TryTake` (they wait for items whatever the bound).
    /// </para>
    /// </summary>
    internal static class UnboundedCollections
    {
        public static bool AcceptsAtOnce(IInvocationOperation operation, SemanticModel model, CancellationToken cancellationToken)
        {
            var method = operation.TargetMethod;
            if (method.Name is not ("Add" or "TryAdd") || !IsBlockingCollection(method.ContainingType))
            {
                return false;
            }

            ISymbol member;
            switch (Invocations.Receiver(operation))
            {
                case IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } field when field.Field.DeclaredAccessibility == Accessibility.Private:
                    member = field.Field;
                    break;
                case IPropertyReferenceOperation { Instance: null or IInstanceReferenceOperation, Property: { IsIndexer: false } property } when IsPrivateAutoProperty(property):
                    member = property;
                    break;
                default:
                    return false;
            }

            var type = member.ContainingType;
            if (type is null || member.DeclaringSyntaxReferences.Length != 1)
            {
                return false;
            }

            foreach (var part in type.DeclaringSyntaxReferences)
            {
                if (part.SyntaxTree != model.SyntaxTree)
                {
                    return false;
                }
            }

            var declaration = member.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);
            var initializer = declaration switch
            {
                VariableDeclaratorSyntax variable => variable.Initializer?.Value,
                PropertyDeclarationSyntax property => property.Initializer?.Value,
                _ => null,
            };

            if (initializer != null && !IsUnboundedCreation(initializer, model, cancellationToken))
            {
                return false;
            }

            var writes = initializer != null ? 1 : 0;
            foreach (var part in type.DeclaringSyntaxReferences)
            {
                foreach (var node in part.GetSyntax(cancellationToken).DescendantNodes())
                {
                    if (node is not IdentifierNameSyntax identifier || identifier.Identifier.ValueText != member.Name)
                    {
                        continue;
                    }

                    ExpressionSyntax use = identifier.Parent is MemberAccessExpressionSyntax access && access.Name == identifier ? access : identifier;
                    var written = use.Parent is AssignmentExpressionSyntax assignment && assignment.Left == use;
                    var byReference = use.Parent is ArgumentSyntax argument && !argument.RefKindKeyword.IsKind(SyntaxKind.None);
                    if (!written && !byReference)
                    {
                        continue;
                    }

                    if (!member.Is(model.GetSymbolInfo(identifier, cancellationToken).Symbol))
                    {
                        continue;
                    }

                    if (byReference || !use.Parent.IsKind(SyntaxKind.SimpleAssignmentExpression)
                        || !IsUnboundedCreation(((AssignmentExpressionSyntax)use.Parent).Right, model, cancellationToken))
                    {
                        return false;
                    }

                    writes++;
                }
            }

            return writes > 0;
        }

        private static bool IsBlockingCollection(INamedTypeSymbol? type) =>
            type?.OriginalDefinition is { MetadataName: "BlockingCollection`1", ContainingNamespace: { Name: "Concurrent", ContainingNamespace: { Name: "Collections", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } } };

        private static bool IsPrivateAutoProperty(IPropertySymbol property)
        {
            if (property.IsVirtual || property.IsAbstract || property.IsOverride
                || (property.DeclaredAccessibility != Accessibility.Private && property.SetMethod is { DeclaredAccessibility: not Accessibility.Private }))
            {
                return false;
            }

            foreach (var member in property.ContainingType.GetMembers())
            {
                if (member is IFieldSymbol { IsImplicitlyDeclared: true } field && property.Is(field.AssociatedSymbol))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>`new BlockingCollection&lt;T&gt;()`, `new()`, `new BlockingCollection&lt;T&gt;(collection)` or `[]`.</summary>
        private static bool IsUnboundedCreation(ExpressionSyntax value, SemanticModel model, CancellationToken cancellationToken)
        {
            value = value.WalkDownParentheses();
            if (value is CollectionExpressionSyntax collection)
            {
                return collection.Elements.Count == 0 && IsBlockingCollection(model.GetTypeInfo(collection, cancellationToken).ConvertedType as INamedTypeSymbol);
            }

            if (value is not BaseObjectCreationExpressionSyntax { Initializer: null }
                || model.GetOperation(value, cancellationToken) is not IObjectCreationOperation { Constructor: { } constructor } creation
                || !IsBlockingCollection(creation.Type as INamedTypeSymbol))
            {
                return false;
            }

            foreach (var parameter in constructor.Parameters)
            {
                if (parameter.Type.SpecialType == SpecialType.System_Int32)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
