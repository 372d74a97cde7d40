using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncGuard.Analyzers.Core
{
    internal enum AlternativeForm
    {
        /// <summary>`x.M(..)` -> `await x.MAsync(..)` (or an awaitable overload of M taking a token).</summary>
        Call,

        /// <summary>`Thread.Sleep(x)` -> `await Task.Delay(x)`.</summary>
        Sleep,

        /// <summary>`using` -> `await using`.</summary>
        AwaitUsing,
    }

    /// <summary>A synchronous call (or using) and the awaitable alternative AG0102 proposes for it.</summary>
    internal readonly struct AsyncAlternative
    {
        public AsyncAlternative(AlternativeForm form, string display, string name, string? token, string? tokenParameter)
        {
            Form = form;
            Display = display;
            Name = name;
            Token = token;
            TokenParameter = tokenParameter;
        }

        public AlternativeForm Form { get; }

        /// <summary>What is called now, e.g. "File.ReadAllText".</summary>
        public string Display { get; }

        /// <summary>The member to call instead, e.g. "ReadAllTextAsync" ("Delay" for Thread.Sleep, "await using" for a using).</summary>
        public string Name { get; }

        /// <summary>The CancellationToken expression to pass as an extra last argument, or null.</summary>
        public string? Token { get; }

        /// <summary>Name of the token's parameter in the alternative (for a named argument), or null.</summary>
        public string? TokenParameter { get; }
    }

    /// <summary>
    /// AG0102's search for async alternatives: cheap syntactic filters, a per-method cache of "could any alternative
    /// exist" (members named MAsync / awaitable overloads in the type hierarchy, or an extension named MAsync anywhere),
    /// and speculative binding of the rewritten call only for those candidates. One instance per compilation.
    /// </summary>
    internal sealed class AsyncAlternatives
    {
        private static readonly SymbolDisplayFormat QualifiedName = new SymbolDisplayFormat(
            typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces);

        private readonly AsyncTypes _types;
        private readonly ConcurrentDictionary<CandidateKey, Candidates> _candidates = new ConcurrentDictionary<CandidateKey, Candidates>();
        private readonly ConcurrentDictionary<IMethodSymbol, MethodEntry> _methods = new ConcurrentDictionary<IMethodSymbol, MethodEntry>(SymbolEqualityComparer.Default);
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
            _extensionMethods = new AsyncExtensionMethods(types.Compilation);
            _sync = new SyncByNature(types.Compilation);
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
            if (methodName.Length == 0 || methodName != method.Name || methodName.EndsWith("Async", StringComparison.Ordinal))
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
            var isSleep = methodName == "Sleep" && method.Parameters.Length == 1 && SymbolEqualityComparer.Default.Equals(method.ContainingType, _types.BlockingThread);
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

            var treeOptions = options.GetOptions(invocation.SyntaxTree);
            var reportSyncPreferred = ReportsSyncPreferred(treeOptions);
            var receiverOperation = Invocations.Receiver(operation);
            if (!IsAsyncCapable(operation, containingSymbol, model, cancellationToken)
                || IsSilenced(method, receiver, receiverOperation, model, Exclusions(treeOptions), cancellationToken)
                || _sync.IsSilentCall(operation, method, receiverOperation?.Type, reportSyncPreferred, cancellationToken))
            {
                return false;
            }

            var token = FindToken(operation, containingSymbol);
            if (isSleep)
            {
                alternative = new AsyncAlternative(AlternativeForm.Sleep, "Thread.Sleep", "Delay", token, null);
                return true;
            }

            // `x.Ext(a)` binds to Ext(this X x, A a): the written arguments start at its second parameter.
            var call = new WrittenCall(operation, invocation, method, Invocations.IsReducedExtensionCall(operation) ? 1 : 0, cancellationToken);
            var extensions = candidates.Extension && receiver != null
                ? ApplicableExtensions(operation, method.Name + "Async")
                : ImmutableArray<IMethodSymbol>.Empty;
            var asyncName = methodName + "Async";

            // With a token in scope, prefer the overload that takes it; then the one with the same arguments.
            if (token != null && !call.HasNamedArguments)
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
        public static bool ReportsSyncPreferred(AnalyzerConfigOptions options) =>
            options.TryGetValue(SyncByNature.ReportSyncPreferredOption, out var value) && string.Equals(value?.Trim(), "true", StringComparison.OrdinalIgnoreCase);

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

            ImmutableArray<IMethodSymbol>.Builder? found = null;
            foreach (var candidate in _extensionMethods.Named(asyncName))
            {
                if (_types.IsAwaitable(candidate.ReturnType) && AsyncExtensionMethods.MayApplyTo(candidate, receiverType))
                {
                    (found ??= ImmutableArray.CreateBuilder<IMethodSymbol>()).Add(candidate);
                }
            }

            return found?.ToImmutable() ?? ImmutableArray<IMethodSymbol>.Empty;
        }

        /// <summary>`using (..)` / `using var ..` of a type whose DisposeAsync really differs from Dispose.</summary>
        public bool TryFindForUsing(IOperation operation, SyntaxNode statement, ISymbol containingSymbol, SemanticModel model, ImmutableHashSet<string> exclusions, bool reportSyncPreferred, CancellationToken cancellationToken, out AsyncAlternative alternative)
        {
            alternative = default;
            VariableDeclarationSyntax? declaration;
            ExpressionSyntax? expression = null;
            switch (statement)
            {
                case UsingStatementSyntax { AwaitKeyword.RawKind: 0 } usingStatement:
                    declaration = usingStatement.Declaration;
                    expression = usingStatement.Expression;
                    break;
                case LocalDeclarationStatementSyntax { UsingKeyword.RawKind: not 0, AwaitKeyword.RawKind: 0 } local:
                    declaration = local.Declaration;
                    break;
                default:
                    return false;
            }

            if (IsInLockBody(statement) || !IsAsyncCapable(operation, containingSymbol, model, cancellationToken))
            {
                return false;
            }

            // Types come from the operation tree the driver already built: no semantic-model query per variable.
            ITypeSymbol? shown = null;
            var resources = operation switch
            {
                IUsingOperation u => u.Resources,
                IUsingDeclarationOperation d => d.DeclarationGroup,
                _ => null,
            };
            if (declaration != null)
            {
                if (declaration.Variables.Count == 0 || resources is not IVariableDeclarationGroupOperation group)
                {
                    return false;
                }

                foreach (var declarationOperation in group.Declarations)
                {
                    foreach (var declarator in declarationOperation.Declarators)
                    {
                        var type = declarator.Symbol?.Type;
                        var value = (declarator.Syntax as VariableDeclaratorSyntax)?.Initializer?.Value;
                        if (!IsRealAsyncDisposable(type, value, model, exclusions, reportSyncPreferred, cancellationToken))
                        {
                            return false;
                        }

                        shown ??= type;
                    }
                }
            }
            else if (expression != null)
            {
                shown = resources is null ? null : Invocations.WithoutImplicitConversions(resources).Type;
                if (!IsRealAsyncDisposable(shown, expression, model, exclusions, reportSyncPreferred, cancellationToken))
                {
                    return false;
                }
            }

            if (shown is null)
            {
                return false;
            }

            alternative = new AsyncAlternative(AlternativeForm.AwaitUsing, shown.Name, "await using", null, null);
            return true;
        }

        private bool IsRealAsyncDisposable(ITypeSymbol? type, ExpressionSyntax? value, SemanticModel model, ImmutableHashSet<string> exclusions, bool reportSyncPreferred, CancellationToken cancellationToken)
        {
            // The type's answer is kept per compilation; only then is the value's origin (a semantic query) looked at.
            if (type is null || type.TypeKind == TypeKind.Error || IsExcludedType(type, exclusions)
                || _sync.IsSilentResource(type, reportSyncPreferred)
                || !(_realAsyncDisposables.TryGetValue(type, out var real) ? real : _realAsyncDisposables.GetOrAdd(type, HasRealDisposeAsync(type))))
            {
                return false;
            }

            return value is null || !IsInMemoryOrigin(value, model, 0, cancellationToken);
        }

        private bool HasRealDisposeAsync(ITypeSymbol type)
        {
            if (_types.BlockingIAsyncDisposable is not { } asyncDisposable || _types.IsInMemoryIo(type))
            {
                return false;
            }

            // AsyncGuard's own lock releaser is asynchronously disposable for `await using` users, but releasing never waits.
            if (type is INamedTypeSymbol { Name: "Releaser", ContainingType: { Name: "AsyncLock", ContainingNamespace: { Name: "AsyncGuard", ContainingNamespace.IsGlobalNamespace: true } } })
            {
                return false;
            }

            var disposeAsync = asyncDisposable.GetMembers("DisposeAsync");
            if (disposeAsync.Length != 1)
            {
                return false;
            }

            if (type.TypeKind == TypeKind.Interface)
            {
                return SymbolEqualityComparer.Default.Equals(type, asyncDisposable) || type.AllInterfaces.Contains(asyncDisposable);
            }

            // Stream.DisposeAsync, inherited unchanged by a concrete type, only calls Dispose: no gain from awaiting it.
            if (type.FindImplementationForInterfaceMember(disposeAsync[0]) is not IMethodSymbol implementation)
            {
                // `await using` also takes an accessible parameterless instance DisposeAsync returning an awaitable (CS8410's rule).
                return HasPatternDisposeAsync(type);
            }

            if (implementation.IsOverride || !implementation.IsVirtual || type.IsAbstract)
            {
                return true;
            }

            // A base fallback of the knowledge base (Stream.DisposeAsync, DbConnection.DisposeAsync, ... only call Dispose)
            // that no class down to this one overrides gains nothing; classes of reference assemblies, whose overrides may
            // be left out, are assumed to override. Any other inherited DisposeAsync does real work.
            return !_sync.IsUnoverriddenFallback(implementation, type);
        }

        private bool HasPatternDisposeAsync(ITypeSymbol type)
        {
            for (var t = type; t != null; t = t.BaseType)
            {
                if (t is INamedTypeSymbol named && !AsyncTypes.HasMemberNamed(named.MemberNames, "DisposeAsync"))
                {
                    continue;
                }

                foreach (var member in t.GetMembers("DisposeAsync"))
                {
                    if (member is IMethodSymbol { IsStatic: false, DeclaredAccessibility: Accessibility.Public, TypeParameters.Length: 0 } method
                        && AllOptional(method.Parameters) && _types.IsAwaitable(method.ReturnType))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static bool AllOptional(ImmutableArray<IParameterSymbol> parameters)
        {
            foreach (var parameter in parameters)
            {
                if (!parameter.IsOptional && !parameter.IsParams)
                {
                    return false;
                }
            }

            return true;
        }

        private bool IsAsyncCapable(IOperation operation, ISymbol containingSymbol, SemanticModel model, CancellationToken cancellationToken)
        {
            if (EnclosingFunction.Classify(operation, containingSymbol, _types) != FunctionKind.AsyncCapable)
            {
                return false;
            }

            // A Task-returning lambda converted to an expression tree never runs as written.
            return EnclosingFunction.InnermostFunction(operation) is not IAnonymousFunctionOperation { Symbol.IsAsync: false, Syntax: var lambda }
                || !_types.IsExpressionTree(model.GetTypeInfo(lambda, cancellationToken).ConvertedType);
        }

        private static bool IsInLockBody(SyntaxNode node)
        {
            var child = node;
            for (var current = node.Parent; current != null; child = current, current = current.Parent)
            {
                switch (current)
                {
                    case LockStatementSyntax lockStatement when child == lockStatement.Statement:
                        return true;
                    case AnonymousFunctionExpressionSyntax:
                    case LocalFunctionStatementSyntax:
                    case MemberDeclarationSyntax:
                        return false;
                }
            }

            return false;
        }

        /// <summary>The silent-by-default cases and the user's exclusions.</summary>
        private bool IsSilenced(IMethodSymbol method, ExpressionSyntax? receiver, IOperation? receiverOperation, SemanticModel model, ImmutableHashSet<string> exclusions, CancellationToken cancellationToken)
        {
            var containing = method.ContainingType;
            if (containing is null || SymbolEqualityComparer.Default.Equals(containing, _types.BlockingConsole) || IsTestAssertion(containing)
                || (method.Name is "Add" or "AddRange" && StartsWith(containing.ContainingNamespace, "Microsoft.EntityFrameworkCore")))
            {
                return true;
            }

            if (exclusions.Count > 0)
            {
                var typeName = containing.ToDisplayString(QualifiedName);
                if (exclusions.Contains(typeName) || exclusions.Contains(typeName + "." + method.Name) || IsExcludedType(containing.BaseType, exclusions))
                {
                    return true;
                }
            }

            // A static call's receiver is a type name: no instance, so no in-memory origin either. The receiver's type
            // comes from the operation tree (the value as written), not from a semantic query.
            if (receiver is null)
            {
                return false;
            }

            if (receiverOperation is null)
            {
                return exclusions.Count > 0 && IsExcludedType(model.GetTypeInfo(receiver, cancellationToken).Type, exclusions);
            }

            var receiverType = receiverOperation.Type;
            return _types.IsInMemoryIo(receiverType) || (exclusions.Count > 0 && receiverType != null && IsExcludedType(receiverType, exclusions))
                || IsInMemoryOrigin(receiver, model, 0, cancellationToken);
        }

        private static bool IsExcludedType(ITypeSymbol? type, ImmutableHashSet<string> exclusions)
        {
            if (exclusions.Count == 0)
            {
                return false;
            }

            for (var t = type; t != null; t = t.BaseType)
            {
                if (exclusions.Contains(t.ToDisplayString(QualifiedName)))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// `new MemoryStream(..)`, a wrapper over one (`new BufferedStream(new MemoryStream())`, `new StreamWriter(ms)`),
        /// `Console.Out`, `Console.OpenStandardOutput()` and a writer over it (console I/O, as Console writes are), or a
        /// local, a readonly field or a get-only property of this file initialised with one of them: I/O that never
        /// waits on a device (or that the user sees directly on the console).
        /// </summary>
        private bool IsInMemoryOrigin(ExpressionSyntax expression, SemanticModel model, int depth, CancellationToken cancellationToken)
        {
            while (expression is ParenthesizedExpressionSyntax or CastExpressionSyntax)
            {
                expression = expression is ParenthesizedExpressionSyntax p ? p.Expression : ((CastExpressionSyntax)expression).Expression;
            }

            if (depth > 3)
            {
                return false;
            }

            switch (expression)
            {
                case BaseObjectCreationExpressionSyntax creation:
                    var created = model.GetTypeInfo(creation, cancellationToken).Type;
                    if (_types.IsInMemoryIo(created))
                    {
                        return true;
                    }

                    return creation.ArgumentList is { Arguments.Count: > 0 } arguments && _sync.IsIoWrapper(created)
                        && (_types.IsInMemoryIo(model.GetTypeInfo(arguments.Arguments[0].Expression, cancellationToken).Type)
                            || IsInMemoryOrigin(arguments.Arguments[0].Expression, model, depth + 1, cancellationToken));
                case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "OpenStandardOutput" or "OpenStandardError" or "OpenStandardInput" } } open:
                    return model.GetSymbolInfo(open, cancellationToken).Symbol is IMethodSymbol { IsStatic: true } method
                        && SymbolEqualityComparer.Default.Equals(method.ContainingType, _types.BlockingConsole);
                case MemberAccessExpressionSyntax access when model.GetSymbolInfo(access, cancellationToken).Symbol is { } member:
                    if (member is IPropertySymbol { IsStatic: true } property && SymbolEqualityComparer.Default.Equals(property.ContainingType, _types.BlockingConsole))
                    {
                        return true;
                    }

                    return (access.Expression is ThisExpressionSyntax && IsInMemoryMember(member, model, depth, cancellationToken))
                        || IsConsoleProperty(member, model.Compilation, cancellationToken);
                case IdentifierNameSyntax identifier when model.GetSymbolInfo(identifier, cancellationToken).Symbol is { } symbol:
                    if (symbol is ILocalSymbol local)
                    {
                        return local.DeclaringSyntaxReferences.Length == 1
                            && local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is VariableDeclaratorSyntax { Initializer.Value: { } value }
                            && (_types.IsInMemoryIo(model.GetTypeInfo(value, cancellationToken).Type) || IsInMemoryOrigin(value, model, depth + 1, cancellationToken));
                    }

                    return IsInMemoryMember(symbol, model, depth, cancellationToken) || IsConsoleProperty(symbol, model.Compilation, cancellationToken);
                default:
                    return false;
            }
        }

        /// <summary>
        /// The application's own console streams (`Context.Streams.Error.WriteLine(..)`): an instance property typed as a
        /// Stream, TextReader or TextWriter whose every implementation in source (of an interface or abstract property, found
        /// by name through the declaration table) returns a console origin: `new StreamWriter(Console.OpenStandardError())`,
        /// directly or through a private field that is only ever assigned such values. Decided once per property, and only
        /// for a call AG0102 would otherwise report.
        /// </summary>
        private bool IsConsoleProperty(ISymbol symbol, Compilation compilation, CancellationToken cancellationToken)
        {
            if (symbol is not IPropertySymbol { IsStatic: false } property || !_sync.IsIoWrapper(property.Type))
            {
                return false;
            }

            var definition = property.OriginalDefinition;
            return _consoleProperties.TryGetValue(definition, out var known)
                ? known
                : _consoleProperties.GetOrAdd(definition, IsConsoleBacked(definition, compilation, cancellationToken));
        }

        private bool IsConsoleBacked(IPropertySymbol property, Compilation compilation, CancellationToken cancellationToken)
        {
            var implementations = new List<IPropertySymbol>();
            if (property.IsAbstract || property.ContainingType.TypeKind == TypeKind.Interface)
            {
                foreach (var symbol in compilation.GetSymbolsWithName(n => n == property.Name, SymbolFilter.Member, cancellationToken))
                {
                    if (symbol is IPropertySymbol { IsAbstract: false } candidate && Implements(candidate, property))
                    {
                        implementations.Add(candidate);
                    }
                }
            }
            else
            {
                implementations.Add(property);
            }

            if (implementations.Count == 0 || implementations.Count > 8)
            {
                return false;
            }

            foreach (var implementation in implementations)
            {
                if (implementation.DeclaringSyntaxReferences.Length != 1
                    || implementation.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not PropertyDeclarationSyntax declaration
                    || !ReturnsConsoleOrigin(declaration, compilation, cancellationToken))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool Implements(IPropertySymbol candidate, IPropertySymbol property)
        {
            if (property.ContainingType.TypeKind == TypeKind.Interface)
            {
                return candidate.ContainingType is { } type && SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(property), candidate);
            }

            for (var p = candidate.OverriddenProperty; p != null; p = p.OverriddenProperty)
            {
                if (SymbolEqualityComparer.Default.Equals(p.OriginalDefinition, property))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Every value the property's getter (or initializer) returns is a console or in-memory origin.</summary>
        private bool ReturnsConsoleOrigin(PropertyDeclarationSyntax declaration, Compilation compilation, CancellationToken cancellationToken)
        {
            var values = new List<ExpressionSyntax>();
            if (declaration.Initializer?.Value is { } initial)
            {
                values.Add(initial);
            }

            if (declaration.ExpressionBody?.Expression is { } body)
            {
                values.Add(body);
            }

            foreach (var accessor in declaration.AccessorList?.Accessors ?? default)
            {
                if (!accessor.IsKind(SyntaxKind.GetAccessorDeclaration))
                {
                    continue;
                }

                if (accessor.ExpressionBody?.Expression is { } accessorBody)
                {
                    values.Add(accessorBody);
                }

                foreach (var statement in accessor.Body?.DescendantNodes().OfType<ReturnStatementSyntax>() ?? Enumerable.Empty<ReturnStatementSyntax>())
                {
                    if (statement.Expression is { } returned)
                    {
                        values.Add(returned);
                    }
                }
            }

            if (values.Count == 0)
            {
                return false;
            }

            // The implementation may live in another file: its own semantic model, built only on this rare path.
#pragma warning disable RS1030 // One model per implementing file, once per property and compilation, only for a would-be finding.
            var model = compilation.GetSemanticModel(declaration.SyntaxTree);
#pragma warning restore RS1030
            foreach (var value in values)
            {
                if (!IsConsoleValue(value, model, declaration, cancellationToken))
                {
                    return false;
                }
            }

            return true;
        }

        private bool IsConsoleValue(ExpressionSyntax value, SemanticModel model, SyntaxNode scope, CancellationToken cancellationToken)
        {
            while (value is ParenthesizedExpressionSyntax or CastExpressionSyntax)
            {
                value = value is ParenthesizedExpressionSyntax p ? p.Expression : ((CastExpressionSyntax)value).Expression;
            }

            switch (value)
            {
                case AssignmentExpressionSyntax assignment:
                    return IsConsoleValue(assignment.Right, model, scope, cancellationToken) && IsConsoleValue(assignment.Left, model, scope, cancellationToken);
                case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.CoalesceExpression } coalesce:
                    return IsConsoleValue(coalesce.Left, model, scope, cancellationToken) && IsConsoleValue(coalesce.Right, model, scope, cancellationToken);
                case IdentifierNameSyntax or MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax }
                    when model.GetSymbolInfo(value, cancellationToken).Symbol is IFieldSymbol { DeclaredAccessibility: Accessibility.Private } field:
                    return IsConsoleField(field, model, cancellationToken);
                default:
                    return IsInMemoryOrigin(value, model, 0, cancellationToken);
            }
        }

        /// <summary>A private field whose initializer and every assignment in its type's declaration in this file is a console origin.</summary>
        private bool IsConsoleField(IFieldSymbol field, SemanticModel model, CancellationToken cancellationToken)
        {
            var assigned = 0;
            foreach (var reference in field.ContainingType.DeclaringSyntaxReferences)
            {
                if (reference.SyntaxTree != model.SyntaxTree)
                {
                    return false;
                }

                foreach (var node in reference.GetSyntax(cancellationToken).DescendantNodes())
                {
                    ExpressionSyntax? right = node switch
                    {
                        AssignmentExpressionSyntax assignment when model.GetSymbolInfo(assignment.Left, cancellationToken).Symbol is IFieldSymbol target
                            && SymbolEqualityComparer.Default.Equals(target, field) => assignment.Right,
                        VariableDeclaratorSyntax { Initializer.Value: { } initial } declarator
                            when SymbolEqualityComparer.Default.Equals(model.GetDeclaredSymbol(declarator, cancellationToken), field) => initial,
                        _ => null,
                    };
                    if (right is null)
                    {
                        continue;
                    }

                    if (right is not LiteralExpressionSyntax { RawKind: (int)SyntaxKind.NullLiteralExpression } && !IsInMemoryOrigin(right, model, 0, cancellationToken))
                    {
                        return false;
                    }

                    assigned++;
                }
            }

            return assigned > 0;
        }

        /// <summary>A readonly field or get-only auto-property declared in this file with an in-memory or console initializer.</summary>
        private bool IsInMemoryMember(ISymbol symbol, SemanticModel model, int depth, CancellationToken cancellationToken)
        {
            var readOnly = symbol switch
            {
                IFieldSymbol field => field.IsReadOnly,
                IPropertySymbol property => property.SetMethod is null && property.IsReadOnly,
                _ => false,
            };
            if (!readOnly || symbol.DeclaringSyntaxReferences.Length != 1 || symbol.DeclaringSyntaxReferences[0].SyntaxTree != model.SyntaxTree)
            {
                return false;
            }

            var value = symbol.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) switch
            {
                VariableDeclaratorSyntax declarator => declarator.Initializer?.Value,
                PropertyDeclarationSyntax property => property.Initializer?.Value,
                _ => null,
            };
            return value != null && (_types.IsInMemoryIo(model.GetTypeInfo(value, cancellationToken).Type) || IsInMemoryOrigin(value, model, depth + 1, cancellationToken));
        }

        private static bool IsTestAssertion(INamedTypeSymbol type)
        {
            if (type.Name is not ("Assert" or "ClassicAssert" or "CollectionAssert" or "StringAssert" or "Assume"))
            {
                return false;
            }

            return StartsWith(type.ContainingNamespace, "Xunit") || StartsWith(type.ContainingNamespace, "NUnit")
                || StartsWith(type.ContainingNamespace, "Microsoft.VisualStudio.TestTools");
        }

        private static bool StartsWith(INamespaceSymbol? ns, string prefix)
        {
            if (ns is null || ns.IsGlobalNamespace)
            {
                return false;
            }

            var name = ns.ToDisplayString();
            return name == prefix || name.StartsWith(prefix + ".", StringComparison.Ordinal);
        }

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

        private readonly struct CandidateKey : IEquatable<CandidateKey>
        {
            public CandidateKey(INamedTypeSymbol type, string name)
            {
                Type = type;
                Name = name;
            }

            public INamedTypeSymbol Type { get; }

            public string Name { get; }

            public bool Equals(CandidateKey other) => SymbolEqualityComparer.Default.Equals(Type, other.Type) && Name == other.Name;

            public override bool Equals(object? obj) => obj is CandidateKey other && Equals(other);

            public override int GetHashCode() => (SymbolEqualityComparer.Default.GetHashCode(Type) * 31) ^ StringComparer.Ordinal.GetHashCode(Name);
        }

        /// <summary>The call as written: its syntax, its target, and where the written arguments start among the target's parameters.</summary>
        private readonly struct WrittenCall
        {
            public WrittenCall(IInvocationOperation operation, InvocationExpressionSyntax invocation, IMethodSymbol method, int parameterOffset, CancellationToken cancellationToken)
            {
                CancellationToken = cancellationToken;
                Operation = operation;
                Invocation = invocation;
                Method = method;
                ParameterOffset = parameterOffset;
                HasNamedArguments = AsyncAlternatives.HasNamedArguments(invocation);
            }

            public IInvocationOperation Operation { get; }

            public InvocationExpressionSyntax Invocation { get; }

            public IMethodSymbol Method { get; }

            public int ParameterOffset { get; }

            public bool HasNamedArguments { get; }

            public CancellationToken CancellationToken { get; }
        }

        /// <summary>The possible alternatives of a method: decided once per method symbol.</summary>
        private sealed class Candidates
        {
            public static readonly Candidates None = new Candidates(ImmutableArray<IMethodSymbol>.Empty, false);

            public Candidates(ImmutableArray<IMethodSymbol> members, bool extension)
            {
                Members = members;
                Extension = extension;
            }

            /// <summary>Methods named MAsync, or awaitable overloads of M, in the type, its base types and interfaces.</summary>
            public ImmutableArray<IMethodSymbol> Members { get; }

            /// <summary>An extension method named MAsync exists somewhere in scope.</summary>
            public bool Extension { get; }

            public bool IsEmpty => Members.IsEmpty && !Extension;
        }

        /// <summary>
        /// Overloads share one answer: the search walks the hierarchy of the method's declaring type (as defined, so every
        /// construction shares it too) for members named MAsync or awaitable overloads of M.
        /// </summary>
        private Candidates CandidatesOf(IMethodSymbol method)
        {
            var type = method.OriginalDefinition.ContainingType;
            if (type is null)
            {
                return Candidates.None;
            }

            var key = new CandidateKey(type, method.Name);
            return _candidates.TryGetValue(key, out var found) ? found : _candidates.GetOrAdd(key, ComputeCandidates(key));
        }

        private Candidates WithReceiverCandidates(Candidates own, IInvocationOperation operation, string name)
        {
            if (Invocations.Receiver(operation)?.Type is not INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct or TypeKind.Interface } receiverType)
            {
                return own;
            }

            var onReceiver = CandidatesOf(receiverType.OriginalDefinition, name);
            if (onReceiver.Members.IsEmpty)
            {
                return own;
            }

            return own.Members.IsEmpty && !own.Extension ? onReceiver : new Candidates(own.Members.AddRange(onReceiver.Members), own.Extension || onReceiver.Extension);
        }

        private Candidates CandidatesOf(INamedTypeSymbol type, string name)
        {
            var key = new CandidateKey(type, name);
            return _candidates.TryGetValue(key, out var found) ? found : _candidates.GetOrAdd(key, ComputeCandidates(key));
        }

        private MethodEntry EntryOf(IMethodSymbol method)
        {
            var definition = method.OriginalDefinition;
            return _methods.TryGetValue(definition, out var known) ? known : _methods.GetOrAdd(definition, ComputeEntry(definition));
        }

        private MethodEntry ComputeEntry(IMethodSymbol definition)
        {
            var returnType = definition.ReturnType;
            var returnsTypeParameter = returnType is ITypeParameterSymbol;
            var returnsAwaitable = !returnsTypeParameter && (returnType is null || _types.IsAwaitable(returnType));
            return new MethodEntry(returnsAwaitable, returnsTypeParameter, returnsAwaitable ? Candidates.None : CandidatesOf(definition));
        }

        /// <summary>
        /// What a method definition tells every call of it: whether it returns an awaitable already (decided per call
        /// only when it returns a type parameter, which a construction may make awaitable), and its candidates.
        /// </summary>
        private sealed class MethodEntry
        {
            public MethodEntry(bool returnsAwaitable, bool returnsTypeParameter, Candidates candidates)
            {
                ReturnsAwaitable = returnsAwaitable;
                ReturnsTypeParameter = returnsTypeParameter;
                Candidates = candidates;
            }

            public bool ReturnsAwaitable { get; }

            public bool ReturnsTypeParameter { get; }

            public Candidates Candidates { get; }
        }

        private Candidates ComputeCandidates(CandidateKey key)
        {
            var name = key.Name;
            var asyncName = name + "Async";
            var members = ImmutableArray.CreateBuilder<IMethodSymbol>();
            for (var t = key.Type; t != null; t = t.BaseType)
            {
                AddCandidates(t, name, asyncName, members);
            }

            foreach (var i in key.Type.AllInterfaces)
            {
                AddCandidates(i, name, asyncName, members);
            }

            var extension = !_extensionMethods.Named(asyncName).IsEmpty;
            return members.Count == 0 && !extension ? Candidates.None : new Candidates(members.ToImmutable(), extension);
        }

        private void AddCandidates(INamedTypeSymbol type, string name, string asyncName, ImmutableArray<IMethodSymbol>.Builder members)
        {
            // Member names come from metadata without building member symbols: most types of the hierarchy
            // (interfaces especially) have neither name, and are never loaded.
            var names = type.MemberNames;
            if (AsyncTypes.HasMemberNamed(names, asyncName))
            {
                foreach (var member in type.GetMembers(asyncName))
                {
                    if (member is IMethodSymbol candidate && _types.IsAwaitable(candidate.ReturnType))
                    {
                        members.Add(candidate);
                    }
                }
            }

            if (AsyncTypes.HasMemberNamed(names, name))
            {
                foreach (var member in type.GetMembers(name))
                {
                    if (member is IMethodSymbol overload && _types.IsAwaitable(overload.ReturnType))
                    {
                        members.Add(overload);
                    }
                }
            }
        }

        /// <summary>
        /// Before any binding: could one of the candidates take these arguments (same parameter types by position, and
        /// a CancellationToken right after them when <paramref name="withToken"/>)?
        /// </summary>
        private bool IsPlausible(in WrittenCall call, string candidateName, bool withToken, Candidates candidates, ImmutableArray<IMethodSymbol> extensions)
        {
            // Members were found on the declaring type as defined: compare them with the target as defined.
            foreach (var candidate in candidates.Members)
            {
                if (candidate.Name == candidateName && Fits(call, call.Method.OriginalDefinition, candidate, withToken))
                {
                    return true;
                }
            }

            foreach (var candidate in extensions)
            {
                if (candidate.Name == candidateName && Fits(call, call.Method, candidate, withToken))
                {
                    return true;
                }
            }

            return false;
        }

        private bool Fits(in WrittenCall call, IMethodSymbol method, IMethodSymbol candidate, bool withToken)
        {
            if (call.HasNamedArguments || candidate.IsGenericMethod || method.IsGenericMethod)
            {
                return true;
            }

            // An extension sibling found as a member of the static class still has its `this` parameter.
            var candidateOffset = candidate.IsExtensionMethod && candidate.ReducedFrom is null ? call.ParameterOffset : 0;
            var count = call.Invocation.ArgumentList.Arguments.Count;
            for (var i = 0; i < count; i++)
            {
                var o = i + call.ParameterOffset;
                var c = i + candidateOffset;
                var original = o < method.Parameters.Length ? method.Parameters[o] : null;
                var replacement = c < candidate.Parameters.Length ? candidate.Parameters[c] : null;
                if (original is null || replacement is null
                    || (!original.IsParams && !replacement.IsParams && !SymbolEqualityComparer.Default.Equals(original.Type, replacement.Type)))
                {
                    return false;
                }
            }

            var tokenAt = count + candidateOffset;
            return !withToken || (tokenAt < candidate.Parameters.Length && _types.IsCancellationToken(candidate.Parameters[tokenAt].Type));
        }

        /// <summary>Speculatively binds the call renamed to <paramref name="candidateName"/> (plus the token) and checks the result.</summary>
        private bool TryBind(in WrittenCall call, SimpleNameSyntax name, string candidateName, string? token, Candidates candidates,
            ImmutableArray<IMethodSymbol> extensions, ISymbol containingSymbol, out string? tokenParameter)
        {
            tokenParameter = null;
            if (!IsPlausible(call, candidateName, token != null, candidates, extensions))
            {
                return false;
            }

            var method = call.Method;
            // The import scope matters only where an extension method can take part: one named like the candidate
            // that may take the receiver, or any extension of the original name (not indexed) when it is kept.
            var scopeMatters = !extensions.IsEmpty || candidateName == name.Identifier.ValueText;
            if (BindRewritten(call, name, candidateName, token, containingSymbol, scopeMatters) is not { } alternative
                || SymbolEqualityComparer.Default.Equals(alternative.OriginalDefinition, method.OriginalDefinition)
                || !_types.IsAwaitable(alternative.ReturnType)
                || _types.IsObsolete(alternative.ReducedFrom ?? alternative)
                || IsCaller(alternative, call, containingSymbol)
                || _sync.IsUnoverriddenFallback(alternative, ReceiverType(call))
                || WrapsTheSyncMember(alternative, method, call.CancellationToken)
                || (method.Name == "Dispose" && call.Operation.SemanticModel is { } model && _sync.IsAfterFailedAsyncDisposableCheck(call.Operation, model, call.CancellationToken))
                || !SameArguments(call, alternative, token != null, out tokenParameter)
                || !SameResult(method, alternative)
                || LosesAModeSwitch(method, alternative)
                || (ReceiverType(call) is { } staticType && (staticType.IsAbstract || staticType.TypeKind == TypeKind.Interface)
                    && AssignedType(call) is { } assigned && _sync.IsUnoverriddenFallback(alternative, assigned)))
            {
                return false;
            }

            return true;
        }

        /// <summary>
        /// The sync member takes a `bool` switch the alternative has no parameter for (by name): the two do different
        /// things, so the alternative is not a twin. Seen: `log.Commit(spinWait: false)` only issues a commit while
        /// `CommitAsync()` waits for it; a caller that wanted the sync behaviour cannot express it with the async member.
        /// </summary>
        private static bool LosesAModeSwitch(IMethodSymbol method, IMethodSymbol alternative)
        {
            var original = (method.ReducedFrom ?? method).Parameters;
            var replacement = (alternative.ReducedFrom ?? alternative).Parameters;
            foreach (var parameter in original)
            {
                if (parameter.Type.SpecialType != SpecialType.System_Boolean || parameter.IsParams)
                {
                    continue;
                }

                var kept = false;
                foreach (var other in replacement)
                {
                    if (other.Name == parameter.Name && other.Type.SpecialType == SpecialType.System_Boolean)
                    {
                        kept = true;
                        break;
                    }
                }

                if (!kept)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The one concrete type a private field or privately set auto-property of the receiver's type ever holds, from
        /// every assignment and initializer of it in its type's declarations (all in this file): `OutputStream = new
        /// PipeStream();` behind a `Stream OutputStream { get; private set; }`. Null when one assignment is anything
        /// but `new T(..)` / null, the types differ, a field is passed by `ref`/`out`, or the declarations span files.
        /// </summary>
        private static ITypeSymbol? AssignedType(in WrittenCall call)
        {
            var receiver = Invocations.Receiver(call.Operation);
            ISymbol? member = receiver switch
            {
                IFieldReferenceOperation { Field: { DeclaredAccessibility: Accessibility.Private, IsStatic: false } field, Instance: IInstanceReferenceOperation } => field,
                IPropertyReferenceOperation { Property: { IsStatic: false, IsIndexer: false } held, Instance: IInstanceReferenceOperation }
                    when held.SetMethod is null or { DeclaredAccessibility: Accessibility.Private } => held,
                _ => null,
            };
            var model = call.Operation.SemanticModel;
            if (member is null || model is null || member.ContainingType is not { } type || member.DeclaringSyntaxReferences.Length != 1)
            {
                return null;
            }

            var cancellationToken = call.CancellationToken;
            var declaration = member.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);
            if (declaration is PropertyDeclarationSyntax property
                && (property.ExpressionBody != null || property.AccessorList is null
                    || property.AccessorList.Accessors.Any(a => a.Body != null || a.ExpressionBody != null)))
            {
                // Only auto-properties: a computed getter may return anything.
                return null;
            }

            ITypeSymbol? found = null;
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                if (reference.SyntaxTree != model.SyntaxTree)
                {
                    return null;
                }

                foreach (var node in reference.GetSyntax(cancellationToken).DescendantNodes())
                {
                    ExpressionSyntax? right;
                    switch (node)
                    {
                        case AssignmentExpressionSyntax assignment when IsMember(assignment.Left):
                            if (!assignment.IsKind(SyntaxKind.SimpleAssignmentExpression))
                            {
                                return null;
                            }

                            right = assignment.Right;
                            break;
                        case ArgumentSyntax { RefKindKeyword.RawKind: not 0 } argument when IsMember(argument.Expression):
                            return null;
                        case VariableDeclaratorSyntax { Initializer.Value: { } initial } when node == declaration:
                            right = initial;
                            break;
                        case PropertyDeclarationSyntax { Initializer.Value: { } initial } when node == declaration:
                            right = initial;
                            break;
                        default:
                            continue;
                    }

                    while (right is ParenthesizedExpressionSyntax parenthesized)
                    {
                        right = parenthesized.Expression;
                    }

                    if (right is LiteralExpressionSyntax { RawKind: (int)SyntaxKind.NullLiteralExpression })
                    {
                        continue;
                    }

                    if (right is not BaseObjectCreationExpressionSyntax creation
                        || model.GetTypeInfo(creation, cancellationToken).Type is not INamedTypeSymbol { TypeKind: TypeKind.Class } created
                        || (found != null && !SymbolEqualityComparer.Default.Equals(found, created)))
                    {
                        return null;
                    }

                    found = created;
                }
            }

            return found;

            bool IsMember(ExpressionSyntax expression)
            {
                var name = expression switch
                {
                    IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                    MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } access => access.Name.Identifier.ValueText,
                    _ => null,
                };
                return name == member!.Name
                    && SymbolEqualityComparer.Default.Equals(model!.GetSymbolInfo(expression, cancellationToken).Symbol?.OriginalDefinition, member.OriginalDefinition);
            }
        }

        /// <summary>The static type of the receiver (the containing type for an implicit `this`), null for a static call.</summary>
        private static ITypeSymbol? ReceiverType(in WrittenCall call) =>
            Invocations.Receiver(call.Operation) is { } receiver ? receiver.Type : null;

        /// <summary>The method the call renamed to <paramref name="candidateName"/> (plus the token) binds to; once per call shape.</summary>
        private IMethodSymbol? BindRewritten(in WrittenCall call, SimpleNameSyntax name, string candidateName, string? token, ISymbol containingSymbol, bool scopeMatters)
        {
            var model = call.Operation.SemanticModel;
            var position = call.Invocation.SpanStart;
            var hasShape = CallShape.TryCreate(call.Operation, call.Invocation, scopeMatters ? _bound.Scopes : null, token is null ? candidateName : candidateName + "(+token)", out var shape);
            var fromHere = shape.From(containingSymbol.ContainingType);
            if (hasShape && model != null
                && ((_bound.TryGet(shape, out var known) && known != null && model.IsAccessible(position, known)) || _bound.TryGet(fromHere, out known)))
            {
                return known;
            }

            var speculative = Rewrite(call.Invocation, name, candidateName, token);
            var bound = model is null ? null : Speculation.GetSymbolInfo(model, position, speculative).Symbol as IMethodSymbol;
            if (hasShape)
            {
                _bound.Add(bound is null ? fromHere : shape, bound);
            }

            return bound;
        }

        /// <summary>
        /// Following the suggestion would recurse (issue 16, class 3): the alternative is the enclosing method (or local
        /// function) itself or an overload of it in its type; or, called on this instance (`this`, `base`, implicit, or
        /// static), a member of the same slot (the enclosing method overrides it, it overrides the enclosing method, the
        /// enclosing method implements it), a same-named overload of a base type (which may forward to the override),
        /// or a method in source that calls the enclosing method, directly or through a private helper of its type.
        /// Another instance (a wrapper's `_inner.Flush()` inside its FlushAsync override) is no recursion: reported.
        /// </summary>
        private bool IsCaller(IMethodSymbol alternative, in WrittenCall call, ISymbol containingSymbol)
        {
            var local = EnclosingFunction.InnermostFunction(call.Operation) is ILocalFunctionOperation function ? function.Symbol : null;
            var member = containingSymbol as IMethodSymbol;
            if (IsSelf(alternative, local) || IsSelf(alternative, member))
            {
                return true;
            }

            if (Invocations.Receiver(call.Operation) is { } receiver
                && Invocations.WithoutImplicitConversions(receiver is IConversionOperation conversion ? conversion.Operand : receiver) is not IInstanceReferenceOperation)
            {
                return false;
            }

            var target = (alternative.ReducedFrom ?? alternative).OriginalDefinition;
            return (local != null && (SameSlot(target, local.OriginalDefinition) || CallsBack(target, local.OriginalDefinition, call)))
                || (member != null && (SameSlot(target, member.OriginalDefinition) || CallsBack(target, member.OriginalDefinition, call)));
        }

        /// <summary>The enclosing function itself, or an overload of it in its type: calling it would recurse.</summary>
        private static bool IsSelf(IMethodSymbol alternative, IMethodSymbol? enclosing) =>
            enclosing != null
            && alternative.Name == enclosing.Name
            && SymbolEqualityComparer.Default.Equals(alternative.ContainingType?.OriginalDefinition, enclosing.ContainingType?.OriginalDefinition);

        private static bool SameSlot(IMethodSymbol alternative, IMethodSymbol enclosing)
        {
            for (var m = enclosing.OverriddenMethod; m != null; m = m.OverriddenMethod)
            {
                if (SymbolEqualityComparer.Default.Equals(m.OriginalDefinition, alternative))
                {
                    return true;
                }
            }

            for (var m = alternative.OverriddenMethod; m != null; m = m.OverriddenMethod)
            {
                if (SymbolEqualityComparer.Default.Equals(m.OriginalDefinition, enclosing))
                {
                    return true;
                }
            }

            // A same-named overload of a base type (Stream.ReadAsync(byte[], int, int) forwards to the virtual one).
            if (alternative.Name == enclosing.Name && alternative.ContainingType.TypeKind != TypeKind.Interface)
            {
                for (var t = enclosing.ContainingType?.BaseType; t != null; t = t.BaseType)
                {
                    if (SymbolEqualityComparer.Default.Equals(t.OriginalDefinition, alternative.ContainingType.OriginalDefinition))
                    {
                        return true;
                    }
                }
            }

            if (alternative.ContainingType.TypeKind == TypeKind.Interface && enclosing.ContainingType is { } type)
            {
                foreach (var explicitImplementation in enclosing.ExplicitInterfaceImplementations)
                {
                    if (SymbolEqualityComparer.Default.Equals(explicitImplementation.OriginalDefinition, alternative))
                    {
                        return true;
                    }
                }

                return SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(alternative)?.OriginalDefinition, enclosing);
            }

            return false;
        }

        /// <summary>
        /// An alternative declared in source whose body (or the body of a private helper of its type it calls, two levels
        /// deep) calls the enclosing method. Calls in the analysed tree are bound; elsewhere a call on this instance with
        /// the enclosing method's name and a fitting argument count counts (no semantic model of another tree here).
        /// </summary>
        private bool CallsBack(IMethodSymbol alternative, IMethodSymbol enclosing, in WrittenCall call)
        {
            if (alternative.DeclaringSyntaxReferences.Length == 0)
            {
                return false;
            }

            var model = call.Operation.SemanticModel;
            var cancellationToken = call.CancellationToken;
            var calls = _bodyCalls.TryGetValue(alternative, out var known) ? known : _bodyCalls.GetOrAdd(alternative, BodyCalls(alternative, cancellationToken));
            foreach (var invocation in calls)
            {
                var name = CalledName(invocation);
                if (name is null || name.Identifier.ValueText != enclosing.Name || invocation.ArgumentList.Arguments.Count > enclosing.Parameters.Length)
                {
                    continue;
                }

                if (model is null || invocation.SyntaxTree != model.SyntaxTree)
                {
                    return true;
                }

                if (model.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol called
                    && SymbolEqualityComparer.Default.Equals(called.OriginalDefinition, enclosing))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// A source alternative that only wraps the sync member in a completed task (`Task.FromResult(GetColumnSchema())`,
        /// `new ValueTask<T>(M(..))`, `ValueTask.FromResult(..)`) on every return: awaiting it runs the same sync code.
        /// </summary>
        private bool WrapsTheSyncMember(IMethodSymbol alternative, IMethodSymbol method, CancellationToken cancellationToken)
        {
            var definition = (alternative.ReducedFrom ?? alternative).OriginalDefinition;
            if (definition.DeclaringSyntaxReferences.Length != 1 || definition.IsAsync)
            {
                return false;
            }

            var wrapped = _syncWrappers.TryGetValue(definition, out var known) ? known : _syncWrappers.GetOrAdd(definition, WrappedName(definition, cancellationToken));
            return wrapped != null && wrapped == method.Name;
        }

        /// <summary>The name of the this-call every return of <paramref name="method"/> wraps in a completed task, or null.</summary>
        private static string? WrappedName(IMethodSymbol method, CancellationToken cancellationToken)
        {
            var declaration = method.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) as BaseMethodDeclarationSyntax;
            var returns = new List<ExpressionSyntax>();
            if (declaration?.ExpressionBody?.Expression is { } body)
            {
                returns.Add(body);
            }
            else if (declaration?.Body is { } block)
            {
                foreach (var node in block.DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)))
                {
                    if (node is ReturnStatementSyntax { Expression: { } returned })
                    {
                        returns.Add(returned);
                    }
                    else if (node is AwaitExpressionSyntax or YieldStatementSyntax)
                    {
                        return null;
                    }
                }
            }

            string? name = null;
            foreach (var returned in returns)
            {
                var argument = returned switch
                {
                    InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "FromResult", Expression: var type }, ArgumentList.Arguments.Count: 1 } fromResult
                        when type is IdentifierNameSyntax { Identifier.ValueText: "Task" or "ValueTask" } or QualifiedNameSyntax or MemberAccessExpressionSyntax => fromResult.ArgumentList.Arguments[0].Expression,
                    BaseObjectCreationExpressionSyntax { ArgumentList.Arguments.Count: 1 } creation
                        when creation is ImplicitObjectCreationExpressionSyntax || (creation is ObjectCreationExpressionSyntax { Type: GenericNameSyntax { Identifier.ValueText: "ValueTask" } }) => creation.ArgumentList!.Arguments[0].Expression,
                    _ => null,
                };
                var called = argument is InvocationExpressionSyntax invocation ? CalledName(invocation)?.Identifier.ValueText : null;
                if (called is null || (name != null && name != called))
                {
                    return null;
                }

                name = called;
            }

            return name;
        }

        /// <summary>Calls on this instance (unqualified, `this.`, `base.`) in a method's bodies and its private helpers'.</summary>
        private static ImmutableArray<InvocationExpressionSyntax> BodyCalls(IMethodSymbol method, CancellationToken cancellationToken)
        {
            var found = ImmutableArray.CreateBuilder<InvocationExpressionSyntax>();
            var seen = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default) { method };
            var pending = new List<(IMethodSymbol Method, int Depth)> { (method, 0) };
            for (var i = 0; i < pending.Count && found.Count < 256; i++)
            {
                var (current, depth) = pending[i];
                foreach (var reference in current.DeclaringSyntaxReferences)
                {
                    var body = reference.GetSyntax(cancellationToken) switch
                    {
                        BaseMethodDeclarationSyntax declaration => (SyntaxNode?)declaration.Body ?? declaration.ExpressionBody,
                        LocalFunctionStatementSyntax localFunction => (SyntaxNode?)localFunction.Body ?? localFunction.ExpressionBody,
                        _ => null,
                    };
                    if (body is null)
                    {
                        continue;
                    }

                    foreach (var invocation in body.DescendantNodes().OfType<InvocationExpressionSyntax>())
                    {
                        if (CalledName(invocation) is not { } name)
                        {
                            continue;
                        }

                        found.Add(invocation);
                        if (depth < 2 && current.ContainingType is { } type)
                        {
                            foreach (var helper in type.GetMembers(name.Identifier.ValueText))
                            {
                                if (helper is IMethodSymbol { DeclaredAccessibility: Accessibility.Private } privateHelper && seen.Add(privateHelper))
                                {
                                    pending.Add((privateHelper, depth + 1));
                                }
                            }
                        }
                    }
                }
            }

            return found.ToImmutable();
        }

        /// <summary>The name of a call on this instance (`M()`, `this.M()`, `base.M()`), or null.</summary>
        private static SimpleNameSyntax? CalledName(InvocationExpressionSyntax invocation) => invocation.Expression switch
        {
            SimpleNameSyntax simple => simple,
            MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax or BaseExpressionSyntax } access => access.Name,
            _ => null,
        };

        /// <summary>`x.M(a, b)` renamed (type arguments kept), with the token appended when given.</summary>
        public static InvocationExpressionSyntax Rewrite(InvocationExpressionSyntax invocation, SimpleNameSyntax name, string newName, string? token)
        {
            SimpleNameSyntax renamed = name is GenericNameSyntax generic
                ? generic.WithIdentifier(SyntaxFactory.Identifier(newName).WithTriviaFrom(generic.Identifier))
                : SyntaxFactory.IdentifierName(SyntaxFactory.Identifier(newName).WithTriviaFrom(name.Identifier));
            var expression = invocation.Expression is MemberAccessExpressionSyntax access ? access.WithName(renamed) : (ExpressionSyntax)renamed;
            var arguments = invocation.ArgumentList;
            if (token != null)
            {
                arguments = arguments.AddArguments(SyntaxFactory.Argument(AvailableTokens.ToSyntax(token)));
            }

            return invocation.WithExpression(expression).WithArgumentList(arguments);
        }

        /// <summary>Every written argument goes to a parameter of the same type and ref kind in both; other parameters of the alternative are optional (or the token).</summary>
        private bool SameArguments(in WrittenCall call, IMethodSymbol alternative, bool withToken, out string? tokenParameter)
        {
            tokenParameter = null;
            var arguments = call.Invocation.ArgumentList.Arguments;
            var used = new bool[alternative.Parameters.Length];
            for (var i = 0; i < arguments.Count; i++)
            {
                var original = ParameterFor(call.Method, arguments[i], i + call.ParameterOffset);
                var replacement = ParameterFor(alternative, arguments[i], i);
                if (original is null || replacement is null || original.RefKind != replacement.RefKind
                    || original.IsParams != replacement.IsParams
                    || !SymbolEqualityComparer.Default.Equals(original.Type, replacement.Type))
                {
                    return false;
                }

                if (replacement.Ordinal >= 0 && replacement.Ordinal < used.Length)
                {
                    used[replacement.Ordinal] = true;
                }
            }

            if (withToken)
            {
                var tokenTarget = arguments.Count < alternative.Parameters.Length ? alternative.Parameters[arguments.Count] : null;
                if (tokenTarget is null || !_types.IsCancellationToken(tokenTarget.Type))
                {
                    return false;
                }

                used[arguments.Count] = true;
                tokenParameter = tokenTarget.Name;
            }

            for (var i = 0; i < used.Length; i++)
            {
                if (!used[i] && !alternative.Parameters[i].IsOptional && !alternative.Parameters[i].IsParams)
                {
                    return false;
                }
            }

            return true;
        }

        private static IParameterSymbol? ParameterFor(IMethodSymbol method, ArgumentSyntax argument, int index)
        {
            var parameters = method.Parameters;
            if (argument.NameColon is { } nameColon)
            {
                foreach (var parameter in parameters)
                {
                    if (parameter.Name == nameColon.Name.Identifier.ValueText)
                    {
                        return parameter;
                    }
                }

                return null;
            }

            if (index < parameters.Length)
            {
                return parameters[index];
            }

            return parameters.Length > 0 && parameters[parameters.Length - 1].IsParams ? parameters[parameters.Length - 1] : null;
        }

        /// <summary>Awaiting the alternative gives what the call gave (anything, where the call returned nothing).</summary>
        private bool SameResult(IMethodSymbol method, IMethodSymbol alternative)
        {
            if (method.ReturnsVoid)
            {
                return true;
            }

            var awaited = alternative.ReturnType is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named && _types.IsTaskOrValueTask(named)
                ? named.TypeArguments[0]
                : null;
            return awaited != null && SymbolEqualityComparer.Default.Equals(awaited, method.ReturnType);
        }

        private static string Display(IMethodSymbol method) => (method.ContainingType?.Name is { Length: > 0 } type ? type + "." : "") + method.Name;
    }
}
