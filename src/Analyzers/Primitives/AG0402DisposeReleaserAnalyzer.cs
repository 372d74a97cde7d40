namespace AsyncGuard.Analyzers.Primitives
{
    /// <summary>
    /// AG0402: the releaser returned by an async lock (AsyncGuard.AsyncLock / AsyncSemaphore, vs-threading AsyncSemaphore) is
    /// discarded, never disposed, or disposed outside a finally instead of through <c>using</c>.
    /// </summary>
    public sealed class AG0402DisposeReleaserAnalyzer() : AsyncGuardAnalyzer(Rule)
    {
        public const string Id = "AG0402";

        /// <summary>Property: <see cref="DiscardedShape"/>, <see cref="NeverDisposedShape"/> or <see cref="DisposedLaterShape"/>.</summary>
        public const string ShapeProperty = "Shape";

        public const string DiscardedShape = "Discarded";
        public const string NeverDisposedShape = "NeverDisposed";
        public const string DisposedLaterShape = "DisposedLater";

        public static readonly DiagnosticDescriptor Rule = RuleHelp.Descriptor(
            Id, RuleHelp.PrimitivesCategory, DiagnosticSeverity.Warning, RuleTraits.None,
            title: "Dispose the lock releaser",
            messageFormat: "The releaser of '{0}' is {1}; dispose it through using",
            description: "Disposing the releaser is what releases the lock. A discarded releaser keeps the lock forever; one disposed by a plain call stays held when the code before the call throws. `using` releases it on every path.");

        private protected override void OnCompilationStart(CompilationStartAnalysisContext start, AsyncTypes types)
        {
            if (types.AsyncGuardLock is null && types.AsyncGuardSemaphore is null && types.VsThreadingSemaphore is null)
            {
                return; // none of the lock types is referenced: nothing to look at
            }

            start.RegisterSyntaxNodeAction(c => Analyze(c, types), SyntaxKind.AwaitExpression);
        }

        private static void Analyze(SyntaxNodeAnalysisContext context, AsyncTypes types)
        {
            var awaitExpression = (AwaitExpressionSyntax)context.Node;
            var invocation = Unwrap(awaitExpression.Expression);
            if (invocation is null)
            {
                return;
            }

            var model = context.SemanticModel;
            var ct = context.CancellationToken;
            if (!IsReleaserAcquire(awaitExpression, invocation, model, types, ct))
            {
                return;
            }

            string? shape = Classify(awaitExpression, model, ct);
            if (shape is null)
            {
                return;
            }

            string state = shape == DiscardedShape ? "discarded, so the lock is never released"
                : shape == NeverDisposedShape ? "never disposed, so the lock is never released"
                : "disposed by a plain call, which is skipped when the code before it throws";
            var owner = LockSites.ReceiverOf(invocation)?.WithoutTrivia().ToString() ?? invocation.WithoutTrivia().ToString();
            var properties = ImmutableDictionary<string, string?>.Empty.Add(ShapeProperty, shape);
            context.ReportDiagnostic(Diagnostic.Create(Rule, awaitExpression.GetLocation(), properties, owner, state));
        }

        /// <summary>The lock call under <c>await x.LockAsync(..)</c> or <c>await x.LockAsync(..).ConfigureAwait(..)</c>.</summary>
        internal static InvocationExpressionSyntax? Unwrap(ExpressionSyntax expression)
        {
            expression = expression.WalkDownParentheses();

            if (expression is not InvocationExpressionSyntax invocation)
            {
                return null;
            }

            if (invocation.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait", Expression: InvocationExpressionSyntax inner })
            {
                return inner;
            }

            return invocation;
        }

        private static bool IsReleaserAcquire(AwaitExpressionSyntax awaitExpression, InvocationExpressionSyntax invocation, SemanticModel model, AsyncTypes types, CancellationToken ct)
        {
            if (model.GetSymbolInfo(invocation, ct).Symbol is not IMethodSymbol method || !types.IsReleaserOwner(method.ContainingType))
            {
                return false;
            }

            // The awaited value must be the owner's own releaser type (AsyncLock.Releaser, AsyncSemaphore.Releaser, ...).
            var result = model.GetTypeInfo(awaitExpression, ct).Type;
            return result is INamedTypeSymbol named
                && named.ContainingType.Is(method.ContainingType)
                && (named.InheritsOrImplements(types.DisposableInterface) || named.InheritsOrImplements(types.IAsyncDisposable));
        }

        /// <summary>Null when the releaser is disposed through using, in a finally, or handed on (returned, stored, passed, captured).</summary>
        private static string? Classify(AwaitExpressionSyntax awaitExpression, SemanticModel model, CancellationToken ct)
        {
            SyntaxNode node = awaitExpression.WalkUpParentheses();

            switch (node.Parent)
            {
                case ExpressionStatementSyntax:
                    return DiscardedShape;
                case AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: "_" } } discard
                    when discard.Right == node && model.GetSymbolInfo(discard.Left, ct).Symbol is null or IDiscardSymbol:
                    return DiscardedShape;
                case EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax declaration } declarator }:
                    if (declaration.Parent is UsingStatementSyntax
                        || declaration.Parent is LocalDeclarationStatementSyntax { UsingKeyword.RawKind: (int)SyntaxKind.UsingKeyword })
                    {
                        return null;
                    }

                    if (declaration.Parent is LocalDeclarationStatementSyntax
                        && model.GetDeclaredSymbol(declarator, ct) is ILocalSymbol local)
                    {
                        return ClassifyLocal(local, declaration.Parent, model, ct);
                    }

                    return null;
                default:
                    return null; // using (await ..), return, argument, field: disposed or handed on
            }
        }

        private static string? ClassifyLocal(ILocalSymbol local, SyntaxNode declaration, SemanticModel model, CancellationToken ct)
        {
            var function = EnclosingFunction.Find(declaration);
            var body = LockSites.BodyOf(function);
            if (body is null)
            {
                return null;
            }

            bool disposedByCall = false;
            foreach (var node in body.DescendantNodes())
            {
                if (node is not IdentifierNameSyntax name || name.Identifier.ValueText != local.Name
                    || !model.GetSymbolInfo(name, ct).Symbol.Is(local))
                {
                    continue;
                }

                if (InNestedFunction(name, body))
                {
                    return null; // captured: whoever runs the lambda owns it
                }

                if (name.Parent is UsingStatementSyntax || name.Parent is EqualsValueClauseSyntax { Parent.Parent.Parent: LocalDeclarationStatementSyntax { UsingKeyword.RawKind: (int)SyntaxKind.UsingKeyword } })
                {
                    return null;
                }

                if (name.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Dispose" or "DisposeAsync" } access
                    && access.Expression == name
                    && access.Parent is InvocationExpressionSyntax)
                {
                    if (LockSites.IsInFinally(name, body))
                    {
                        return null;
                    }

                    disposedByCall = true;
                    continue;
                }

                return null; // any other use hands the releaser on: its new owner disposes it
            }

            return disposedByCall ? DisposedLaterShape : NeverDisposedShape;
        }

        private static bool InNestedFunction(SyntaxNode node, SyntaxNode body)
        {
            for (var n = node.Parent; n != null && n != body; n = n.Parent)
            {
                if (LockSites.IsNestedFunction(n))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
