namespace AsyncGuard.Analyzers.Blocking
{
    /// <summary>
    /// AG0102's look at a candidate call whose sync member is a lookup in memory (issue 16, held-out DSharpPlus: a guild's
    /// `GetChannel(id) => channels != null &amp;&amp; channels.TryGetValue(id, out var c) ? c : null` beside a
    /// `GetChannelAsync(id)` that falls back to a REST fetch). The sync member is an ordinary method of this compilation
    /// that cannot be overridden on its receiver, and its body only reads and computes: locals, parameters, fields, literals,
    /// built-in operators and conversions, conditionals, patterns, `throw` of a framework exception, auto-properties of the
    /// compilation, and members of in-memory collection classes (`System.Collections.Generic`, `System.Collections.Immutable`,
    /// the concurrent dictionary, queue, stack and bag) and of the runtime's special types (string, primitives, arrays,
    /// nullable values), with at least one read of such a collection (an empty stub or `=> 0` stands for nothing). Such a body
    /// has no device to wait on: the call cannot block, and the async sibling, whatever it does, is another contract rather
    /// than the same work made asynchronous.
    /// <para>
    /// Still reported (the nearest cases): a body that calls any other method (of the compilation, I/O, LINQ, a delegate), reads
    /// a property with a body, creates an object (other than a framework exception to throw), loops (a spin can wait), locks,
    /// uses an interface collection (its implementation is unknown) or `BlockingCollection`; a virtual, abstract or
    /// overriding member of an unsealed type; an interface member; a member of a referenced assembly (no body to read).
    /// </para>
    /// Decided only for a call about to be reported, from the member's own declaration (one file, at most
    /// <see cref="MaxOperations"/> operations).
    /// </summary>
    internal static class InMemoryLookups
    {
        private const int MaxOperations = 80;

        /// <summary>Whether <paramref name="call"/>'s target is a source member whose body only reads memory.</summary>
        public static bool IsLookup(IInvocationOperation call, CancellationToken cancellationToken)
        {
            var method = call.TargetMethod.OriginalDefinition;
            method = method.PartialImplementationPart ?? method;
            if (method.MethodKind != MethodKind.Ordinary || method.IsAbstract || method.IsExtern || !CannotBeOverridden(method)
                || method.ContainingType is not { TypeKind: TypeKind.Class or TypeKind.Struct } || call.SemanticModel is not { } model
                || method.DeclaringSyntaxReferences.Length != 1
                || method.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not MethodDeclarationSyntax declaration
                || (declaration.Body is null && declaration.ExpressionBody is null))
            {
                return false;
            }

            var declarationModel = SemanticModels.For(model, declaration.SyntaxTree);
            if (declarationModel.GetOperation(declaration, cancellationToken) is not IMethodBodyOperation body)
            {
                return false;
            }

            var count = 0;
            var lookups = 0;
            foreach (var operation in body.Descendants())
            {
                if (++count > MaxOperations || !ReadsMemoryOnly(operation))
                {
                    return false;
                }

                if (IsCollectionAccess(operation))
                {
                    lookups++;
                }
            }

            // A lookup: at least one read of an in-memory collection. A body with none (an empty stub, `=> 0`) says nothing
            // about what the member stands for.
            return lookups > 0;
        }

        private static bool IsCollectionAccess(IOperation operation) => operation switch
        {
            IInvocationOperation invocation => IsCollectionType(invocation.TargetMethod.ContainingType),
            IPropertyReferenceOperation property => IsCollectionType(property.Property.ContainingType),
            _ => false,
        };

        private static bool CannotBeOverridden(IMethodSymbol method) =>
            !(method.IsVirtual || method.IsOverride) || method.IsSealed || method.ContainingType.IsSealed;

        private static bool ReadsMemoryOnly(IOperation operation) => operation switch
        {
            IBlockOperation or IReturnOperation or IExpressionStatementOperation or ILiteralOperation or IDefaultValueOperation
                or ILocalReferenceOperation or IParameterReferenceOperation or IInstanceReferenceOperation or IFieldReferenceOperation
                or IArgumentOperation or IConditionalOperation or ICoalesceOperation or IDeclarationExpressionOperation
                or IDiscardOperation or IVariableDeclarationGroupOperation or IVariableDeclarationOperation or IVariableDeclaratorOperation
                or IVariableInitializerOperation or ISimpleAssignmentOperation or IArrayElementReferenceOperation
                or IConditionalAccessOperation or IConditionalAccessInstanceOperation or ITupleOperation or ITypeOfOperation
                or INameOfOperation or ISizeOfOperation or IIsTypeOperation or IIsPatternOperation or IThrowOperation
                or IEmptyOperation => true,
            IRecursivePatternOperation recursive => recursive.DeconstructSymbol is null,
            IPatternOperation => true,
            IConversionOperation conversion => conversion.OperatorMethod is null,
            IBinaryOperation binary => binary.OperatorMethod is null,
            IUnaryOperation unary => unary.OperatorMethod is null,
            ICompoundAssignmentOperation compound => compound.OperatorMethod is null,
            IIncrementOrDecrementOperation step => step.OperatorMethod is null,
            IInvocationOperation invocation => IsMemoryMember(invocation.TargetMethod) && !HasDelegateParameter(invocation.TargetMethod),
            IPropertyReferenceOperation property => IsMemoryMember(property.Property) || IsAutoProperty(property.Property),
            IObjectCreationOperation creation => creation.Type is INamedTypeSymbol created && IsFrameworkException(created)
                && creation.Initializer is null,
            _ => false,
        };

        /// <summary>A non-overridable member of an in-memory collection class or of a special type of the runtime.</summary>
        private static bool IsMemoryMember(ISymbol member)
        {
            if (member.IsAbstract || ((member.IsVirtual || member.IsOverride) && !member.IsSealed && member.ContainingType?.IsSealed != true)
                || member.ContainingType is not { TypeKind: TypeKind.Class or TypeKind.Struct } type)
            {
                return false;
            }

            return type.OriginalDefinition.SpecialType != SpecialType.None || IsCollectionType(type);
        }

        /// <summary>A class or struct of `System.Collections.Generic`/`Immutable`, or a concurrent dictionary, queue, stack or bag.</summary>
        private static bool IsCollectionType(INamedTypeSymbol? type)
        {
            if (type is not { TypeKind: TypeKind.Class or TypeKind.Struct })
            {
                return false;
            }

            var definition = type.OriginalDefinition;
            var ns = definition.ContainingNamespace?.ToDisplayString();
            return ns is "System.Collections.Generic" or "System.Collections.Immutable"
                || (ns == "System.Collections.Concurrent"
                    && definition.MetadataName is "ConcurrentDictionary`2" or "ConcurrentQueue`1" or "ConcurrentStack`1" or "ConcurrentBag`1");
        }

        private static bool HasDelegateParameter(IMethodSymbol method)
        {
            foreach (var parameter in method.Parameters)
            {
                if (parameter.Type.TypeKind == TypeKind.Delegate)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>An auto-property of the compilation that cannot be overridden: its accessors only read or write a field.</summary>
        private static bool IsAutoProperty(IPropertySymbol property)
        {
            var definition = property.OriginalDefinition;
            if (definition.IsAbstract || ((definition.IsVirtual || definition.IsOverride) && !definition.IsSealed && !definition.ContainingType.IsSealed)
                || definition.DeclaringSyntaxReferences.Length == 0)
            {
                return false;
            }

            foreach (var member in definition.ContainingType.GetMembers())
            {
                if (member is IFieldSymbol { IsImplicitlyDeclared: true } field && SymbolEqualityComparer.Default.Equals(field.AssociatedSymbol, definition))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsFrameworkException(INamedTypeSymbol type)
        {
            if (type.DeclaringSyntaxReferences.Length > 0)
            {
                return false;
            }

            for (var current = type; current != null; current = current.BaseType)
            {
                if (current.ToDisplayString() == "System.Exception")
                {
                    return true;
                }
            }

            return false;
        }
    }
}
