namespace AsyncGuard.Analyzers.Cancellation
{
    /// <summary>
    /// AG0301 (issue 16, corpus16cli W1): `.Token` of a CancellationTokenSource member that is still null at the call is no
    /// token to offer: the fix would throw NullReferenceException (Downloader's sample `Main` awaited a start-up delay, then
    /// called `Initial()`, which creates the source the later downloads get). Decided only where nothing can have run before
    /// the function on this object or type:
    /// <list type="bullet">
    /// <item>a static member read in the program's entry point, or an instance member read in a constructor of its type that
    /// does not chain to another constructor of it (`: this(..)`);</item>
    /// <item>the member is private, declared in source, a field or an auto-property, with no initializer;</item>
    /// <item>its writers (the members, accessors and local functions of its type that assign it, and, transitively, those that
    /// call or name a writer) are the function itself and code no one else can start first: for the entry point, private
    /// members and local functions only, none of them a static constructor or an initializer; for a constructor, no
    /// initializer and no virtual, override, abstract or interface-implementing writer (a base constructor could call it);</item>
    /// <item>the function, up to the end of the call, neither assigns the member nor names a writer, the call is not in a
    /// loop, a lambda or a local function, and the function has no `goto`.</item>
    /// </list>
    /// Anything else keeps the token (the finding stays). Asked only for a call AG0301 is about to report with such a token.
    /// </summary>
    internal static class UnassignedTokenSources
    {
        private const int MaxWriters = 64;

        public static ImmutableArray<AvailableToken> Filter(ImmutableArray<AvailableToken> tokens, SyntaxNode site, SemanticModel model, CancellationToken cancellationToken)
        {
            var any = false;
            foreach (var token in tokens)
            {
                any |= token.Kind == TokenSourceKind.MemberSource;
            }

            if (!any || EnclosingFunction(site) is not BaseMethodDeclarationSyntax function
                || model.GetDeclaredSymbol(function, cancellationToken) is not IMethodSymbol method)
            {
                return tokens;
            }

            ImmutableArray<AvailableToken>.Builder? kept = null;
            for (var i = 0; i < tokens.Length; i++)
            {
                var token = tokens[i];
                var unassigned = token.Kind == TokenSourceKind.MemberSource && StillUnassigned(token.Symbol, method, function, site, model, cancellationToken);
                TokenFilters.Keep(ref kept, tokens, i, dropped: unassigned);
            }

            return TokenFilters.Kept(kept, tokens);
        }

        /// <summary>The method or constructor whose own statements hold <paramref name="site"/>; null inside a lambda, a local function or a loop.</summary>
        private static SyntaxNode? EnclosingFunction(SyntaxNode site)
        {
            for (var current = site.Parent; current != null; current = current.Parent)
            {
                switch (current)
                {
                    case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax:
                    case WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or CommonForEachStatementSyntax:
                        return null;
                    case BaseMethodDeclarationSyntax:
                        return current;
                    case MemberDeclarationSyntax:
                        return null;
                }
            }

            return null;
        }

        private static bool StillUnassigned(ISymbol member, IMethodSymbol method, BaseMethodDeclarationSyntax function, SyntaxNode site, SemanticModel model,
            CancellationToken cancellationToken)
        {
            member = member.OriginalDefinition;
            var type = member.ContainingType;
            if (member.DeclaredAccessibility != Accessibility.Private || type is null || !type.Is(method.ContainingType.OriginalDefinition)
                || !NullAtStart(member, method, function, model, cancellationToken))
            {
                return false;
            }

            var writers = Writers(member, type, model, cancellationToken);
            if (writers is null)
            {
                return false;
            }

            foreach (var writer in writers)
            {
                if (writer.Is(method))
                {
                    continue;
                }

                if (member.IsStatic ? !RunsOnlyWhenCalled(writer) : !BaseCannotCall(writer))
                {
                    return false;
                }
            }

            // Up to the end of the call (its receiver and arguments run before the token would be read): no write, no writer named.
            var body = (SyntaxNode?)function.Body ?? function.ExpressionBody;
            if (body is null)
            {
                return false;
            }

            foreach (var node in body.DescendantNodes())
            {
                if (node is GotoStatementSyntax)
                {
                    return false;
                }

                if (node.SpanStart >= site.Span.End || node is not IdentifierNameSyntax identifier)
                {
                    continue;
                }

                var name = identifier.Identifier.ValueText;
                if (name != member.Name && !NamesAny(writers, name))
                {
                    continue;
                }

                cancellationToken.ThrowIfCancellationRequested();
                var bound = model.GetSymbolInfo(identifier, cancellationToken);
                var symbol = bound.Symbol?.OriginalDefinition;
                if (symbol is null && !bound.CandidateSymbols.IsEmpty)
                {
                    return false;
                }

                if (symbol.Is(member) ? IsWrite(identifier) : symbol != null && Calls(writers, symbol))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The member holds null when the function starts: nothing of the type ran before on it.</summary>
        private static bool NullAtStart(ISymbol member, IMethodSymbol method, BaseMethodDeclarationSyntax function, SemanticModel model, CancellationToken cancellationToken)
        {
            if (member is IFieldSymbol { IsConst: false } field)
            {
                if (field.IsImplicitlyDeclared || field.DeclaringSyntaxReferences.Length != 1
                    || field.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Initializer: null })
                {
                    return false;
                }
            }
            else if (member is IPropertySymbol { IsIndexer: false } property)
            {
                // An auto-property: the compiler made a backing field for it; a property with its own accessors may return anything.
                var auto = false;
                foreach (var candidate in property.ContainingType.GetMembers())
                {
                    auto |= candidate is IFieldSymbol { IsImplicitlyDeclared: true } backing && backing.AssociatedSymbol.Is(property);
                }

                if (!auto || property.DeclaringSyntaxReferences.Length != 1
                    || property.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not PropertyDeclarationSyntax { Initializer: null })
                {
                    return false;
                }
            }
            else
            {
                return false;
            }

            if (member.IsStatic)
            {
                return method.IsStatic && method.MethodKind == MethodKind.Ordinary && IsEntryPoint(method, model.Compilation, cancellationToken);
            }

            return method.MethodKind == MethodKind.Constructor && !method.IsStatic
                && function is ConstructorDeclarationSyntax constructor
                && (constructor.Initializer is null || constructor.Initializer.IsKind(SyntaxKind.BaseConstructorInitializer));
        }

        /// <summary>The program's entry point (an async `Main` too: the compilation names the user's method, not its forwarder).</summary>
        private static bool IsEntryPoint(IMethodSymbol method, Compilation compilation, CancellationToken cancellationToken) =>
            compilation.Options.OutputKind is OutputKind.ConsoleApplication or OutputKind.WindowsApplication or OutputKind.WindowsRuntimeApplication
            && compilation.GetEntryPoint(cancellationToken).Is(method);

        /// <summary>
        /// The members, accessors and local functions of <paramref name="type"/> that assign <paramref name="member"/>, closed over
        /// those that call or name one of them; null when an initializer or a static constructor is among them, or the set grows large.
        /// </summary>
        private static HashSet<IMethodSymbol>? Writers(ISymbol member, INamedTypeSymbol type, SemanticModel model, CancellationToken cancellationToken)
        {
            var declarations = new List<(SyntaxNode Node, SemanticModel Model)>();
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                var node = reference.GetSyntax(cancellationToken);
                // Another part of a partial type, only for a call AG0301 is about to report with a member source token.
                declarations.Add((node, SemanticModels.For(model, node.SyntaxTree)));
            }

            var writers = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
            foreach (var (node, declarationModel) in declarations)
            {
                foreach (var identifier in NameReferences.Of(member, node, declarationModel, cancellationToken))
                {
                    if (IsWrite(identifier) && !AddWriter(identifier, declarationModel, writers, cancellationToken))
                    {
                        return null;
                    }
                }
            }

            // Close over callers: a method that calls (or hands out) a writer writes when it runs.
            var changed = writers.Count > 0;
            while (changed)
            {
                changed = false;
                foreach (var (node, declarationModel) in declarations)
                {
                    foreach (var descendant in node.DescendantNodes())
                    {
                        if (descendant is not IdentifierNameSyntax identifier || !NamesAny(writers, identifier.Identifier.ValueText))
                        {
                            continue;
                        }

                        cancellationToken.ThrowIfCancellationRequested();
                        var symbol = declarationModel.GetSymbolInfo(identifier, cancellationToken).Symbol?.OriginalDefinition;
                        if (symbol is null || !Calls(writers, symbol))
                        {
                            continue;
                        }

                        var count = writers.Count;
                        if (!AddWriter(identifier, declarationModel, writers, cancellationToken))
                        {
                            return null;
                        }

                        changed |= writers.Count != count;
                        if (writers.Count > MaxWriters)
                        {
                            return null;
                        }
                    }
                }
            }

            return writers;
        }

        /// <summary>Adds the function around <paramref name="reference"/>; false when it is an initializer or a static constructor.</summary>
        private static bool AddWriter(SyntaxNode reference, SemanticModel model, HashSet<IMethodSymbol> writers, CancellationToken cancellationToken)
        {
            for (var current = reference.Parent; current != null; current = current.Parent)
            {
                switch (current)
                {
                    case LocalFunctionStatementSyntax or BaseMethodDeclarationSyntax or AccessorDeclarationSyntax:
                        if (model.GetDeclaredSymbol(current, cancellationToken) is not IMethodSymbol function || function.MethodKind == MethodKind.StaticConstructor)
                        {
                            return false;
                        }

                        writers.Add(function.OriginalDefinition);
                        return true;
                    case ArrowExpressionClauseSyntax { Parent: PropertyDeclarationSyntax or IndexerDeclarationSyntax } arrow:
                        // `T P => ..;`: the getter.
                        if (model.GetDeclaredSymbol(arrow.Parent!, cancellationToken) is not IPropertySymbol { GetMethod: { } getter })
                        {
                            return false;
                        }

                        writers.Add(getter.OriginalDefinition);
                        return true;
                    case MemberDeclarationSyntax:
                        // A field or property initializer, an event: runs before anyone's first call.
                        return false;
                }
            }

            return false;
        }

        /// <summary>A writer only the type's own code can start: a private method or accessor, or a local function.</summary>
        private static bool RunsOnlyWhenCalled(IMethodSymbol writer)
        {
            if (writer.MethodKind == MethodKind.LocalFunction)
            {
                return true;
            }

            if (writer.AssociatedSymbol is { } property && property.DeclaredAccessibility != Accessibility.Private)
            {
                return false;
            }

            return writer.DeclaredAccessibility == Accessibility.Private && writer.MethodKind != MethodKind.StaticConstructor;
        }

        /// <summary>A writer a base constructor cannot reach on the new object: no virtual dispatch, no interface member.</summary>
        private static bool BaseCannotCall(IMethodSymbol writer)
        {
            if (writer.MethodKind == MethodKind.LocalFunction)
            {
                return true;
            }

            if (writer.IsVirtual || writer.IsOverride || writer.IsAbstract || !writer.ExplicitInterfaceImplementations.IsEmpty)
            {
                return false;
            }

            var type = writer.ContainingType;
            foreach (var @interface in type.AllInterfaces)
            {
                foreach (var interfaceMember in @interface.GetMembers())
                {
                    if (type.FindImplementationForInterfaceMember(interfaceMember) is { } implementation
                        && (implementation.Is(writer) || implementation.Is(writer.AssociatedSymbol)))
                    {
                        return false;
                    }
                }
            }

            return true;
        }

        private static bool IsWrite(IdentifierNameSyntax identifier)
        {
            SyntaxNode use = identifier;
            if (use.Parent is MemberAccessExpressionSyntax qualified && qualified.Name == use)
            {
                use = qualified;
            }

            for (var current = use; current.Parent != null; current = current.Parent)
            {
                switch (current.Parent)
                {
                    case AssignmentExpressionSyntax assignment when assignment.Left.Span.Contains(current.Span):
                    case ArgumentSyntax argument when !argument.RefKindKeyword.IsKind(SyntaxKind.None) && !argument.RefKindKeyword.IsKind(SyntaxKind.InKeyword):
                    case RefExpressionSyntax:
                    case PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression }:
                    case PostfixUnaryExpressionSyntax:
                        return true;
                    case ParenthesizedExpressionSyntax or TupleExpressionSyntax or ArgumentSyntax:
                        continue;
                    default:
                        return false;
                }
            }

            return false;
        }

        private static bool NamesAny(HashSet<IMethodSymbol> writers, string name)
        {
            foreach (var writer in writers)
            {
                if (writer.Name == name || writer.AssociatedSymbol?.Name == name)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Naming <paramref name="symbol"/> runs or hands out a writer: the writer itself, or a property one of whose accessors writes.</summary>
        private static bool Calls(HashSet<IMethodSymbol> writers, ISymbol symbol)
        {
            if (symbol is IMethodSymbol method && writers.Contains(method.OriginalDefinition))
            {
                return true;
            }

            return symbol is IPropertySymbol property
                && ((property.GetMethod is { } getter && writers.Contains(getter.OriginalDefinition))
                    || (property.SetMethod is { } setter && writers.Contains(setter.OriginalDefinition)));
        }
    }
}
