using System.Collections.Concurrent;

namespace AsyncGuard.Analyzers.Core
{
    /// <summary>The facts <see cref="MethodFacts"/> keeps. A fact's proof may ask only for facts of a lower kind (see there).</summary>
    internal enum MethodFact
    {
        /// <summary>
        /// A parameter (by ordinal) of a private method or local function: every call of the method in the compilation passes
        /// a factory object built from plain values (InMemoryCalls.SourceStreams.cs). Its proof asks for no other fact.
        /// </summary>
        PlainFactoryArgument,

        /// <summary>
        /// Every return of a helper is a factory object built from plain values (InMemoryCalls.SourceStreams.cs). Its proof
        /// asks for no other fact.
        /// </summary>
        ReturnsPlainFactory,

        /// <summary>
        /// Every return of a helper gives the response of an HttpClient send that reads the whole body (BufferedSends.cs).
        /// Its proof asks for no other fact.
        /// </summary>
        ReturnsBufferedResponse,

        /// <summary>
        /// Every return of a helper declared in another file is memory (InMemoryCalls.Returned.cs). Its proof may ask for the
        /// two facts above (a factory parameter, a buffered response inside the helper), never for this one: the in-memory
        /// proof inside a helper follows no further helper through this cache.
        /// </summary>
        ReturnsMemory,

        /// <summary>
        /// Every return of a helper declared in another file is a <c>FileStream</c> opened read-only (Blocking/ReadStreams.Returned.cs,
        /// d102). Its proof asks for no other fact.
        /// </summary>
        ReturnsReadOnlyFile,
    }

    /// <summary>
    /// Facts about a source method of this compilation that a rule cannot see from the function it analyses (issue 16,
    /// fourteenth pass, xfile16): what a helper in another file returns, what every caller of a private method passes.
    /// One instance per compilation (<see cref="AsyncTypes.MethodFacts"/>, itself keyed by the Compilation in a weak table:
    /// nothing outlives the compilation), asked only on the cold path, for a finding about to be reported.
    /// <list type="bullet">
    /// <item>Each answer is computed once per (method, fact, parameter) and cached; two threads that race both compute the same
    /// answer (every proof depends on the compilation only, never on who asks) and the first one stored wins.</item>
    /// <item>Bounded work: a method whose declaration is longer than <see cref="MaxDeclarationLength"/> characters, or a private
    /// method with more than <see cref="MaxCallSites"/> calls, is not proved (false: the finding stays).</item>
    /// <item>No recursion blow-up: a fact's proof asks only for facts of a lower <see cref="MethodFact"/> kind, so a chain of
    /// nested questions is at most as long as there are kinds and never comes back to a question in progress. A question
    /// asked deeper than that (a proof that broke the rule) is answered false and not cached.</item>
    /// </list>
    /// Another file's semantic model comes from <see cref="Compilation.GetSemanticModel"/>, which the analyzer driver shares
    /// with the analysis of that file; the binding it does for a helper is paid once per compilation, not once per finding.
    /// </summary>
    internal sealed class MethodFacts
    {
        /// <summary>The longest declaration (in characters) whose body is read for a fact.</summary>
        public const int MaxDeclarationLength = 40_000;

        /// <summary>The most calls of a private method whose arguments are read for a fact.</summary>
        public const int MaxCallSites = 16;

        private const int MaxNesting = 2;

        private readonly Compilation _compilation;
        private readonly ConcurrentDictionary<Key, bool> _answers = new ConcurrentDictionary<Key, bool>();

        public MethodFacts(Compilation compilation)
        {
            _compilation = compilation;
        }

        /// <summary>
        /// The cached answer for <paramref name="method"/> (its original definition) and <paramref name="fact"/>, computed by
        /// <paramref name="prove"/> on the first question. <paramref name="nesting"/> is 0 for a rule's question and the caller's
        /// nesting + 1 for a question a proof asks.
        /// </summary>
        public bool Get(IMethodSymbol method, MethodFact fact, int parameter, int nesting, Func<IMethodSymbol, bool> prove)
        {
            if (nesting >= MaxNesting)
            {
                return false;
            }

            var key = new Key(method.OriginalDefinition, fact, parameter);
            if (_answers.TryGetValue(key, out var known))
            {
                return known;
            }

            var answer = prove(key.Method);
            return _answers.GetOrAdd(key, answer);
        }

        /// <summary>The semantic model of a tree of this compilation (null for a tree it does not hold).</summary>
        public SemanticModel? ModelOf(SyntaxTree tree) =>
            _compilation.ContainsSyntaxTree(tree) ? _compilation.GetSemanticModel(tree) : null;

        /// <summary>
        /// The one declaration of <paramref name="method"/> in this compilation when a call of it can run nothing else (not
        /// virtual, abstract, an override, extern, partial without a body, or an interface member) and it is short enough to read.
        /// </summary>
        public SyntaxNode? Declaration(IMethodSymbol method, CancellationToken cancellationToken)
        {
            var callee = (method.PartialImplementationPart ?? method).OriginalDefinition;
            if (callee.IsVirtual || callee.IsAbstract || callee.IsOverride || callee.IsExtern
                || callee.ContainingType is not { TypeKind: TypeKind.Class or TypeKind.Struct }
                || callee.DeclaringSyntaxReferences.Length != 1)
            {
                return null;
            }

            var declaration = callee.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);
            return declaration is BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax
                && declaration.Span.Length <= MaxDeclarationLength
                && _compilation.ContainsSyntaxTree(declaration.SyntaxTree)
                ? declaration
                : null;
        }

        /// <summary>
        /// Every call of <paramref name="method"/>, a private method or a local function of a class or struct, passes
        /// <paramref name="accept"/>; at least one call exists, and the method is named nowhere else (no method group: a
        /// delegate could be invoked with any value). The calls are found by name in the declarations that can see it: every
        /// part of its containing type (a private member is visible in no other type but nested ones, which those parts hold),
        /// or the body that declares the local function.
        /// </summary>
        public bool EveryCall(IMethodSymbol method, Func<IInvocationOperation, bool> accept, CancellationToken cancellationToken)
        {
            method = method.OriginalDefinition;
            IEnumerable<SyntaxReference> scopes;
            if (method.MethodKind == MethodKind.LocalFunction)
            {
                if (method.DeclaringSyntaxReferences.Length != 1
                    || method.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken).Parent is not { } holder)
                {
                    return false;
                }

                scopes = [holder.GetReference()];
            }
            else if (method.MethodKind == MethodKind.Ordinary && method.DeclaredAccessibility == Accessibility.Private
                && !method.IsVirtual && !method.IsAbstract && !method.IsOverride && !method.IsExtern
                && method.ExplicitInterfaceImplementations.IsEmpty
                && method.ContainingType is { TypeKind: TypeKind.Class or TypeKind.Struct } type)
            {
                scopes = type.DeclaringSyntaxReferences;
            }
            else
            {
                return false;
            }

            var calls = 0;
            foreach (var scope in scopes)
            {
                var root = scope.GetSyntax(cancellationToken);
                if (ModelOf(root.SyntaxTree) is not { } model)
                {
                    return false;
                }

                foreach (var token in root.DescendantTokens())
                {
                    if (!token.IsKind(SyntaxKind.IdentifierToken) || token.ValueText != method.Name
                        || token.Parent is not SimpleNameSyntax name)
                    {
                        continue;
                    }

                    var symbol = model.GetSymbolInfo(name, cancellationToken);
                    var named = symbol.Symbol ?? (symbol.CandidateSymbols.Length > 0 ? symbol.CandidateSymbols[0] : null);
                    if (named is not IMethodSymbol referenced || !SymbolEqualityComparer.Default.Equals(referenced.OriginalDefinition, method))
                    {
                        if (symbol.Symbol is null && symbol.CandidateSymbols.Length > 1)
                        {
                            return false; // an ambiguous or unresolved use that may be this method
                        }

                        continue;
                    }

                    // The name must be the invoked expression itself (`M(..)`, `this.M(..)`, `Type.M(..)`).
                    SyntaxNode invoked = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : name;
                    if (invoked.Parent is not InvocationExpressionSyntax invocation || invocation.Expression != invoked
                        || model.GetOperation(invocation, cancellationToken) is not IInvocationOperation call
                        || !SymbolEqualityComparer.Default.Equals(call.TargetMethod.OriginalDefinition, method)
                        || ++calls > MaxCallSites
                        || !accept(call))
                    {
                        return false;
                    }
                }
            }

            return calls > 0;
        }

        private readonly struct Key(IMethodSymbol method, MethodFact fact, int parameter) : IEquatable<Key>
        {
            public IMethodSymbol Method { get; } = method;

            public MethodFact Fact { get; } = fact;

            public int Parameter { get; } = parameter;

            public bool Equals(Key other) =>
                Fact == other.Fact && Parameter == other.Parameter && SymbolEqualityComparer.Default.Equals(Method, other.Method);

            public override bool Equals(object? obj) => obj is Key other && Equals(other);

            public override int GetHashCode() =>
                (SymbolEqualityComparer.Default.GetHashCode(Method) * 31 + (int)Fact) * 31 + Parameter;
        }
    }
}
