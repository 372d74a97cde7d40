namespace AsyncGuard.Analyzers.Cancellation
{
    /// <summary>
    /// AG0306: a method or local function takes a CancellationToken and never reads it. Off by default (on in the
    /// `strict` preset): on the development corpus most findings were deliberate (docs/accuracy.md, third pass).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
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

            start.RegisterSyntaxNodeAction(c => Analyze(c, types), SyntaxKind.MethodDeclaration, SyntaxKind.LocalFunctionStatement);
        }

        private static void Analyze(SyntaxNodeAnalysisContext context, AsyncTypes types)
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
            foreach (var parameterSyntax in parameters.Parameters)
            {
                if (parameterSyntax.Type is null || parameterSyntax.Identifier.ValueText.Trim('_').Length == 0
                    || !MayNameToken(parameterSyntax.Type, context.SemanticModel.Compilation, types))
                {
                    continue;
                }

                if (model.GetDeclaredSymbol(parameterSyntax, ct) is { RefKind: RefKind.None } parameter
                    && types.IsTokenOrNullableToken(parameter.Type)
                    && !TokenParameterUses.IsReferenced(body, parameter, model, ct))
                {
                    unused = parameter;
                    break;
                }
            }

            if (unused?.ContainingSymbol is not IMethodSymbol symbol || IsContract(symbol, context.Node, model, ct)
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
        private static bool IsContract(IMethodSymbol method, SyntaxNode declaration, SemanticModel model, System.Threading.CancellationToken ct)
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
                return UsedAsMethodGroup(scope, method, model, ct);
            }

            foreach (var reference in method.ContainingType.DeclaringSyntaxReferences)
            {
                var type = reference.GetSyntax(ct);
                if (type.SyntaxTree == model.SyntaxTree ? UsedAsMethodGroup(type, method, model, ct) : UsedAsMethodGroup(type, method, null, ct))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The method's name used other than as the called expression (`M(..)`, `this.M(..)`); bound where the model covers the tree.</summary>
        private static bool UsedAsMethodGroup(SyntaxNode scope, IMethodSymbol method, SemanticModel? model, System.Threading.CancellationToken ct)
        {
            foreach (var token in scope.DescendantTokens())
            {
                if (!token.IsKind(SyntaxKind.IdentifierToken) || token.ValueText != method.Name || token.Parent is not SimpleNameSyntax name)
                {
                    continue;
                }

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
    }
}
