using System.Collections.Concurrent;
using System.Linq;

namespace AsyncGuard.Analyzers.Blocking
{
    /// <summary>
    /// AG0102's search for async alternatives: cheap syntactic filters, a per-method cache of "could any alternative
    /// exist" (members named MAsync / awaitable overloads in the type hierarchy, or an extension named MAsync anywhere),
    /// and speculative binding of the rewritten call only for those candidates. One instance per compilation.
    /// </summary>
    internal sealed partial class AsyncAlternatives
    {
        private static readonly SymbolDisplayFormat QualifiedName = new SymbolDisplayFormat(
            typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces);

        private readonly AsyncTypes _types;
        private readonly ConcurrentDictionary<CandidateKey, Candidates> _candidates = new ConcurrentDictionary<CandidateKey, Candidates>();
        private readonly ConcurrentDictionary<CandidateKey, ImmutableArray<IMethodSymbol>> _applicable = new ConcurrentDictionary<CandidateKey, ImmutableArray<IMethodSymbol>>();
        // Keyed by identity: the keys are original definitions (one object each), asked for every call AG0102 looks at.
        private readonly ConcurrentDictionary<IMethodSymbol, MethodEntry> _methods = new ConcurrentDictionary<IMethodSymbol, MethodEntry>(ByReference<IMethodSymbol>.Instance);
        private readonly ConcurrentDictionary<IMethodSymbol, ImmutableArray<InvocationExpressionSyntax>> _bodyCalls = new ConcurrentDictionary<IMethodSymbol, ImmutableArray<InvocationExpressionSyntax>>(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<IMethodSymbol, string?> _syncWrappers = new ConcurrentDictionary<IMethodSymbol, string?>(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<IPropertySymbol, bool> _consoleProperties = new ConcurrentDictionary<IPropertySymbol, bool>(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<ITypeSymbol, bool> _realAsyncDisposables = new ConcurrentDictionary<ITypeSymbol, bool>(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<string, ImmutableHashSet<string>> _exclusions =
            new ConcurrentDictionary<string, ImmutableHashSet<string>>(StringComparer.Ordinal);
        private readonly AsyncExtensionMethods _extensionMethods;
        private readonly SyncByNature _sync;
        private readonly CallShapeCache<IMethodSymbol?> _bound;

        public AsyncAlternatives(AsyncTypes types)
        {
            _types = types;
            _extensionMethods = new AsyncExtensionMethods(types);
            _sync = new SyncByNature(types);
            _bound = new CallShapeCache<IMethodSymbol?>(types.Compilation);
        }

        /// <summary>The .editorconfig key of the user's exclusion list.</summary>
        public const string ExclusionOption = "dotnet_diagnostic.AG0102.excluded_symbols";

        /// <summary>Parses (once per distinct value) a list of fully qualified type or method names.</summary>
        public ImmutableHashSet<string> ParseExclusions(string? value) =>
            string.IsNullOrWhiteSpace(value)
                ? ImmutableHashSet<string>.Empty
                : _exclusions.GetOrAdd(value!, v => ImmutableHashSet.CreateRange(StringComparer.Ordinal, Split(v)));

        private static IEnumerable<string> Split(string value)
        {
            foreach (var part in value.Split(new[] { ',', ';', ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries))
            {
                yield return part.StartsWith("global::", StringComparison.Ordinal) ? part.Substring(8) : part;
            }
        }

        /// <summary>
        /// The alternative of an invocation (its operation gives the target and receiver without extra binding):
        /// cached and syntactic checks first, a scoped lookup of applicable extension methods next, speculative binding
        /// last — only for candidates whose parameters fit the written arguments.
        /// </summary>
        public bool TryFindForCall(IInvocationOperation operation, InvocationExpressionSyntax invocation, ISymbol containingSymbol, SemanticModel model, AnalyzerConfigOptionsProvider options, CancellationToken cancellationToken, out AsyncAlternative alternative)
        {
            alternative = default;
            ExpressionSyntax? receiver;
            SimpleNameSyntax name;
            switch (invocation.Expression)
            {
                case MemberAccessExpressionSyntax access:
                    receiver = access.Expression;
                    name = access.Name;
                    break;
                case SimpleNameSyntax simple:
                    receiver = null;
                    name = simple;
                    break;
                default:
                    // `x?.M()` is left alone: `await x?.MAsync()` would throw where the original did nothing.
                    return false;
            }

            var method = operation.TargetMethod;
            var methodName = name.Identifier.ValueText;
            if (methodName.Length == 0 || methodName != method.Name || WellKnownApis.HasAsyncSuffix(methodName))
            {
                return false;
            }

            // Most calls are not in an async-capable function: outside any lambda or local function that is decided by the
            // syntax and the member alone (one walk up the syntax, no operation-tree walk, no cached entry to compute).
            // Inside a lambda or local function the full check runs below, in its old place.
            var function = EnclosingFunction.Find(invocation);
            var inNestedFunction = function is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax;
            if (!inNestedFunction && EnclosingFunction.ClassifyMember(function, containingSymbol, _types) != FunctionKind.AsyncCapable)
            {
                return false;
            }

            // One cached entry per method definition answers "awaitable already?" and "any candidate?" for most calls.
            var entry = EntryOf(method);
            if (entry.ReturnsTypeParameter ? _types.IsAwaitable(method.ReturnType) : entry.ReturnsAwaitable)
            {
                return false;
            }

            // Cheapest first: the cached per-method answer, then syntax, then the enclosing function, then binding.
            var isSleep = methodName == "Sleep" && method.Parameters.Length == 1 && method.ContainingType.Is(_types.Thread);
            var candidates = isSleep ? Candidates.None : entry.Candidates;
            var reducedExtension = !isSleep && Invocations.IsReducedExtensionCall(operation);
            if (reducedExtension)
            {
                // `x.Ext(..)` may have an instance alternative `x.ExtAsync(..)` on the receiver's type (one cached lookup per type and name).
                candidates = WithReceiverCandidates(candidates, operation, methodName);
            }

            // So is `x?.A.M()`: the await cannot stand inside the `?.` chain (asked once the method has candidates).
            if ((!isSleep && candidates.IsEmpty) || ConditionalAccesses.IsInsideChain(invocation) || IsInLockBody(invocation))
            {
                return false;
            }

            // Task.Wait and the other blocking waits are AG0101's (and AG0103's), never this rule's.
            if (methodName is "Wait" or "WaitAll" or "WaitAny" or "GetResult"
                && BlockingWaits.TryMatch(invocation, model, _types, cancellationToken, out _))
            {
                return false;
            }

            if (inNestedFunction && !IsAsyncCapable(operation, containingSymbol, model, cancellationToken))
            {
                return false;
            }

            var token = FindToken(operation, containingSymbol);

            // `x.Ext(a)` binds to Ext(this X x, A a): the written arguments start at its second parameter.
            var call = new WrittenCall(operation, invocation, method, Invocations.IsReducedExtensionCall(operation) ? 1 : 0, inNestedFunction, cancellationToken);
            var extensions = !isSleep && candidates.Extension && receiver != null
                ? ApplicableExtensions(operation, method.Name + WellKnownApis.AsyncSuffix)
                : ImmutableArray<IMethodSymbol>.Empty;
            var asyncName = methodName + WellKnownApis.AsyncSuffix;

            // Before the silencing checks, which ask the semantic model: could any rewrite below bind at all (symbols only)?
            var withToken = token != null && !call.HasNamedArguments;
            if (!isSleep
                && !(withToken && (IsPlausible(call, asyncName, true, candidates, extensions) || IsPlausible(call, methodName, true, candidates, extensions)))
                && !IsPlausible(call, asyncName, false, candidates, extensions))
            {
                return false;
            }

            var treeOptions = options.GetOptions(invocation.SyntaxTree);
            var reportSyncPreferred = ReportsSyncPreferred(treeOptions);
            var receiverOperation = Invocations.Receiver(operation);
            if (IsSilenced(method, receiver, receiverOperation, model, Exclusions(treeOptions), cancellationToken)
                || _sync.IsSilentCall(operation, method, receiverOperation?.Type, reportSyncPreferred, cancellationToken))
            {
                return false;
            }

            if (isSleep)
            {
                alternative = new AsyncAlternative(AlternativeForm.Sleep, "Thread.Sleep", "Delay", token, null);
                return true;
            }

            // With a token in scope, prefer the overload that takes it; then the one with the same arguments.
            if (withToken)
            {
                if (TryBind(call, name, asyncName, token, candidates, extensions, containingSymbol, out var tokenParameter))
                {
                    alternative = new AsyncAlternative(AlternativeForm.Call, Display(method), asyncName, token, tokenParameter);
                    return true;
                }

                if (TryBind(call, name, methodName, token, candidates, extensions, containingSymbol, out tokenParameter))
                {
                    alternative = new AsyncAlternative(AlternativeForm.Call, Display(method), methodName, token, tokenParameter);
                    return true;
                }
            }

            if (TryBind(call, name, asyncName, null, candidates, extensions, containingSymbol, out _))
            {
                alternative = new AsyncAlternative(AlternativeForm.Call, Display(method), asyncName, null, null);
                return true;
            }

            return false;
        }

        /// <summary>The user's exclusion list for the file of the call, parsed once per distinct value.</summary>
        public ImmutableHashSet<string> Exclusions(AnalyzerConfigOptionsProvider options, SyntaxTree tree) => Exclusions(options.GetOptions(tree));

        private ImmutableHashSet<string> Exclusions(AnalyzerConfigOptions options) =>
            options.TryGetValue(ExclusionOption, out var value) ? ParseExclusions(value) : ImmutableHashSet<string>.Empty;

        /// <summary>`dotnet_diagnostic.AG0102.report_sync_preferred = true`: report the SyncPreferred entries of <see cref="SyncByNature"/> too.</summary>
        public static bool ReportsSyncPreferred(AnalyzerConfigOptions options) => RuleOptions.GetBool(options, SyncByNature.ReportSyncPreferredOption);

        /// <summary>
        /// Extension methods named <paramref name="asyncName"/> whose `this` parameter could take the receiver (LINQ's Sum
        /// has System.Linq.AsyncEnumerable.SumAsync, which only IAsyncEnumerable receivers can call): a symbol test, far
        /// cheaper than binding a call that overload resolution would reject. Binding still decides scope and overloads.
        /// </summary>
        private ImmutableArray<IMethodSymbol> ApplicableExtensions(IInvocationOperation operation, string asyncName)
        {
            var receiver = Invocations.Receiver(operation);
            if (receiver?.Type is not { TypeKind: not TypeKind.Error } receiverType || receiver is IInstanceReferenceOperation { IsImplicit: true })
            {
                return ImmutableArray<IMethodSymbol>.Empty;
            }

            // For a named receiver the answer depends on its definition alone (MayApplyTo): one search per type and name.
            if (receiverType is INamedTypeSymbol named)
            {
                var key = new CandidateKey(named.OriginalDefinition, asyncName);
                return _applicable.TryGetValue(key, out var known) ? known : _applicable.GetOrAdd(key, FindApplicableExtensions(asyncName, receiverType));
            }

            return FindApplicableExtensions(asyncName, receiverType);
        }

        private ImmutableArray<IMethodSymbol> FindApplicableExtensions(string asyncName, ITypeSymbol receiverType)
        {
            ImmutableArray<IMethodSymbol>.Builder? found = null;
            // Overloads mostly share their `this` type (AsyncEnumerable's dozens of IAsyncEnumerable<T> overloads): the
            // receiver's hierarchy is searched once per distinct one, not once per overload.
            IMethodSymbol? previous = null;
            var previousApplies = false;
            foreach (var candidate in _extensionMethods.Named(asyncName))
            {
                if (!_types.IsAwaitable(candidate.ReturnType))
                {
                    continue;
                }

                var applies = previous != null && SameThisType(previous, candidate)
                    ? previousApplies
                    : AsyncExtensionMethods.MayApplyTo(candidate, receiverType);
                previous = candidate;
                previousApplies = applies;
                if (applies)
                {
                    (found ??= ImmutableArray.CreateBuilder<IMethodSymbol>()).Add(candidate);
                }
            }

            return found?.ToImmutable() ?? ImmutableArray<IMethodSymbol>.Empty;
        }

        /// <summary>
        /// Whether <see cref="AsyncExtensionMethods.MayApplyTo"/> must give both the same answer: both have a `this` parameter
        /// of a named type with the same definition (the test compares definitions only).
        /// </summary>
        private static bool SameThisType(IMethodSymbol a, IMethodSymbol b) =>
            a.Parameters.Length > 0 && b.Parameters.Length > 0
            && a.Parameters[0].Type is INamedTypeSymbol first && b.Parameters[0].Type is INamedTypeSymbol second
            && first.OriginalDefinition.Is(second.OriginalDefinition);

        /// <summary>
        /// A CancellationToken parameter of the enclosing functions (innermost first), as it would be written; the functions
        /// come from the operation tree, so no symbol is looked up. A static lambda or local function sees no outer one.
        /// </summary>
        private string? FindToken(IOperation operation, ISymbol containingSymbol)
        {
            for (var current = operation.Parent; current != null; current = current.Parent)
            {
                if (current is not (IAnonymousFunctionOperation { IsImplicit: false } or ILocalFunctionOperation))
                {
                    continue;
                }

                if (TokenParameter(EnclosingFunction.SymbolOf(current)) is { } token)
                {
                    return token;
                }

                var modifiers = current.Syntax switch
                {
                    AnonymousFunctionExpressionSyntax lambda => lambda.Modifiers,
                    LocalFunctionStatementSyntax local => local.Modifiers,
                    _ => default,
                };
                if (modifiers.Any(SyntaxKind.StaticKeyword))
                {
                    return null;
                }
            }

            return containingSymbol is IMethodSymbol method ? TokenParameter(method) : null;
        }

        private string? TokenParameter(IMethodSymbol function)
        {
            foreach (var parameter in function.Parameters)
            {
                if (_types.IsCancellationToken(parameter.Type))
                {
                    return AvailableTokens.Escape(parameter.Name);
                }
            }

            return null;
        }

        private static bool HasNamedArguments(InvocationExpressionSyntax invocation)
        {
            foreach (var argument in invocation.ArgumentList.Arguments)
            {
                if (argument.NameColon != null)
                {
                    return true;
                }
            }

            return false;
        }

        private static string Display(IMethodSymbol method) => (method.ContainingType?.Name is { Length: > 0 } type ? type + "." : "") + method.Name;
    }
}
