using System.Collections.Concurrent;

namespace AsyncGuard.Analyzers.Core
{
    /// <summary>Symbols and per-compilation caches of the style rules (AG0501–AG0506).</summary>
    internal sealed partial class AsyncTypes
    {
        /// <summary>Base types whose code runs on a UI thread or under a framework that wants its context back.</summary>
        private static readonly string[] ContextBoundBaseNames =
        {
            "System.Windows.Forms.Control",
            "System.Windows.DependencyObject",
            "Microsoft.UI.Xaml.DependencyObject",
            "Windows.UI.Xaml.DependencyObject",
            "Avalonia.AvaloniaObject",
            "Microsoft.Maui.Controls.BindableObject",
            "Microsoft.AspNetCore.Mvc.ControllerBase",
            "Microsoft.AspNetCore.Components.ComponentBase",
            "Microsoft.AspNetCore.Mvc.RazorPages.PageModel",
            "Microsoft.AspNetCore.SignalR.Hub",
        };

        private INamedTypeSymbol? _configuredCancelableAsyncEnumerable;
        private INamedTypeSymbol? _argumentException;
        private ImmutableArray<INamedTypeSymbol> _contextBoundBases;
        private ConcurrentDictionary<INamedTypeSymbol, bool>? _contextBoundTypes;

        /// <summary>System.Runtime.CompilerServices.ConfiguredCancelableAsyncEnumerable`1: what WithCancellation and ConfigureAwait return.</summary>
        public INamedTypeSymbol? ConfiguredCancelableAsyncEnumerable =>
            _configuredCancelableAsyncEnumerable ??= TypeNamed("System.Runtime.CompilerServices.ConfiguredCancelableAsyncEnumerable`1");

        /// <summary>System.ArgumentException: the family of exceptions AG0505 calls argument validation.</summary>
        public INamedTypeSymbol? ArgumentException =>
            _argumentException ??= TypeNamed("System.ArgumentException");

        /// <summary>The UI and ASP.NET Core base types that this compilation can see (usually none).</summary>
        public ImmutableArray<INamedTypeSymbol> ContextBoundBases
        {
            get
            {
                if (_contextBoundBases.IsDefault)
                {
                    var builder = ImmutableArray.CreateBuilder<INamedTypeSymbol>();
                    foreach (var name in ContextBoundBaseNames)
                    {
                        if (TypeNamed(name) is { } type)
                        {
                            builder.Add(type);
                        }
                    }

                    _contextBoundBases = builder.ToImmutable();
                }

                return _contextBoundBases;
            }
        }

        /// <summary>
        /// The project is an executable, or references a test framework: its awaits resume where the app wants them, so
        /// ConfigureAwait(false) is library advice that does not apply. Compute once per compilation.
        /// </summary>
        public bool IsApplicationOrTestProject()
        {
            var kind = Compilation.Options.OutputKind;
            if (kind is OutputKind.ConsoleApplication or OutputKind.WindowsApplication or OutputKind.WindowsRuntimeApplication)
            {
                return true;
            }

            foreach (var assembly in Compilation.ReferencedAssemblyNames)
            {
                if (WellKnownApis.IsTestFrameworkAssembly(assembly))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The type, or a type containing it, derives from a UI or ASP.NET Core controller/component base. Cached per type.</summary>
        public bool IsContextBound(INamedTypeSymbol? type)
        {
            if (type is null || ContextBoundBases.IsEmpty)
            {
                return false;
            }

            var cache = _contextBoundTypes ?? Shared(ref _contextBoundTypes, new ConcurrentDictionary<INamedTypeSymbol, bool>(SymbolEqualityComparer.Default));
            if (cache.TryGetValue(type, out var known))
            {
                return known;
            }

            var result = DerivesFromContextBound(type) || IsContextBound(type.ContainingType);
            cache.TryAdd(type, result);
            return result;
        }

        private bool DerivesFromContextBound(INamedTypeSymbol type)
        {
            for (var t = type; t != null; t = t.BaseType)
            {
                var definition = t.OriginalDefinition;
                foreach (var bound in ContextBoundBases)
                {
                    if (definition.Is(bound))
                    {
                        return true;
                    }
                }
            }

            return false;
        }
    }
}
