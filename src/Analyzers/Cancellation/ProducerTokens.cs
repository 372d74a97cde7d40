namespace AsyncGuard.Analyzers.Cancellation
{
    /// <summary>
    /// AG0302 (issue 16, fourteenth pass, corpus16lib: SuperSocket's <c>var packageStream = connection.RunAsync(filter);
    /// await foreach (var p in packageStream)</c>, where the token in reach is <c>connection.ConnectionToken</c>): a token read
    /// from the same parameter whose method produces the sequence is the producer's own. The producer already has it (it is
    /// the object's lifetime token, and the object runs the enumeration), so handing it back through <c>WithCancellation</c>
    /// tells the producer nothing it does not know. Such a token is left out of the tokens AG0302 offers.
    /// <para>
    /// The sequence must come from a call on that parameter, directly or through a local initialised by the call and never
    /// assigned again. Still offered: a token of another parameter or of the method, a token of the producer when the
    /// sequence comes from a different object (<c>other.Read()</c> with <c>connection.Token</c>), a local reassigned later.
    /// </para>
    /// </summary>
    internal static class ProducerTokens
    {
        public static ImmutableArray<AvailableToken> WithoutProducerOwn(ImmutableArray<AvailableToken> tokens, ExpressionSyntax source, SemanticModel model, CancellationToken cancellationToken)
        {
            var hasMemberToken = false;
            foreach (var token in tokens)
            {
                hasMemberToken |= token.Kind == TokenSourceKind.ParameterMember && token.Owner is not null;
            }

            if (!hasMemberToken || Producer(source, model, cancellationToken) is not { } producer)
            {
                return tokens;
            }

            var kept = ImmutableArray.CreateBuilder<AvailableToken>(tokens.Length);
            foreach (var token in tokens)
            {
                if (!(token.Kind == TokenSourceKind.ParameterMember && token.Owner.Is(producer)))
                {
                    kept.Add(token);
                }
            }

            return kept.Count == tokens.Length ? tokens : kept.ToImmutable();
        }

        /// <summary>The parameter whose method call makes the sequence, in place or through a local's only value.</summary>
        private static IParameterSymbol? Producer(ExpressionSyntax source, SemanticModel model, CancellationToken cancellationToken)
        {
            source = source.WalkDownParentheses();
            if (source is IdentifierNameSyntax && model.GetSymbolInfo(source, cancellationToken).Symbol is ILocalSymbol local)
            {
                if (local.DeclaringSyntaxReferences.Length != 1
                    || local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Initializer.Value: { } initializer } declarator
                    || SequenceOrigins.AssignedValues(local, declarator, model, cancellationToken) is not { Count: 0 })
                {
                    return null;
                }

                source = initializer;
            }

            var operation = model.GetOperation(source, cancellationToken);
            while (operation is IConversionOperation { IsImplicit: true } conversion)
            {
                operation = conversion.Operand;
            }

            return operation is IInvocationOperation { Instance: IParameterReferenceOperation { Parameter: { } parameter } } ? parameter : null;
        }
    }
}
