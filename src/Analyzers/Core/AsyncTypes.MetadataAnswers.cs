using System.Collections.Concurrent;

namespace AsyncGuard.Analyzers.Core
{
    /// <summary>
    /// Answers about symbols of referenced assemblies that an edit does not pay again. Whether a metadata type is
    /// awaitable, or a metadata method could take a token, depends on that type's or method's metadata and on the
    /// well-known types the answer compares with; when those come from the references too, every compilation with the
    /// same referenced assembly symbols gets the same answer, so it is kept with the reference set
    /// (<see cref="ReferenceScoped{T}"/>) and each fresh compilation of an edit finds it there.
    /// </summary>
    internal sealed partial class AsyncTypes
    {
        private MetadataAnswers? _metadataAnswers;
        private int _coreFromReferences; // 0 unknown, 1 yes, 2 no

        /// <summary>
        /// Whether an answer about <paramref name="symbol"/> that reads only its metadata and the well-known types of this
        /// class may be kept with the reference set (<see cref="ReferenceScoped{T}"/>): the symbol comes from a referenced
        /// assembly, and no such well-known type is declared in this compilation's source.
        /// </summary>
        internal bool SharesMetadataAnswers(ISymbol symbol) =>
            CoreFromReferences() && symbol.ContainingAssembly is { } assembly && !SymbolEqualityComparer.Default.Equals(assembly, Compilation.Assembly);

        /// <summary>The shared answers for <paramref name="symbol"/>, or null when <see cref="SharesMetadataAnswers"/> says no.</summary>
        private MetadataAnswers? MetadataAnswersFor(ISymbol symbol) =>
            SharesMetadataAnswers(symbol)
                ? _metadataAnswers ?? Shared(ref _metadataAnswers, ReferenceScoped(nameof(MetadataAnswers), static _ => new MetadataAnswers()))
                : null;

        /// <summary>Whether no well-known type the answers compare with is declared in this compilation's source.</summary>
        private bool CoreFromReferences()
        {
            if (_coreFromReferences == 0)
            {
                var source = Compilation.Assembly;
                bool fromReferences = true;
                foreach (var wellKnown in new[]
                {
                    Task, TaskOfT, ValueTask, ValueTaskOfT, TaskAwaiter, TaskAwaiterOfT, ValueTaskAwaiter, ValueTaskAwaiterOfT,
                    ConfiguredTaskAwaiter, ConfiguredTaskAwaiterOfT, ConfiguredValueTaskAwaiter, ConfiguredValueTaskAwaiterOfT,
                    CancellationToken, INotifyCompletion, ObsoleteAttribute,
                })
                {
                    if (wellKnown != null && SymbolEqualityComparer.Default.Equals(wellKnown.ContainingAssembly, source))
                    {
                        fromReferences = false;
                        break;
                    }
                }

                _coreFromReferences = fromReferences ? 1 : 2;
            }

            return _coreFromReferences == 1;
        }

        /// <summary>The answers kept with a reference set.</summary>
        private sealed class MetadataAnswers
        {
            private readonly ConcurrentDictionary<INamedTypeSymbol, bool> _awaitableDefinitions =
                new ConcurrentDictionary<INamedTypeSymbol, bool>(ByReference<INamedTypeSymbol>.Instance);

            private readonly ConcurrentDictionary<IMethodSymbol, TokenShape> _tokenShapes =
                new ConcurrentDictionary<IMethodSymbol, TokenShape>(ByReference<IMethodSymbol>.Instance);

            public bool AwaitableDefinition(INamedTypeSymbol definition, AsyncTypes types) =>
                _awaitableDefinitions.TryGetValue(definition, out var known) ? known : _awaitableDefinitions.GetOrAdd(definition, types.IsAwaitableDefinition(definition));

            public TokenShape TokenShapeOf(IMethodSymbol definition, AsyncTypes types) =>
                _tokenShapes.TryGetValue(definition, out var known) ? known : _tokenShapes.GetOrAdd(definition, types.ShapeOf(definition));
        }
    }
}
