using AsyncGuard.Analyzers.Primitives;

namespace AsyncGuard.CodeFixes.Primitives
{
    /// <summary>
    /// AG0403's whole-field rewrite: a private <c>object</c> or <c>System.Threading.Lock</c> field becomes an
    /// <c>AsyncGuard.AsyncLock</c>, and every site of its type that takes it becomes <c>using (await f.LockAsync(token))</c>.
    /// Built only when every reference to the field is part of a site it can convert, all in async functions:
    /// mixing the old lock and the new one would break mutual exclusion.
    /// </summary>
    internal sealed class AsyncLockConversion
    {
        /// <summary>Marks a statement that the rewrite of its block drops (the Enter call, the lockTaken declaration).</summary>
        private static readonly SyntaxAnnotation s_remove = new SyntaxAnnotation("AG0403.Remove");

        private readonly FieldDeclarationSyntax _declaration;
        private readonly VariableDeclaratorSyntax _variable;
        private readonly List<Site> _sites;

        private AsyncLockConversion(IFieldSymbol field, FieldDeclarationSyntax declaration, VariableDeclaratorSyntax variable, List<Site> sites)
        {
            Field = field;
            _declaration = declaration;
            _variable = variable;
            _sites = sites;
        }

        public IFieldSymbol Field { get; }

        private enum SiteKind
        {
            /// <summary><c>Monitor.Enter(f); try { .. } finally { Monitor.Exit(f); }</c>, or the same with <c>f.Enter()</c> / <c>f.Exit()</c> on a Lock.</summary>
            EnterTryFinally,

            /// <summary><c>bool taken = false; try { Monitor.Enter(f, ref taken); .. } finally { if (taken) Monitor.Exit(f); }</c>.</summary>
            LockTaken,

            /// <summary><c>lock (f) ..</c> (without an await inside: the compiler forbids it).</summary>
            LockStatement,

            /// <summary><c>using (f.EnterScope()) ..</c> on a Lock.</summary>
            EnterScope,
        }

        /// <summary>One place that takes the lock; <see cref="Statement"/> is the node whose position the await goes to.</summary>
        private sealed class Site(SiteKind kind, StatementSyntax statement, ExpressionSyntax lockExpression, SyntaxNode body)
        {
            public SiteKind Kind { get; } = kind;

            /// <summary>The Enter statement, the lockTaken declaration, the lock or the using statement.</summary>
            public StatementSyntax Statement { get; } = statement;

            public ExpressionSyntax LockExpression { get; } = lockExpression;

            /// <summary>The code run under the lock: the try, lock or using statement.</summary>
            public SyntaxNode Body { get; } = body;

            public TryStatementSyntax? Try { get; set; }

            public string? Token { get; set; }

            public bool ConfigureAwaitFalse { get; set; }
        }

        /// <summary>The conversion of the field named by an AG0403 diagnostic; null when the fix would be unsound or does not apply.</summary>
        public static AsyncLockConversion? TryCreate(SyntaxNode root, Diagnostic diagnostic, SemanticModel model, AsyncTypes types, CancellationToken ct)
        {
            if (types.AsyncGuardLock is null || !root.FullSpan.Contains(diagnostic.Location.SourceSpan)
                || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax invocation)
            {
                return null;
            }

            var lockObject = LockSites.LockObjectOfAcquire(invocation, model, types, ct);
            if (lockObject is null || FieldReferenced(lockObject) is not { } reference
                || model.GetSymbolInfo(reference, ct).Symbol is not IFieldSymbol field)
            {
                return null;
            }

            field = field.OriginalDefinition;
            if (field.DeclaredAccessibility != Accessibility.Private || field.IsConst || field.IsVolatile || field.IsImplicitlyDeclared
                || field.ContainingType is not { TypeKind: TypeKind.Class or TypeKind.Struct } containingType
                || !(field.Type.SpecialType == SpecialType.System_Object || field.Type.Is(types.ThreadingLockType)))
            {
                return null;
            }

            // The field and every declaration of its type must be in this document: the fix sees all uses here.
            if (field.DeclaringSyntaxReferences.Length != 1
                || field.DeclaringSyntaxReferences[0].SyntaxTree != root.SyntaxTree
                || field.DeclaringSyntaxReferences[0].GetSyntax(ct) is not VariableDeclaratorSyntax variable
                || variable.Parent is not VariableDeclarationSyntax { Variables.Count: 1, Parent: FieldDeclarationSyntax declaration }
                || !IsParameterlessCreation(variable.Initializer?.Value))
            {
                return null;
            }

            var sites = new List<Site>();
            var covered = new HashSet<SyntaxNode>();
            var references = new List<IdentifierNameSyntax>();
            foreach (var typeReference in containingType.DeclaringSyntaxReferences)
            {
                // Half-typed code: the shapes cannot be trusted.
                var typeSyntax = typeReference.SyntaxTree == root.SyntaxTree ? typeReference.GetSyntax(ct) : null;
                if (typeSyntax is null || typeSyntax.ContainsDiagnostics)
                {
                    return null;
                }

                foreach (var node in typeSyntax.DescendantNodes())
                {
                    if (node is IdentifierNameSyntax name && name.Identifier.ValueText == field.Name
                        && field.Is(model.GetSymbolInfo(name, ct).Symbol?.OriginalDefinition))
                    {
                        references.Add(name);
                    }
                }
            }

            foreach (var name in references)
            {
                if (covered.Contains(name))
                {
                    continue;
                }

                var site = SiteOf(name, field, model, types, covered, ct);
                if (site is null)
                {
                    return null;
                }

                sites.Add(site);
            }

            foreach (var name in references)
            {
                if (!covered.Contains(name))
                {
                    return null;
                }
            }

            if (sites.Count == 0 || IsReentrant(sites, model, ct))
            {
                return null;
            }

            foreach (var site in sites)
            {
                if (!CanAwait(site, model, types, ct))
                {
                    return null;
                }
            }

            return new AsyncLockConversion(field, declaration, variable, sites);
        }

        /// <summary>Plans the field's new type and every site's rewrite.</summary>
        public void Plan(SyntaxRewritePlan plan, SemanticModel model, AsyncTypes types, CancellationToken ct)
        {
            var lockType = RuntimeTypeName(_declaration, model, types.AsyncGuardLock!, plan, ct);
            var variable = _variable;
            plan.Replace(_declaration, current => RewriteField((FieldDeclarationSyntax)current, variable, lockType));
            foreach (var site in _sites)
            {
                switch (site.Kind)
                {
                    case SiteKind.EnterTryFinally:
                    case SiteKind.LockTaken:
                        PlanRemoval(plan, site.Statement);
                        var s = site;
                        plan.Replace(site.Try!, current => TryToUsing((TryStatementSyntax)current, s));
                        break;
                    case SiteKind.LockStatement:
                        var l = site;
                        plan.Replace(site.Statement, current => LockToUsing((LockStatementSyntax)current, l));
                        break;
                    case SiteKind.EnterScope:
                        var u = site;
                        plan.Replace(site.Statement, current =>
                        {
                            var statement = (UsingStatementSyntax)current;
                            return statement.WithExpression(LockAsync(u).WithTriviaFrom(statement.Expression!));
                        });
                        break;
                }
            }
        }

        /// <summary>
        /// The name of a runtime type (`AsyncLock`, `AsyncLazy` without its type arguments) at a field declaration: simple
        /// where it is in scope or `using AsyncGuard;` can bring it (planned on the compilation unit); else the qualified name,
        /// when a using would make another simple name of the file ambiguous. Also serves AG0404 and AG0405.
        /// </summary>
        internal static NameSyntax RuntimeTypeName(FieldDeclarationSyntax declaration, SemanticModel model, INamedTypeSymbol asyncLock, SyntaxRewritePlan plan, CancellationToken ct)
        {
            int position = declaration.SpanStart;
            var found = model.LookupNamespacesAndTypes(position, name: asyncLock.Name);
            if (found.Length == 1 && found[0].Is(asyncLock))
            {
                return SyntaxFactory.IdentifierName(asyncLock.Name);
            }

            var ns = asyncLock.ContainingNamespace;
            bool canImport = found.IsEmpty && declaration.SyntaxTree.GetRoot(ct) is CompilationUnitSyntax;
            foreach (var type in ns.GetTypeMembers())
            {
                if (!canImport)
                {
                    break;
                }

                if (!model.IsAccessible(position, type))
                {
                    continue;
                }

                // A name of the namespace that already means something else here would become ambiguous.
                var same = model.LookupNamespacesAndTypes(position, name: type.Name);
                canImport = same.IsEmpty || (same.Length == 1 && same[0].Is(type));
            }

            if (canImport && declaration.SyntaxTree.GetRoot(ct) is CompilationUnitSyntax unit)
            {
                UsingDirectives.PlanImport(plan, unit, ns.ToDisplayString());
                return SyntaxFactory.IdentifierName(asyncLock.Name);
            }

            // `AsyncGuard` itself may be hidden by a member of that name: then only global:: reaches it.
            var root = model.LookupNamespacesAndTypes(position, name: ns.Name);
            string prefix = root.Length == 1 && root[0].Is(ns) ? string.Empty : "global::";
            return SyntaxFactory.ParseName(prefix + ns.ToDisplayString() + "." + asyncLock.Name);
        }

        // ---- recognition ------------------------------------------------------------------------------------------

        /// <summary>The field name inside <c>f</c>, <c>this.f</c> or <c>T.f</c>; null for other receivers (another object's field).</summary>
        private static IdentifierNameSyntax? FieldReferenced(ExpressionSyntax expression)
        {
            expression = expression.WalkDownParentheses();

            return expression switch
            {
                IdentifierNameSyntax name => name,
                MemberAccessExpressionSyntax { Name: IdentifierNameSyntax name, Expression: ThisExpressionSyntax or IdentifierNameSyntax or QualifiedNameSyntax or AliasQualifiedNameSyntax } => name,
                _ => null,
            };
        }

        /// <summary>The lock expression a field reference is part of: the reference or its <c>this.f</c> / <c>T.f</c> access.</summary>
        private static ExpressionSyntax? LockExpressionOf(IdentifierNameSyntax name, IFieldSymbol field, SemanticModel model, CancellationToken ct)
        {
            if (name.Parent is MemberAccessExpressionSyntax access && access.Name == name)
            {
                // `this.f` or, for a static field, its type's name.
                if (access.Expression is ThisExpressionSyntax && !field.IsStatic)
                {
                    return access;
                }

                // Exactly the declaring type: `C<int>.s_gate` inside C<T> is another instantiation's field.
                return field.IsStatic && field.ContainingType.Is(model.GetSymbolInfo(access.Expression, ct).Symbol) ? access : null;
            }

            if (name.Parent is MemberBindingExpressionSyntax || name.Parent is QualifiedNameSyntax)
            {
                return null;
            }

            return name;
        }

        /// <summary>The site that the field reference <paramref name="name"/> takes the lock in; null when it is any other use.</summary>
        private static Site? SiteOf(IdentifierNameSyntax name, IFieldSymbol field, SemanticModel model, AsyncTypes types, HashSet<SyntaxNode> covered, CancellationToken ct)
        {
            var lockExpression = LockExpressionOf(name, field, model, ct);
            if (lockExpression is null)
            {
                return null;
            }

            var outer = lockExpression.WalkUpParentheses();
            if (outer.Parent is LockStatementSyntax lockStatement && lockStatement.Expression == outer)
            {
                covered.Add(name);
                return new Site(SiteKind.LockStatement, lockStatement, lockExpression, lockStatement.Statement);
            }

            var call = CallOn(outer, model, types, ct);
            if (call is null)
            {
                return null;
            }

            var (invocation, method) = call.Value;
            if (method == "EnterScope")
            {
                if (invocation.Parent is UsingStatementSyntax { Declaration: null } usingStatement && usingStatement.Expression == invocation
                    && !usingStatement.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword))
                {
                    covered.Add(name);
                    return new Site(SiteKind.EnterScope, usingStatement, lockExpression, usingStatement.Statement);
                }

                return null;
            }

            if (method != "Enter" || invocation.Parent is not ExpressionStatementSyntax enter || enter.Parent is not BlockSyntax block)
            {
                // A release on its own, Monitor.Wait/Pulse, TryEnter, or any other use: not convertible.
                return null;
            }

            if (invocation.ArgumentList.Arguments.Count == 2)
            {
                return LockTakenSite(name, lockExpression, invocation, enter, block, field, model, types, covered, ct);
            }

            int index = block.Statements.IndexOf(enter);
            if (index + 1 >= block.Statements.Count || block.Statements[index + 1] is not TryStatementSyntax @try
                || @try.Catches.Count != 0 || @try.Finally is not { Block.Statements: { Count: 1 } finallyStatements }
                || !IsReleaseStatement(finallyStatements[0], field, model, types, covered, ct))
            {
                return null;
            }

            covered.Add(name);
            return new Site(SiteKind.EnterTryFinally, enter, lockExpression, @try) { Try = @try };
        }

        /// <summary><c>bool taken = false; try { Monitor.Enter(f, ref taken); .. } finally { if (taken) Monitor.Exit(f); }</c>.</summary>
        private static Site? LockTakenSite(IdentifierNameSyntax name, ExpressionSyntax lockExpression, InvocationExpressionSyntax invocation, ExpressionStatementSyntax enter,
            BlockSyntax tryBlock, IFieldSymbol field, SemanticModel model, AsyncTypes types, HashSet<SyntaxNode> covered, CancellationToken ct)
        {
            var takenArgument = invocation.ArgumentList.Arguments[1];
            if (!takenArgument.RefKindKeyword.IsKind(SyntaxKind.RefKeyword) || takenArgument.Expression is not IdentifierNameSyntax takenName
                || model.GetSymbolInfo(takenName, ct).Symbol is not ILocalSymbol taken
                || tryBlock.Statements.IndexOf(enter) != 0
                || tryBlock.Parent is not TryStatementSyntax { Catches.Count: 0, Finally.Block.Statements: { Count: 1 } finallyStatements } @try
                || @try.Parent is not BlockSyntax outer)
            {
                return null;
            }

            int index = outer.Statements.IndexOf(@try);
            if (index < 1 || outer.Statements[index - 1] is not LocalDeclarationStatementSyntax { Declaration.Variables: { Count: 1 } variables } declaration
                || declaration.UsingKeyword.IsKind(SyntaxKind.UsingKeyword)
                || variables[0].Initializer?.Value is not LiteralExpressionSyntax literal || !literal.IsKind(SyntaxKind.FalseLiteralExpression)
                || !taken.Is(model.GetDeclaredSymbol(variables[0], ct)))
            {
                return null;
            }

            // finally { if (taken) Monitor.Exit(f); } with or without braces, no else.
            if (finallyStatements[0] is not IfStatementSyntax { Else: null, Condition: IdentifierNameSyntax condition } check
                || !taken.Is(model.GetSymbolInfo(condition, ct).Symbol))
            {
                return null;
            }

            var release = check.Statement is BlockSyntax { Statements.Count: 1 } braces ? braces.Statements[0] : check.Statement;
            if (!IsReleaseStatement(release, field, model, types, covered, ct))
            {
                return null;
            }

            // `taken` must serve only this pattern: the Enter argument and the finally's test.
            int uses = 0;
            foreach (var node in outer.DescendantNodes())
            {
                if (node is IdentifierNameSyntax id && id.Identifier.ValueText == taken.Name && taken.Is(model.GetSymbolInfo(id, ct).Symbol))
                {
                    uses++;
                }
            }

            if (uses != 2)
            {
                return null;
            }

            covered.Add(name);
            return new Site(SiteKind.LockTaken, declaration, lockExpression, @try) { Try = @try };
        }

        /// <summary><c>Monitor.Exit(f);</c> or <c>f.Exit();</c> on the field; marks its reference as covered.</summary>
        private static bool IsReleaseStatement(StatementSyntax statement, IFieldSymbol field, SemanticModel model, AsyncTypes types, HashSet<SyntaxNode> covered, CancellationToken ct)
        {
            if (statement is not ExpressionStatementSyntax { Expression: InvocationExpressionSyntax invocation })
            {
                return false;
            }

            ExpressionSyntax? target = invocation.ArgumentList.Arguments.Count == 1
                ? invocation.ArgumentList.Arguments[0].Expression
                : (invocation.Expression as MemberAccessExpressionSyntax)?.Expression;
            if (target is null || FieldReferenced(target) is not { } name
                || !field.Is(model.GetSymbolInfo(name, ct).Symbol?.OriginalDefinition)
                || LockExpressionOf(name, field, model, ct) is not { } lockExpression
                || CallOn(lockExpression.WalkUpParentheses(), model, types, ct) is not { Method: "Exit" } call || call.Invocation != invocation)
            {
                return false;
            }

            covered.Add(name);
            return true;
        }

        /// <summary>
        /// The Monitor or Lock call that <paramref name="lockExpression"/> is the lock of: <c>Monitor.M(f, ..)</c> (first
        /// argument) or <c>f.M()</c> on a Lock. Only Enter, Exit and EnterScope are named; anything else gives "Other".
        /// </summary>
        private static (InvocationExpressionSyntax Invocation, string Method)? CallOn(ExpressionSyntax lockExpression, SemanticModel model, AsyncTypes types, CancellationToken ct)
        {
            InvocationExpressionSyntax? invocation = null;
            if (lockExpression.Parent is ArgumentSyntax { RefKindKeyword.RawKind: 0, NameColon: null } argument
                && argument.Parent is ArgumentListSyntax list && list.Arguments.IndexOf(argument) == 0 && list.Parent is InvocationExpressionSyntax call)
            {
                invocation = call;
            }
            else if (lockExpression.Parent is MemberAccessExpressionSyntax access && access.Expression == lockExpression && access.Parent is InvocationExpressionSyntax receiverCall
                && receiverCall.Expression == access)
            {
                invocation = receiverCall;
            }

            if (invocation is null || model.GetSymbolInfo(invocation, ct).Symbol is not IMethodSymbol method)
            {
                return null;
            }

            bool onMonitor = method.ContainingType != null && method.ContainingType.Is(types.MonitorType) && invocation.Expression is MemberAccessExpressionSyntax { Expression: var monitor } && monitor != lockExpression;
            bool onLock = method.ContainingType != null && method.ContainingType.Is(types.ThreadingLockType) && !method.IsStatic && invocation.ArgumentList.Arguments.Count == 0;
            if (!onMonitor && !onLock)
            {
                return null;
            }

            var name = method.Name switch
            {
                "Enter" when onLock || method.Parameters.Length == 1 || (method.Parameters.Length == 2 && method.Parameters[1].RefKind == RefKind.Ref) => "Enter",
                "Exit" => "Exit",
                "EnterScope" when onLock => "EnterScope",
                _ => "Other",
            };
            return (invocation, name);
        }

        private static bool IsParameterlessCreation(ExpressionSyntax? value) => value switch
        {
            ObjectCreationExpressionSyntax creation => creation.Initializer is null && (creation.ArgumentList is null || creation.ArgumentList.Arguments.Count == 0),
            ImplicitObjectCreationExpressionSyntax implicitCreation => implicitCreation.Initializer is null && implicitCreation.ArgumentList.Arguments.Count == 0,
            _ => false,
        };

        /// <summary>
        /// AsyncLock is not re-entrant where Monitor and Lock are: refuse when a site lies inside another, or when a site's
        /// code directly calls a method of the type that itself contains a site (the nested acquire would throw).
        /// </summary>
        private static bool IsReentrant(List<Site> sites, SemanticModel model, CancellationToken ct)
        {
            var lockingMethods = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            var names = new HashSet<string>();
            foreach (var site in sites)
            {
                foreach (var other in sites)
                {
                    if (other != site && site.Body.Span.Contains(other.Statement.Span))
                    {
                        return true;
                    }
                }

                if (EnclosingFunction.Find(site.Statement) is { } function && function is MethodDeclarationSyntax or LocalFunctionStatementSyntax
                    && model.GetDeclaredSymbol(function, ct) is IMethodSymbol method)
                {
                    lockingMethods.Add(method.OriginalDefinition);
                    names.Add(method.Name);
                }
            }

            foreach (var site in sites)
            {
                foreach (var node in site.Body.DescendantNodes())
                {
                    if (node is InvocationExpressionSyntax invocation && LockSites.NameOf(invocation) is { } name && names.Contains(name)
                        && model.GetSymbolInfo(invocation, ct).Symbol is IMethodSymbol called && lockingMethods.Contains(called.OriginalDefinition))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>Whether the site's function is async and an await is allowed at the site; fills in its token and ConfigureAwait.</summary>
        private static bool CanAwait(Site site, SemanticModel model, AsyncTypes types, CancellationToken ct)
        {
            var function = EnclosingFunction.Find(site.Statement);
            bool isAsync = function switch
            {
                MethodDeclarationSyntax m => m.Modifiers.Any(SyntaxKind.AsyncKeyword),
                LocalFunctionStatementSyntax l => l.Modifiers.Any(SyntaxKind.AsyncKeyword),
                AnonymousFunctionExpressionSyntax f => f.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword),
                _ => false,
            };
            if (!isAsync || !AsyncConversion.CanAwaitAt(site.Statement, function!, model, ct) || InUnsafeContext(site.Statement)
                || HasRefState(site.Statement, function!, model, ct))
            {
                return false;
            }

            var tokens = AvailableTokens.Find(site.Statement, model, types, parametersOnly: false, ct);
            site.Token = tokens.IsDefaultOrEmpty ? null : tokens[0].Expression;
            site.ConfigureAwaitFalse = UsesConfigureAwaitFalse(LockSites.BodyOf(function));
            return true;
        }

        /// <summary>
        /// Ref locals and ref-struct values (Span locals, a Lock.Scope, a span enumerator) may live in an async function only
        /// between awaits: the new await could break that. Refused when the function has any, or the site sits in such a scope.
        /// </summary>
        private static bool HasRefState(SyntaxNode site, SyntaxNode function, SemanticModel model, CancellationToken ct)
        {
            for (var n = site.Parent; n != null && n != function; n = n.Parent)
            {
                switch (n)
                {
                    case UsingStatementSyntax { Expression: { } resource } when model.GetTypeInfo(resource, ct).Type is { IsRefLikeType: true }:
                    case CommonForEachStatementSyntax forEach when model.GetForEachStatementInfo(forEach).GetEnumeratorMethod?.ReturnType is { IsRefLikeType: true }:
                        return true;
                }
            }

            var body = LockSites.BodyOf(function);
            if (body is null)
            {
                return false;
            }

            foreach (var node in LockSites.OwnNodes(body))
            {
                switch (node)
                {
                    case VariableDeclarationSyntax { Type: RefTypeSyntax }:
                        return true;
                    case VariableDeclaratorSyntax declarator when model.GetDeclaredSymbol(declarator, ct) is ILocalSymbol { Type.IsRefLikeType: true }:
                    case SingleVariableDesignationSyntax designation when model.GetDeclaredSymbol(designation, ct) is ILocalSymbol { Type.IsRefLikeType: true }:
                    case ForEachStatementSyntax each when model.GetDeclaredSymbol(each, ct) is ILocalSymbol { Type.IsRefLikeType: true }:
                        return true;
                }
            }

            return false;
        }

        private static bool InUnsafeContext(SyntaxNode node)
        {
            for (var n = node.Parent; n != null; n = n.Parent)
            {
                if ((n is MemberDeclarationSyntax member && member.Modifiers.Any(SyntaxKind.UnsafeKeyword))
                    || (n is LocalFunctionStatementSyntax local && local.Modifiers.Any(SyntaxKind.UnsafeKeyword)))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Library-style code that awaits with ConfigureAwait(false) gets the same on the new await.</summary>
        private static bool UsesConfigureAwaitFalse(SyntaxNode? body)
        {
            if (body is null)
            {
                return false;
            }

            foreach (var node in LockSites.OwnNodes(body))
            {
                if (node is AwaitExpressionSyntax
                    {
                        Expression: InvocationExpressionSyntax
                        {
                            Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" },
                            ArgumentList.Arguments: { Count: 1 } arguments,
                        },
                    } && arguments[0].Expression.IsKind(SyntaxKind.FalseLiteralExpression))
                {
                    return true;
                }
            }

            return false;
        }

        // ---- rewriting --------------------------------------------------------------------------------------------

        /// <summary>
        /// <c>private object _gate = new object();</c> -> <c>private readonly AsyncLock _gate = new AsyncLock();</c> (also from
        /// AG0405's <c>new SemaphoreSlim(1, 1)</c>: the arguments go).
        /// </summary>
        internal static FieldDeclarationSyntax RewriteField(FieldDeclarationSyntax declaration, VariableDeclaratorSyntax original, TypeSyntax lockType)
        {
            var variable = declaration.Declaration.Variables[0];
            var initializer = variable.Initializer!;
            ExpressionSyntax value = initializer.Value switch
            {
                ObjectCreationExpressionSyntax creation => creation.WithType(lockType.WithTriviaFrom(creation.Type)).WithArgumentList(EmptyArguments(creation.ArgumentList)),
                ImplicitObjectCreationExpressionSyntax implicitCreation => implicitCreation.WithArgumentList(EmptyArguments(implicitCreation.ArgumentList)), // `new()` is target-typed: it stays.
                var other => other,
            };
            var result = declaration.WithDeclaration(
                declaration.Declaration
                    .WithType(lockType.WithTriviaFrom(declaration.Declaration.Type))
                    .WithVariables(SyntaxFactory.SingletonSeparatedList(variable.WithInitializer(initializer.WithValue(value)))));
            if (result.Modifiers.Any(SyntaxKind.ReadOnlyKeyword))
            {
                return result;
            }

            // Every use only takes the lock, so nothing assigns the field: it can be readonly.
            if (result.Modifiers.Count == 0)
            {
                var type = result.Declaration.Type;
                return result
                    .WithModifiers(SyntaxFactory.TokenList(SyntaxFactory.Token(type.GetLeadingTrivia(), SyntaxKind.ReadOnlyKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space))))
                    .WithDeclaration(result.Declaration.WithType(type.WithLeadingTrivia()));
            }

            return result.AddModifiers(SyntaxFactory.Token(SyntaxKind.ReadOnlyKeyword).WithTrailingTrivia(SyntaxFactory.Space));
        }

        private static ArgumentListSyntax EmptyArguments(ArgumentListSyntax? arguments) =>
            arguments is { Arguments.Count: 0 } ? arguments : SyntaxFactory.ArgumentList().WithTriviaFrom(arguments ?? SyntaxFactory.ArgumentList());

        /// <summary><c>await f.LockAsync(token)</c>, with <c>.ConfigureAwait(false)</c> where the function uses it.</summary>
        private static AwaitExpressionSyntax LockAsync(Site site)
        {
            var arguments = site.Token is null
                ? SyntaxFactory.ArgumentList()
                : SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(SyntaxFactory.ParseExpression(site.Token))));
            ExpressionSyntax call = SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, site.LockExpression.WithoutTrivia(), SyntaxFactory.IdentifierName("LockAsync")),
                arguments);
            if (site.ConfigureAwaitFalse)
            {
                call = SyntaxFactory.InvocationExpression(
                    SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, call, SyntaxFactory.IdentifierName("ConfigureAwait")),
                    SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(SyntaxFactory.LiteralExpression(SyntaxKind.FalseLiteralExpression)))));
            }

            return SyntaxFactory.AwaitExpression(SyntaxFactory.Token(SyntaxFactory.TriviaList(), SyntaxKind.AwaitKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space)), call);
        }

        /// <summary>The try (its catch-less finally only released the lock) becomes <c>using (await ..) { try body }</c>.</summary>
        private static StatementSyntax TryToUsing(TryStatementSyntax current, Site site)
        {
            var body = current.Block;
            if (site.Kind == SiteKind.LockTaken && body.Statements.Count > 0)
            {
                // Drop `Monitor.Enter(f, ref taken);`, keeping any comment above it.
                var enter = body.Statements[0];
                var rest = body.Statements.RemoveAt(0);
                body = body.WithStatements(rest.Count > 0 && HasComment(enter.GetLeadingTrivia())
                    ? rest.Replace(rest[0], rest[0].WithLeadingTrivia(enter.GetLeadingTrivia().AddRange(rest[0].GetLeadingTrivia())))
                    : rest);
            }

            return UsingFromTry(current, body, site.Statement, LockAsync(site));
        }

        /// <summary>
        /// <c>using (resource) body</c> in place of the try <paramref name="current"/>, whose acquisition statement
        /// <paramref name="removed"/> (just before it) goes: its comments go above the using, the try's last brace ends the statement.
        /// </summary>
        internal static StatementSyntax UsingFromTry(TryStatementSyntax current, BlockSyntax body, StatementSyntax removed, ExpressionSyntax resource)
        {
            var leading = WithoutTrailingIndentation(removed.GetLeadingTrivia()).AddRange(current.GetLeadingTrivia());
            var closeParenTrailing = HasComment(removed.GetTrailingTrivia())
                ? SyntaxFactory.TriviaList(SyntaxFactory.Space).AddRange(TrimLeadingWhitespace(removed.GetTrailingTrivia()))
                : current.TryKeyword.TrailingTrivia;
            body = body.WithCloseBraceToken(body.CloseBraceToken.WithTrailingTrivia(current.GetTrailingTrivia()));
            return SyntaxFactory.UsingStatement(
                SyntaxFactory.List<AttributeListSyntax>(),
                default,
                SyntaxFactory.Token(leading, SyntaxKind.UsingKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space)),
                SyntaxFactory.Token(SyntaxKind.OpenParenToken),
                null,
                resource,
                SyntaxFactory.Token(SyntaxFactory.TriviaList(), SyntaxKind.CloseParenToken, closeParenTrailing),
                body);
        }

        private static StatementSyntax LockToUsing(LockStatementSyntax current, Site site) =>
            SyntaxFactory.UsingStatement(
                current.AttributeLists,
                default,
                SyntaxFactory.Token(current.LockKeyword.LeadingTrivia, SyntaxKind.UsingKeyword, current.LockKeyword.TrailingTrivia),
                current.OpenParenToken,
                null,
                LockAsync(site).WithTriviaFrom(current.Expression),
                current.CloseParenToken,
                current.Statement);

        /// <summary>Plans the removal of a statement from its block (several removals in one block compose).</summary>
        internal static void PlanRemoval(SyntaxRewritePlan plan, StatementSyntax statement)
        {
            plan.Replace(statement, current => current.WithAdditionalAnnotations(s_remove));
            plan.Replace(statement.Parent!, RemoveMarked);
        }

        private static SyntaxNode RemoveMarked(SyntaxNode current)
        {
            if (current is not BlockSyntax block)
            {
                return current;
            }

            var kept = new List<StatementSyntax>(block.Statements.Count);
            foreach (var statement in block.Statements)
            {
                if (!statement.HasAnnotation(s_remove))
                {
                    kept.Add(statement);
                }
            }

            return block.WithStatements(SyntaxFactory.List(kept));
        }

        private static bool HasComment(SyntaxTriviaList trivia)
        {
            foreach (var t in trivia)
            {
                if (!t.IsKind(SyntaxKind.WhitespaceTrivia) && !t.IsKind(SyntaxKind.EndOfLineTrivia))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The trivia up to and including its last line break (the indentation before the token goes).</summary>
        private static SyntaxTriviaList WithoutTrailingIndentation(SyntaxTriviaList trivia)
        {
            int end = trivia.Count;
            while (end > 0 && trivia[end - 1].IsKind(SyntaxKind.WhitespaceTrivia))
            {
                end--;
            }

            var result = new List<SyntaxTrivia>(end);
            for (int i = 0; i < end; i++)
            {
                result.Add(trivia[i]);
            }

            return SyntaxFactory.TriviaList(result);
        }

        private static SyntaxTriviaList TrimLeadingWhitespace(SyntaxTriviaList trivia)
        {
            int start = 0;
            while (start < trivia.Count && trivia[start].IsKind(SyntaxKind.WhitespaceTrivia))
            {
                start++;
            }

            var result = new List<SyntaxTrivia>(trivia.Count - start);
            for (int i = start; i < trivia.Count; i++)
            {
                result.Add(trivia[i]);
            }

            return SyntaxFactory.TriviaList(result);
        }
    }
}
