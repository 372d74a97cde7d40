using System.Collections.Concurrent;
using System.Linq;
using System.Runtime.CompilerServices;

namespace AsyncGuard.Analyzers.Core
{
    /// <summary>
    /// Well-known type lookups that an edit does not pay again. In an editor every keystroke makes a fresh compilation (and
    /// the analyzer driver clones it once per request), so <see cref="Compilation.GetTypeByMetadataName"/>, which searches
    /// the source and every referenced assembly (about 160 for a .NET project), is asked again for every type on every
    /// keystroke, although the answer for a type the source does not declare depends only on the referenced assemblies.
    /// </summary>
    internal sealed partial class AsyncTypes
    {
        /// <summary>
        /// Answers shared by the compilations of one reference set: keyed weakly by the compilation options object (an edit
        /// keeps it, so do the driver's clones), holding the latest reference set seen with those options. Accepted static
        /// state for the same reason as <see cref="PerCompilation"/>: it holds only symbols of referenced assemblies, which
        /// are the same objects in every compilation that shares these references, and it goes with the options object.
        /// </summary>
        private static readonly ConditionalWeakTable<CompilationOptions, Latest<ReferenceSet>> ReferenceSets =
            new ConditionalWeakTable<CompilationOptions, Latest<ReferenceSet>>();

        private ReferenceSet? _referenceSet;

        private SourceTypeNames? _sourceTypeNames;

        /// <summary>This compilation's own answers of <see cref="TypeNamed"/> (null ones included), made on first need.</summary>
        private ConcurrentDictionary<string, INamedTypeSymbol?>? _named;

        /// <summary>
        /// The same answer as <c>Compilation.GetTypeByMetadataName(metadataName)</c>. When the compilation's own source
        /// does not declare that name (<see cref="SourceTypeNames"/>), the answer is decided by the referenced assemblies
        /// alone (a unique declaration among them, else null): it is taken from, or stored in, the answers of compilations
        /// with the same options object and the very same referenced assembly symbols, in the same order. Otherwise the
        /// compilation answers itself, once per name (several parts ask for the same name, some again on every use).
        /// </summary>
        internal INamedTypeSymbol? TypeNamed(string metadataName)
        {
            var shared = _referenceSet ?? Shared(ref _referenceSet, ReferenceSetOf(Compilation));
            if (shared.CanShare && !(_sourceTypeNames ?? Shared(ref _sourceTypeNames, SourceTypeNames.Of(Compilation))).Declares(metadataName))
            {
                return shared.Answers.TryGetValue(metadataName, out var known) ? known : shared.Answers.GetOrAdd(metadataName, Compilation.GetTypeByMetadataName(metadataName));
            }

            var named = _named ?? Shared(ref _named, new ConcurrentDictionary<string, INamedTypeSymbol?>(StringComparer.Ordinal));
            return named.TryGetValue(metadataName, out var answered) ? answered : named.GetOrAdd(metadataName, Compilation.GetTypeByMetadataName(metadataName));
        }

        /// <summary>
        /// A part that depends only on the referenced assemblies (symbols of metadata, never of source), made once for every
        /// compilation with the very same referenced assembly symbols (an edit keeps them), or for this compilation alone
        /// when it has no references. <paramref name="create"/> must read nothing of the compilation's source.
        /// </summary>
        internal T ReferenceScoped<T>(string key, Func<Compilation, T> create)
            where T : class
        {
            var shared = _referenceSet ?? Shared(ref _referenceSet, ReferenceSetOf(Compilation));
            if (!shared.CanShare)
            {
                return create(Compilation);
            }

            return shared.Parts.TryGetValue(key, out var part) ? (T)part : (T)shared.Parts.GetOrAdd(key, create(Compilation));
        }

        private static ReferenceSet ReferenceSetOf(Compilation compilation)
        {
            var references = compilation.SourceModule.ReferencedAssemblySymbols;
            var holder = ReferenceSets.GetValue(compilation.Options, static _ => new Latest<ReferenceSet>());
            var current = holder.Value;
            if (current != null && current.Matches(references))
            {
                return current;
            }

            // First compilation of these options, or other references (a project's references changed): start over. An
            // assembly with added modules declares types its source trees do not show: it answers for itself.
            var created = new ReferenceSet(compilation.Assembly.Modules.Skip(1).Any() ? ImmutableArray<IAssemblySymbol>.Empty : references);
            holder.Value = created;
            return created;
        }

        private sealed class ReferenceSet
        {
            private readonly ImmutableArray<IAssemblySymbol> _references;

            public ReferenceSet(ImmutableArray<IAssemblySymbol> references)
            {
                _references = references;
                CanShare = !references.IsDefaultOrEmpty;
            }

            /// <summary>A compilation without references answers for itself (nothing worth sharing).</summary>
            public bool CanShare { get; }

            public ConcurrentDictionary<string, INamedTypeSymbol?> Answers { get; } =
                new ConcurrentDictionary<string, INamedTypeSymbol?>(StringComparer.Ordinal);

            /// <summary><see cref="ReferenceScoped"/>'s parts, by key.</summary>
            public ConcurrentDictionary<string, object> Parts { get; } = new ConcurrentDictionary<string, object>(StringComparer.Ordinal);

            /// <summary>The very same referenced assembly symbols (reference equality), in the same order.</summary>
            public bool Matches(ImmutableArray<IAssemblySymbol> references)
            {
                if (references.IsDefault || references.Length != _references.Length)
                {
                    return false;
                }

                for (int i = 0; i < references.Length; i++)
                {
                    if (!ReferenceEquals(references[i], _references[i]))
                    {
                        return false;
                    }
                }

                return true;
            }
        }
    }
}
