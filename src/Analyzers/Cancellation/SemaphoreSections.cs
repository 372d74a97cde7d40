namespace AsyncGuard.Analyzers.Cancellation
{
    /// <summary>
    /// <see cref="ShortLocks"/> for a private <c>SemaphoreSlim</c> used as a lock (issue 16, nineteenth pass, held-out
    /// Discord.Net): the acquisition is a statement of its own, <c>await _gate.WaitAsync();</c> (also with
    /// <c>ConfigureAwait</c>) or <c>_gate.Wait();</c>, followed at once by <c>try { section } finally { _gate.Release(); }</c>;
    /// the other uses of the field may only be that <c>Release</c> in such a <c>finally</c> and its <c>Dispose</c>. The
    /// critical section is the <c>try</c> block, checked by <see cref="ShortLocks"/> as a <c>using</c> body is.
    /// </summary>
    internal static class SemaphoreSections
    {
        /// <summary>The <c>try</c> block that <paramref name="acquisition"/> (a wait on <paramref name="gate"/>) guards, or null.</summary>
        public static SyntaxNode? GuardedSection(InvocationExpressionSyntax acquisition, IFieldSymbol gate, SemanticModel model, CancellationToken ct)
        {
            if (!IsSemaphore(gate) || acquisition.Expression is not MemberAccessExpressionSyntax { Name.Identifier.ValueText: "WaitAsync" or "Wait" }
                || model.GetSymbolInfo(acquisition, ct).Symbol is not IMethodSymbol { Name: "WaitAsync" or "Wait", Parameters.Length: 0 })
            {
                return null;
            }

            SyntaxNode statement = acquisition;
            if (statement.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait", Parent: InvocationExpressionSyntax configure })
            {
                statement = configure;
            }

            if (statement.Parent is AwaitExpressionSyntax awaited)
            {
                statement = awaited;
            }

            if (statement.Parent is not ExpressionStatementSyntax { Parent: BlockSyntax block } expressionStatement)
            {
                return null;
            }

            var index = block.Statements.IndexOf(expressionStatement);
            return index + 1 < block.Statements.Count
                && block.Statements[index + 1] is TryStatementSyntax { Finally.Block: { } cleanup } guarded
                && ReleasesFirst(cleanup, gate, model, ct)
                    ? guarded.Block
                    : null;
        }

        /// <summary><c>_gate.Release()</c> in a <c>finally</c> right after such an acquisition, or <c>_gate.Dispose()</c> / <c>_gate?.Dispose()</c>.</summary>
        public static bool IsReleaseOrDispose(SyntaxNode use, IFieldSymbol gate, SemanticModel model, CancellationToken ct)
        {
            if (!IsSemaphore(gate))
            {
                return false;
            }

            InvocationExpressionSyntax? call = use.Parent switch
            {
                MemberAccessExpressionSyntax access when access.Expression == use => access.Parent as InvocationExpressionSyntax,
                ConditionalAccessExpressionSyntax conditional when conditional.Expression == use => conditional.WhenNotNull as InvocationExpressionSyntax,
                _ => null,
            };
            if (call is null || model.GetSymbolInfo(call, ct).Symbol is not IMethodSymbol { Parameters.Length: 0 } method)
            {
                return false;
            }

            return method.Name == "Dispose"
                || (method.Name == "Release" && call.Parent is ExpressionStatementSyntax { Parent: BlockSyntax { Parent: FinallyClauseSyntax { Parent: TryStatementSyntax guarded } } }
                    && guarded.Parent is BlockSyntax outer && outer.Statements.IndexOf(guarded) is > 0 and var at
                    && outer.Statements[at - 1] is ExpressionStatementSyntax previous
                    && AcquisitionOf(previous) is { } wait && GuardedSection(wait, gate, model, ct) == guarded.Block);
        }

        /// <summary>The wait of a statement <c>await g.WaitAsync()</c>, <c>await g.WaitAsync().ConfigureAwait(..)</c> or <c>g.Wait()</c>.</summary>
        private static InvocationExpressionSyntax? AcquisitionOf(ExpressionStatementSyntax statement)
        {
            var expression = statement.Expression is AwaitExpressionSyntax awaited ? awaited.Expression : statement.Expression;
            return expression is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait", Expression: InvocationExpressionSyntax inner } }
                ? inner
                : expression as InvocationExpressionSyntax;
        }

        /// <summary>The <c>finally</c> block's first statement is <c>_gate.Release();</c>.</summary>
        private static bool ReleasesFirst(BlockSyntax cleanup, IFieldSymbol gate, SemanticModel model, CancellationToken ct) =>
            cleanup.Statements.Count > 0
            && cleanup.Statements[0] is ExpressionStatementSyntax { Expression: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Release" } } release }
            && model.GetSymbolInfo(release, ct).Symbol is IMethodSymbol { Name: "Release", Parameters.Length: 0 }
            && model.GetOperation(release, ct) is IInvocationOperation operation
            && Invocations.Receiver(operation) is IFieldReferenceOperation { Instance: IInstanceReferenceOperation } receiver
            && SymbolEqualityComparer.Default.Equals(receiver.Field, gate);

        private static bool IsSemaphore(IFieldSymbol field) =>
            field.Type is INamedTypeSymbol { Name: "SemaphoreSlim", ContainingNamespace: { Name: "Threading", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } };
    }
}
