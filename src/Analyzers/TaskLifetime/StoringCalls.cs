namespace AsyncGuard.Analyzers.TaskLifetime
{
    /// <summary>
    /// AG0201 (issue 16, thirteenth pass, from the peers' reports): a call that keeps the value it hands back in a shared
    /// store, so dropping what it returns drops a second reference, not the task: <c>ConcurrentDictionary&lt;K, V&gt;</c>'s
    /// <c>GetOrAdd</c> / <c>AddOrUpdate</c> (the value stored under the key, or the one already there),
    /// <c>ImmutableInterlocked.GetOrAdd</c> / <c>AddOrUpdate</c> (the same for a dictionary field), and the memory cache's
    /// <c>Set</c> / <c>GetOrCreate</c> extensions (<c>cache.Set(key, LoadAsync(key))</c> hands back the entry's value).
    /// A cache warm-up, <c>_pending.GetOrAdd(key, LoadAsync);</c>, leaves the task to whoever reads the entry. Decided by
    /// the method's containing type and by its return type being the store's value type parameter.
    /// </summary>
    internal static class StoringCalls
    {
        public static bool KeepsReturnedValue(IMethodSymbol method)
        {
            var definition = (method.ReducedFrom ?? method).OriginalDefinition;
            if (definition.ReturnType is not ITypeParameterSymbol returned)
            {
                return false;
            }

            var type = definition.ContainingType;
            switch (definition.Name)
            {
                case "GetOrAdd" or "AddOrUpdate":
                    // ConcurrentDictionary<TKey, TValue>'s own methods (also called through a derived type): TValue.
                    if (type is { Name: "ConcurrentDictionary", Arity: 2 } && IsNamespace(type.ContainingNamespace, "System", "Collections", "Concurrent"))
                    {
                        return returned.TypeParameterKind == TypeParameterKind.Type && returned.Ordinal == 1;
                    }

                    // ImmutableInterlocked.GetOrAdd<TKey, TValue>(ref ImmutableDictionary<TKey, TValue>, ..): TValue.
                    return type is { Name: "ImmutableInterlocked", IsStatic: true }
                        && IsNamespace(type.ContainingNamespace, "System", "Collections", "Immutable")
                        && returned.TypeParameterKind == TypeParameterKind.Method;
                case "Set" or "GetOrCreate":
                    // Microsoft.Extensions.Caching.Memory.CacheExtensions.Set<TItem>(cache, key, value, ..): TItem.
                    return type is { Name: "CacheExtensions", IsStatic: true }
                        && definition.IsExtensionMethod
                        && IsNamespace(type.ContainingNamespace, "Microsoft", "Extensions", "Caching", "Memory")
                        && returned.TypeParameterKind == TypeParameterKind.Method;
                default:
                    return false;
            }
        }

        private static bool IsNamespace(INamespaceSymbol? ns, params string[] parts)
        {
            for (var i = parts.Length - 1; i >= 0; i--)
            {
                if (ns is null || ns.Name != parts[i])
                {
                    return false;
                }

                ns = ns.ContainingNamespace;
            }

            return ns is { IsGlobalNamespace: true };
        }
    }
}
