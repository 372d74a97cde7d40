using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

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
        private static readonly ConditionalWeakTable<object, ConcurrentDictionary<string, string[]>> s_metadataExtensionNames =
            new ConditionalWeakTable<object, ConcurrentDictionary<string, string[]>>();

        private static readonly SymbolDisplayFormat QualifiedName = new SymbolDisplayFormat(
            typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces);

        private readonly AsyncTypes _types;
        private readonly ConcurrentDictionary<IMethodSymbol, Candidates> _candidates =
            new ConcurrentDictionary<IMethodSymbol, Candidates>(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<string, ImmutableHashSet<string>> _exclusions =
            new ConcurrentDictionary<string, ImmutableHashSet<string>>(StringComparer.Ordinal);
        private HashSet<string>? _extensionAsyncNames;

        public AsyncAlternatives(AsyncTypes types)
        {
            _types = types;
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
        /// The alternative of a call to <paramref name="method"/> (the target of an invocation operation, so that no
        /// extra binding is needed): cached and syntactic checks first, speculative binding last, for candidates only.
        /// </summary>
        public bool TryFindForCall(InvocationExpressionSyntax invocation, IMethodSymbol method, SemanticModel model, ImmutableHashSet<string> exclusions, CancellationToken cancellationToken, out AsyncAlternative alternative)
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

            var methodName = name.Identifier.ValueText;
            if (methodName.Length == 0 || methodName != method.Name || methodName.EndsWith("Async", StringComparison.Ordinal)
                || method.ReturnType is null || _types.IsAwaitable(method.ReturnType))
            {
                return false;
            }

            // Cheapest first: the cached per-method answer, then syntax, then the enclosing function, then binding.
            var isSleep = methodName == "Sleep" && method.Parameters.Length == 1 && SymbolEqualityComparer.Default.Equals(method.ContainingType, _types.BlockingThread);
            if ((!isSleep && !MayHaveAlternative(method)) || IsInLockBody(invocation))
            {
                return false;
            }

            // Task.Wait and the other blocking waits are AG0101's (and AG0103's), never this rule's.
            if (methodName is "Wait" or "WaitAll" or "WaitAny" or "GetResult"
                && BlockingWaits.TryMatch(invocation, model, _types, cancellationToken, out _))
            {
                return false;
            }

            var function = EnclosingFunction.Find(invocation);
            if (!IsAsyncCapable(function, model, cancellationToken) || IsSilenced(method, receiver, model, exclusions, cancellationToken))
            {
                return false;
            }

            var token = FindToken(invocation, function, model, cancellationToken);
            if (isSleep)
            {
                alternative = new AsyncAlternative(AlternativeForm.Sleep, "Thread.Sleep", "Delay", token, null);
                return true;
            }

            var enclosing = function is MethodDeclarationSyntax or LocalFunctionStatementSyntax
                ? model.GetDeclaredSymbol(function, cancellationToken) as IMethodSymbol
                : null;
            var asyncName = methodName + "Async";
            var hasNamedArguments = HasNamedArguments(invocation);

            // With a token in scope, prefer the overload that takes it; then the one with the same arguments.
            if (token != null && !hasNamedArguments)
            {
                foreach (var candidateName in new[] { asyncName, methodName })
                {
                    if (TryBind(invocation, name, candidateName, token, method, enclosing, model, cancellationToken, out var tokenParameter))
                    {
                        alternative = new AsyncAlternative(AlternativeForm.Call, Display(method), candidateName, token, tokenParameter);
                        return true;
                    }
                }
            }

            if (TryBind(invocation, name, asyncName, null, method, enclosing, model, cancellationToken, out _))
            {
                alternative = new AsyncAlternative(AlternativeForm.Call, Display(method), asyncName, null, null);
                return true;
            }

            return false;
        }

        /// <summary>`using (..)` / `using var ..` of a type whose DisposeAsync really differs from Dispose.</summary>
        public bool TryFindForUsing(SyntaxNode statement, SemanticModel model, ImmutableHashSet<string> exclusions, CancellationToken cancellationToken, out AsyncAlternative alternative)
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

            if (IsInLockBody(statement) || !IsAsyncCapable(EnclosingFunction.Find(statement), model, cancellationToken))
            {
                return false;
            }

            ITypeSymbol? shown = null;
            if (declaration != null)
            {
                if (declaration.Variables.Count == 0)
                {
                    return false;
                }

                foreach (var variable in declaration.Variables)
                {
                    var type = (model.GetDeclaredSymbol(variable, cancellationToken) as ILocalSymbol)?.Type;
                    if (!IsRealAsyncDisposable(type, variable.Initializer?.Value, model, exclusions, cancellationToken))
                    {
                        return false;
                    }

                    shown ??= type;
                }
            }
            else if (expression != null)
            {
                shown = model.GetTypeInfo(expression, cancellationToken).Type;
                if (!IsRealAsyncDisposable(shown, expression, model, exclusions, cancellationToken))
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

        private bool IsRealAsyncDisposable(ITypeSymbol? type, ExpressionSyntax? value, SemanticModel model, ImmutableHashSet<string> exclusions, CancellationToken cancellationToken)
        {
            if (type is null || type.TypeKind == TypeKind.Error || _types.BlockingIAsyncDisposable is not { } asyncDisposable
                || IsExcludedType(type, exclusions) || _types.IsInMemoryIo(type) || (value != null && IsInMemoryOrigin(value, model, 0, cancellationToken)))
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
                return false;
            }

            if (implementation.IsOverride || !implementation.IsVirtual || type.IsAbstract)
            {
                return true;
            }

            // Reference assemblies leave overrides out: a library class between the type and the base implementation
            // (FileStream, StreamWriter, ...) is assumed to override; classes declared in source are known not to.
            for (var t = type; t != null && !SymbolEqualityComparer.Default.Equals(t, implementation.ContainingType); t = t.BaseType)
            {
                if (t.DeclaringSyntaxReferences.Length == 0)
                {
                    return true;
                }
            }

            return false;
        }

        private bool IsAsyncCapable(SyntaxNode? function, SemanticModel model, CancellationToken cancellationToken)
        {
            if (EnclosingFunction.Classify(function, model, _types, cancellationToken) != FunctionKind.AsyncCapable)
            {
                return false;
            }

            // A Task-returning lambda converted to an expression tree never runs as written.
            return function is not AnonymousFunctionExpressionSyntax lambda || lambda.AsyncKeyword.RawKind != 0
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
        private bool IsSilenced(IMethodSymbol method, ExpressionSyntax? receiver, SemanticModel model, ImmutableHashSet<string> exclusions, CancellationToken cancellationToken)
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

            if (receiver is null)
            {
                return false;
            }

            var receiverType = model.GetTypeInfo(receiver, cancellationToken).Type;
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
        /// `new MemoryStream(..)`, `new BufferedStream(new MemoryStream())`, `Console.Out`, or a local initialised with one of
        /// them: I/O that never waits on a device (or that the user sees directly on the console).
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

                    return SymbolEqualityComparer.Default.Equals(created, _types.BlockingBufferedStream)
                        && creation.ArgumentList is { Arguments.Count: > 0 } arguments
                        && (_types.IsInMemoryIo(model.GetTypeInfo(arguments.Arguments[0].Expression, cancellationToken).Type)
                            || IsInMemoryOrigin(arguments.Arguments[0].Expression, model, depth + 1, cancellationToken));
                case MemberAccessExpressionSyntax access when model.GetSymbolInfo(access, cancellationToken).Symbol is IPropertySymbol { IsStatic: true } property
                    && SymbolEqualityComparer.Default.Equals(property.ContainingType, _types.BlockingConsole):
                    return true;
                case IdentifierNameSyntax identifier when model.GetSymbolInfo(identifier, cancellationToken).Symbol is ILocalSymbol local
                    && local.DeclaringSyntaxReferences.Length == 1
                    && local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is VariableDeclaratorSyntax { Initializer.Value: { } value }:
                    return _types.IsInMemoryIo(model.GetTypeInfo(value, cancellationToken).Type) || IsInMemoryOrigin(value, model, depth + 1, cancellationToken);
                default:
                    return false;
            }
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

        /// <summary>A CancellationToken parameter of the enclosing functions (innermost first), as it would be written.</summary>
        private string? FindToken(SyntaxNode node, SyntaxNode? function, SemanticModel model, CancellationToken cancellationToken)
        {
            for (var current = function; current != null && current is not CompilationUnitSyntax; current = EnclosingFunction.Find(current))
            {
                var parameters = current switch
                {
                    BaseMethodDeclarationSyntax m => m.ParameterList?.Parameters,
                    LocalFunctionStatementSyntax l => l.ParameterList.Parameters,
                    ParenthesizedLambdaExpressionSyntax p => p.ParameterList.Parameters,
                    AnonymousMethodExpressionSyntax a => a.ParameterList?.Parameters,
                    SimpleLambdaExpressionSyntax s => SyntaxFactory.SingletonSeparatedList(s.Parameter),
                    _ => null,
                };
                if (parameters is null)
                {
                    continue;
                }

                foreach (var parameter in parameters.Value)
                {
                    if (model.GetDeclaredSymbol(parameter, cancellationToken) is IParameterSymbol symbol && _types.IsCancellationToken(symbol.Type))
                    {
                        return SyntaxFacts.GetKeywordKind(symbol.Name) != SyntaxKind.None ? "@" + symbol.Name : symbol.Name;
                    }
                }

                if (current is LocalFunctionStatementSyntax { Modifiers: var modifiers } && modifiers.Any(SyntaxKind.StaticKeyword)
                    || current is AnonymousFunctionExpressionSyntax { Modifiers: var lambdaModifiers } && lambdaModifiers.Any(SyntaxKind.StaticKeyword))
                {
                    // A static function cannot use the outer parameters.
                    return null;
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

        private bool MayHaveAlternative(IMethodSymbol method) => !CandidatesOf(method).IsEmpty;

        private Candidates CandidatesOf(IMethodSymbol method) =>
            _candidates.GetOrAdd(method, m =>
            {
                var asyncName = m.Name + "Async";
                var type = m.ReducedFrom is null ? m.ContainingType : (m.ReceiverType as INamedTypeSymbol ?? m.ContainingType);
                var members = ImmutableArray.CreateBuilder<IMethodSymbol>();
                if (type != null)
                {
                    for (var t = type; t != null; t = t.BaseType)
                    {
                        AddCandidates(t, m.Name, asyncName, members);
                    }

                    foreach (var i in type.AllInterfaces)
                    {
                        AddCandidates(i, m.Name, asyncName, members);
                    }
                }

                var extension = ExtensionAsyncNames().Contains(asyncName);
                return members.Count == 0 && !extension ? Candidates.None : new Candidates(members.ToImmutable(), extension);
            });

        private void AddCandidates(INamedTypeSymbol type, string name, string asyncName, ImmutableArray<IMethodSymbol>.Builder members)
        {
            foreach (var member in type.GetMembers(asyncName))
            {
                if (member is IMethodSymbol candidate && _types.IsAwaitable(candidate.ReturnType))
                {
                    members.Add(candidate);
                }
            }

            foreach (var member in type.GetMembers(name))
            {
                if (member is IMethodSymbol overload && _types.IsAwaitable(overload.ReturnType))
                {
                    members.Add(overload);
                }
            }
        }

        /// <summary>
        /// Before any binding: could one of the candidates take these arguments (same parameter types by position, and
        /// a CancellationToken right after them when <paramref name="withToken"/>)? Extension candidates always bind.
        /// </summary>
        private bool IsPlausible(IMethodSymbol method, InvocationExpressionSyntax invocation, string candidateName, bool withToken)
        {
            var candidates = CandidatesOf(method);
            if (candidates.Extension && candidateName != method.Name)
            {
                return true;
            }

            var count = invocation.ArgumentList.Arguments.Count;
            var named = HasNamedArguments(invocation);
            foreach (var candidate in candidates.Members)
            {
                if (candidate.Name != candidateName)
                {
                    continue;
                }

                if (named || candidate.IsGenericMethod || method.IsGenericMethod)
                {
                    return true;
                }

                var fits = true;
                for (var i = 0; i < count && fits; i++)
                {
                    var original = i < method.Parameters.Length ? method.Parameters[i] : null;
                    var replacement = i < candidate.Parameters.Length ? candidate.Parameters[i] : null;
                    fits = original != null && replacement != null && (original.IsParams || replacement.IsParams
                        || SymbolEqualityComparer.Default.Equals(original.Type, replacement.Type));
                }

                if (fits && (!withToken || (count < candidate.Parameters.Length && _types.IsCancellationToken(candidate.Parameters[count].Type))))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Names ending in Async of the extension methods the compilation can use: declared in source, or in a referenced
        /// assembly's namespace that some file imports or is declared in (only there can an extension method bind).
        /// Metadata answers are cached per reference and namespace, so edits and other projects reuse them.
        /// </summary>
        private HashSet<string> ExtensionAsyncNames()
        {
            var names = _extensionAsyncNames;
            if (names != null)
            {
                return names;
            }

            names = new HashSet<string>(StringComparer.Ordinal);
            var compilation = _types.Compilation;
            CollectExtensionAsyncNames(compilation.Assembly.GlobalNamespace, names, recursive: true);
            var namespaces = NamespacesInScope(compilation);
            foreach (var assembly in compilation.SourceModule.ReferencedAssemblySymbols)
            {
                var key = (object?)compilation.GetMetadataReference(assembly) ?? assembly;
                var perNamespace = s_metadataExtensionNames.GetValue(key, _ => new ConcurrentDictionary<string, string[]>(StringComparer.Ordinal));
                foreach (var ns in namespaces)
                {
                    names.UnionWith(perNamespace.GetOrAdd(ns, n => ExtensionAsyncNamesIn(assembly, n)));
                }
            }

            Interlocked.CompareExchange(ref _extensionAsyncNames, names, null);
            return _extensionAsyncNames!;
        }

        private static string[] ExtensionAsyncNamesIn(IAssemblySymbol assembly, string qualifiedName)
        {
            INamespaceSymbol? ns = assembly.GlobalNamespace;
            if (qualifiedName.Length > 0)
            {
                foreach (var part in qualifiedName.Split('.'))
                {
                    INamespaceSymbol? next = null;
                    foreach (var member in ns!.GetNamespaceMembers())
                    {
                        if (member.Name == part)
                        {
                            next = member;
                            break;
                        }
                    }

                    ns = next;
                    if (ns is null)
                    {
                        return Array.Empty<string>();
                    }
                }
            }

            var set = new HashSet<string>(StringComparer.Ordinal);
            CollectExtensionAsyncNames(ns!, set, recursive: false);
            var result = new string[set.Count];
            set.CopyTo(result);
            return result;
        }

        /// <summary>Namespaces named by a `using` directive (global ones included) or a namespace declaration, with their parents, and the global namespace.</summary>
        private static HashSet<string> NamespacesInScope(Compilation compilation)
        {
            var namespaces = new HashSet<string>(StringComparer.Ordinal) { "" };
            foreach (var tree in compilation.SyntaxTrees)
            {
                if (tree.GetRoot() is CompilationUnitSyntax unit)
                {
                    AddUsings(unit.Usings, namespaces);
                    AddNamespaces(unit.Members, "", namespaces);
                }
            }

            return namespaces;
        }

        private static void AddNamespaces(SyntaxList<MemberDeclarationSyntax> members, string outer, HashSet<string> namespaces)
        {
            foreach (var member in members)
            {
                if (member is BaseNamespaceDeclarationSyntax declaration)
                {
                    var name = outer.Length == 0 ? declaration.Name.ToString() : outer + "." + declaration.Name;
                    for (var dot = name.IndexOf('.'); dot >= 0; dot = name.IndexOf('.', dot + 1))
                    {
                        namespaces.Add(name.Substring(0, dot));
                    }

                    namespaces.Add(name);
                    AddUsings(declaration.Usings, namespaces);
                    AddNamespaces(declaration.Members, name, namespaces);
                }
            }
        }

        private static void AddUsings(SyntaxList<UsingDirectiveSyntax> usings, HashSet<string> namespaces)
        {
            foreach (var directive in usings)
            {
                if (directive.Alias is null && directive.StaticKeyword.RawKind == 0 && directive.Name is { } name)
                {
                    var text = name.ToString();
                    namespaces.Add(text.StartsWith("global::", StringComparison.Ordinal) ? text.Substring(8) : text);
                }
            }
        }

        private static void CollectExtensionAsyncNames(INamespaceSymbol ns, HashSet<string> names, bool recursive)
        {
            foreach (var type in ns.GetTypeMembers())
            {
                if (!type.MightContainExtensionMethods)
                {
                    continue;
                }

                foreach (var memberName in type.MemberNames)
                {
                    if (memberName.EndsWith("Async", StringComparison.Ordinal) && !names.Contains(memberName))
                    {
                        foreach (var member in type.GetMembers(memberName))
                        {
                            if (member is IMethodSymbol { IsExtensionMethod: true })
                            {
                                names.Add(memberName);
                                break;
                            }
                        }
                    }
                }
            }

            if (recursive)
            {
                foreach (var nested in ns.GetNamespaceMembers())
                {
                    CollectExtensionAsyncNames(nested, names, recursive: true);
                }
            }
        }

        /// <summary>Speculatively binds the call renamed to <paramref name="candidateName"/> (plus the token) and checks the result.</summary>
        private bool TryBind(InvocationExpressionSyntax invocation, SimpleNameSyntax name, string candidateName, string? token, IMethodSymbol method,
            IMethodSymbol? enclosing, SemanticModel model, CancellationToken cancellationToken, out string? tokenParameter)
        {
            tokenParameter = null;
            if (!IsPlausible(method, invocation, candidateName, token != null))
            {
                return false;
            }

            var speculative = Rewrite(invocation, name, candidateName, token);
            if (model.GetSpeculativeSymbolInfo(invocation.SpanStart, speculative, SpeculativeBindingOption.BindAsExpression).Symbol is not IMethodSymbol alternative
                || SymbolEqualityComparer.Default.Equals(alternative.OriginalDefinition, method.OriginalDefinition)
                || !_types.IsAwaitable(alternative.ReturnType)
                || _types.IsObsolete(alternative.ReducedFrom ?? alternative)
                || IsSelf(alternative, enclosing)
                || !SameArguments(invocation, method, alternative, token != null, out tokenParameter)
                || !SameResult(method, alternative))
            {
                return false;
            }

            return true;
        }

        /// <summary>The enclosing method itself, or an overload of it: calling it would recurse.</summary>
        private static bool IsSelf(IMethodSymbol alternative, IMethodSymbol? enclosing) =>
            enclosing != null
            && alternative.Name == enclosing.Name
            && SymbolEqualityComparer.Default.Equals(alternative.ContainingType?.OriginalDefinition, enclosing.ContainingType?.OriginalDefinition);

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
                arguments = arguments.AddArguments(SyntaxFactory.Argument(SyntaxFactory.ParseExpression(token)));
            }

            return invocation.WithExpression(expression).WithArgumentList(arguments);
        }

        /// <summary>Every written argument goes to a parameter of the same type and ref kind in both; other parameters of the alternative are optional (or the token).</summary>
        private bool SameArguments(InvocationExpressionSyntax invocation, IMethodSymbol method, IMethodSymbol alternative, bool withToken, out string? tokenParameter)
        {
            tokenParameter = null;
            var arguments = invocation.ArgumentList.Arguments;
            var used = new bool[alternative.Parameters.Length];
            for (var i = 0; i < arguments.Count; i++)
            {
                var original = ParameterFor(method, arguments[i], i);
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
