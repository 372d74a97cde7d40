namespace AsyncGuard.Analyzers.Cancellation
{
    /// <summary>
    /// AG0302 (issue 16, fourteenth pass, corpus16lib: SuperSocket's session loop, <c>await foreach (var p in packageStream)</c>
    /// with a package-handling timeout source declared before the loop, passed to each package's handler and
    /// <c>TryReset()</c> at the end of each iteration): a <c>CancellationTokenSource</c> local that the loop renews for every
    /// element (<c>cts.TryReset()</c> on it, or a new source assigned to it, in the loop's body) times or cancels the handling
    /// of one element. Its token is not the sequence's: handed to <c>WithCancellation</c> it would end the whole enumeration
    /// on one element's timeout. Such a token is left out of the tokens AG0302 offers (the rule stays silent when no other
    /// token is available).
    /// <para>
    /// Still offered: a source the loop only reads (<c>cts.Token</c> passed on, <c>IsCancellationRequested</c> tested), a
    /// source reset or replaced after the loop or in another loop, a source field, a token local.
    /// </para>
    /// </summary>
    internal static class PerItemSources
    {
        public static ImmutableArray<AvailableToken> WithoutRenewedByLoop(ImmutableArray<AvailableToken> tokens, CommonForEachStatementSyntax loop, SemanticModel model,
            AsyncTypes types, CancellationToken cancellationToken)
        {
            ImmutableArray<AvailableToken>.Builder? kept = null;
            for (var i = 0; i < tokens.Length; i++)
            {
                var token = tokens[i];
                var renewed = token.Kind == TokenSourceKind.LocalSource && token.Symbol is ILocalSymbol local
                    && IsRenewedIn(loop.Statement, local, model, types, cancellationToken);
                if (renewed && kept is null)
                {
                    kept = ImmutableArray.CreateBuilder<AvailableToken>(tokens.Length);
                    for (var j = 0; j < i; j++)
                    {
                        kept.Add(tokens[j]);
                    }
                }
                else if (!renewed)
                {
                    kept?.Add(token);
                }
            }

            return kept?.ToImmutable() ?? tokens;
        }

        private static bool IsRenewedIn(StatementSyntax body, ILocalSymbol local, SemanticModel model, AsyncTypes types, CancellationToken cancellationToken)
        {
            foreach (var node in body.DescendantNodes())
            {
                switch (node)
                {
                    // `cts.TryReset()`: the syntax first, then the bound call on the source local.
                    case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "TryReset", Expression: IdentifierNameSyntax receiver } } call
                        when receiver.Identifier.ValueText == local.Name:
                        if (model.GetOperation(call, cancellationToken) is IInvocationOperation { Instance: ILocalReferenceOperation instance } invocation
                            && SymbolEqualityComparer.Default.Equals(instance.Local, local)
                            && invocation.TargetMethod.ContainingType.Is(types.CancellationTokenSource))
                        {
                            return true;
                        }

                        break;
                    // `cts = new CancellationTokenSource(..)` (or any value): a source per element.
                    case AssignmentExpressionSyntax { Left: IdentifierNameSyntax target } assignment
                        when assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) && target.Identifier.ValueText == local.Name:
                        if (SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(target, cancellationToken).Symbol, local))
                        {
                            return true;
                        }

                        break;
                }
            }

            return false;
        }
    }
}
