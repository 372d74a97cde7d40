using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace AsyncGuard.Analyzers.Core
{
    /// <summary>
    /// Well-known async-related symbols of one compilation, resolved once in a CompilationStartAction,
    /// plus a per-compilation cache of "is this type awaitable" answers.
    /// </summary>
    internal sealed partial class AsyncTypes
    {
        private readonly ConcurrentDictionary<ITypeSymbol, bool> _awaitableCache =
            new ConcurrentDictionary<ITypeSymbol, bool>(SymbolEqualityComparer.Default);

        private AsyncTypes(Compilation compilation)
        {
            Compilation = compilation;
            Task = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task");
            TaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task`1");
            ValueTask = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask");
            ValueTaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask`1");
            TaskAwaiter = compilation.GetTypeByMetadataName("System.Runtime.CompilerServices.TaskAwaiter");
            TaskAwaiterOfT = compilation.GetTypeByMetadataName("System.Runtime.CompilerServices.TaskAwaiter`1");
            ValueTaskAwaiter = compilation.GetTypeByMetadataName("System.Runtime.CompilerServices.ValueTaskAwaiter");
            ValueTaskAwaiterOfT = compilation.GetTypeByMetadataName("System.Runtime.CompilerServices.ValueTaskAwaiter`1");
            ConfiguredTaskAwaiter = compilation.GetTypeByMetadataName("System.Runtime.CompilerServices.ConfiguredTaskAwaitable+ConfiguredTaskAwaiter");
            ConfiguredTaskAwaiterOfT = compilation.GetTypeByMetadataName("System.Runtime.CompilerServices.ConfiguredTaskAwaitable`1+ConfiguredTaskAwaiter");
            ConfiguredValueTaskAwaiter = compilation.GetTypeByMetadataName("System.Runtime.CompilerServices.ConfiguredValueTaskAwaitable+ConfiguredValueTaskAwaiter");
            ConfiguredValueTaskAwaiterOfT = compilation.GetTypeByMetadataName("System.Runtime.CompilerServices.ConfiguredValueTaskAwaitable`1+ConfiguredValueTaskAwaiter");
            IAsyncEnumerableOfT = compilation.GetTypeByMetadataName("System.Collections.Generic.IAsyncEnumerable`1");
            IAsyncEnumeratorOfT = compilation.GetTypeByMetadataName("System.Collections.Generic.IAsyncEnumerator`1");
            CancellationToken = compilation.GetTypeByMetadataName("System.Threading.CancellationToken");
            INotifyCompletion = compilation.GetTypeByMetadataName("System.Runtime.CompilerServices.INotifyCompletion");
            ExpressionOfT = compilation.GetTypeByMetadataName("System.Linq.Expressions.Expression`1");
            ObsoleteAttribute = compilation.GetTypeByMetadataName("System.ObsoleteAttribute");
        }

        public Compilation Compilation { get; }
        public INamedTypeSymbol? Task { get; }
        public INamedTypeSymbol? TaskOfT { get; }
        public INamedTypeSymbol? ValueTask { get; }
        public INamedTypeSymbol? ValueTaskOfT { get; }
        public INamedTypeSymbol? TaskAwaiter { get; }
        public INamedTypeSymbol? TaskAwaiterOfT { get; }
        public INamedTypeSymbol? ValueTaskAwaiter { get; }
        public INamedTypeSymbol? ValueTaskAwaiterOfT { get; }
        public INamedTypeSymbol? ConfiguredTaskAwaiter { get; }
        public INamedTypeSymbol? ConfiguredTaskAwaiterOfT { get; }
        public INamedTypeSymbol? ConfiguredValueTaskAwaiter { get; }
        public INamedTypeSymbol? ConfiguredValueTaskAwaiterOfT { get; }
        public INamedTypeSymbol? IAsyncEnumerableOfT { get; }
        public INamedTypeSymbol? IAsyncEnumeratorOfT { get; }
        public INamedTypeSymbol? CancellationToken { get; }
        public INamedTypeSymbol? INotifyCompletion { get; }
        public INamedTypeSymbol? ExpressionOfT { get; }
        public INamedTypeSymbol? ObsoleteAttribute { get; }

        /// <summary>Null when the compilation has no System.Threading.Tasks.Task: no async rule can apply.</summary>
        public static AsyncTypes? Create(Compilation compilation)
        {
            var types = new AsyncTypes(compilation);
            return types.Task is null ? null : types;
        }

        public bool IsTask(ITypeSymbol? type) => Is(type, Task);

        public bool IsTaskOfT(ITypeSymbol? type) => IsGeneric(type, TaskOfT);

        public bool IsValueTask(ITypeSymbol? type) => Is(type, ValueTask);

        public bool IsValueTaskOfT(ITypeSymbol? type) => IsGeneric(type, ValueTaskOfT);

        /// <summary>Task, Task&lt;T&gt; and types derived from Task.</summary>
        public bool IsTaskLike(ITypeSymbol? type)
        {
            for (var t = type; t != null; t = t.BaseType)
            {
                if (IsTask(t) || IsTaskOfT(t))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Task, Task&lt;T&gt;, ValueTask, ValueTask&lt;T&gt; (and Task subclasses): the types an async method can return.</summary>
        public bool IsTaskOrValueTask(ITypeSymbol? type) =>
            IsTaskLike(type) || IsValueTask(type) || IsValueTaskOfT(type);

        public bool IsAsyncEnumerableOrEnumerator(ITypeSymbol? type) =>
            IsGeneric(type, IAsyncEnumerableOfT) || IsGeneric(type, IAsyncEnumeratorOfT);

        /// <summary>Awaiter types of Task/ValueTask and their ConfigureAwait forms (whose GetResult blocks).</summary>
        public bool IsTaskAwaiter(ITypeSymbol? type)
        {
            if (type is not INamedTypeSymbol named)
            {
                return false;
            }

            var def = named.OriginalDefinition;
            return def.Is(TaskAwaiter) || def.Is(TaskAwaiterOfT) || def.Is(ValueTaskAwaiter) || def.Is(ValueTaskAwaiterOfT)
                || def.Is(ConfiguredTaskAwaiter) || def.Is(ConfiguredTaskAwaiterOfT)
                || def.Is(ConfiguredValueTaskAwaiter) || def.Is(ConfiguredValueTaskAwaiterOfT);
        }

        public bool IsCancellationToken(ITypeSymbol? type) => Is(type, CancellationToken);

        /// <summary>
        /// Task, ValueTask, their generic forms, and any type with an instance GetAwaiter() whose result
        /// has IsCompleted, GetResult() and implements INotifyCompletion. Decided once per type.
        /// </summary>
        public bool IsAwaitable(ITypeSymbol? type)
        {
            if (type is null || type.TypeKind == TypeKind.Error)
            {
                return false;
            }

            if (IsTaskOrValueTask(type))
            {
                return true;
            }

            if (type.SpecialType != SpecialType.None || type.TypeKind == TypeKind.Dynamic)
            {
                return false;
            }

            // Constructions share their definition's answer (the awaiter pattern is a matter of members, not of type
            // arguments), and a definition hashes far cheaper than a constructed type.
            var key = type is INamedTypeSymbol { IsGenericType: true } generic ? generic.OriginalDefinition : type;
            return _awaitableCache.TryGetValue(key, out var known) ? known : _awaitableCache.GetOrAdd(key, HasAwaiterPattern(key));
        }

        private bool HasAwaiterPattern(ITypeSymbol type)
        {
            // Member names come without building members (a source type's GetMembers creates every member it has).
            var members = type is INamedTypeSymbol named && !HasMemberNamed(named.MemberNames, "GetAwaiter")
                ? ImmutableArray<ISymbol>.Empty
                : type.GetMembers("GetAwaiter");
            foreach (var member in members)
            {
                if (member is IMethodSymbol { IsStatic: false, Parameters.Length: 0, TypeParameters.Length: 0 } getAwaiter
                    && IsAwaiter(getAwaiter.ReturnType))
                {
                    return true;
                }
            }

            // Interfaces and type parameters: look at what they inherit or are constrained to.
            if (type is ITypeParameterSymbol typeParameter)
            {
                foreach (var constraint in typeParameter.ConstraintTypes)
                {
                    if (IsAwaitable(constraint))
                    {
                        return true;
                    }
                }
            }

            return type.BaseType is { } baseType && IsAwaitable(baseType);
        }

        /// <summary>Whether <paramref name="names"/> (a type's MemberNames: no member is built) holds <paramref name="name"/>.</summary>
        internal static bool HasMemberNamed(IEnumerable<string> names, string name)
        {
            if (names is ICollection<string> collection)
            {
                return collection.Contains(name);
            }

            foreach (var n in names)
            {
                if (n == name)
                {
                    return true;
                }
            }

            return false;
        }

        private bool IsAwaiter(ITypeSymbol awaiter)
        {
            if (IsTaskAwaiter(awaiter))
            {
                return true;
            }

            var hasIsCompleted = false;
            foreach (var m in awaiter.GetMembers("IsCompleted"))
            {
                if (m is IPropertySymbol { Type.SpecialType: SpecialType.System_Boolean, IsStatic: false })
                {
                    hasIsCompleted = true;
                }
            }

            var hasGetResult = false;
            foreach (var m in awaiter.GetMembers("GetResult"))
            {
                if (m is IMethodSymbol { Parameters.Length: 0, IsStatic: false })
                {
                    hasGetResult = true;
                }
            }

            return hasIsCompleted && hasGetResult && awaiter.Implements(INotifyCompletion);
        }

        public bool IsExpressionTree(ITypeSymbol? type) => IsGeneric(type, ExpressionOfT);

        /// <summary>Marked [Obsolete]: never offered as an alternative.</summary>
        public bool IsObsolete(ISymbol symbol)
        {
            foreach (var attribute in symbol.GetAttributes())
            {
                if (attribute.AttributeClass != null && attribute.AttributeClass.Is(ObsoleteAttribute))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool Is(ITypeSymbol? type, INamedTypeSymbol? wellKnown) =>
            wellKnown != null && type != null && type.Is(wellKnown);

        private static bool IsGeneric(ITypeSymbol? type, INamedTypeSymbol? wellKnownDefinition) =>
            wellKnownDefinition != null && type is INamedTypeSymbol { IsGenericType: true } named
            && named.OriginalDefinition.Is(wellKnownDefinition);
    }
}
