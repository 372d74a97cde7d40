namespace AsyncGuard.Analyzers.Primitives
{
    /// <summary>
    /// AG0405's recognition, shared with its fix: a private <c>SemaphoreSlim</c> field created as <c>new SemaphoreSlim(1, 1)</c>
    /// whose every use is <c>await f.WaitAsync([token]); try { .. } finally { f.Release(); }</c> (or <c>f.Dispose();</c>):
    /// a mutex written by hand, which the runtime's AsyncLock replaces.
    /// </summary>
    internal sealed class SemaphoreMutex(IFieldSymbol field, FieldDeclarationSyntax declaration, ExpressionSyntax creation, List<SemaphoreMutex.Site> sites)
    {
        public IFieldSymbol Field { get; } = field;

        public FieldDeclarationSyntax Declaration { get; } = declaration;

        /// <summary>The <c>new SemaphoreSlim(1, 1)</c> / <c>new(1, 1)</c> of the declaration.</summary>
        public ExpressionSyntax Creation { get; } = creation;

        public List<Site> Sites { get; } = sites;

        /// <summary>One acquisition: the awaited WaitAsync statement and the try that directly follows it and releases in its finally.</summary>
        public sealed class Site(ExpressionStatementSyntax acquire, InvocationExpressionSyntax waitAsync, TryStatementSyntax @try)
        {
            public ExpressionStatementSyntax Acquire { get; } = acquire;

            public InvocationExpressionSyntax WaitAsync { get; } = waitAsync;

            public TryStatementSyntax Try { get; } = @try;
        }

        /// <summary>
        /// Whether the runtime's AsyncLock has the members the recommendation (and the fix) uses: <c>LockAsync(CancellationToken = default)</c>
        /// and, when <paramref name="needsDispose"/>, a parameterless <c>Dispose()</c>.
        /// </summary>
        public static bool LockFits(AsyncTypes types, bool needsDispose)
        {
            bool lockAsync = false, dispose = false;
            foreach (var member in types.AsyncGuardLock?.GetMembers() ?? ImmutableArray<ISymbol>.Empty)
            {
                if (member is not IMethodSymbol { IsStatic: false, DeclaredAccessibility: Accessibility.Public } method)
                {
                    continue;
                }

                lockAsync |= method.Name == "LockAsync" && method.Parameters.Length == 1 && method.Parameters[0].IsOptional
                    && types.IsCancellationToken(method.Parameters[0].Type) && types.IsAwaitable(method.ReturnType);
                dispose |= method.Name == "Dispose" && method.Parameters.IsEmpty;
            }

            return lockAsync && (dispose || !needsDispose);
        }

        /// <summary>The mutex a field declarator declares; null unless every use of the field is a simple acquire/release pair.</summary>
        public static SemaphoreMutex? Find(VariableDeclaratorSyntax declarator, SemanticModel model, AsyncTypes types, CancellationToken ct)
        {
            // Syntax first: `= new X(a, b)` or `= new(a, b)`.
            var creation = declarator.Initializer?.Value;
            var arguments = creation switch
            {
                ObjectCreationExpressionSyntax { Initializer: null } explicitCreation => explicitCreation.ArgumentList,
                ImplicitObjectCreationExpressionSyntax { Initializer: null } implicitCreation => implicitCreation.ArgumentList,
                _ => null,
            };
            if (creation is null || arguments is not { Arguments.Count: 2 } || declarator.Parent?.Parent is not FieldDeclarationSyntax declaration
                || PrivateFields.Declared(declarator, model, ct) is not { } field || !field.Type.Is(types.SemaphoreSlimType)
                || !IsOneOne(model.GetOperation(creation, ct)))
            {
                return null;
            }

            var references = PrivateFields.References(field, declarator.SyntaxTree, model, ct);
            if (references is null)
            {
                return null;
            }

            var sites = new List<Site>();
            var covered = new HashSet<IdentifierNameSyntax>();
            bool disposed = false;
            foreach (var name in references)
            {
                if (covered.Contains(name))
                {
                    continue;
                }

                if (PrivateFields.AccessOf(name, field, model, ct) is not { } access || PrivateFields.CallOn(access) is not { } call
                    || model.GetSymbolInfo(call, ct).Symbol is not IMethodSymbol method || !method.ContainingType.Is(types.SemaphoreSlimType))
                {
                    return null;
                }

                if (method.Name == "Dispose" && method.Parameters.IsEmpty && call.Parent is ExpressionStatementSyntax or ArrowExpressionClauseSyntax)
                {
                    covered.Add(name);
                    disposed = true;
                    continue;
                }

                if (method.Name != "WaitAsync" || SiteOf(call, method, field, model, types, covered, ct) is not { } site)
                {
                    // A Release no acquisition pairs with (references come in document order: a pair's WaitAsync comes first),
                    // Wait, WaitAsync(timeout), CurrentCount, passed on, assigned: not a plain mutex.
                    return null;
                }

                covered.Add(name);
                sites.Add(site);
            }

            return sites.Count > 0 && LockFits(types, disposed) ? new SemaphoreMutex(field, declaration, creation, sites) : null;
        }

        /// <summary><c>new SemaphoreSlim(1, 1)</c>, the arguments in either order by name.</summary>
        private static bool IsOneOne(IOperation? operation) =>
            operation is IObjectCreationOperation { Arguments: { Length: 2 } args }
            && args[0].Value.ConstantValue is { HasValue: true, Value: 1 }
            && args[1].Value.ConstantValue is { HasValue: true, Value: 1 };

        /// <summary>
        /// <c>await f.WaitAsync([token])[.ConfigureAwait(bool)];</c> as a statement of a block, directly followed by a try whose
        /// finally is exactly <c>f.Release();</c>; marks the release covered.
        /// </summary>
        private static Site? SiteOf(InvocationExpressionSyntax waitAsync, IMethodSymbol method, IFieldSymbol field, SemanticModel model, AsyncTypes types,
            HashSet<IdentifierNameSyntax> covered, CancellationToken ct)
        {
            if (method.Parameters.Length > 1 || (method.Parameters.Length == 1 && !types.IsCancellationToken(method.Parameters[0].Type)))
            {
                return null; // the timeout forms return whether the semaphore was taken: LockAsync has no such result
            }

            ExpressionSyntax awaited = waitAsync;
            if (waitAsync.WalkUpParentheses().Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" } configure
                && configure.Parent is InvocationExpressionSyntax configured && configured.ArgumentList.Arguments.Count == 1
                && model.GetSymbolInfo(configured, ct).Symbol is IMethodSymbol { Parameters.Length: 1 } configureAwait
                && configureAwait.Parameters[0].Type.SpecialType == SpecialType.System_Boolean)
            {
                awaited = configured;
            }

            if (awaited.WalkUpParentheses().Parent is not AwaitExpressionSyntax awaitExpression
                || awaitExpression.Parent is not ExpressionStatementSyntax acquire || acquire.Parent is not BlockSyntax block)
            {
                return null;
            }

            int index = block.Statements.IndexOf(acquire);
            if (index + 1 >= block.Statements.Count
                || block.Statements[index + 1] is not TryStatementSyntax { Finally.Block.Statements: { Count: 1 } finallyStatements } @try
                || finallyStatements[0] is not ExpressionStatementSyntax { Expression: InvocationExpressionSyntax release })
            {
                return null;
            }

            var receiver = (release.Expression as MemberAccessExpressionSyntax)?.Expression.WalkDownParentheses();
            var releaseName = receiver switch
            {
                IdentifierNameSyntax n => n,
                MemberAccessExpressionSyntax { Name: IdentifierNameSyntax n } => n,
                _ => null,
            };
            if (releaseName is null || release.ArgumentList.Arguments.Count != 0 || !field.Is(model.GetSymbolInfo(releaseName, ct).Symbol?.OriginalDefinition)
                || PrivateFields.AccessOf(releaseName, field, model, ct) is null
                || model.GetSymbolInfo(release, ct).Symbol is not IMethodSymbol { Name: "Release", Parameters.IsEmpty: true })
            {
                return null;
            }

            covered.Add(releaseName);
            return new Site(acquire, waitAsync, @try);
        }
    }
}
