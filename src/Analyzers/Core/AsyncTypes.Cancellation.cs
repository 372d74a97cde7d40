using System.Collections.Concurrent;

namespace AsyncGuard.Analyzers.Core
{
    /// <summary>Symbols and per-compilation caches of the cancellation rules (AG0301–AG0304).</summary>
    internal sealed partial class AsyncTypes
    {
        private INamedTypeSymbol? _cancellationTokenSource;
        private INamedTypeSymbol? _asyncEnumerableExtensions;
        private ConcurrentDictionary<IMethodSymbol, ImmutableArray<IMethodSymbol>>? _tokenOverloads;
        private ConcurrentDictionary<ITypeSymbol, ImmutableArray<ISymbol>>? _tokenMembers;
        private ConcurrentDictionary<ITypeSymbol, ImmutableArray<ISymbol>>? _tokenSourceMembers;
        private Func<ITypeSymbol, ImmutableArray<ISymbol>>? _findTokenSourceMembers;
        private ConcurrentDictionary<IMethodSymbol, TokenShape>? _tokenShapes;
        private Func<IMethodSymbol, ImmutableArray<IMethodSymbol>>? _findTokenOverloads;
        private Func<ITypeSymbol, ImmutableArray<ISymbol>>? _findTokenMembers;

        public INamedTypeSymbol? CancellationTokenSource =>
            _cancellationTokenSource ??= TypeNamed("System.Threading.CancellationTokenSource");


        /// <summary>System.Threading.Tasks.TaskAsyncEnumerableExtensions: WithCancellation / ConfigureAwait on IAsyncEnumerable.</summary>
        public INamedTypeSymbol? AsyncEnumerableExtensions =>
            _asyncEnumerableExtensions ??= TypeNamed("System.Threading.Tasks.TaskAsyncEnumerableExtensions");

        public bool IsCancellationTokenSource(ITypeSymbol? type) => Is(type, CancellationTokenSource);

        /// <summary>
        /// A token value that can never be cancelled: `CancellationToken.None`, `default`, `default(CancellationToken)`,
        /// `new CancellationToken()`, `new CancellationToken(false)`, or `null` for a CancellationToken?.
        /// </summary>
        public bool IsNoToken(IOperation? value)
        {
            switch (value is null ? null : Invocations.WithoutImplicitConversions(value))
            {
                case IDefaultValueOperation:
                    return true;
                case ILiteralOperation { ConstantValue: { HasValue: true, Value: null } }:
                    return true;
                case IPropertyReferenceOperation { Property: { Name: "None", IsStatic: true } property }:
                    return IsCancellationToken(property.ContainingType);
                case IObjectCreationOperation creation:
                    return IsCancellationToken(creation.Type)
                        && (creation.Arguments.Length == 0
                            || (creation.Arguments.Length == 1 && creation.Arguments[0].Value.ConstantValue is { HasValue: true, Value: false }));
                default:
                    return false;
            }
        }

        private int _hasUsingAliases; // 0: not computed yet, 1: no alias, 2: some alias

        /// <summary>
        /// True when a file of the compilation declares a using alias (any target): then a type written with another name
        /// may still be CancellationToken, and name-based syntactic filters must give way to binding. Computed once.
        /// </summary>
        public bool HasUsingAliases(Compilation compilation)
        {
            int known = Volatile.Read(ref _hasUsingAliases);
            if (known == 0)
            {
                known = 1;
                foreach (var tree in compilation.SyntaxTrees)
                {
                    if (tree.GetRoot() is Microsoft.CodeAnalysis.CSharp.Syntax.CompilationUnitSyntax unit && DeclaresAlias(unit.Usings, unit.Members))
                    {
                        known = 2;
                        break;
                    }
                }

                Volatile.Write(ref _hasUsingAliases, known);
            }

            return known == 2;
        }

        private static bool DeclaresAlias(SyntaxList<Microsoft.CodeAnalysis.CSharp.Syntax.UsingDirectiveSyntax> usings, SyntaxList<Microsoft.CodeAnalysis.CSharp.Syntax.MemberDeclarationSyntax> members)
        {
            foreach (var directive in usings)
            {
                if (directive.Alias != null)
                {
                    return true;
                }
            }

            foreach (var member in members)
            {
                if (member is Microsoft.CodeAnalysis.CSharp.Syntax.BaseNamespaceDeclarationSyntax ns && DeclaresAlias(ns.Usings, ns.Members))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>CancellationToken or CancellationToken?.</summary>
        public bool IsTokenOrNullableToken(ITypeSymbol? type) =>
            IsCancellationToken(type) || IsNullableToken(type);

        public bool IsNullableToken(ITypeSymbol? type) =>
            type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T, TypeArguments.Length: 1 } nullable
            && IsCancellationToken(nullable.TypeArguments[0]);


        /// <summary>
        /// Overloads of <paramref name="method"/> (its unreduced original definition) with the same parameters plus one
        /// CancellationToken in any position, not obsolete. Decided once per method per compilation; the call site
        /// still has to confirm the overload by speculative binding.
        /// </summary>
        public ImmutableArray<IMethodSymbol> TokenOverloads(IMethodSymbol method)
        {
            var key = (method.ReducedFrom ?? method).OriginalDefinition;
            var cache = _tokenOverloads ?? Shared(ref _tokenOverloads, new ConcurrentDictionary<IMethodSymbol, ImmutableArray<IMethodSymbol>>(ByReference<IMethodSymbol>.Instance));
            return cache.GetOrAdd(key, _findTokenOverloads ??= FindTokenOverloads);
        }

        /// <summary>
        /// Could a call to <paramref name="method"/> take a token at all: a CancellationToken (or CancellationToken?)
        /// parameter, or a token overload. One cached answer per method definition — the filter that ends almost every
        /// call AG0301 sees; only a parameter typed by a type parameter (`Func&lt;T1, T2&gt;.Invoke(T1, T2)`) needs the
        /// constructed method's parameters.
        /// </summary>
        public bool MayTakeToken(IMethodSymbol method)
        {
            // Keyed by identity (as TokenOverloads): an original definition is one object, so no symbol is hashed per call.
            var key = (method.ReducedFrom ?? method).OriginalDefinition;
            var cache = _tokenShapes ?? Shared(ref _tokenShapes, new ConcurrentDictionary<IMethodSymbol, TokenShape>(ByReference<IMethodSymbol>.Instance));
            if (!cache.TryGetValue(key, out var shape))
            {
                shape = cache.GetOrAdd(key, MetadataAnswersFor(key) is { } shared
                    ? shared.TokenShapeOf(key, this)
                    : ShapeOf(key));
            }

            if (shape != TokenShape.ByTypeArguments)
            {
                return shape == TokenShape.Yes;
            }

            foreach (var parameter in method.Parameters)
            {
                if (IsTokenOrNullableToken(parameter.Type))
                {
                    return true;
                }
            }

            return false;
        }

        private TokenShape ShapeOf(IMethodSymbol definition)
        {
            // The parameters first: a method that takes a token needs no search of its type's hierarchy for overloads.
            var shape = TokenShape.None;
            foreach (var parameter in definition.Parameters)
            {
                var type = parameter.Type;
                if (IsTokenOrNullableToken(type))
                {
                    return TokenShape.Yes;
                }

                if (type is ITypeParameterSymbol
                    || type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T, TypeArguments.Length: 1 } nullable && nullable.TypeArguments[0] is ITypeParameterSymbol)
                {
                    shape = TokenShape.ByTypeArguments;
                }
            }

            return HasTokenOverload(definition) ? TokenShape.Yes : shape;
        }

        private enum TokenShape : byte
        {
            None,
            Yes,
            ByTypeArguments,
        }

        /// <summary>Instance and static CancellationToken fields and properties (no indexers) of a type and its base types.</summary>
        public ImmutableArray<ISymbol> TokenMembers(ITypeSymbol type)
        {
            var cache = _tokenMembers ?? Shared(ref _tokenMembers, new ConcurrentDictionary<ITypeSymbol, ImmutableArray<ISymbol>>(SymbolEqualityComparer.Default));
            return cache.GetOrAdd(type, _findTokenMembers ??= FindTokenMembers);
        }

        /// <summary>Instance and static CancellationTokenSource fields and properties (no indexers) of a type and its base types.</summary>
        public ImmutableArray<ISymbol> TokenSourceMembers(ITypeSymbol type)
        {
            var cache = _tokenSourceMembers ?? Shared(ref _tokenSourceMembers, new ConcurrentDictionary<ITypeSymbol, ImmutableArray<ISymbol>>(SymbolEqualityComparer.Default));
            return cache.GetOrAdd(type, _findTokenSourceMembers ??= (t => FindMembers(t, IsCancellationTokenSource)));
        }

        private ImmutableArray<IMethodSymbol> FindTokenOverloads(IMethodSymbol method) =>
            CollectTokenOverloads(method, firstOnly: false)?.ToImmutable() ?? ImmutableArray<IMethodSymbol>.Empty;

        /// <summary>
        /// Whether <see cref="TokenOverloads"/> has any, for <see cref="ShapeOf"/>: asked once for every method definition a
        /// call meets, and most have none, so nothing is built or cached for them (the list is made where a call needs it).
        /// </summary>
        private bool HasTokenOverload(IMethodSymbol method) => CollectTokenOverloads(method, firstOnly: true) != null;

        /// <summary>The token overloads of <paramref name="method"/> (only the first with <paramref name="firstOnly"/>), or null when none.</summary>
        private ImmutableArray<IMethodSymbol>.Builder? CollectTokenOverloads(IMethodSymbol method, bool firstOnly)
        {
            ImmutableArray<IMethodSymbol>.Builder? builder = null;
            for (var type = method.ContainingType; type != null; type = type.BaseType)
            {
                foreach (var member in type.GetMembers(method.Name))
                {
                    if (member is IMethodSymbol candidate
                        && !candidate.Is(method)
                        && IsSameShapePlusToken(method, candidate)
                        && !IsObsolete(candidate))
                    {
                        (builder ??= ImmutableArray.CreateBuilder<IMethodSymbol>()).Add(candidate);
                        if (firstOnly)
                        {
                            return builder;
                        }
                    }
                }
            }

            return builder;
        }

        private bool IsSameShapePlusToken(IMethodSymbol method, IMethodSymbol candidate)
        {
            if (candidate.MethodKind != method.MethodKind
                || candidate.IsStatic != method.IsStatic
                || candidate.IsExtensionMethod != method.IsExtensionMethod
                || candidate.TypeParameters.Length != method.TypeParameters.Length
                || candidate.Parameters.Length != method.Parameters.Length + 1)
            {
                return false;
            }

            var skipped = false;
            for (int i = 0, j = 0; j < candidate.Parameters.Length; j++)
            {
                var c = candidate.Parameters[j];
                if (!skipped && IsCancellationToken(c.Type) && c.RefKind == RefKind.None
                    && (i == method.Parameters.Length || !IsCancellationToken(method.Parameters[i].Type)))
                {
                    skipped = true;
                    continue;
                }

                if (i >= method.Parameters.Length)
                {
                    return false;
                }

                var m = method.Parameters[i++];
                if (m.RefKind != c.RefKind || m.IsParams != c.IsParams || !SameType(m.Type, c.Type))
                {
                    return false;
                }
            }

            return skipped;
        }

        /// <summary>Type equality where method type parameters match by position.</summary>
        private static bool SameType(ITypeSymbol a, ITypeSymbol b)
        {
            if (a is ITypeParameterSymbol { TypeParameterKind: TypeParameterKind.Method } ta)
            {
                return b is ITypeParameterSymbol { TypeParameterKind: TypeParameterKind.Method } tb && ta.Ordinal == tb.Ordinal;
            }

            if (a is IArrayTypeSymbol aa)
            {
                return b is IArrayTypeSymbol ab && aa.Rank == ab.Rank && SameType(aa.ElementType, ab.ElementType);
            }

            if (a is INamedTypeSymbol { IsGenericType: true } na && b is INamedTypeSymbol { IsGenericType: true } nb)
            {
                if (!na.OriginalDefinition.Is(nb.OriginalDefinition)
                    || na.TypeArguments.Length != nb.TypeArguments.Length)
                {
                    return false;
                }

                for (var i = 0; i < na.TypeArguments.Length; i++)
                {
                    if (!SameType(na.TypeArguments[i], nb.TypeArguments[i]))
                    {
                        return false;
                    }
                }

                return true;
            }

            return a.Is(b);
        }

        private ImmutableArray<ISymbol> FindTokenMembers(ITypeSymbol type) => FindMembers(type, IsCancellationToken);

        private static ImmutableArray<ISymbol> FindMembers(ITypeSymbol type, Func<ITypeSymbol, bool> isWanted)
        {
            ImmutableArray<ISymbol>.Builder? builder = null;
            for (var t = type; t != null; t = t.BaseType)
            {
                foreach (var member in t.GetMembers())
                {
                    var memberType = member switch
                    {
                        IFieldSymbol { IsImplicitlyDeclared: false } field => field.Type,
                        IPropertySymbol { IsIndexer: false, IsWriteOnly: false } property => property.Type,
                        _ => null,
                    };
                    if (memberType != null && isWanted(memberType))
                    {
                        (builder ??= ImmutableArray.CreateBuilder<ISymbol>()).Add(member);
                    }
                }
            }

            return builder?.ToImmutable() ?? ImmutableArray<ISymbol>.Empty;
        }
    }
}
