namespace AsyncGuard.Analyzers.Core
{
    internal enum FunctionKind
    {
        /// <summary>Not inside any function body (field initializer, attribute argument, ...): treated as synchronous.</summary>
        None,

        /// <summary>`async`, or returns an awaitable / IAsyncEnumerable / IAsyncEnumerator, or top-level statements.</summary>
        AsyncCapable,

        /// <summary>Every other function, including a sync lambda nested inside an async method.</summary>
        Synchronous,
    }

    /// <summary>Finds and classifies the innermost function that contains a node.</summary>
    internal static class EnclosingFunction
    {
        /// <summary>
        /// The innermost method, local function, lambda, anonymous method, accessor, constructor, operator,
        /// expression-bodied property or the compilation unit of top-level statements; null outside any body.
        /// </summary>
        public static SyntaxNode? Find(SyntaxNode node)
        {
            for (var current = node.Parent; current != null; current = current.Parent)
            {
                switch (current)
                {
                    case AnonymousFunctionExpressionSyntax:
                    case LocalFunctionStatementSyntax:
                    case BaseMethodDeclarationSyntax:
                    case AccessorDeclarationSyntax:
                        return current;
                    case ArrowExpressionClauseSyntax { Parent: BasePropertyDeclarationSyntax property }:
                        return property;
                    case GlobalStatementSyntax { Parent: CompilationUnitSyntax unit }:
                        return unit;
                    case MemberDeclarationSyntax:
                        // Field initializers, attributes and the like: not in a function body.
                        return null;
                }
            }

            return null;
        }

        /// <param name="containingSymbol">The analysis context's symbol, when known: used instead of a declared-symbol lookup
        /// when it is the method declared by <paramref name="function"/> (the driver has it already).</param>
        public static FunctionKind Classify(SyntaxNode? function, SemanticModel model, AsyncTypes types, CancellationToken cancellationToken, ISymbol? containingSymbol = null)
        {
            switch (function)
            {
                case null:
                    return FunctionKind.None;
                case CompilationUnitSyntax:
                    return FunctionKind.AsyncCapable;
                case AnonymousFunctionExpressionSyntax lambda:
                    if (lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword))
                    {
                        return FunctionKind.AsyncCapable;
                    }

                    return ReturnsAsyncType(model.GetSymbolInfo(lambda, cancellationToken).Symbol as IMethodSymbol, types);
                case LocalFunctionStatementSyntax localFunction:
                    if (localFunction.Modifiers.Any(SyntaxKind.AsyncKeyword))
                    {
                        return FunctionKind.AsyncCapable;
                    }

                    return ReturnsAsyncType(model.GetDeclaredSymbol(localFunction, cancellationToken) as IMethodSymbol, types);
                case MethodDeclarationSyntax method:
                    if (method.Modifiers.Any(SyntaxKind.AsyncKeyword))
                    {
                        return FunctionKind.AsyncCapable;
                    }

                    return ReturnsAsyncType(
                        containingSymbol is IMethodSymbol declared && IsDeclaredBy(declared, method) ? declared : model.GetDeclaredSymbol(method, cancellationToken),
                        types);
                default:
                    // Constructors, operators, accessors, destructors: they cannot be async.
                    return FunctionKind.Synchronous;
            }
        }

        /// <summary>
        /// The method <paramref name="declaration"/> declares: <paramref name="containingSymbol"/> (the analysis context's, which
        /// the driver has already) when it is that method, else the semantic model's declared-symbol lookup (a binder walk).
        /// </summary>
        public static IMethodSymbol? DeclaredMethod(SyntaxNode declaration, SemanticModel model, ISymbol? containingSymbol, CancellationToken cancellationToken) =>
            containingSymbol is IMethodSymbol { PartialDefinitionPart: null, PartialImplementationPart: null } declared && IsDeclaredBy(declared, declaration)
                ? declared
                : model.GetDeclaredSymbol(declaration, cancellationToken) as IMethodSymbol;

        /// <summary>Whether <paramref name="method"/> is the symbol <paramref name="declaration"/> declares (that part of a partial method).</summary>
        private static bool IsDeclaredBy(IMethodSymbol method, SyntaxNode declaration)
        {
            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                if (reference.SyntaxTree == declaration.SyntaxTree && reference.Span == declaration.Span)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The innermost explicit lambda (<see cref="IAnonymousFunctionOperation"/>) or local function
        /// (<see cref="ILocalFunctionOperation"/>) around <paramref name="operation"/>, or null inside the member's own body.
        /// Implicit ones, as in query clauses, are skipped: the syntax-based <see cref="Find"/> does not see them either.
        /// </summary>
        public static IOperation? InnermostFunction(IOperation operation)
        {
            for (var current = operation.Parent; current != null; current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation { IsImplicit: false } or ILocalFunctionOperation)
                {
                    return current;
                }
            }

            return null;
        }

        /// <summary>The symbol of a function found by <see cref="InnermostFunction"/>.</summary>
        public static IMethodSymbol SymbolOf(IOperation function) =>
            function is IAnonymousFunctionOperation lambda ? lambda.Symbol : ((ILocalFunctionOperation)function).Symbol;

        /// <summary>
        /// <see cref="Classify"/> for an operation, without semantic-model queries: the function symbols come from the
        /// operation tree, and <paramref name="containingSymbol"/> (the analysis context's) is the member itself.
        /// </summary>
        public static FunctionKind Classify(IOperation operation, ISymbol containingSymbol, AsyncTypes types)
        {
            if (InnermostFunction(operation) is { } function)
            {
                var symbol = SymbolOf(function);
                return symbol.IsAsync ? FunctionKind.AsyncCapable : ReturnsAsyncType(symbol, types);
            }

            return ClassifyMember(Find(operation.Syntax), containingSymbol, types);
        }

        /// <summary>
        /// <see cref="Classify(IOperation, ISymbol, AsyncTypes)"/> for code that no lambda or local function encloses:
        /// <paramref name="function"/> is what <see cref="Find"/> gave for it (neither a lambda nor a local function),
        /// <paramref name="containingSymbol"/> the analysis context's member. No walk, no semantic query.
        /// </summary>
        public static FunctionKind ClassifyMember(SyntaxNode? function, ISymbol containingSymbol, AsyncTypes types)
        {
            switch (function)
            {
                case null:
                    return FunctionKind.None;
                case CompilationUnitSyntax:
                    return FunctionKind.AsyncCapable;
                case MethodDeclarationSyntax when containingSymbol is IMethodSymbol method:
                    return method.IsAsync ? FunctionKind.AsyncCapable : ReturnsAsyncType(method, types);
                default:
                    // Accessors, constructors, operators; or a function the (broken) operation tree lacks.
                    return FunctionKind.Synchronous;
            }
        }

        /// <summary>Classifies the innermost function around <paramref name="node"/>.</summary>
        public static FunctionKind ClassifyContaining(SyntaxNode node, SemanticModel model, AsyncTypes types, CancellationToken cancellationToken) =>
            Classify(Find(node), model, types, cancellationToken);

        private static FunctionKind ReturnsAsyncType(IMethodSymbol? method, AsyncTypes types)
        {
            if (method is null)
            {
                return FunctionKind.Synchronous;
            }

            var returnType = method.ReturnType;
            return types.IsAwaitable(returnType) || types.IsAsyncEnumerableOrEnumerator(returnType) || types.IsBuilderTaskLike(returnType)
                ? FunctionKind.AsyncCapable
                : FunctionKind.Synchronous;
        }
    }
}
