using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace AsyncGuard.Analyzers.Core
{
    /// <summary>
    /// Well-known async-related symbols of one compilation, plus per-compilation caches of answers about its symbols
    /// ("is this type awaitable"). One instance per compilation, shared by every analyzer (<see cref="For"/>): the core
    /// symbols are resolved once when it is created, each family's symbols and caches on that family's first use.
    /// Safe for concurrent use: the analyzers of one compilation call it from many threads at once. Every lazy member is
    /// either a symbol lookup whose race is benign (both threads resolve the same symbol) or published once through
    /// <see cref="Shared{T}"/>, and every cache is a ConcurrentDictionary of answers that depend only on the compilation.
    /// </summary>
    internal sealed partial class AsyncTypes
    {
        /// <summary>
        /// The one instance per compilation, keyed by the Compilation object as roslyn-analyzers keys its
        /// WellKnownTypeProvider. The house rule "no static mutable state" is about analysis results; this is the accepted
        /// exception: a weak table of immutable symbol lookups and answer caches of one compilation, which neither keeps
        /// the compilation alive nor outlives it (the entry goes when the compilation is collected), and whose answers
        /// are the same whichever analyzer asks first.
        /// </summary>
        private static readonly ConditionalWeakTable<Compilation, AsyncTypes> PerCompilation = new ConditionalWeakTable<Compilation, AsyncTypes>();

        private static readonly ConditionalWeakTable<Compilation, AsyncTypes>.CreateValueCallback CreateForCompilation = c => new AsyncTypes(c);

        private readonly ConcurrentDictionary<ITypeSymbol, bool> _awaitableCache =
            new ConcurrentDictionary<ITypeSymbol, bool>(SymbolEqualityComparer.Default);

        /// <summary><see cref="IsAwaitable"/> of named types, keyed by their OriginalDefinition object (see there).</summary>
        private readonly ConcurrentDictionary<INamedTypeSymbol, bool> _awaitableDefinitions =
            new ConcurrentDictionary<INamedTypeSymbol, bool>(ByReference<INamedTypeSymbol>.Instance);

        private AsyncTypes(Compilation compilation)
        {
            Compilation = compilation;
            Task = TypeNamed("System.Threading.Tasks.Task");
            TaskOfT = TypeNamed("System.Threading.Tasks.Task`1");
            ValueTask = TypeNamed("System.Threading.Tasks.ValueTask");
            ValueTaskOfT = TypeNamed("System.Threading.Tasks.ValueTask`1");
            TaskAwaiter = TypeNamed("System.Runtime.CompilerServices.TaskAwaiter");
            TaskAwaiterOfT = TypeNamed("System.Runtime.CompilerServices.TaskAwaiter`1");
            ValueTaskAwaiter = TypeNamed("System.Runtime.CompilerServices.ValueTaskAwaiter");
            ValueTaskAwaiterOfT = TypeNamed("System.Runtime.CompilerServices.ValueTaskAwaiter`1");
            ConfiguredTaskAwaiter = TypeNamed("System.Runtime.CompilerServices.ConfiguredTaskAwaitable+ConfiguredTaskAwaiter");
            ConfiguredTaskAwaiterOfT = TypeNamed("System.Runtime.CompilerServices.ConfiguredTaskAwaitable`1+ConfiguredTaskAwaiter");
            ConfiguredValueTaskAwaiter = TypeNamed("System.Runtime.CompilerServices.ConfiguredValueTaskAwaitable+ConfiguredValueTaskAwaiter");
            ConfiguredValueTaskAwaiterOfT = TypeNamed("System.Runtime.CompilerServices.ConfiguredValueTaskAwaitable`1+ConfiguredValueTaskAwaiter");
            IAsyncEnumerableOfT = TypeNamed("System.Collections.Generic.IAsyncEnumerable`1");
            IAsyncEnumeratorOfT = TypeNamed("System.Collections.Generic.IAsyncEnumerator`1");
            CancellationToken = TypeNamed("System.Threading.CancellationToken");
            INotifyCompletion = TypeNamed("System.Runtime.CompilerServices.INotifyCompletion");
            ExpressionOfT = TypeNamed("System.Linq.Expressions.Expression`1");
            ObsoleteAttribute = TypeNamed("System.ObsoleteAttribute");
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

        private INamedTypeSymbol? _iAsyncDisposable;
        private INamedTypeSymbol? _thread;

        /// <summary>System.IAsyncDisposable, resolved on first use (several families ask).</summary>
        public INamedTypeSymbol? IAsyncDisposable => _iAsyncDisposable ??= TypeNamed("System.IAsyncDisposable");

        /// <summary>System.Threading.Thread, resolved on first use (several families ask).</summary>
        public INamedTypeSymbol? Thread => _thread ??= TypeNamed("System.Threading.Thread");

        /// <summary>
        /// The shared instance of <paramref name="compilation"/> (created by the first caller, thread-safe); null when the
        /// compilation has no System.Threading.Tasks.Task: no async rule can apply.
        /// </summary>
        public static AsyncTypes? For(Compilation compilation)
        {
            var types = PerCompilation.GetValue(compilation, CreateForCompilation);
            return types.Task is null ? null : types;
        }

        /// <summary>
        /// A new instance for the host's one compilation start (<see cref="AsyncGuardRules"/>), which hands it to every rule
        /// itself: no entry in the weak table (an edit's fresh compilation paid for adding one); null as <see cref="For"/>.
        /// </summary>
        internal static AsyncTypes? CreateFor(Compilation compilation)
        {
            var types = new AsyncTypes(compilation);
            return types.Task is null ? null : types;
        }

        /// <summary>
        /// Publishes a lazily created family part or cache once: every thread gets the instance that won the race, so
        /// the analyzers sharing this object also share the part's cache.
        /// </summary>
        private static T Shared<T>(ref T? field, T created)
            where T : class =>
            Interlocked.CompareExchange(ref field, created, null) ?? created;

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
            if (type is INamedTypeSymbol named)
            {
                // The hot path (every call's type, for several rules): a named type has its definition's answer (the awaiter
                // pattern is a matter of members, not of type arguments or nullability), and a definition is one object
                // whatever its constructions and annotations, so the answer is found by reference, without symbol hashing.
                var definition = named.OriginalDefinition;
                return _awaitableDefinitions.TryGetValue(definition, out var answer)
                    ? answer
                    : _awaitableDefinitions.GetOrAdd(definition, MetadataAnswersFor(definition) is { } shared
                        ? shared.AwaitableDefinition(definition, this)
                        : IsAwaitableDefinition(definition));
            }

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

            return _awaitableCache.TryGetValue(type, out var known) ? known : _awaitableCache.GetOrAdd(type, HasAwaiterPattern(type));
        }

        private bool IsAwaitableDefinition(INamedTypeSymbol definition) =>
            definition.TypeKind != TypeKind.Error
            && (IsTaskOrValueTask(definition) || (definition.SpecialType == SpecialType.None && HasAwaiterPattern(definition)));

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
