namespace AsyncGuard.Analyzers.Core
{
    internal enum TokenSourceKind
    {
        /// <summary>A CancellationToken (or CancellationToken?) parameter of the innermost or an enclosing function.</summary>
        Parameter,

        /// <summary>A CancellationToken local declared before the position.</summary>
        Local,

        /// <summary>`.Token` of a CancellationTokenSource local declared before the position.</summary>
        LocalSource,

        /// <summary>A CancellationToken field or property of the containing type (or a primary-constructor parameter).</summary>
        Member,

        /// <summary>A CancellationToken member one level deep on a parameter (`context.RequestAborted`).</summary>
        ParameterMember,

        /// <summary>`.Token` of a CancellationTokenSource field or property of the containing type (AG0301/AG0302 only).</summary>
        MemberSource,
    }

    /// <summary>A token that code at some position can pass on, with the C# text that reads it there.</summary>
    internal readonly struct AvailableToken(string expression, ISymbol symbol, TokenSourceKind kind, bool mayBeHidden = true, IParameterSymbol? owner = null)
    {
        /// <summary>The parameter a <see cref="TokenSourceKind.ParameterMember"/> is read from (`context` of `context.RequestAborted`).</summary>
        public IParameterSymbol? Owner { get; } = owner;

        /// <summary>
        /// False for a parameter or local of the function the position is in: C# forbids redeclaring its name inside
        /// that function (CS0136), so the name reads it without a binding check.
        /// </summary>
        internal bool MayBeHidden { get; } = mayBeHidden;

        /// <summary>C# expression of type CancellationToken at the position (`ct`, `ct.GetValueOrDefault()`, `cts.Token`, `this.Token`).</summary>
        public string Expression { get; } = expression;

        /// <summary>The parameter, local, field or property the token is read from.</summary>
        public ISymbol Symbol { get; } = symbol;

        public TokenSourceKind Kind { get; } = kind;
    }

    /// <summary>
    /// The CancellationTokens available at a position, nearest first: parameters of the innermost then of enclosing
    /// functions (a function with its own token parameter hides the outer ones; a static lambda or local function sees
    /// none), locals declared before the position, `.Token` of local CancellationTokenSources, fields and properties of
    /// the containing type reachable from there, and token members one level deep on the parameters.
    /// Costs a few semantic queries: call it only after the cheap filters of a rule.
    /// </summary>
    internal static class AvailableTokens
    {
        public static ImmutableArray<AvailableToken> Find(SyntaxNode node, SemanticModel model, AsyncTypes types, bool parametersOnly, CancellationToken cancellationToken) =>
            Find(node, null, model, types, parametersOnly, cancellationToken);

        /// <summary>
        /// As above; <paramref name="operation"/>, the operation of <paramref name="node"/> when the caller has it, lets the
        /// locals of each enclosing block come from the operation tree instead of a semantic query per declaration.
        /// </summary>
        /// <remarks><paramref name="memberSources"/> adds `.Token` of the CancellationTokenSource fields and properties of the containing type.</remarks>
        public static ImmutableArray<AvailableToken> Find(SyntaxNode node, IOperation? operation, SemanticModel model, AsyncTypes types, bool parametersOnly, CancellationToken cancellationToken,
            bool memberSources = false)
        {
            var position = node.SpanStart;
            // Allocated on first use: most positions have no token at all.
            List<AvailableToken>? parameters = null, locals = null, sources = null;
            List<IParameterSymbol>? visibleParameters = null;
            var seesOuter = true;          // outer parameters and locals are still visible
            var instanceReachable = true;  // `this` members are reachable
            var crossedFunction = false;   // inside a lambda or local function of the member
            SyntaxNode? typeDeclaration = null;
            IMethodSymbol? member = null;

            SyntaxNode child = node;
            for (var current = node.Parent; current != null && typeDeclaration is null; child = current, current = current.Parent)
            {
                switch (current)
                {
                    case BlockSyntax block when seesOuter && !parametersOnly:
                        operation = OperationOf(block, operation);
                        if (operation is IBlockOperation blockOperation)
                        {
                            CollectBlockLocals(blockOperation.Locals, child, crossedFunction, types, ref locals, ref sources);
                        }
                        else
                        {
                            CollectLocals(block.Statements, child, crossedFunction, model, types, ref locals, ref sources, cancellationToken);
                        }

                        break;
                    case SwitchSectionSyntax section when seesOuter && !parametersOnly:
                        CollectLocals(section.Statements, child, crossedFunction, model, types, ref locals, ref sources, cancellationToken);
                        break;
                    case CompilationUnitSyntax unit:
                        if (seesOuter && !parametersOnly)
                        {
                            CollectTopLevelLocals(unit, child, crossedFunction, model, types, ref locals, ref sources, cancellationToken);
                        }

                        typeDeclaration = unit;
                        instanceReachable = false;
                        break;
                    case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax:
                        var localFunction = current as LocalFunctionStatementSyntax;
                        if (seesOuter)
                        {
                            var symbol = localFunction is null
                                ? model.GetSymbolInfo((AnonymousFunctionExpressionSyntax)current, cancellationToken).Symbol as IMethodSymbol
                                : model.GetDeclaredSymbol(localFunction, cancellationToken) as IMethodSymbol;
                            seesOuter = !CollectParameters(symbol, crossedFunction, types, ref parameters, ref visibleParameters);
                        }

                        if ((localFunction?.Modifiers ?? ((AnonymousFunctionExpressionSyntax)current).Modifiers).Any(SyntaxKind.StaticKeyword))
                        {
                            seesOuter = false;
                            instanceReachable = false;
                        }

                        crossedFunction = true;
                        break;
                    case BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or ArrowExpressionClauseSyntax { Parent: BasePropertyDeclarationSyntax }:
                        var declared = current is ArrowExpressionClauseSyntax arrow
                            ? (model.GetDeclaredSymbol(arrow.Parent!, cancellationToken) as IPropertySymbol)?.GetMethod
                            : model.GetDeclaredSymbol(current, cancellationToken) as IMethodSymbol;
                        if (declared is null)
                        {
                            return ImmutableArray<AvailableToken>.Empty;
                        }

                        member = declared;
                        if (seesOuter)
                        {
                            CollectParameters(declared, crossedFunction, types, ref parameters, ref visibleParameters);
                        }

                        instanceReachable &= !declared.IsStatic;
                        break;
                    case FieldDeclarationSyntax or EventFieldDeclarationSyntax or PropertyDeclarationSyntax { Initializer: not null } or EnumMemberDeclarationSyntax or AttributeSyntax or ParameterSyntax:
                        // Initializers, attributes and default values: only the parameters of lambdas inside them.
                        typeDeclaration = current;
                        member = null;
                        break;
                    case TypeDeclarationSyntax:
                        typeDeclaration = current;
                        break;
                }
            }

            var result = new Collector(position, model, cancellationToken);
            result.AddAll(parameters);
            if (!parametersOnly)
            {
                result.AddAll(locals);
                result.AddAll(sources);
                if (typeDeclaration is TypeDeclarationSyntax type && member != null)
                {
                    // Instance members of a struct cannot be read from a lambda (CS1673).
                    var reachInstance = instanceReachable && !(crossedFunction && member.ContainingType?.TypeKind == TypeKind.Struct);
                    AddTypeMembers(type, member, reachInstance, types, memberSources, ref result);
                }

                if (visibleParameters != null)
                {
                    foreach (var parameter in visibleParameters)
                    {
                        AddParameterMembers(parameter, types, ref result);
                    }
                }
            }

            return result.ToImmutable();
        }

        /// <summary>Adds the token parameters of a function; true when it has any (they hide the outer ones).</summary>
        private static bool CollectParameters(IMethodSymbol? function, bool crossedFunction, AsyncTypes types, ref List<AvailableToken>? tokens, ref List<IParameterSymbol>? visible)
        {
            if (function is null)
            {
                return false;
            }

            var found = false;
            foreach (var parameter in function.Parameters)
            {
                // out parameters are unassigned; ref-kind parameters cannot be captured by an inner function.
                if (parameter.RefKind == RefKind.Out || (crossedFunction && parameter.RefKind != RefKind.None) || parameter.Name.Length == 0)
                {
                    continue;
                }

                if (types.IsCancellationToken(parameter.Type))
                {
                    (tokens ??= new List<AvailableToken>()).Add(new AvailableToken(Escape(parameter.Name), parameter, TokenSourceKind.Parameter, crossedFunction));
                    found = true;
                }
                else if (types.IsNullableToken(parameter.Type))
                {
                    (tokens ??= new List<AvailableToken>()).Add(new AvailableToken(Escape(parameter.Name) + ".GetValueOrDefault()", parameter, TokenSourceKind.Parameter, crossedFunction));
                    found = true;
                }
                else if (!parameter.Type.IsRefLikeType)
                {
                    (visible ??= new List<IParameterSymbol>()).Add(parameter);
                }
            }

            return found;
        }

        private static void CollectLocals(SyntaxList<StatementSyntax> statements, SyntaxNode child, bool crossedFunction, SemanticModel model, AsyncTypes types,
            ref List<AvailableToken>? locals, ref List<AvailableToken>? sources, CancellationToken cancellationToken)
        {
            var index = child is StatementSyntax statement ? statements.IndexOf(statement) : -1;
            for (var i = index - 1; i >= 0; i--)
            {
                if (statements[i] is LocalDeclarationStatementSyntax declaration)
                {
                    CollectDeclaration(declaration, crossedFunction, model, types, ref locals, ref sources, cancellationToken);
                }
            }
        }

        /// <summary>The operation of <paramref name="syntax"/> among the ancestors of <paramref name="start"/> (null when there is none).</summary>
        private static IOperation? OperationOf(SyntaxNode syntax, IOperation? start)
        {
            for (var current = start; current != null; current = current.Parent)
            {
                if (current.Syntax == syntax)
                {
                    return current;
                }
            }

            return null;
        }

        /// <summary>
        /// The token and token-source locals of a block declared, with an initializer, by a local declaration statement
        /// before the one holding the position; nearest first. Only the few locals of those types touch syntax.
        /// </summary>
        private static void CollectBlockLocals(ImmutableArray<ILocalSymbol> blockLocals, SyntaxNode child, bool crossedFunction, AsyncTypes types,
            ref List<AvailableToken>? locals, ref List<AvailableToken>? sources)
        {
            if (child is not StatementSyntax)
            {
                return;
            }

            // A block's locals come in declaration order: walking them backwards gives the nearest first.
            for (var i = blockLocals.Length - 1; i >= 0; i--)
            {
                var local = blockLocals[i];
                if ((types.IsCancellationToken(local.Type) || types.IsCancellationTokenSource(local.Type))
                    && local.DeclaringSyntaxReferences.Length == 1
                    && local.DeclaringSyntaxReferences[0].GetSyntax() is VariableDeclaratorSyntax { Initializer: not null, Parent.Parent: LocalDeclarationStatementSyntax statement }
                    && statement.Parent == child.Parent && statement.SpanStart < child.SpanStart)
                {
                    AddLocal(local, crossedFunction, types, ref locals, ref sources);
                }
            }
        }

        /// <summary>A CancellationToken local, or `.Token` of a CancellationTokenSource local; other locals are ignored.</summary>
        private static void AddLocal(ILocalSymbol local, bool crossedFunction, AsyncTypes types, ref List<AvailableToken>? locals, ref List<AvailableToken>? sources)
        {
            if (types.IsCancellationToken(local.Type))
            {
                (locals ??= new List<AvailableToken>()).Add(new AvailableToken(Escape(local.Name), local, TokenSourceKind.Local, crossedFunction));
            }
            else if (types.IsCancellationTokenSource(local.Type))
            {
                (sources ??= new List<AvailableToken>()).Add(new AvailableToken(Escape(local.Name) + ".Token", local, TokenSourceKind.LocalSource, crossedFunction));
            }
        }

        private static void CollectTopLevelLocals(CompilationUnitSyntax unit, SyntaxNode child, bool crossedFunction, SemanticModel model, AsyncTypes types,
            ref List<AvailableToken>? locals, ref List<AvailableToken>? sources, CancellationToken cancellationToken)
        {
            var index = child is MemberDeclarationSyntax global ? unit.Members.IndexOf(global) : -1;
            for (var i = index - 1; i >= 0; i--)
            {
                if (unit.Members[i] is GlobalStatementSyntax { Statement: LocalDeclarationStatementSyntax declaration })
                {
                    CollectDeclaration(declaration, crossedFunction, model, types, ref locals, ref sources, cancellationToken);
                }
            }
        }

        private static void CollectDeclaration(LocalDeclarationStatementSyntax declaration, bool crossedFunction, SemanticModel model, AsyncTypes types,
            ref List<AvailableToken>? locals, ref List<AvailableToken>? sources, CancellationToken cancellationToken)
        {
            // Predefined types (int, string, ...) cannot be tokens: skip them without a semantic query.
            if (declaration.Declaration.Type is PredefinedTypeSyntax)
            {
                return;
            }

            // Nearest first: the last declarator of a statement is the nearest.
            var variables = declaration.Declaration.Variables;
            for (var i = variables.Count - 1; i >= 0; i--)
            {
                var variable = variables[i];
                if (variable.Initializer != null && model.GetDeclaredSymbol(variable, cancellationToken) is ILocalSymbol local)
                {
                    AddLocal(local, crossedFunction, types, ref locals, ref sources);
                }
            }
        }

        private static void AddTypeMembers(TypeDeclarationSyntax declaration, IMethodSymbol member, bool reachInstance, AsyncTypes types, bool memberSources, ref Collector result)
        {
            var model = result.Model;
            var position = result.Position;
            if (member.ContainingType is not { } type)
            {
                return;
            }

            // Primary-constructor parameters are captured state of every instance member.
            if (reachInstance && declaration.ParameterList is { } primary && member.MethodKind != MethodKind.Constructor)
            {
                foreach (var p in primary.Parameters)
                {
                    if (model.GetDeclaredSymbol(p, result.CancellationToken) is IParameterSymbol parameter && types.IsCancellationToken(parameter.Type))
                    {
                        result.AddIfBinds(new AvailableToken(Escape(parameter.Name), parameter, TokenSourceKind.Member));
                    }
                }
            }

            foreach (var symbol in types.TokenMembers(type))
            {
                if (Reachable(symbol))
                {
                    AddMember(symbol, "", TokenSourceKind.Member, ref result);
                }
            }

            if (memberSources)
            {
                foreach (var symbol in types.TokenSourceMembers(type))
                {
                    if (Reachable(symbol))
                    {
                        AddMember(symbol, ".Token", TokenSourceKind.MemberSource, ref result);
                    }
                }
            }

            // A member the code can read: static unless `this` is reachable, not the property being declared, accessible here.
            bool Reachable(ISymbol symbol) => (reachInstance || symbol.IsStatic) && !symbol.Is(member.AssociatedSymbol) && model.IsAccessible(position, symbol);
        }

        private static void AddMember(ISymbol symbol, string suffix, TokenSourceKind kind, ref Collector result)
        {
            if (!result.AddIfBinds(new AvailableToken(Escape(symbol.Name) + suffix, symbol, kind)))
            {
                // Hidden by a parameter or local of the same name: qualify it.
                var qualifier = symbol.IsStatic ? symbol.ContainingType.ToMinimalDisplayString(result.Model, result.Position) : "this";
                result.Add(new AvailableToken(qualifier + "." + Escape(symbol.Name) + suffix, symbol, kind));
            }
        }

        private static void AddParameterMembers(IParameterSymbol parameter, AsyncTypes types, ref Collector result)
        {
            var type = parameter.Type;
            if (type.SpecialType != SpecialType.None || type.TypeKind is TypeKind.Error or TypeKind.Dynamic or TypeKind.Delegate or TypeKind.Array or TypeKind.Pointer or TypeKind.TypeParameter)
            {
                return;
            }

            var members = types.TokenMembers(type);
            if (members.IsEmpty || !Binds(parameter.Name, parameter, result.Position, result.Model, result.CancellationToken))
            {
                return;
            }

            foreach (var symbol in members)
            {
                if (!symbol.IsStatic && result.Model.IsAccessible(result.Position, symbol))
                {
                    result.Add(new AvailableToken(Escape(parameter.Name) + "." + Escape(symbol.Name), symbol, TokenSourceKind.ParameterMember, owner: parameter));
                }
            }
        }

        private static bool Binds(string name, ISymbol symbol, int position, SemanticModel model, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var bound = model.GetSpeculativeSymbolInfo(position, SyntaxFactory.IdentifierName(name), SpeculativeBindingOption.BindAsExpression).Symbol;
            return symbol.OriginalDefinition.Is(bound?.OriginalDefinition);
        }

        /// <summary>The result in the making: distinct expressions, nearest first; allocates only when a token is found.</summary>
        private struct Collector(int position, SemanticModel model, CancellationToken cancellationToken)
        {
            private ImmutableArray<AvailableToken>.Builder? _tokens;
            private HashSet<string>? _expressions;

            public int Position { get; } = position;

            public SemanticModel Model { get; } = model;

            public CancellationToken CancellationToken { get; } = cancellationToken;

            public void AddAll(List<AvailableToken>? tokens)
            {
                if (tokens != null)
                {
                    foreach (var token in tokens)
                    {
                        AddIfBinds(token);
                    }
                }
            }

            /// <summary>Adds the token when its name reads that very symbol at the position (not one that hides it).</summary>
            public bool AddIfBinds(AvailableToken token)
            {
                if (token.MayBeHidden && !Binds(token.Symbol.Name, token.Symbol, Position, Model, CancellationToken))
                {
                    return false;
                }

                Add(token);
                return true;
            }

            public void Add(AvailableToken token)
            {
                if ((_expressions ??= new HashSet<string>()).Add(token.Expression))
                {
                    (_tokens ??= ImmutableArray.CreateBuilder<AvailableToken>()).Add(token);
                }
            }

            public ImmutableArray<AvailableToken> ToImmutable() => _tokens?.ToImmutable() ?? ImmutableArray<AvailableToken>.Empty;
        }

        /// <summary>The syntax of a token expression: a name (`ct`, `@event`) is built directly, anything else is parsed.</summary>
        public static ExpressionSyntax ToSyntax(string expression)
        {
            var name = expression.Length > 1 && expression[0] == '@' ? expression.Substring(1) : expression;
            return SyntaxFacts.IsValidIdentifier(name)
                ? SyntaxFactory.IdentifierName(SyntaxFactory.Identifier(default, SyntaxKind.IdentifierToken, expression, name, default))
                : SyntaxFactory.ParseExpression(expression);
        }

        /// <summary>A name as C# reads it (`@event` for a keyword).</summary>
        public static string Escape(string name) =>
            SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name
                : name;
    }
}
