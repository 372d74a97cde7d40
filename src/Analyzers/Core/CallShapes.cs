using System.Collections.Concurrent;
using System.Text;

namespace AsyncGuard.Analyzers.Core
{
    /// <summary>
    /// The shape of a call, as far as binding a rewritten form of it is concerned: the import scope (usings decide the
    /// extension methods), the target, the receiver's type and the written arguments' types (and, where it matters, the
    /// calling type: see <see cref="From"/>). Two calls of one shape bind a rewritten form alike, so the speculative binding is done once per shape —
    /// code that calls the same API the same way over and over (`File.ReadAllText(path)`) binds it once.
    /// Calls whose binding depends on more (simple names, target-typed arguments such as lambdas, `null`, `default` or
    /// `new()`, named, ref or params arguments) have no shape and are always bound; int and long constants are keyed
    /// by value (constant conversions).
    /// </summary>
    internal readonly struct CallShape(string scope, ISymbol? callingType, IMethodSymbol method, ITypeSymbol? receiver, ImmutableArray<ITypeSymbol> arguments, string variant)
        : IEquatable<CallShape>
    {
        private readonly string _scope = scope;
        private readonly ISymbol? _callingType = callingType;
        private readonly IMethodSymbol _method = method;
        private readonly ITypeSymbol? _receiver = receiver;
        private readonly ImmutableArray<ITypeSymbol> _arguments = arguments;
        private readonly string _variant = variant;
        private readonly int _hash = Hash(scope, method, variant, arguments.Length);

        /// <summary>
        /// The shape of <paramref name="operation"/> for the rewrite named by <paramref name="variant"/> (e.g. the new
        /// method name and whether a token is appended), or false when the call's binding depends on more than its shape.
        /// <paramref name="scopes"/> is null where the import scope cannot change the answer (no extension method can
        /// take part in the rewritten call's binding): such shapes are shared by every file.
        /// </summary>
        public static bool TryCreate(IInvocationOperation operation, InvocationExpressionSyntax invocation, ScopeNames? scopes, string variant, out CallShape shape)
        {
            shape = default;
            if (invocation.Expression is not MemberAccessExpressionSyntax)
            {
                return false;
            }

            var written = invocation.ArgumentList.Arguments;
            var types = ImmutableArray.CreateBuilder<ITypeSymbol>(written.Count);
            StringBuilder? constants = null;
            ITypeSymbol? receiver = null;
            foreach (var argument in operation.Arguments)
            {
                if (argument.Syntax is not ArgumentSyntax syntax)
                {
                    // The receiver of `x.Ext()`, passed as the extension's first argument; or an implicit default/params.
                    if (argument.ArgumentKind != ArgumentKind.Explicit || receiver != null || types.Count > 0)
                    {
                        if (argument.ArgumentKind == ArgumentKind.DefaultValue)
                        {
                            continue;
                        }

                        return false;
                    }

                    receiver = NaturalType(argument.Value);
                    if (receiver is null)
                    {
                        return false;
                    }

                    continue;
                }

                if (argument.ArgumentKind != ArgumentKind.Explicit || syntax.NameColon != null || syntax.RefKindKeyword.RawKind != 0
                    || IsTargetTyped(syntax.Expression, argument.Value) || NaturalType(argument.Value) is not { } type)
                {
                    return false;
                }

                // An int or long constant converts to narrower types by its value (`M(100)` may pick M(byte)): the
                // value is part of the shape.
                if (type.SpecialType is SpecialType.System_Int32 or SpecialType.System_Int64
                    && Invocations.WithoutImplicitConversions(argument.Value).ConstantValue is { HasValue: true, Value: { } value })
                {
                    (constants ??= new StringBuilder()).Append(types.Count).Append('=').Append(value).Append(';');
                }

                types.Add(type);
            }

            // Arguments come in parameter order; the shape needs them as written (equal unless named, excluded above).
            if (types.Count != written.Count)
            {
                return false;
            }

            receiver ??= WrittenReceiverType(operation, invocation);
            if (receiver is null)
            {
                return false;
            }

            var scope = scopes is null ? "" : scopes.Of(invocation);
            shape = new CallShape(scope, null, operation.TargetMethod, receiver, types.MoveToImmutable(), constants is null ? variant : variant + "|" + constants);
            return true;
        }

        /// <summary>
        /// The type lookup starts from: the receiver's type, or for a static call the type as written (`Derived.M()` looks
        /// in Derived before the Base that declares M); null when unknown.
        /// </summary>
        public static ITypeSymbol? WrittenReceiverType(IInvocationOperation operation, InvocationExpressionSyntax invocation)
        {
            if (Invocations.Receiver(operation) is { } receiver)
            {
                return NaturalType(receiver);
            }

            return invocation.Expression is MemberAccessExpressionSyntax access
                && operation.SemanticModel?.GetSymbolInfo(access.Expression).Symbol is INamedTypeSymbol written ? written : null;
        }

        /// <summary>
        /// Arguments whose conversion depends on the parameter they meet rather than on a type of their own: lambdas and
        /// method groups, `default`, `new()`, `?:` and switch expressions, collection expressions, tuple literals
        /// (element-wise conversions), interpolated strings (handler conversions) and `+` chains that may contain them.
        /// </summary>
        private static bool IsTargetTyped(ExpressionSyntax expression, IOperation value)
        {
            expression = expression.WalkDownParentheses();

            switch (expression)
            {
                case AnonymousFunctionExpressionSyntax or ImplicitObjectCreationExpressionSyntax or ConditionalExpressionSyntax
                    or SwitchExpressionSyntax or CollectionExpressionSyntax or TupleExpressionSyntax or InterpolatedStringExpressionSyntax
                    or StackAllocArrayCreationExpressionSyntax or ImplicitStackAllocArrayCreationExpressionSyntax or BinaryExpressionSyntax:
                    return true;
                case LiteralExpressionSyntax literal when literal.Token.RawKind is (int)SyntaxKind.DefaultKeyword or (int)SyntaxKind.NullKeyword:
                    return true;
            }

            return Invocations.WithoutImplicitConversions(value) is IDelegateCreationOperation or IAnonymousFunctionOperation;
        }

        /// <summary>
        /// The same shape seen from one calling type: for answers that accessibility could change (a failed binding may
        /// succeed where a protected or internal alternative is visible). A found alternative is instead re-checked for
        /// accessibility at each use, so it is shared by every calling type.
        /// </summary>
        public CallShape From(ISymbol? callingType) =>
            _scope is null ? default : new CallShape(_scope, callingType, _method, _receiver, _arguments, _variant);

        public bool Equals(CallShape other)
        {
            if (_scope is null || other._scope is null)
            {
                return _scope is null && other._scope is null;
            }

            if (_hash != other._hash || !string.Equals(_scope, other._scope, StringComparison.Ordinal) || _variant != other._variant
                || !_method.Is(other._method)
                || !_callingType.Is(other._callingType)
                || !_receiver.Is(other._receiver)
                || _arguments.Length != other._arguments.Length)
            {
                return false;
            }

            for (var i = 0; i < _arguments.Length; i++)
            {
                if (!_arguments[i].Is(other._arguments[i]))
                {
                    return false;
                }
            }

            return true;
        }

        public override bool Equals(object? obj) => obj is CallShape other && Equals(other);

        public override int GetHashCode() => _hash;

        private static int Hash(string scope, IMethodSymbol method, string variant, int argumentCount)
        {
            var hash = (StringComparer.Ordinal.GetHashCode(scope) * 31) ^ SymbolEqualityComparer.Default.GetHashCode(method);
            hash = (hash * 31) ^ StringComparer.Ordinal.GetHashCode(variant);
            return (hash * 31) ^ argumentCount;
        }

        /// <summary>The type an expression has before any implicit conversion (null for lambdas, `null`, `default`).</summary>
        private static ITypeSymbol? NaturalType(IOperation value) =>
            Invocations.WithoutImplicitConversions(value).Type is { TypeKind: not TypeKind.Error } type ? type : null;

    }

    /// <summary>
    /// What one call needs to share its token-passing binding with calls of the same shape (AG0301): the cache, the
    /// call, whether the import scope can matter, and the calling type, or null where accessibility is the same for every
    /// caller.
    /// </summary>
    internal sealed class SharedBinding(CallShapeCache<IMethodSymbol?> cache, IInvocationOperation operation, bool scopeMatters, ISymbol? callingType)
    {
        public CallShapeCache<IMethodSymbol?> Cache { get; } = cache;

        public IInvocationOperation Operation { get; } = operation;

        public bool ScopeMatters { get; } = scopeMatters;

        public ISymbol? CallingType { get; } = callingType;

        /// <summary>
        /// The calling type the binding of a call to <paramref name="target"/>'s name on <paramref name="receiverType"/> may
        /// depend on: null when every member of that name in the type's hierarchy, and every type on the way, is equally
        /// accessible from all code of the compilation (public, or internal to it); otherwise the calling type.
        /// </summary>
        public static ISymbol? CallingTypeFor(IMethodSymbol target, ITypeSymbol? receiverType, Compilation compilation, ISymbol? callingType)
        {
            var start = receiverType ?? target.ContainingType;
            if (start is not INamedTypeSymbol named || target.MethodKind != MethodKind.Ordinary)
            {
                return callingType;
            }

            for (INamedTypeSymbol? t = named; t != null; t = t.BaseType)
            {
                if (!UniformlyAccessible(t, compilation, target.Name))
                {
                    return callingType;
                }
            }

            foreach (var i in named.AllInterfaces)
            {
                if (!UniformlyAccessible(i, compilation, target.Name))
                {
                    return callingType;
                }
            }

            return null;
        }

        private static bool UniformlyAccessible(INamedTypeSymbol type, Compilation compilation, string name)
        {
            for (var t = type; t != null; t = t.ContainingType)
            {
                if (!Uniform(t, compilation))
                {
                    return false;
                }
            }

            foreach (var member in type.GetMembers(name))
            {
                if (!Uniform(member, compilation))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool Uniform(ISymbol symbol, Compilation compilation) => symbol.DeclaredAccessibility switch
        {
            Accessibility.Public => true,
            Accessibility.Internal or Accessibility.ProtectedOrInternal => symbol.ContainingAssembly.Is(compilation.Assembly),
            _ => false,
        };
    }

    /// <summary>What a rewritten call bound to, per <see cref="CallShape"/>; one per compilation (AG0102's and AG0301's).</summary>
    internal sealed class CallShapeCache<TResult>
    {
        private readonly ConcurrentDictionary<CallShape, TResult> _results = new ConcurrentDictionary<CallShape, TResult>();

        public CallShapeCache(Compilation compilation)
        {
            Scopes = new ScopeNames(compilation);
        }

        public ScopeNames Scopes { get; }

        public bool TryGet(in CallShape shape, out TResult result) => _results.TryGetValue(shape, out result!);

        public void Add(in CallShape shape, TResult result) => _results.TryAdd(shape, result);
    }
}

namespace AsyncGuard.Analyzers.Core
{
    /// <summary>
    /// Names what decides the extension methods in scope at a position: the usings of the file and of each enclosing
    /// namespace declaration, and those enclosing namespaces that declare extension methods (the others add nothing, so
    /// `namespace Shop.Orders` and `namespace Shop.Billing` files with the same usings share one name). Per compilation:
    /// another file may add extension methods to a namespace.
    /// </summary>
    internal sealed class ScopeNames
    {
        private readonly Compilation _compilation;
        private readonly ConcurrentDictionary<SyntaxNode, string> _names = new ConcurrentDictionary<SyntaxNode, string>();
        private readonly ConcurrentDictionary<string, bool> _namespacesWithExtensions = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);

        public ScopeNames(Compilation compilation)
        {
            _compilation = compilation;
        }

        public string Of(SyntaxNode node)
        {
            for (var current = node.Parent; current != null; current = current.Parent)
            {
                if (current is BaseNamespaceDeclarationSyntax or CompilationUnitSyntax)
                {
                    return _names.TryGetValue(current, out var known) ? known : _names.GetOrAdd(current, Describe(current));
                }
            }

            return "";
        }

        private string Describe(SyntaxNode scope)
        {
            var text = new StringBuilder();
            for (var current = scope; current != null; current = current.Parent)
            {
                switch (current)
                {
                    case BaseNamespaceDeclarationSyntax ns:
                        AppendNamespaces(QualifiedName(ns), text);
                        AppendUsings(ns.Usings, ns.Externs, text);
                        break;
                    case CompilationUnitSyntax unit:
                        AppendUsings(unit.Usings, unit.Externs, text);
                        break;
                }
            }

            return text.ToString();
        }

        private static string QualifiedName(BaseNamespaceDeclarationSyntax ns)
        {
            var name = ns.Name.ToString();
            for (var outer = ns.Parent as BaseNamespaceDeclarationSyntax; outer != null; outer = outer.Parent as BaseNamespaceDeclarationSyntax)
            {
                name = outer.Name + "." + name;
            }

            return name;
        }

        /// <summary>The namespace and its parents (each is in scope inside it), where they declare extension methods.</summary>
        private void AppendNamespaces(string qualifiedName, StringBuilder text)
        {
            for (var name = qualifiedName; name.Length > 0; name = name.LastIndexOf('.') is var dot and >= 0 ? name.Substring(0, dot) : "")
            {
                if (_namespacesWithExtensions.TryGetValue(name, out var has) ? has : _namespacesWithExtensions.GetOrAdd(name, DeclaresExtensions(name)))
                {
                    text.Append("namespace ").Append(name).Append(';');
                }
            }
        }

        /// <summary>
        /// Whether code inside the namespace sees extension methods declared in it. Source is asked (the source
        /// assembly's own namespaces: no merging with every reference); a namespace of the platform
        /// (System.*, Microsoft.*), where referenced assemblies declare extension methods too, always counts.
        /// </summary>
        private bool DeclaresExtensions(string qualifiedName)
        {
            if (qualifiedName.StartsWith("System", StringComparison.Ordinal) || qualifiedName.StartsWith("Microsoft", StringComparison.Ordinal))
            {
                return true;
            }

            INamespaceSymbol ns = _compilation.Assembly.GlobalNamespace;
            var start = 0;
            while (start <= qualifiedName.Length)
            {
                var dot = qualifiedName.IndexOf('.', start);
                var part = (dot < 0 ? qualifiedName.Substring(start) : qualifiedName.Substring(start, dot - start)).Trim();
                INamespaceSymbol? next = null;
                foreach (var member in ns.GetMembers(part))
                {
                    if (member is INamespaceSymbol found)
                    {
                        next = found;
                        break;
                    }
                }

                if (next is null)
                {
                    // Unknown (broken code): keep the name, so nothing is shared on a guess.
                    return true;
                }

                ns = next;
                if (dot < 0)
                {
                    break;
                }

                start = dot + 1;
            }

            foreach (var type in ns.GetTypeMembers())
            {
                if (type.MightContainExtensionMethods)
                {
                    return true;
                }
            }

            return false;
        }

        private static void AppendUsings(SyntaxList<UsingDirectiveSyntax> usings, SyntaxList<ExternAliasDirectiveSyntax> externs, StringBuilder text)
        {
            foreach (var e in externs)
            {
                text.Append(e.Identifier.ValueText).Append(';');
            }

            foreach (var u in usings)
            {
                text.Append(u.ToString()).Append(';');
            }
        }
    }
}
