namespace AsyncGuard.Analyzers.Blocking
{
    /// <summary>
    /// Corpus6 D2: `Thread.Sleep(..)` whose next statement in the same block ends the process: `Environment.Exit(..)`,
    /// `Environment.FailFast(..)`, or a call of a source method marked `[DoesNotReturn]` whose body calls one of these and
    /// throws nothing. Nothing runs after the pause that the held thread could serve (a pause so the user can read a fatal
    /// error). Still reported: a sleep followed by anything else, a `[DoesNotReturn]` helper that throws (the process goes on),
    /// an exit that is not the very next statement. `dotnet_diagnostic.AG0102.report_sleep_before_exit = true` reports these.
    /// </summary>
    internal static class SleepBeforeExit
    {
        public const string ReportOption = "dotnet_diagnostic.AG0102.report_sleep_before_exit";

        public static bool IsBeforeExit(IInvocationOperation sleep, AsyncTypes types, CancellationToken cancellationToken)
        {
            if (sleep.Parent is not IExpressionStatementOperation { Syntax: ExpressionStatementSyntax statement }
                || statement.Parent is not BlockSyntax block
                || sleep.SemanticModel is not { } model)
            {
                return false;
            }

            var index = block.Statements.IndexOf(statement);
            return index + 1 < block.Statements.Count
                && block.Statements[index + 1] is ExpressionStatementSyntax { Expression: InvocationExpressionSyntax next }
                && model.GetSymbolInfo(next, cancellationToken).Symbol is IMethodSymbol exit
                && (IsProcessExit(exit, types) || IsExitHelper(exit, model.Compilation, types, cancellationToken));
        }

        private static bool IsProcessExit(IMethodSymbol method, AsyncTypes types) =>
            method is { IsStatic: true, Name: "Exit" or "FailFast" } && method.ContainingType.Is(types.TypeNamed("System.Environment"));

        /// <summary>A source method marked `[DoesNotReturn]` that ends the process and throws nothing.</summary>
        private static bool IsExitHelper(IMethodSymbol method, Compilation compilation, AsyncTypes types, CancellationToken cancellationToken)
        {
            var doesNotReturn = types.TypeNamed("System.Diagnostics.CodeAnalysis.DoesNotReturnAttribute");
            if (doesNotReturn is null || method.DeclaringSyntaxReferences.Length != 1)
            {
                return false;
            }

            var marked = false;
            foreach (var attribute in method.GetAttributes())
            {
                marked |= attribute.AttributeClass.Is(doesNotReturn);
            }

            if (!marked
                || method.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not MethodDeclarationSyntax declaration
                || ((SyntaxNode?)declaration.Body ?? declaration.ExpressionBody) is not { } body
                || !compilation.ContainsSyntaxTree(body.SyntaxTree))
            {
                return false;
            }

            var model = compilation.GetSemanticModel(body.SyntaxTree);
            var exits = false;
            foreach (var node in body.DescendantNodes())
            {
                if (node is ThrowStatementSyntax or ThrowExpressionSyntax)
                {
                    return false;
                }

                if (!exits && node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Exit" or "FailFast" } } call
                    && model.GetSymbolInfo(call, cancellationToken).Symbol is IMethodSymbol called && IsProcessExit(called, types))
                {
                    exits = true;
                }
            }

            return exits;
        }
    }
}
