namespace AsyncGuard.Analyzers.Cancellation
{
    /// <summary>
    /// AG0301, issue 16 (d301: a stop that waits for the running work on purpose): <c>Task.Delay(..)</c> awaited as the only
    /// statement of a <c>while</c> loop whose condition reads no CancellationToken, in a method that implements
    /// <c>IHostedService.StopAsync</c> (Microsoft.Extensions.Hosting, also through an override): <c>while (_queue.IsRunning)
    /// await Task.Delay(50);</c>. The loop polls until the service's own running work has drained; the service holds the
    /// host's shutdown until then by design, and the stop token would turn the drain into abandoning that work. Still
    /// reported: a loop that also does other work, a condition that tests a token, a delay outside such a loop, the same loop
    /// in any other method (a download loop, a listener's stop), lambdas and local functions. Reported with
    /// <c>report_stop_drains = true</c>. Syntax first; the hosting interface is looked up only for such a loop.
    /// </summary>
    internal static class StopDrains
    {
        /// <summary>.editorconfig: <c>true</c> reports the delays of drain loops in StopAsync too.</summary>
        public const string ReportOption = "dotnet_diagnostic.AG0301.report_stop_drains";

        public static bool PollsUntilDrained(IInvocationOperation operation, SemanticModel model, AsyncTypes types, CancellationToken cancellationToken)
        {
            var method = operation.TargetMethod;
            if (method.Name != "Delay" || !method.IsStatic || method.ContainingType is not { Name: "Task" } task
                || !RequestBodyIo.IsInNamespace(task, "System", "Threading", "Tasks"))
            {
                return false;
            }

            // await Task.Delay(..) or await Task.Delay(..).ConfigureAwait(..), alone in the loop body.
            SyntaxNode node = operation.Syntax;
            if (node.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" } access && access.Parent is InvocationExpressionSyntax configured)
            {
                node = configured;
            }

            if (node.Parent is not AwaitExpressionSyntax await || await.Parent is not ExpressionStatementSyntax statement)
            {
                return false;
            }

            var parent = statement.Parent is BlockSyntax { Statements.Count: 1 } block ? block.Parent : statement.Parent;
            if (parent is not WhileStatementSyntax loop || FirstFunction(loop) is not MethodDeclarationSyntax methodDeclaration)
            {
                return false;
            }

            if (model.GetOperation(loop.Condition, cancellationToken) is not { } condition)
            {
                return false;
            }

            foreach (var part in condition.DescendantsAndSelf())
            {
                if (types.IsCancellationToken(part.Type))
                {
                    return false;
                }
            }

            return model.GetDeclaredSymbol(methodDeclaration, cancellationToken) is IMethodSymbol stop && ImplementsHostedStop(stop);
        }

        /// <summary>The innermost function around <paramref name="node"/>: a lambda, a local function or a member.</summary>
        private static SyntaxNode? FirstFunction(SyntaxNode node)
        {
            foreach (var ancestor in node.Ancestors())
            {
                if (ancestor is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or BaseMethodDeclarationSyntax
                    or AccessorDeclarationSyntax)
                {
                    return ancestor;
                }
            }

            return null;
        }

        /// <summary>The method (or a method it overrides) implements Microsoft.Extensions.Hosting.IHostedService.StopAsync.</summary>
        private static bool ImplementsHostedStop(IMethodSymbol method)
        {
            for (var current = method; current != null; current = current.OverriddenMethod)
            {
                foreach (var implemented in current.ContainingType.AllInterfaces)
                {
                    if (implemented.Name != "IHostedService" || !RequestBodyIo.IsInNamespace(implemented, "Microsoft", "Extensions", "Hosting"))
                    {
                        continue;
                    }

                    foreach (var member in implemented.GetMembers("StopAsync"))
                    {
                        if (current.ContainingType.FindImplementationForInterfaceMember(member) is IMethodSymbol implementation
                            && implementation.OriginalDefinition.Is(current.OriginalDefinition))
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }
    }
}
