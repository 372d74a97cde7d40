using System.Collections.Concurrent;

namespace AsyncGuard.Analyzers.Core
{
    /// <summary>Symbols of the Blocking family (AG0102), resolved on first use, once per compilation (benign race).</summary>
    internal sealed partial class AsyncTypes
    {
        private INamedTypeSymbol? _blockingConsole;
        private INamedTypeSymbol? _blockingMemoryStream;
        private INamedTypeSymbol? _blockingStringReader;
        private INamedTypeSymbol? _blockingStringWriter;
        private INamedTypeSymbol? _blockingBufferedStream;

        public INamedTypeSymbol? BlockingConsole => _blockingConsole ??= TypeNamed("System.Console");

        public INamedTypeSymbol? BlockingMemoryStream => _blockingMemoryStream ??= TypeNamed("System.IO.MemoryStream");

        public INamedTypeSymbol? BlockingStringReader => _blockingStringReader ??= TypeNamed("System.IO.StringReader");

        public INamedTypeSymbol? BlockingStringWriter => _blockingStringWriter ??= TypeNamed("System.IO.StringWriter");

        public INamedTypeSymbol? BlockingBufferedStream => _blockingBufferedStream ??= TypeNamed("System.IO.BufferedStream");

        private readonly ConcurrentDictionary<ITypeSymbol, bool> _taskLikeCache = new ConcurrentDictionary<ITypeSymbol, bool>(SymbolEqualityComparer.Default);

        /// <summary>
        /// A task-like type: it carries [AsyncMethodBuilder], so an `async` method may return it (a function returning
        /// one is async-capable even where its awaiter comes from an extension method). Cached per definition.
        /// </summary>
        public bool IsBuilderTaskLike(ITypeSymbol? type)
        {
            if (type is not INamedTypeSymbol { SpecialType: SpecialType.None, TypeKind: TypeKind.Class or TypeKind.Struct or TypeKind.Interface } named)
            {
                return false;
            }

            var key = named.OriginalDefinition;
            return _taskLikeCache.TryGetValue(key, out var known) ? known : _taskLikeCache.GetOrAdd(key, HasAsyncMethodBuilder(key));
        }

        private static bool HasAsyncMethodBuilder(INamedTypeSymbol type)
        {
            foreach (var attribute in type.GetAttributes())
            {
                if (attribute.AttributeClass is { Name: "AsyncMethodBuilderAttribute", ContainingNamespace: { Name: "CompilerServices", ContainingNamespace: { Name: "Runtime", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } } })
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>MemoryStream, StringReader, StringWriter or a type derived from them: their I/O never waits.</summary>
        public bool IsInMemoryIo(ITypeSymbol? type)
        {
            for (var t = type; t != null; t = t.BaseType)
            {
                if (t.Is(BlockingMemoryStream) || t.Is(BlockingStringReader) || t.Is(BlockingStringWriter))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
