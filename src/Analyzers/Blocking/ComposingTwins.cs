namespace AsyncGuard.Analyzers.Blocking
{
    /// <summary>
    /// AG0102 (issue 16, fpissues2; vs-threading#1082 varied): an async "twin" in source that itself runs the flagged sync
    /// member. <c>protected async Task BindAsync(string text) { Bind(text); await HandleBoundAsync(); }</c> is not an
    /// asynchronous form of <c>Bind</c> but a composition on top of it: awaiting it still runs <c>Bind</c> synchronously (the
    /// blocking the rule names is not removed) and adds work the caller did not ask for. The twin, on the receiver's static
    /// type, cannot be overridden (the member that runs is this body), is declared once in this compilation, and has among
    /// its unconditional statements (the top-level statements of its block body, and those directly inside a top-level
    /// <c>try</c> block or <c>using</c> body) a call of the flagged member on its own instance (or statically) with its own
    /// parameters, as a statement, a local's initializer or an assignment's value. The twin may be <c>async</c> and await
    /// anything else. Still reported: a twin that runs the sync member only under a condition, in a loop, in a lambda
    /// (<c>Task.Run(() => Bind(text))</c> offloads it), with other arguments, or on another receiver; an overridable twin; a
    /// twin in metadata.
    /// </summary>
    internal static class ComposingTwins
    {
        public static bool RunsTheSyncMember(IMethodSymbol alternative, IMethodSymbol method, ITypeSymbol? receiverType, Compilation? compilation, CancellationToken cancellationToken)
        {
            if (compilation is null || alternative.ReducedFrom != null || SyncWrapperTwins.Implementation(alternative, receiverType) is not { } twin
                || SyncWrapperTwins.IsOverridable(twin, receiverType))
            {
                return false;
            }

            var definition = twin.OriginalDefinition;
            if (definition.DeclaringSyntaxReferences.Length != 1
                || definition.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not MethodDeclarationSyntax { Body: { } body }
                || !compilation.ContainsSyntaxTree(body.SyntaxTree))
            {
                return false;
            }

            var model = compilation.GetSemanticModel(body.SyntaxTree);
            if (model.GetDeclaredSymbol(body.Parent!, cancellationToken) is not IMethodSymbol declared)
            {
                return false;
            }

            foreach (var statement in UnconditionalStatements(body))
            {
                if (CalledValue(statement) is { } value
                    && model.GetOperation(value, cancellationToken) is { } operation
                    && SyncWrapperTwins.IsWrappedCall(Invocations.WithoutImplicitConversions(operation), method, declared))
                {
                    return true;
                }
            }

            return false;
        }

        private static IEnumerable<StatementSyntax> UnconditionalStatements(BlockSyntax body)
        {
            foreach (var statement in body.Statements)
            {
                yield return statement;
                switch (statement)
                {
                    case TryStatementSyntax tryStatement:
                        foreach (var inner in tryStatement.Block.Statements)
                        {
                            yield return inner;
                        }

                        break;
                    case UsingStatementSyntax { Statement: BlockSyntax usingBody }:
                        foreach (var inner in usingBody.Statements)
                        {
                            yield return inner;
                        }

                        break;
                }
            }
        }

        /// <summary>The invocation a statement runs: `M(..);`, `var x = M(..);`, `x = M(..);`.</summary>
        private static ExpressionSyntax? CalledValue(StatementSyntax statement)
        {
            var value = statement switch
            {
                ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax { Right: var right } } => right,
                ExpressionStatementSyntax { Expression: var expression } => expression,
                LocalDeclarationStatementSyntax { Declaration.Variables: { Count: 1 } variables } => variables[0].Initializer?.Value,
                _ => null,
            };
            return value?.WalkDownParentheses() is InvocationExpressionSyntax invocation ? invocation : null;
        }
    }
}
