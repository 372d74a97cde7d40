using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace AsyncGuard.Analyzers.Blocking
{
    /// <summary>
    /// Extension methods whose names end in Async, by name: AG0102's "could `x.MAsync(..)` bind to an extension?".
    /// A referenced assembly is indexed once per process (name -> declaring types, kept per metadata reference, so
    /// later compilations and other projects reuse it); source is indexed once per compilation from its top-level
    /// static classes, binding no member; symbols are resolved once per compilation and name, on first use. Scope
    /// (usings) is left to the speculative binding that confirms a candidate.
    /// </summary>
    internal sealed class AsyncExtensionMethods
    {
        private static readonly ConditionalWeakTable<MetadataReference, Dictionary<string, string[]>> s_metadataIndex =
            new ConditionalWeakTable<MetadataReference, Dictionary<string, string[]>>();

        private readonly Compilation _compilation;
        private readonly ConcurrentDictionary<string, ImmutableArray<IMethodSymbol>> _byName =
            new ConcurrentDictionary<string, ImmutableArray<IMethodSymbol>>(StringComparer.Ordinal);
        private KeyValuePair<IAssemblySymbol, Dictionary<string, string[]>>[]? _references;
        private Dictionary<string, List<IMethodSymbol>>? _sourceIndex;
        private HashSet<string>? _names;

        public AsyncExtensionMethods(Compilation compilation)
        {
            _compilation = compilation;
        }

        /// <summary>
        /// Whether <see cref="Named"/> would find anything: asked for every method name a call meets, so it is answered
        /// from the names of the indexes (one set per compilation) without resolving a symbol or filling a cache per name.
        /// </summary>
        public bool Exists(string name) => (Volatile.Read(ref _names) ?? Names()).Contains(name);

        /// <summary>Extension methods named <paramref name="name"/> (unreduced definitions), in source and references.</summary>
        public ImmutableArray<IMethodSymbol> Named(string name) =>
            _byName.TryGetValue(name, out var known) ? known : _byName.GetOrAdd(name, Resolve(name));

        /// <summary>
        /// Could <paramref name="extension"/> take a receiver of <paramref name="receiverType"/>? Its `this` type must be
        /// the receiver's type, a base type or interface of it (any construction), or a type parameter — a cheap test
        /// that throws out, say, AsyncEnumerable.SumAsync for a List&lt;int&gt; before anything is bound.
        /// </summary>
        public static bool MayApplyTo(IMethodSymbol extension, ITypeSymbol receiverType)
        {
            if (extension.Parameters.Length == 0 || receiverType is ITypeParameterSymbol)
            {
                return extension.Parameters.Length > 0;
            }

            switch (extension.Parameters[0].Type)
            {
                case ITypeParameterSymbol:
                    return true;
                case IArrayTypeSymbol:
                    return receiverType is IArrayTypeSymbol;
                case INamedTypeSymbol named:
                    // The definition's interfaces: a constructed receiver would build every constructed interface.
                    return receiverType.OriginalDefinition.InheritsOrImplements(named.OriginalDefinition, byDefinition: true);
                default:
                    return false;
            }
        }

        private ImmutableArray<IMethodSymbol> Resolve(string name)
        {
            ImmutableArray<IMethodSymbol>.Builder? found = null;
            if (SourceIndex().TryGetValue(name, out var declared))
            {
                (found ??= ImmutableArray.CreateBuilder<IMethodSymbol>()).AddRange(declared);
            }

            foreach (var reference in References())
            {
                if (!reference.Value.TryGetValue(name, out var typeNames))
                {
                    continue;
                }

                foreach (var typeName in typeNames)
                {
                    if (reference.Key.GetTypeByMetadataName(typeName) is not { } type)
                    {
                        continue;
                    }

                    foreach (var member in type.GetMembers(name))
                    {
                        if (member is IMethodSymbol { IsExtensionMethod: true } method)
                        {
                            (found ??= ImmutableArray.CreateBuilder<IMethodSymbol>()).Add(method);
                        }
                    }
                }
            }

            return found?.ToImmutable() ?? ImmutableArray<IMethodSymbol>.Empty;
        }

        /// <summary>Every name <see cref="Resolve"/> finds something for: the source index's and the references' indexes' keys.</summary>
        private HashSet<string> Names()
        {
            var names = new HashSet<string>(SourceIndex().Keys, StringComparer.Ordinal);
            foreach (var reference in References())
            {
                names.UnionWith(reference.Value.Keys);
            }

            return Interlocked.CompareExchange(ref _names, names, null) ?? names;
        }

        /// <summary>
        /// The source's extension methods ending in Async, by name: one walk over the source types (top-level static
        /// classes only; no member is bound), instead of a declaration-table search per name, which would make the
        /// cost grow with the number of distinct method names times the size of the code.
        /// </summary>
        private Dictionary<string, List<IMethodSymbol>> SourceIndex()
        {
            var index = Volatile.Read(ref _sourceIndex);
            if (index != null)
            {
                return index;
            }

            var found = new Dictionary<string, List<IMethodSymbol>>(StringComparer.Ordinal);
            VisitAsyncExtensions(_compilation.Assembly.GlobalNamespace, "", (_, _, method) =>
            {
                if (!found.TryGetValue(method.Name, out var methods))
                {
                    found.Add(method.Name, methods = new List<IMethodSymbol>());
                }

                methods.Add(method);
            });
            index = found;
            return Interlocked.CompareExchange(ref _sourceIndex, index, null) ?? index;
        }

        private KeyValuePair<IAssemblySymbol, Dictionary<string, string[]>>[] References()
        {
            var references = _references;
            if (references != null)
            {
                return references;
            }

            var list = new List<KeyValuePair<IAssemblySymbol, Dictionary<string, string[]>>>();
            foreach (var reference in _compilation.References)
            {
                if (_compilation.GetAssemblyOrModuleSymbol(reference) is IAssemblySymbol assembly
                    && s_metadataIndex.GetValue(reference, _ => Index(assembly)) is { Count: > 0 } index)
                {
                    // Most assemblies declare no such method: only the few that do are asked per name.
                    list.Add(new KeyValuePair<IAssemblySymbol, Dictionary<string, string[]>>(assembly, index));
                }
            }

            references = list.ToArray();
            _references = references;
            return references;
        }

        /// <summary>Name -> metadata names of the types declaring an extension method of that name ending in Async.</summary>
        private static Dictionary<string, string[]> Index(IAssemblySymbol assembly)
        {
            var index = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            VisitAsyncExtensions(assembly.GlobalNamespace, "", (prefix, type, method) =>
            {
                var typeName = prefix + type.MetadataName;
                if (!index.TryGetValue(method.Name, out var types))
                {
                    index.Add(method.Name, types = new List<string>());
                }

                // Overloads of one name in one type come one after the other: the type is listed once.
                if (types.Count == 0 || types[types.Count - 1] != typeName)
                {
                    types.Add(typeName);
                }
            });

            var result = new Dictionary<string, string[]>(index.Count, StringComparer.Ordinal);
            foreach (var entry in index)
            {
                result.Add(entry.Key, entry.Value.ToArray());
            }

            return result;
        }

        /// <summary>
        /// Every extension method whose name ends in Async under <paramref name="ns"/>, with the namespace prefix of its
        /// type. Extension methods live in top-level static classes only: nested types are never looked at, and only
        /// the members of those names are built.
        /// </summary>
        private static void VisitAsyncExtensions(INamespaceSymbol ns, string prefix, Action<string, INamedTypeSymbol, IMethodSymbol> visit)
        {
            foreach (var type in ns.GetTypeMembers())
            {
                if (!type.MightContainExtensionMethods)
                {
                    continue;
                }

                foreach (var memberName in type.MemberNames)
                {
                    if (!WellKnownApis.HasAsyncSuffix(memberName))
                    {
                        continue;
                    }

                    foreach (var member in type.GetMembers(memberName))
                    {
                        if (member is IMethodSymbol { IsExtensionMethod: true } method)
                        {
                            visit(prefix, type, method);
                        }
                    }
                }
            }

            foreach (var nested in ns.GetNamespaceMembers())
            {
                VisitAsyncExtensions(nested, prefix + nested.Name + ".", visit);
            }
        }
    }
}
