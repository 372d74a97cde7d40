namespace AsyncGuard.Analyzers.Cancellation
{
    /// <summary>
    /// AG0306: a method or local function takes a CancellationToken and never reads it. Off by default (on in the
    /// `strict` preset): on the development corpus most findings were deliberate (docs/accuracy.md, third pass).
    /// </summary>
    public sealed class AG0306UnusedTokenParameterAnalyzer() : AsyncGuardAnalyzer(Rule)
    {
        public const string Id = "AG0306";

        public static readonly DiagnosticDescriptor Rule = RuleHelp.Descriptor(
            Id, RuleHelp.CancellationCategory, DiagnosticSeverity.Info, RuleTraits.OffByDefault,
            title: "Use the CancellationToken parameter",
            messageFormat: "'{0}' never uses its CancellationToken parameter '{1}': pass it on or observe it",
            description: "A method that accepts a CancellationToken and never reads it cannot be cancelled, although its signature tells callers it can. Pass the token on, check it, or remove the parameter.");

        private protected override void OnCompilationStart(CompilationStartAnalysisContext start, AsyncTypes types)
        {
            if (types.CancellationToken is null)
            {
                return;
            }

            // On the body's operation (a method body, a local function) rather than on the declaration's syntax: the driver
            // has bound the body for the operation tree by then, so the name lookups below reuse that binding instead of
            // forcing it inside this rule (same declarations, same answers).
            // The simple names of each type (or member) scanned for method-group uses, by name: built once per scope and
            // compilation, so a type with many candidate methods is walked once, not once per method.
            var names = new NameIndex();
            start.RegisterOperationAction(
                c =>
                {
                    // The cheapest filter first, on the symbol the driver already has (no syntax, no model, no allocation): a
                    // method without a by-value token parameter (or a nullable one) has nothing to report.
                    var operation = c.Operation;
                    var declared = operation.Kind == OperationKind.LocalFunction ? ((ILocalFunctionOperation)operation).Symbol : c.ContainingSymbol as IMethodSymbol;
                    if (declared is not null && !HasTokenParameter(declared, types))
                    {
                        return;
                    }

                    if (operation.Syntax is MethodDeclarationSyntax or LocalFunctionStatementSyntax && operation.SemanticModel is { } model)
                    {
                        Analyze(new Site(operation, declared, model, c), types, names);
                    }
                },
                OperationKind.MethodBody,
                OperationKind.LocalFunction);
        }

        /// <summary>The analysed declaration with its model, report and cancellation.</summary>
        private readonly struct Site(IOperation operation, IMethodSymbol? declared, SemanticModel model, OperationAnalysisContext context)
        {
            /// <summary>The body's operation (a method body, or a local function with its body).</summary>
            public IOperation Operation { get; } = operation;

            public SyntaxNode Node => Operation.Syntax;

            /// <summary>The symbol the operation belongs to (the method, or the local function); a hint, checked per parameter.</summary>
            public IMethodSymbol? Declared { get; } = declared;

            public SemanticModel SemanticModel { get; } = model;

            // The driver's context itself (a struct) rather than a delegate to its ReportDiagnostic: nothing allocated per body.
            private readonly OperationAnalysisContext _context = context;

            public System.Threading.CancellationToken CancellationToken => _context.CancellationToken;

            public void ReportDiagnostic(Diagnostic diagnostic) => _context.ReportDiagnostic(diagnostic);
        }

        private static void Analyze(Site context, AsyncTypes types, NameIndex names)
        {
            ParameterListSyntax? parameters;
            BlockSyntax? block;
            ArrowExpressionClauseSyntax? arrow;
            switch (context.Node)
            {
                case MethodDeclarationSyntax method:
                    (parameters, block, arrow) = (method.ParameterList, method.Body, method.ExpressionBody);
                    break;
                case LocalFunctionStatementSyntax local:
                    (parameters, block, arrow) = (local.ParameterList, local.Body, local.ExpressionBody);
                    break;
                default:
                    return;
            }

            SyntaxNode? body = (SyntaxNode?)block ?? arrow;
            if (body is null || parameters is null || parameters.Parameters.Count == 0 || body.ContainsDiagnostics)
            {
                return;
            }

            var model = context.SemanticModel;
            var ct = context.CancellationToken;
            IParameterSymbol? unused = null;
            var declaredParameters = parameters.Parameters;
            var symbols = context.Declared is { } declared && declared.Parameters.Length == declaredParameters.Count ? declared.Parameters : default;
            for (int i = 0; i < declaredParameters.Count; i++)
            {
                // The symbol's parameter at that position answers "not a token" before its syntax is touched (the syntax and
                // the model below still confirm a candidate).
                if (!symbols.IsDefault && !(symbols[i] is { RefKind: RefKind.None } candidate && types.IsTokenOrNullableToken(candidate.Type)))
                {
                    continue;
                }

                // The common case, a token that is used, answered from the operation tree before the syntax checks below (all
                // of them must hold for a finding, so their order does not change which parameter is reported).
                if (!symbols.IsDefault && TokenParameterUses.ReferencesParameter(context.Operation, symbols[i], 0))
                {
                    continue;
                }

                var parameterSyntax = declaredParameters[i];
                if (parameterSyntax.Type is null || parameterSyntax.Identifier.ValueText.Trim('_').Length == 0
                    || !MayNameToken(parameterSyntax.Type, context.SemanticModel.Compilation, types))
                {
                    continue;
                }

                // The operation tree was already searched above for this position's symbol: only the syntax walk is left.
                if (DeclaredParameter(context, parameterSyntax, i) is { RefKind: RefKind.None } parameter
                    && types.IsTokenOrNullableToken(parameter.Type)
                    && !TokenParameterUses.IsReferenced(body, parameter, model, ct, symbols.IsDefault ? context.Operation : null))
                {
                    unused = parameter;
                    break;
                }
            }

            if (unused?.ContainingSymbol is not IMethodSymbol symbol || IsContract(symbol, context.Node, model, names, ct)
                || TokenParameterUses.IsTrivial(block, arrow, model, types, ct))
            {
                return;
            }

            // One finding, one diagnostic: a call here that could take the token is AG0301's (its fix passes it on).
            if (model.GetOperation(body, ct) is not { } operation || TokenParameterUses.HasCallThatCouldTakeToken(operation, types))
            {
                return;
            }

            // A synchronous body behind an async signature (`..; return Task.CompletedTask;`): nothing asynchronous to stop.
            if (TokenParameterUses.IsSynchronousBehindAsyncSignature(symbol, operation, types))
            {
                return;
            }

            var location = unused.Locations.Length > 0 ? unused.Locations[0] : context.Node.GetLocation();
            context.ReportDiagnostic(Diagnostic.Create(Rule, location, symbol.Name, unused.Name));
        }

        /// <summary>A parameter passed by value whose type is CancellationToken or a nullable one.</summary>
        private static bool HasTokenParameter(IMethodSymbol method, AsyncTypes types)
        {
            foreach (var parameter in method.Parameters)
            {
                if (parameter.RefKind == RefKind.None && types.IsTokenOrNullableToken(parameter.Type))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The parameter <paramref name="syntax"/> declares: the operation's symbol's parameter at that position when it is
        /// declared right there (same tree, same identifier span), else the model's answer. Saves a declaration lookup.
        /// </summary>
        private static IParameterSymbol? DeclaredParameter(in Site context, ParameterSyntax syntax, int index)
        {
            if (context.Declared is { } method && index < method.Parameters.Length)
            {
                var candidate = method.Parameters[index];
                if (candidate.Locations.Length == 1 && candidate.Locations[0] is { IsInSource: true } location
                    && location.SourceTree == syntax.SyntaxTree && location.SourceSpan == syntax.Identifier.Span)
                {
                    return candidate;
                }
            }

            return context.SemanticModel.GetDeclaredSymbol(syntax, context.CancellationToken);
        }

        /// <summary>
        /// Cheap syntactic filter before any binding: only a type written as `CancellationToken` (qualified, nullable,
        /// `Nullable<CancellationToken>`) or through an alias can be the token type; the symbol check decides.
        /// </summary>
        private static bool MayNameToken(TypeSyntax type, Compilation compilation, AsyncTypes types)
        {
            while (true)
            {
                switch (type)
                {
                    case NullableTypeSyntax nullable:
                        type = nullable.ElementType;
                        continue;
                    case QualifiedNameSyntax qualified:
                        type = qualified.Right;
                        continue;
                    case AliasQualifiedNameSyntax aliasQualified:
                        type = aliasQualified.Name;
                        continue;
                    case GenericNameSyntax generic:
                        return generic.Identifier.ValueText == "Nullable" && generic.TypeArgumentList.Arguments.Count == 1
                            && MayNameToken(generic.TypeArgumentList.Arguments[0], compilation, types);
                    case IdentifierNameSyntax name:
                        return name.Identifier.ValueText == "CancellationToken" || types.HasUsingAliases(compilation);
                    default:
                        return false;
                }
            }
        }

        /// <summary>
        /// The signature is imposed from elsewhere: an override, virtual or abstract member, an interface implementation
        /// (implicit or explicit), a partial method, an extern one, or a method used as a method group (delegate, event
        /// handler) in its type (for a local function: in its member).
        /// </summary>
        private static bool IsContract(IMethodSymbol method, SyntaxNode declaration, SemanticModel model, NameIndex names, System.Threading.CancellationToken ct)
        {
            if (method.IsOverride || method.IsVirtual || method.IsAbstract || method.IsExtern
                || method.PartialDefinitionPart != null || method.PartialImplementationPart != null
                || !method.ExplicitInterfaceImplementations.IsEmpty
                || method.ImplementsInterfaceMethodImplicitly())
            {
                return true;
            }

            SyntaxNode? scope = method.MethodKind == MethodKind.LocalFunction
                ? declaration.Parent?.FirstAncestorOrSelf<MemberDeclarationSyntax>()
                : null;
            if (scope != null)
            {
                return UsedAsMethodGroup(names.Of(scope, method.Name), method, model, ct);
            }

            foreach (var reference in method.ContainingType.DeclaringSyntaxReferences)
            {
                var type = reference.GetSyntax(ct);
                var named = names.Of(type, method.Name);
                if (type.SyntaxTree == model.SyntaxTree ? UsedAsMethodGroup(named, method, model, ct) : UsedAsMethodGroup(named, method, null, ct))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The method's name used other than as the called expression (`M(..)`, `this.M(..)`); bound where the model covers the tree.</summary>
        private static bool UsedAsMethodGroup(List<SimpleNameSyntax>? names, IMethodSymbol method, SemanticModel? model, System.Threading.CancellationToken ct)
        {
            if (names is null)
            {
                return false;
            }

            foreach (var name in names)
            {
                SyntaxNode called = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : name;
                if (called.Parent is InvocationExpressionSyntax invocation && invocation.Expression == called)
                {
                    continue;
                }

                if (name.Parent is MemberAccessExpressionSyntax { Name: var right } && right != name)
                {
                    continue;
                }

                // A declaration's own identifier is not a SimpleNameSyntax: anything left is a method-group use, or another
                // member of that name (bound when the model covers it).
                if (model is null || model.GetSymbolInfo(name, ct) is var info && (info.Symbol is null ? !info.CandidateSymbols.IsEmpty : info.Symbol.OriginalDefinition.Is(method.OriginalDefinition)))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Per compilation: the simple names (identifier names and generic names) under a scope node, by identifier text, in
        /// document order; exactly the names a walk of the scope's identifier tokens would meet (each such token is the
        /// identifier of its simple name).
        /// </summary>
        private sealed class NameIndex
        {
            private readonly System.Collections.Concurrent.ConcurrentDictionary<SyntaxNode, Dictionary<string, List<SimpleNameSyntax>>> _byScope =
                new System.Collections.Concurrent.ConcurrentDictionary<SyntaxNode, Dictionary<string, List<SimpleNameSyntax>>>();

            public List<SimpleNameSyntax>? Of(SyntaxNode scope, string name) =>
                (_byScope.TryGetValue(scope, out var index) ? index : _byScope.GetOrAdd(scope, Build(scope))).TryGetValue(name, out var names) ? names : null;

            private static Dictionary<string, List<SimpleNameSyntax>> Build(SyntaxNode scope)
            {
                var index = new Dictionary<string, List<SimpleNameSyntax>>(StringComparer.Ordinal);
                foreach (var node in scope.DescendantNodes())
                {
                    if (node is SimpleNameSyntax name && name.Identifier.IsKind(SyntaxKind.IdentifierToken))
                    {
                        var text = name.Identifier.ValueText;
                        if (!index.TryGetValue(text, out var names))
                        {
                            index.Add(text, names = new List<SimpleNameSyntax>());
                        }

                        names.Add(name);
                    }
                }

                return index;
            }
        }
    }
}
