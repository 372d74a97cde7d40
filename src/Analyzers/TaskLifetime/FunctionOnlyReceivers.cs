using System.Linq;

namespace AsyncGuard.Analyzers.TaskLifetime
{
    /// <summary>
    /// AG0211 (issue 16, twenty-first pass: FreeSql's <c>foreach (var include in _includes) await include?.Invoke(..)</c>,
    /// RepoDB's <c>await binaryImportAsync?.Invoke(..)</c> in a private bulk helper): the receiver of the awaited
    /// <c>d?.Invoke(..)</c> is a delegate whose every value in the code is a function (a lambda, an anonymous method, a method
    /// group or a delegate creation of one), so it is never null and the dead <c>?.</c> never yields the null the await would
    /// throw on. Two receivers count:
    /// <list type="bullet">
    /// <item>a parameter (not <c>ref</c>, not <c>params</c>, never assigned in the method) of a private, non-virtual ordinary
    /// method that no code uses as a method group, where every call in the containing type's declarations (all partial
    /// parts) passes a function at that parameter, explicitly (a default value is not one);</item>
    /// <item>an element of a field collection (a <c>foreach</c> variable over the field, or an element read
    /// <c>f[i]</c>), where every reference to the field (in the containing type for a private field, in the whole
    /// compilation otherwise) only fills it with functions: assignments and the initializer of a new empty collection, of
    /// one with functions in its collection initializer, or of a copy of the same field of any instance (the field itself,
    /// or a parameterless call on it that returns an array or the field's own collection type); calls on it whose
    /// arguments are all functions or value types (<c>Add(() =&gt; ..)</c>, <c>Insert(0, M)</c>, <c>Clear()</c>,
    /// <c>RemoveAt(i)</c>); element writes of functions; and reads (<c>foreach</c>, element reads, value-type properties
    /// such as <c>Count</c>, null tests, extension calls over <c>IEnumerable&lt;T&gt;</c> such as <c>Any()</c>).</item>
    /// </list>
    /// Anything else (a null or other value stored, the collection handed to a method, kept in a local or returned, an
    /// array created with its default elements, an unresolved name) proves nothing. A public field can still be filled by
    /// another assembly, and the code may be read by a reviewer as meaning "the element may be missing": the class is an
    /// intent one, reported with <see cref="ReportOption"/> on. Runs only for a site about to be reported.
    /// </summary>
    internal static class FunctionOnlyReceivers
    {
        /// <summary>.editorconfig: <c>true</c> reports awaits of <c>?.</c> on receivers the code only ever gives functions.</summary>
        public const string ReportOption = "dotnet_diagnostic.AG0211.report_function_only_receivers";

        public static bool Silences(IConditionalAccessOperation conditional, AnalyzerOptions options, CancellationToken cancellationToken)
        {
            var receiver = Invocations.WithoutImplicitConversions(conditional.Operation);
            if (receiver.Type is not { TypeKind: TypeKind.Delegate } || conditional.SemanticModel is not { } model
                || RuleOptions.GetBool(options, conditional.Syntax.SyntaxTree, ReportOption))
            {
                return false;
            }

            return receiver switch
            {
                IParameterReferenceOperation { Parameter: { } parameter } => OnlyFunctionArguments(parameter, model, cancellationToken),
                ILocalReferenceOperation { Local: { RefKind: RefKind.None } local } => ForEachOverField(local, model, cancellationToken) is { } field
                    && OnlyFunctionElements(field, model, cancellationToken),
                IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } instance } => FieldOf(instance) is { } field
                    && OnlyFunctionElements(field, model, cancellationToken),
                IArrayElementReferenceOperation { ArrayReference: { } array } => FieldOf(array) is { } field
                    && OnlyFunctionElements(field, model, cancellationToken),
                _ => false,
            };
        }

        // ---- a parameter of a private helper ----

        private static bool OnlyFunctionArguments(IParameterSymbol parameter, SemanticModel model, CancellationToken cancellationToken)
        {
            if (parameter.RefKind != RefKind.None || parameter.IsParams
                || parameter.ContainingSymbol is not IMethodSymbol
                {
                    MethodKind: MethodKind.Ordinary, DeclaredAccessibility: Accessibility.Private,
                    IsVirtual: false, IsAbstract: false, IsOverride: false, IsExtern: false, IsPartialDefinition: false,
                } method
                || !method.ExplicitInterfaceImplementations.IsEmpty
                || method.DeclaringSyntaxReferences.Length != 1
                || method.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not MethodDeclarationSyntax declaration
                || NonNullReceivers.IsWritten(declaration, parameter, SemanticModels.For(model, declaration.SyntaxTree), cancellationToken))
            {
                return false;
            }

            var calls = 0;
            foreach (var (name, nameModel) in NamesIn(TypeScope(method.ContainingType, cancellationToken), method.Name, model, cancellationToken))
            {
                var info = nameModel.GetSymbolInfo(name, cancellationToken);
                if (info.Symbol is not IMethodSymbol bound)
                {
                    if (info.CandidateSymbols.Any(candidate => Same(candidate, method)) || info.CandidateSymbols.IsEmpty)
                    {
                        return false;
                    }

                    continue;
                }

                if (!Same(bound, method))
                {
                    continue;
                }

                // Only a direct call: a method group would let other code choose the argument.
                if (Expression(name) is not { Parent: InvocationExpressionSyntax call } callee || call.Expression != callee
                    || nameModel.GetOperation(call, cancellationToken) is not IInvocationOperation invocation)
                {
                    return false;
                }

                var given = false;
                foreach (var argument in invocation.Arguments)
                {
                    if (argument.Parameter?.Ordinal == parameter.Ordinal)
                    {
                        if (argument.ArgumentKind != ArgumentKind.Explicit || !IsFunction(argument.Value))
                        {
                            return false;
                        }

                        given = true;
                    }
                }

                if (!given)
                {
                    return false;
                }

                calls++;
            }

            return calls > 0;
        }

        private static bool Same(ISymbol candidate, IMethodSymbol method) =>
            candidate is IMethodSymbol other
            && SymbolEqualityComparer.Default.Equals((other.ReducedFrom ?? other).OriginalDefinition, method.OriginalDefinition);

        // ---- an element of a field collection ----

        private static IFieldSymbol? ForEachOverField(ILocalSymbol local, SemanticModel model, CancellationToken cancellationToken)
        {
            if (local.DeclaringSyntaxReferences.Length != 1
                || local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not ForEachStatementSyntax loop
                || loop.SyntaxTree != model.SyntaxTree
                || model.GetOperation(loop, cancellationToken) is not IForEachLoopOperation operation)
            {
                return null;
            }

            return FieldOf(operation.Collection);
        }

        private static IFieldSymbol? FieldOf(IOperation collection) =>
            Strip(collection) is IFieldReferenceOperation { Field: { } field } ? field.OriginalDefinition : null;

        private static bool OnlyFunctionElements(IFieldSymbol field, SemanticModel model, CancellationToken cancellationToken)
        {
            if (field.Type is not { IsReferenceType: true } || field.DeclaringSyntaxReferences.Length != 1
                || field.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax declarator)
            {
                return false;
            }

            if (declarator.Initializer is { } initializer
                && (SemanticModels.For(model, declarator.SyntaxTree).GetOperation(initializer.Value, cancellationToken) is not { } value
                    || !IsFunctionCollection(value, field)))
            {
                return false;
            }

            var scope = field.DeclaredAccessibility == Accessibility.Private
                ? TypeScope(field.ContainingType, cancellationToken)
                : CompilationScope(model.Compilation, cancellationToken);
            foreach (var (name, nameModel) in NamesIn(scope, field.Name, model, cancellationToken))
            {
                var info = nameModel.GetSymbolInfo(name, cancellationToken);
                if (info.Symbol is not { } bound)
                {
                    if (info.CandidateSymbols.Any(candidate => SymbolEqualityComparer.Default.Equals(candidate.OriginalDefinition, field)) || info.CandidateSymbols.IsEmpty)
                    {
                        return false;
                    }

                    continue;
                }

                if (!SymbolEqualityComparer.Default.Equals(bound.OriginalDefinition, field))
                {
                    continue;
                }

                if (nameModel.GetOperation(Expression(name), cancellationToken) is not IFieldReferenceOperation reference
                    || !OnlyFillsWithFunctions(reference, field))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>One use of the field: a read, or a write of functions only.</summary>
        private static bool OnlyFillsWithFunctions(IOperation use, IFieldSymbol field)
        {
            var parent = use.Parent;
            while (parent is IConversionOperation { IsImplicit: true })
            {
                use = parent;
                parent = use.Parent;
            }

            switch (parent)
            {
                case ISimpleAssignmentOperation assignment when assignment.Target == use:
                    return IsFunctionCollection(assignment.Value, field);
                case IAssignmentOperation assignment when assignment.Target == use:
                    return false;
                case IForEachLoopOperation loop when loop.Collection == use:
                    return true;
                case IConditionalAccessOperation access when access.Operation == use:
                    // `f?.Clear()`, `f?.Any()`: the use is the access's instance inside the part after `?.`.
                    return access.WhenNotNull.DescendantsAndSelf().OfType<IConditionalAccessInstanceOperation>().FirstOrDefault() is { } instance
                        && OnlyFillsWithFunctions(instance, field);
                case IBinaryOperation or IIsPatternOperation:
                    return true;
                case ISimpleAssignmentOperation shared when shared.Value == use:
                    // `other.f = this.f`: the two instances share one collection of the field.
                    return IsField(Strip(shared.Target), field);
                case IArgumentOperation { Parent: IObjectCreationOperation copy }:
                    // `other.f = new List<T>(this.f)`: a copy into the same field.
                    return IsStoredInField(copy, field);
                case null:
                    return false;
                default:
                    return IsReadOrFunctionCall(parent, use);
            }
        }

        /// <summary>
        /// <paramref name="consumer"/> takes the collection (<paramref name="collection"/>) as its instance or as the
        /// receiver of an extension over <c>IEnumerable&lt;T&gt;</c>, and can only read it or add functions to it.
        /// </summary>
        private static bool IsReadOrFunctionCall(IOperation consumer, IOperation? collection)
        {
            if (collection is null)
            {
                return false;
            }

            switch (consumer)
            {
                case IInvocationOperation call when call.Instance == collection:
                    return call.Arguments.All(argument => argument.Parameter is { RefKind: RefKind.None } && (argument.Value.Type is { IsValueType: true } || IsFunction(argument.Value)));
                case IArgumentOperation { Parent: IInvocationOperation { TargetMethod.IsExtensionMethod: true } call } argument
                    when argument.Value == collection || Strip(argument.Value) == collection:
                    return ReferenceEquals(call.Arguments[0], argument)
                        && argument.Parameter is { RefKind: RefKind.None, Type: INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Collections_Generic_IEnumerable_T } }
                        && call.Arguments.Skip(1).All(other => other.Value.Type is { IsValueType: true } || IsFunction(other.Value));
                case IPropertyReferenceOperation { Property.IsIndexer: false } property when property.Instance == collection:
                    return property.Type is { IsValueType: true } && !IsWritten(property);
                case IPropertyReferenceOperation { Property.IsIndexer: true } element when element.Instance == collection:
                    return IsElementUse(element);
                case IArrayElementReferenceOperation element when element.ArrayReference == collection:
                    return IsElementUse(element);
                default:
                    return false;
            }
        }

        private static bool IsElementUse(IOperation element)
        {
            var parent = element.Parent;
            if (parent is ISimpleAssignmentOperation assignment && assignment.Target == element)
            {
                return IsFunction(assignment.Value);
            }

            return !IsWritten(element);
        }

        private static bool IsWritten(IOperation target) => target.Parent switch
        {
            IAssignmentOperation assignment => assignment.Target == target,
            IIncrementOrDecrementOperation => true,
            ITupleOperation => true,
            IArgumentOperation { Parameter.RefKind: not RefKind.None and not RefKind.In } => true,
            _ => false,
        };

        /// <summary>A new collection holding only functions: empty, functions in its initializer, or a copy of the field.</summary>
        private static bool IsFunctionCollection(IOperation value, IFieldSymbol field)
        {
            switch (Strip(value))
            {
                case IObjectCreationOperation creation:
                    return creation.Arguments.All(argument => argument.Value.Type is { IsValueType: true } || IsCopyOf(argument.Value, field))
                        && (creation.Initializer is null
                            || creation.Initializer.Initializers.All(item => item is IInvocationOperation add && add.Arguments.All(argument => IsFunction(argument.Value))));
                case IArrayCreationOperation array:
                    return array.Initializer is { } elements
                        ? elements.ElementValues.All(IsFunction)
                        : array.DimensionSizes.All(size => size.ConstantValue is { HasValue: true, Value: 0 });
                case IArrayInitializerOperation initializer:
                    // `T[] f = { .. }`: the initializer of an array field.
                    return initializer.ElementValues.All(IsFunction);
                case ICollectionExpressionOperation collection:
                    return collection.Elements.All(IsFunction);
                case var shared:
                    return IsField(shared, field);
            }
        }

        /// <summary>The field itself (any instance), or a parameterless call on it returning an array or the field's own type.</summary>
        private static bool IsCopyOf(IOperation value, IFieldSymbol field)
        {
            value = Strip(value);
            if (IsField(value, field))
            {
                return true;
            }

            if (value is not IInvocationOperation { Type: { } returned } call
                || (returned is not IArrayTypeSymbol && !SymbolEqualityComparer.Default.Equals(returned.OriginalDefinition, field.Type.OriginalDefinition)))
            {
                return false;
            }

            return call.Instance is { } instance
                ? call.Arguments.IsEmpty && IsField(Strip(instance), field)
                : call.TargetMethod.IsExtensionMethod && call.Arguments.Length == 1 && IsField(Strip(call.Arguments[0].Value), field);
        }

        private static bool IsStoredInField(IOperation value, IFieldSymbol field)
        {
            var parent = value.Parent;
            while (parent is IConversionOperation { IsImplicit: true })
            {
                value = parent;
                parent = value.Parent;
            }

            return parent is ISimpleAssignmentOperation assignment && assignment.Value == value && IsField(Strip(assignment.Target), field);
        }

        private static bool IsField(IOperation value, IFieldSymbol field) =>
            value is IFieldReferenceOperation { Field: { } referenced } && SymbolEqualityComparer.Default.Equals(referenced.OriginalDefinition, field);

        /// <summary>A lambda, an anonymous method, a method group or a delegate creation of one: never null.</summary>
        private static bool IsFunction(IOperation value) => Strip(value) switch
        {
            IDelegateCreationOperation { Target: { } target } => Strip(target) is IAnonymousFunctionOperation or IMethodReferenceOperation,
            IAnonymousFunctionOperation => true,
            _ => false,
        };

        private static IOperation Strip(IOperation value)
        {
            while (value is IConversionOperation { Operand: { } operand } conversion
                && (conversion.IsImplicit || conversion.Type is { TypeKind: TypeKind.Delegate } || operand is IAnonymousFunctionOperation))
            {
                value = operand;
            }

            return value;
        }

        // ---- where the names are ----

        private static IEnumerable<SyntaxNode> TypeScope(INamedTypeSymbol type, CancellationToken cancellationToken)
        {
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                yield return reference.GetSyntax(cancellationToken);
            }
        }

        private static IEnumerable<SyntaxNode> CompilationScope(Compilation compilation, CancellationToken cancellationToken)
        {
            foreach (var tree in compilation.SyntaxTrees)
            {
                yield return tree.GetRoot(cancellationToken);
            }
        }

        /// <summary>Every simple name spelled <paramref name="text"/> in the scope, with its file's model (made only on a match).</summary>
        private static IEnumerable<(SimpleNameSyntax Name, SemanticModel Model)> NamesIn(IEnumerable<SyntaxNode> scope, string text, SemanticModel model, CancellationToken cancellationToken)
        {
            foreach (var root in scope)
            {
                SemanticModel? rootModel = null;
                foreach (var node in root.DescendantNodes())
                {
                    if (node is SimpleNameSyntax name && name.Identifier.ValueText == text)
                    {
                        rootModel ??= SemanticModels.For(model, root.SyntaxTree);
                        yield return (name, rootModel);
                    }
                }
            }
        }

        /// <summary>The expression a name stands for: <c>x.Name</c> / <c>x?.Name</c> for a member name, else the name itself.</summary>
        private static ExpressionSyntax Expression(SimpleNameSyntax name) => name.Parent switch
        {
            MemberAccessExpressionSyntax access when access.Name == name => access,
            MemberBindingExpressionSyntax binding when binding.Name == name => binding,
            _ => name,
        };
    }
}
