namespace AsyncGuard.Analyzers.Cancellation
{
    /// <summary>
    /// `DataflowBlock.SendAsync` to a block known to be unbounded accepts the item at once: nothing to cancel (AG0301, issue
    /// 16 W6). Known only where the block's creation is visible and cheap to prove:
    /// <list type="bullet">
    /// <item>a local initialised with an unbounded block and never written again;</item>
    /// <item>a private field of a type declared in one file, written (initializer, assignments) only with unbounded blocks;</item>
    /// <item>an element of a private dictionary field (`BlockDic[id]`), the field only ever created empty, elements only
    /// stored by the indexer with unbounded blocks, and no other call on it that takes an element (Add, TryAdd,
    /// GetOrAdd, ...) or a delegate; the field itself is not handed out.</item>
    /// </list>
    /// Unbounded: `new BufferBlock&lt;T&gt;()`, `ActionBlock`, `TransformBlock`, `TransformManyBlock`, `BroadcastBlock`,
    /// without options or with options created in place that do not set `BoundedCapacity`.
    /// </summary>
    internal static class UnboundedTargets
    {
        /// <summary>.editorconfig: `true` reports such a send anyway (silent by default: it accepts at once).</summary>
        public const string ReportOption = "dotnet_diagnostic.AG0301.report_unbounded_send";

        public static bool AcceptsAtOnce(IInvocationOperation operation, SemanticModel model, CancellationToken cancellationToken)
        {
            var method = operation.TargetMethod;
            if (method.Name != "SendAsync" || method.ContainingType is not { Name: "DataflowBlock" } type || !IsDataflowNamespace(type.ContainingNamespace)
                || Invocations.Receiver(operation) is not { } receiver)
            {
                return false;
            }

            switch (receiver)
            {
                case ILocalReferenceOperation local:
                    return LocalUnbounded(local.Local, model, cancellationToken);
                case IFieldReferenceOperation field:
                    return FieldUnbounded(field.Field, element: false, model, cancellationToken);
                case IPropertyReferenceOperation { Property.IsIndexer: true, Instance: IFieldReferenceOperation dictionary }:
                    return FieldUnbounded(dictionary.Field, element: true, model, cancellationToken);
                default:
                    return false;
            }
        }

        private static bool IsDataflowNamespace(INamespaceSymbol? ns) =>
            ns is { Name: "Dataflow", ContainingNamespace: { Name: "Tasks", ContainingNamespace: { Name: "Threading", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } } };

        /// <summary>`new BufferBlock&lt;T&gt;()` (or another unbounded-by-default block) without a bounded capacity.</summary>
        private static bool IsUnboundedCreation(IOperation? value)
        {
            if (value is null || Invocations.WithoutImplicitConversions(value) is not IObjectCreationOperation creation
                || creation.Type is not INamedTypeSymbol { Name: "BufferBlock" or "ActionBlock" or "TransformBlock" or "TransformManyBlock" or "BroadcastBlock" } block
                || !IsDataflowNamespace(block.ContainingNamespace) || creation.Initializer != null)
            {
                return false;
            }

            foreach (var argument in creation.Arguments)
            {
                if (argument.Parameter?.Type is not { Name: "DataflowBlockOptions" or "ExecutionDataflowBlockOptions" or "GroupingDataflowBlockOptions" })
                {
                    continue;
                }

                // Options created in place: unbounded unless they set BoundedCapacity.
                if (Invocations.WithoutImplicitConversions(argument.Value) is not IObjectCreationOperation options)
                {
                    return false;
                }

                if (options.Initializer is { } initializer)
                {
                    foreach (var member in initializer.Initializers)
                    {
                        if (member is not ISimpleAssignmentOperation { Target: IPropertyReferenceOperation property } || property.Property.Name == "BoundedCapacity")
                        {
                            return false;
                        }
                    }
                }
            }

            return true;
        }

        private static bool LocalUnbounded(ILocalSymbol local, SemanticModel model, CancellationToken cancellationToken)
        {
            if (local.DeclaringSyntaxReferences.Length != 1
                || local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Initializer.Value: { } initializer } declarator
                || declarator.SyntaxTree != model.SyntaxTree
                || !IsUnboundedCreation(model.GetOperation(initializer, cancellationToken)))
            {
                return false;
            }

            var scope = declarator.FirstAncestorOrSelf<SyntaxNode>(n => n is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax or CompilationUnitSyntax);
            if (scope is null)
            {
                return false;
            }

            foreach (var node in scope.DescendantNodes())
            {
                if (node is IdentifierNameSyntax identifier && identifier.Identifier.ValueText == local.Name && SettledTokens.IsAssigned(identifier)
                    && local.Is(model.GetSymbolInfo(identifier, cancellationToken).Symbol))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Every write of the private field (or, for <paramref name="element"/>, of its elements) stores an unbounded block.</summary>
        private static bool FieldUnbounded(IFieldSymbol field, bool element, SemanticModel model, CancellationToken cancellationToken)
        {
            var type = field.ContainingType;
            if (field.DeclaredAccessibility != Accessibility.Private || type is null || field.DeclaringSyntaxReferences.Length != 1)
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

            if (field.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is VariableDeclaratorSyntax { Initializer.Value: { } initializer }
                && !StoresAllowed(model.GetOperation(initializer, cancellationToken), element))
            {
                return false;
            }

            foreach (var part in type.DeclaringSyntaxReferences)
            {
                foreach (var node in part.GetSyntax(cancellationToken).DescendantNodes())
                {
                    if (node is not IdentifierNameSyntax identifier || identifier.Identifier.ValueText != field.Name
                        || model.GetOperation(identifier, cancellationToken) is not IFieldReferenceOperation reference || !reference.Field.Is(field))
                    {
                        continue;
                    }

                    if (!UseAllowed(reference, element))
                    {
                        return false;
                    }
                }
            }

            return true;
        }

        /// <summary>The value stored in the field itself: an unbounded block, or for a dictionary an empty collection.</summary>
        private static bool StoresAllowed(IOperation? value, bool element)
        {
            if (!element)
            {
                return IsUnboundedCreation(value);
            }

            return value is not null && Invocations.WithoutImplicitConversions(value) is IObjectCreationOperation { Arguments.IsEmpty: true, Initializer: null };
        }

        private static bool UseAllowed(IFieldReferenceOperation reference, bool element)
        {
            IOperation use = reference;
            while (use.Parent is IConversionOperation or IParenthesizedOperation)
            {
                use = use.Parent;
            }

            switch (use.Parent)
            {
                case ISimpleAssignmentOperation assignment when assignment.Target == use:
                    return StoresAllowed(assignment.Value, element);
                case IArgumentOperation argument:
                    // Passing the block on cannot rebind the field (unless by ref); a dictionary handed out may be filled.
                    return !element && argument.Parameter?.RefKind is null or RefKind.None or RefKind.In;
                case IMemberReferenceOperation or IInvocationOperation when !element:
                    return true;
                case IPropertyReferenceOperation { Property.IsIndexer: true } indexer when indexer.Instance == use:
                    return indexer.Parent is not ISimpleAssignmentOperation store || store.Target != indexer || IsUnboundedCreation(store.Value);
                case IPropertyReferenceOperation property when property.Instance == use:
                    return true;
                case IInvocationOperation invocation when invocation.Instance == use:
                    return !TakesElement(invocation.TargetMethod, reference.Field.Type);
                case IForEachLoopOperation:
                    return true;
                default:
                    return !element && !(use.Parent is IAssignmentOperation or IIncrementOrDecrementOperation);
            }
        }

        /// <summary>A method of the collection that could store an element: a by-value parameter of the element type, or a delegate.</summary>
        private static bool TakesElement(IMethodSymbol method, ITypeSymbol collection)
        {
            var elementType = collection is INamedTypeSymbol { TypeArguments.Length: > 0 } named ? named.TypeArguments[named.TypeArguments.Length - 1] : null;
            foreach (var parameter in method.Parameters)
            {
                if (parameter.RefKind == RefKind.Out)
                {
                    continue;
                }

                if (parameter.Type.TypeKind == TypeKind.Delegate || elementType is null || Mentions(parameter.Type, elementType))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool Mentions(ITypeSymbol type, ITypeSymbol element)
        {
            if (type.Is(element))
            {
                return true;
            }

            if (type is IArrayTypeSymbol array)
            {
                return Mentions(array.ElementType, element);
            }

            if (type is INamedTypeSymbol { TypeArguments.Length: > 0 } named)
            {
                foreach (var argument in named.TypeArguments)
                {
                    if (Mentions(argument, element))
                    {
                        return true;
                    }
                }
            }

            return false;
        }
    }
}
