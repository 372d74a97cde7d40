using System.Collections.Concurrent;

namespace AsyncGuard.Analyzers.Core
{
    /// <summary>
    /// InMemoryCalls' source streams and stream factories, corpus10lib class W1 (issue 16, twelfth pass; never blocks, no option):
    /// <list type="bullet">
    /// <item>a stream type declared in the compilation (a class deriving from <c>System.IO.Stream</c> through source types only)
    /// whose every field, its own and its source base types', static or not, is plain storage: numbers, <c>bool</c>,
    /// <c>char</c>, enums, arrays of those, generic collections (<c>System.Collections.Generic</c>) or tasks of those, a value
    /// type of <c>System.Threading</c> (<c>SpinLock</c>), or a source class or struct whose own fields are plain storage in turn.
    /// It holds no stream, handle, socket, string (a path) or object of unknown kind, so its bytes live in its own arrays: a
    /// block-list memory stream (<c>new MemoryBlockStream()</c>) or a measuring stream is memory like <c>MemoryStream</c>;</item>
    /// <item>a stream made by a call on a factory object the function built from non-string plain values and given an in-memory
    /// stream (<c>var g = new PgpCompressedDataGenerator(ZLib); using var z = g.Open(memory);</c>): the factory holds no device
    /// of its own (it was built from numbers and enums), so the stream it returns writes into, or reads from, what it was given.
    /// The factory local must never be reassigned; a factory that is a field or the result of another call stays reported,
    /// and a parameter only passes when every call of its private method passes such a factory (xfile16, below).</item>
    /// </list>
    /// Not decided (reported): a source stream with a field of any other type (a signer, a delegate, an interface), a stream
    /// type from a referenced assembly (its private fields are not visible), a factory call given no in-memory stream.
    /// </summary>
    internal sealed partial class InMemoryCalls
    {
        private const int MaxStorageDepth = 3;

        // Per compilation (this object lives for one): the answer for a source type, computed once.
        private readonly ConcurrentDictionary<ITypeSymbol, bool> _sourceStreams = new(SymbolEqualityComparer.Default);
        private INamedTypeSymbol? _stream;

        /// <summary>A stream class declared in source that keeps its bytes in plain storage only.</summary>
        private bool IsSourceMemoryStream(ITypeSymbol? type)
        {
            if (type is not INamedTypeSymbol { TypeKind: TypeKind.Class } named || named.ContainingAssembly is not ISourceAssemblySymbol)
            {
                return false;
            }

            _stream ??= _types.TypeNamed("System.IO.Stream");
            if (_stream is null || !named.InheritsOrImplements(_stream))
            {
                return false;
            }

            return _sourceStreams.GetOrAdd(named, t =>
            {
                // Every type between it and Stream is a source type with plain fields; the first type from metadata is Stream itself.
                for (var current = (INamedTypeSymbol?)t; current != null; current = current.BaseType)
                {
                    if (current.Is(_stream))
                    {
                        return true;
                    }

                    if (current.ContainingAssembly is not ISourceAssemblySymbol || !HasPlainFields(current, 0))
                    {
                        return false;
                    }
                }

                return false;
            });
        }

        private bool HasPlainFields(INamedTypeSymbol type, int depth)
        {
            foreach (var member in type.GetMembers())
            {
                if (member is IFieldSymbol { IsConst: false } field && !IsPlainStorage(field.Type, depth))
                {
                    return false;
                }
            }

            return true;
        }

        private bool IsPlainStorage(ITypeSymbol type, int depth)
        {
            if (type is IArrayTypeSymbol array)
            {
                return IsPlainStorage(array.ElementType, depth);
            }

            if (type.IsEnumOrPrimitiveValue() || type.SpecialType is SpecialType.System_Decimal or SpecialType.System_DateTime)
            {
                return true;
            }

            if (type.SpecialType != SpecialType.None)
            {
                return false; // string (a path), object, IntPtr (a handle), delegates
            }

            if (type is not INamedTypeSymbol named || depth > MaxStorageDepth)
            {
                return false;
            }

            if (named.ContainingAssembly is ISourceAssemblySymbol)
            {
                // A helper of the compilation (a buffer pool): plain storage if its own fields are; never a stream itself.
                return named.TypeKind is TypeKind.Class or TypeKind.Struct
                    && (_stream is null || !named.InheritsOrImplements(_stream))
                    && HasPlainFields(named, depth + 1);
            }

            var ns = named.ContainingNamespace?.ToDisplayString();
            if (named.IsValueType && ns == "System.Threading")
            {
                return true; // SpinLock and the like: counters, no device
            }

            if (ns == "System.Collections.Generic" || (ns == "System.Threading.Tasks" && named.Name is "Task" or "ValueTask"))
            {
                foreach (var argument in named.TypeArguments)
                {
                    if (!IsPlainStorage(argument, depth + 1))
                    {
                        return false;
                    }
                }

                return true;
            }

            return false;
        }

        /// <summary>
        /// <c>factory.M(.., memory, ..)</c> returning a stream, where <c>factory</c> is a never-reassigned local made by
        /// <c>new T(..)</c> (no initializer) from non-string plain values, and every argument is plain or over memory, at least one a stream over memory.
        /// xfile16 (fourteenth pass): <c>factory</c> may also be a parameter of the function's own private method or local
        /// function, never written there, when every call of that method passes such a factory (a creation, or a
        /// never-reassigned local of the caller made that way): a fact about the method's callers, found once per
        /// compilation (<see cref="MethodFacts.EveryCall"/>) and only for a finding about to be reported.
        /// </summary>
        private bool IsFactoryStreamOverMemory(IInvocationOperation call, IOperation owner, SyntaxNode function, SemanticModel model, int depth, CancellationToken cancellationToken)
        {
            _stream ??= _types.TypeNamed("System.IO.Stream");
            if (_stream is null || call.Type is null || !call.Type.InheritsOrImplements(_stream))
            {
                return false;
            }

            switch (Invocations.WithoutImplicitConversions(owner))
            {
                case ILocalReferenceOperation { Local: { } factory }:
                    return SyncFileReaders.DeclaredInitializer(factory, model, cancellationToken) is { } made
                        && (IsPlainFactoryCreation(made) || Invocations.WithoutImplicitConversions(made) is IInvocationOperation { Instance: null or IInstanceReferenceOperation })
                        && ArgumentsOverMemory(call.Arguments, function, model, depth + 1, cancellationToken, out var streams) && streams > 0
                        && SyncFileReaders.NeverReassigned(factory, function, model, cancellationToken)
                        && (IsPlainFactoryCreation(made) || ReturnsPlainFactory((IInvocationOperation)Invocations.WithoutImplicitConversions(made), cancellationToken));
                case IParameterReferenceOperation { Parameter: { RefKind: RefKind.None, ContainingSymbol: IMethodSymbol method } parameter }:
                    return ArgumentsOverMemory(call.Arguments, function, model, depth + 1, cancellationToken, out var given) && given > 0
                        && IsPlainFactoryParameter(parameter, method, model, cancellationToken);
                default:
                    return false;
            }
        }

        /// <summary>
        /// xfile16: <paramref name="made"/> calls a helper of the compilation (static, or on this instance; any file; not
        /// virtual, abstract or an interface member) whose every return is a plain-built factory, directly or through a
        /// never-reassigned local of the helper (<c>var g = new Generator(Level.Fast); g.AddMethod(key); return g;</c>): the
        /// factory the function gets is made exactly as if it were made in place. Cached once per compilation.
        /// </summary>
        private bool ReturnsPlainFactory(IInvocationOperation made, CancellationToken cancellationToken)
        {
            if (made.TargetMethod.IsAsync || made.TargetMethod.ContainingAssembly is not ISourceAssemblySymbol)
            {
                return false;
            }

            var facts = _types.MethodFacts;
            return facts.Get(made.TargetMethod, MethodFact.ReturnsPlainFactory, -1, 0, method =>
                facts.Declaration(method, cancellationToken) is { } declaration
                && facts.ModelOf(declaration.SyntaxTree) is { } calleeModel
                && ReturnedFiles.EveryReturnIn(declaration, calleeModel, IsPlainFactoryCreation, cancellationToken));
        }

        /// <summary><c>new T(..)</c>, T not a stream, no initializer, given non-string plain values only.</summary>
        private bool IsPlainFactoryCreation(IOperation made)
        {
            if (Invocations.WithoutImplicitConversions(made) is not IObjectCreationOperation { Constructor: not null, Initializer: null } creation
                || creation.Type is null || _stream is null || creation.Type.InheritsOrImplements(_stream))
            {
                return false;
            }

            foreach (var argument in creation.Arguments)
            {
                var given = Invocations.WithoutImplicitConversions(argument.Value);
                if (argument.ArgumentKind != ArgumentKind.DefaultValue
                    && (given.Type?.SpecialType == SpecialType.System_String || !SyncFileReaders.IsPlainValue(argument, given)))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// <paramref name="parameter"/> of <paramref name="method"/> (declared in this file) is never written in the method,
        /// and every call of the method (a private method or local function) passes a plain-built factory for it.
        /// </summary>
        private bool IsPlainFactoryParameter(IParameterSymbol parameter, IMethodSymbol method, SemanticModel model, CancellationToken cancellationToken)
        {
            if (method.DeclaringSyntaxReferences.Length != 1
                || method.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not { } declaration
                || declaration.SyntaxTree != model.SyntaxTree
                || !ParameterNeverWritten(parameter, declaration, model, cancellationToken))
            {
                return false;
            }

            var facts = _types.MethodFacts;
            var ordinal = parameter.Ordinal;
            return facts.Get(method, MethodFact.PlainFactoryArgument, ordinal, 0, m => facts.EveryCall(m, call => PassesPlainFactory(call, ordinal, cancellationToken), cancellationToken));
        }

        /// <summary>The call's argument for the parameter at <paramref name="ordinal"/> is a plain-built factory: a creation, or a never-reassigned local made by one.</summary>
        private bool PassesPlainFactory(IInvocationOperation call, int ordinal, CancellationToken cancellationToken)
        {
            foreach (var argument in call.Arguments)
            {
                if (argument.Parameter?.Ordinal != ordinal)
                {
                    continue;
                }

                var given = Invocations.WithoutImplicitConversions(argument.Value);
                if (argument.ArgumentKind == ArgumentKind.Explicit && IsPlainFactoryCreation(given))
                {
                    return true;
                }

                return argument.ArgumentKind == ArgumentKind.Explicit
                    && given is ILocalReferenceOperation { Local: { } local }
                    && call.SemanticModel is { } model
                    && local.DeclaringSyntaxReferences.Length == 1
                    && EnclosingFunction.Find(local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken)) is { } scope
                    && SyncFileReaders.DeclaredInitializer(local, model, cancellationToken) is { } made
                    && IsPlainFactoryCreation(made)
                    && SyncFileReaders.NeverReassigned(local, scope, model, cancellationToken);
            }

            return false;
        }

        /// <summary>No reference to <paramref name="parameter"/> in <paramref name="declaration"/> writes it, passes it by reference or takes its address.</summary>
        private static bool ParameterNeverWritten(IParameterSymbol parameter, SyntaxNode declaration, SemanticModel model, CancellationToken cancellationToken)
        {
            foreach (var node in declaration.DescendantNodes())
            {
                if (node is not IdentifierNameSyntax identifier || identifier.Identifier.ValueText != parameter.Name)
                {
                    continue;
                }

                if (model.GetOperation(identifier, cancellationToken) is not IParameterReferenceOperation reference)
                {
                    if (SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(identifier, cancellationToken).Symbol, parameter))
                    {
                        return false; // a use the operation tree does not show
                    }

                    continue;
                }

                if (!SymbolEqualityComparer.Default.Equals(reference.Parameter, parameter))
                {
                    continue;
                }

                if ((reference.Parent is IAssignmentOperation assignment && assignment.Target == reference)
                    || VariableWrites.IsWriteBesidesAssignment(reference.Parent))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
