using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace AsyncGuard.Analyzers.Blocking
{
    /// <summary>
    /// Extension methods whose names end in Async, by name: AG0102's "could `x.MAsync(..)` bind to an extension?".
    /// A referenced assembly is indexed once per process (name -> declaring types, kept per metadata reference), and the
    /// references' part (which assemblies have such methods, and all their names) once per reference set, so the
    /// compilations of an edit share it. Source is indexed from syntax, tree by tree (top-level types only, binding
    /// nothing), and each tree's part is kept with the tree: a fresh compilation reads only the edited tree again.
    /// Symbols are resolved once per compilation and name, on first use. Scope (usings) is left to the speculative
    /// binding that confirms a candidate.
    /// </summary>
    internal sealed class AsyncExtensionMethods
    {
        private static readonly ConditionalWeakTable<MetadataReference, Dictionary<string, string[]>> s_metadataIndex =
            new ConditionalWeakTable<MetadataReference, Dictionary<string, string[]>>();

        /// <summary>Per tree: (method name, top-level type name) of each Async-named method whose first parameter is `this`.</summary>
        private static readonly ConditionalWeakTable<SyntaxTree, KeyValuePair<string, string>[]> s_treeIndex =
            new ConditionalWeakTable<SyntaxTree, KeyValuePair<string, string>[]>();

        private static readonly ConditionalWeakTable<SyntaxTree, KeyValuePair<string, string>[]>.CreateValueCallback ReadTree = IndexTree;

        private static readonly KeyValuePair<string, string>[] NoEntries = new KeyValuePair<string, string>[0];

        private readonly Compilation _compilation;
        private readonly AsyncTypes _types;
        private readonly ConcurrentDictionary<string, ImmutableArray<IMethodSymbol>> _byName =
            new ConcurrentDictionary<string, ImmutableArray<IMethodSymbol>>(StringComparer.Ordinal);
        private ReferencePart? _references;
        private Dictionary<string, List<string>>? _sourceIndex;

        public AsyncExtensionMethods(AsyncTypes types)
        {
            _types = types;
            _compilation = types.Compilation;
        }

        /// <summary>
        /// Whether <see cref="Named"/> would find anything: asked for every method name a call meets, so it is answered
        /// from the names of the indexes without resolving a symbol or filling a cache per name.
        /// </summary>
        public bool Exists(string name) => SourceIndex().ContainsKey(name) || References().Names.Contains(name);

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
            if (SourceIndex().TryGetValue(name, out var typeNames))
            {
                // A partial type declared in several trees is one symbol: each is looked at once.
                HashSet<ISymbol>? seen = null;
                foreach (var typeName in typeNames)
                {
                    foreach (var symbol in _compilation.GetSymbolsWithName(typeName, SymbolFilter.Type))
                    {
                        if (symbol is INamedTypeSymbol { ContainingType: null, MightContainExtensionMethods: true } type
                            && (seen ??= new HashSet<ISymbol>(SymbolEqualityComparer.Default)).Add(type))
                        {
                            AddExtensions(type, name, ref found);
                        }
                    }
                }
            }

            foreach (var reference in References().Assemblies)
            {
                if (!reference.Value.TryGetValue(name, out var declaring))
                {
                    continue;
                }

                foreach (var typeName in declaring)
                {
                    if (reference.Key.GetTypeByMetadataName(typeName) is { } type)
                    {
                        AddExtensions(type, name, ref found);
                    }
                }
            }

            return found?.ToImmutable() ?? ImmutableArray<IMethodSymbol>.Empty;
        }

        private static void AddExtensions(INamedTypeSymbol type, string name, ref ImmutableArray<IMethodSymbol>.Builder? found)
        {
            foreach (var member in type.GetMembers(name))
            {
                if (member is IMethodSymbol { IsExtensionMethod: true } method)
                {
                    (found ??= ImmutableArray.CreateBuilder<IMethodSymbol>()).Add(method);
                }
            }
        }

        /// <summary>
        /// The source's extension methods ending in Async: method name -> names of the top-level types declaring one,
        /// from each tree's syntax (kept with the tree), binding nothing.
        /// </summary>
        private Dictionary<string, List<string>> SourceIndex()
        {
            var index = Volatile.Read(ref _sourceIndex);
            if (index != null)
            {
                return index;
            }

            var found = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var tree in _compilation.SyntaxTrees)
            {
                foreach (var entry in s_treeIndex.GetValue(tree, ReadTree))
                {
                    if (!found.TryGetValue(entry.Key, out var types))
                    {
                        found.Add(entry.Key, types = new List<string>());
                    }

                    if (!types.Contains(entry.Value))
                    {
                        types.Add(entry.Value);
                    }
                }
            }

            index = found;
            return Interlocked.CompareExchange(ref _sourceIndex, index, null) ?? index;
        }

        /// <summary>
        /// One tree's Async-named methods whose first parameter is marked `this`, in top-level type declarations: where
        /// the compiler looks for extension methods (whether each really is one is decided when it is resolved).
        /// </summary>
        private static KeyValuePair<string, string>[] IndexTree(SyntaxTree tree)
        {
            List<KeyValuePair<string, string>>? entries = null;
            if (tree.GetRoot() is CompilationUnitSyntax unit)
            {
                IndexMembers(unit.Members, ref entries);
            }

            return entries?.ToArray() ?? NoEntries;
        }

        private static void IndexMembers(SyntaxList<MemberDeclarationSyntax> members, ref List<KeyValuePair<string, string>>? entries)
        {
            foreach (var member in members)
            {
                if (member is BaseNamespaceDeclarationSyntax ns)
                {
                    IndexMembers(ns.Members, ref entries);
                }
                else if (member is TypeDeclarationSyntax type)
                {
                    foreach (var typeMember in type.Members)
                    {
                        if (typeMember is MethodDeclarationSyntax method
                            && WellKnownApis.HasAsyncSuffix(method.Identifier.ValueText)
                            && method.ParameterList.Parameters.FirstOrDefault() is { } first
                            && first.Modifiers.Any(SyntaxKind.ThisKeyword))
                        {
                            (entries ??= new List<KeyValuePair<string, string>>()).Add(
                                new KeyValuePair<string, string>(method.Identifier.ValueText, type.Identifier.ValueText));
                        }
                    }
                }
            }
        }

        private ReferencePart References() =>
            Volatile.Read(ref _references) ?? (_references = _types.ReferenceScoped(nameof(AsyncExtensionMethods), ReferencePart.Create));

        /// <summary>The referenced assemblies that declare such methods, with their indexes, and every name they declare.</summary>
        private sealed class ReferencePart
        {
            private ReferencePart(KeyValuePair<IAssemblySymbol, Dictionary<string, string[]>>[] assemblies, HashSet<string> names)
            {
                Assemblies = assemblies;
                Names = names;
            }

            public KeyValuePair<IAssemblySymbol, Dictionary<string, string[]>>[] Assemblies { get; }

            public HashSet<string> Names { get; }

            public static ReferencePart Create(Compilation compilation)
            {
                var list = new List<KeyValuePair<IAssemblySymbol, Dictionary<string, string[]>>>();
                var names = new HashSet<string>(StringComparer.Ordinal);
                foreach (var reference in compilation.References)
                {
                    if (compilation.GetAssemblyOrModuleSymbol(reference) is IAssemblySymbol assembly
                        && s_metadataIndex.GetValue(reference, _ => Index(assembly)) is { Count: > 0 } index)
                    {
                        // Most assemblies declare no such method: only the few that do are asked per name.
                        list.Add(new KeyValuePair<IAssemblySymbol, Dictionary<string, string[]>>(assembly, index));
                        names.UnionWith(index.Keys);
                    }
                }

                return new ReferencePart(list.ToArray(), names);
            }
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
