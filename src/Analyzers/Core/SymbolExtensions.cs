namespace AsyncGuard.Analyzers.Core
{
    /// <summary>Symbol helpers every family uses: equality and the type hierarchy.</summary>
    internal static class SymbolExtensions
    {
        /// <summary>
        /// <paramref name="type"/> is an enum, <c>bool</c>, <c>char</c>, an integer type or <c>float</c>/<c>double</c>: a
        /// plain value with no reference inside (shared by AG0102's in-memory storage proof and AG0401's non-throwing gaps).
        /// </summary>
        public static bool IsEnumOrPrimitiveValue(this ITypeSymbol type) =>
            type.TypeKind == TypeKind.Enum
            || type.SpecialType is SpecialType.System_Boolean or SpecialType.System_Char
                or SpecialType.System_SByte or SpecialType.System_Byte or SpecialType.System_Int16 or SpecialType.System_UInt16
                or SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Int64 or SpecialType.System_UInt64
                or SpecialType.System_Single or SpecialType.System_Double;

        /// <summary>
        /// The same symbol under <see cref="SymbolEqualityComparer.Default"/> (which ignores nullable annotations); like that
        /// comparer, two nulls are the same. Write <c>a != null &amp;&amp; a.Is(b)</c> where both sides may be missing.
        /// </summary>
        /// <summary>The end of <paramref name="method"/>'s override chain (the member that first declared it; bounded walk).</summary>
        public static IMethodSymbol OverrideRoot(this IMethodSymbol method)
        {
            var root = method;
            for (var i = 0; i < 32 && root.OverriddenMethod is { } overridden; i++)
            {
                root = overridden;
            }

            return root;
        }

        /// <summary>Whether <paramref name="symbol"/> has a declaration in the compilation's source.</summary>
        public static bool IsDeclaredInSource(this ISymbol symbol)
        {
            foreach (var location in symbol.Locations)
            {
                if (location.IsInSource)
                {
                    return true;
                }
            }

            return false;
        }

        public static bool Is(this ISymbol? symbol, ISymbol? other) => SymbolEqualityComparer.Default.Equals(symbol, other);

        /// <summary>
        /// Whether <paramref name="type"/> is, derives from or implements <paramref name="baseType"/>; with
        /// <paramref name="byDefinition"/>, any constructed form of the generic <paramref name="baseType"/> counts
        /// (IAsyncEnumerable&lt;int&gt; for IAsyncEnumerable&lt;T&gt;).
        /// </summary>
        public static bool InheritsOrImplements(this ITypeSymbol? type, INamedTypeSymbol? baseType, bool byDefinition = false)
        {
            if (type is null || baseType is null)
            {
                return false;
            }

            for (var t = type; t != null; t = t.BaseType)
            {
                if ((byDefinition ? t.OriginalDefinition : t).Is(baseType))
                {
                    return true;
                }
            }

            // An unresolved base type may be an interface as well.
            return baseType.TypeKind is TypeKind.Interface or TypeKind.Error && type.Implements(baseType, byDefinition);
        }

        /// <summary>
        /// Whether one of the interfaces <paramref name="type"/> implements (not the type itself) is <paramref name="interfaceType"/>;
        /// with <paramref name="byDefinition"/>, any constructed form of it.
        /// </summary>
        public static bool Implements(this ITypeSymbol type, INamedTypeSymbol? interfaceType, bool byDefinition = false)
        {
            if (interfaceType is null)
            {
                return false;
            }

            foreach (var i in type.AllInterfaces)
            {
                if ((byDefinition ? i.OriginalDefinition : i).Is(interfaceType))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Whether <paramref name="ns"/> is the namespace <paramref name="qualifiedName"/> or one nested in it (never the global one).</summary>
        public static bool IsWithinNamespace(this INamespaceSymbol? ns, string qualifiedName)
        {
            if (ns is null || ns.IsGlobalNamespace)
            {
                return false;
            }

            var name = ns.ToDisplayString();
            return name == qualifiedName || name.StartsWith(qualifiedName + ".", StringComparison.Ordinal);
        }

        /// <summary>Whether the symbol and every type containing it are public, protected or protected internal: other assemblies see it.</summary>
        public static bool IsVisibleOutsideAssembly(this ISymbol symbol)
        {
            for (var current = symbol; current != null && current is not INamespaceSymbol; current = current.ContainingSymbol)
            {
                switch (current.DeclaredAccessibility)
                {
                    case Accessibility.Public:
                    case Accessibility.Protected:
                    case Accessibility.ProtectedOrInternal:
                        break;
                    default:
                        return false;
                }
            }

            return true;
        }

        /// <summary>
        /// Whether <paramref name="method"/> implicitly implements a method of an interface of <paramref name="type"/>
        /// (by default its containing type).
        /// </summary>
        public static bool ImplementsInterfaceMethodImplicitly(this IMethodSymbol method, INamedTypeSymbol? type = null)
        {
            type ??= method.ContainingType;
            if (type is null)
            {
                return false;
            }

            foreach (var i in type.AllInterfaces)
            {
                foreach (var member in i.GetMembers(method.Name))
                {
                    if (member is IMethodSymbol && type.FindImplementationForInterfaceMember(member).Is(method))
                    {
                        return true;
                    }
                }
            }

            return false;
        }
    }
}
