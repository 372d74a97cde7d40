namespace AsyncGuard.Analyzers.Core
{
    /// <summary>
    /// A constructor's wait on its own initializer whose only asynchrony is an uncontended lock (issue 16, fourteenth pass,
    /// wrong16; CAP's RedisConnectionPool: <c>Init().GetAwaiter().GetResult()</c> where <c>Init</c>'s one await is
    /// <c>await _poolLock.WaitAsync()</c> on <c>private readonly SemaphoreSlim _poolLock = new(1);</c>). The task is complete
    /// when the wait runs, so nothing blocks:
    /// <list type="bullet">
    /// <item>the task is <c>M()</c> (on <c>this</c>, implicitly or not) in an instance constructor of the type declaring M, and
    /// that is the only place the type (all its declarations, in this file) names M: no earlier call took the lock;</item>
    /// <item>M is a private, non-virtual, non-generic async method returning <c>Task</c>, with one declaration in this file and
    /// exactly one <c>await</c> (no <c>await foreach</c>/<c>await using</c>, none in a loop, no lambda or local function in it):
    /// <c>await F.WaitAsync()</c> (ConfigureAwait allowed, no arguments);</item>
    /// <item>F is a private, readonly instance field of type <c>SemaphoreSlim</c> whose initializer is <c>new SemaphoreSlim(n)</c>
    /// or <c>new SemaphoreSlim(n, max)</c> with a constant <c>n ≥ 1</c>, named nowhere in the type but in M.</item>
    /// </list>
    /// Then <c>WaitAsync</c> finds a free count and returns a completed task, M runs to its end synchronously, and its task
    /// is complete (successful or faulted) before the wait. Still reported: a second await or any other awaited call in M,
    /// an await in a loop, a lock of count 0 or not constant, a lock field named elsewhere in the type (another member may hold
    /// it), M also called elsewhere, a public or virtual M, a wait outside a constructor.
    /// </summary>
    internal static class UncontendedInitializers
    {
        public static bool IsCompleteAtConstruction(ExpressionSyntax task, SyntaxNode wait, SemanticModel model, AsyncTypes types, CancellationToken cancellationToken)
        {
            if (task is not InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0 } call
                || call.Expression is not (IdentifierNameSyntax or MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax })
                || wait.FirstAncestorOrSelf<ConstructorDeclarationSyntax>() is not { } constructor
                || constructor.Modifiers.Any(SyntaxKind.StaticKeyword)
                || EnclosingFunction.Find(wait) != constructor
                || model.GetSymbolInfo(call, cancellationToken).Symbol is not IMethodSymbol
                {
                    IsAsync: true, IsStatic: false, IsVirtual: false, IsOverride: false, IsAbstract: false,
                    DeclaredAccessibility: Accessibility.Private, TypeParameters.Length: 0, Parameters.Length: 0,
                } method
                || !types.IsTask(method.ReturnType)
                || method.DeclaringSyntaxReferences.Length != 1
                || method.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not MethodDeclarationSyntax declaration
                || declaration.SyntaxTree != model.SyntaxTree
                || model.GetDeclaredSymbol(constructor, cancellationToken) is not { ContainingType: { } type }
                || !method.ContainingType.Is(type))
            {
                return false;
            }

            if (OnlyAwaitedLock(declaration, model, cancellationToken) is not { } field || !IsFreshLock(field, model, cancellationToken))
            {
                return false;
            }

            // Named once in the type (this call), the field only inside M.
            var calls = 0;
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                if (reference.SyntaxTree != model.SyntaxTree)
                {
                    return false;
                }

                foreach (var node in reference.GetSyntax(cancellationToken).DescendantNodes())
                {
                    if (node is not IdentifierNameSyntax name)
                    {
                        continue;
                    }

                    if (name.Identifier.ValueText == method.Name && model.GetSymbolInfo(name, cancellationToken).Symbol.Is(method) && ++calls > 1)
                    {
                        return false;
                    }

                    if (name.Identifier.ValueText == field.Name && !declaration.Span.Contains(name.Span)
                        && model.GetSymbolInfo(name, cancellationToken).Symbol.Is(field))
                    {
                        return false;
                    }
                }
            }

            return calls == 1;
        }

        /// <summary>The field F of M's one `await F.WaitAsync()`, when that is M's only asynchrony.</summary>
        private static IFieldSymbol? OnlyAwaitedLock(MethodDeclarationSyntax declaration, SemanticModel model, CancellationToken cancellationToken)
        {
            if (declaration.Body is not { } body)
            {
                return null;
            }

            AwaitExpressionSyntax? only = null;
            foreach (var node in body.DescendantNodes())
            {
                switch (node)
                {
                    case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax:
                        return null;
                    case ForEachStatementSyntax { AwaitKeyword.RawKind: not 0 } or UsingStatementSyntax { AwaitKeyword.RawKind: not 0 }
                        or LocalDeclarationStatementSyntax { AwaitKeyword.RawKind: not 0 }:
                        return null;
                    case AwaitExpressionSyntax awaited:
                        if (only != null)
                        {
                            return null;
                        }

                        only = awaited;
                        break;
                }
            }

            if (only is null)
            {
                return null;
            }

            for (var ancestor = only.Parent; ancestor != null && ancestor != body; ancestor = ancestor.Parent)
            {
                if (ancestor is WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or ForEachStatementSyntax or GotoStatementSyntax)
                {
                    return null;
                }
            }

            // A label anywhere lets a goto run the await again.
            foreach (var node in body.DescendantNodes())
            {
                if (node is LabeledStatementSyntax)
                {
                    return null;
                }
            }

            return WaitExemptions.StripConfigureAwait(only.Expression) is InvocationExpressionSyntax
            {
                ArgumentList.Arguments.Count: 0,
                Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "WaitAsync" } access,
            } wait
                && model.GetSymbolInfo(wait, cancellationToken).Symbol is IMethodSymbol { ContainingType: { Name: "SemaphoreSlim", ContainingNamespace: { Name: "Threading", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } } }
                && access.Expression is IdentifierNameSyntax or MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax }
                && model.GetSymbolInfo(access.Expression, cancellationToken).Symbol is IFieldSymbol field
                ? field
                : null;
        }

        /// <summary>A private readonly instance field initialised with `new SemaphoreSlim(n[, max])`, n a constant of at least 1.</summary>
        private static bool IsFreshLock(IFieldSymbol field, SemanticModel model, CancellationToken cancellationToken)
        {
            if (field is not { IsReadOnly: true, IsStatic: false, DeclaredAccessibility: Accessibility.Private }
                || field.DeclaringSyntaxReferences.Length != 1
                || field.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Initializer.Value: { } value }
                || value.SyntaxTree != model.SyntaxTree
                || model.GetOperation(value, cancellationToken) is not { } operation
                || Invocations.WithoutImplicitConversions(operation) is not IObjectCreationOperation { Arguments: { Length: >= 1 } arguments, Constructor.ContainingType: { Name: "SemaphoreSlim", ContainingNamespace: { Name: "Threading", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } } })
            {
                return false;
            }

            foreach (var argument in arguments)
            {
                if (argument.Parameter?.Name == "initialCount")
                {
                    return argument.Value.ConstantValue is { HasValue: true, Value: int count } && count >= 1;
                }
            }

            return false;
        }
    }
}
