namespace AsyncGuard.Analyzers.Cancellation
{
    /// <summary>
    /// AG0301, issue 16 (deb301: a token handed back to its owner): a token member of a parameter
    /// (<c>conn.UserCancellationToken</c>) is not offered to a call of one of that parameter's own methods
    /// (<c>conn.WriteQuery(..)</c>, <c>conn.Flush(..)</c>), declared in source. The object that holds the token is the one
    /// doing the work: the token is its own lifetime or current-action slot (a connector's user action, whose registration
    /// already cancels its I/O), which its methods can read themselves, as a member token of <c>this</c> is not offered
    /// where the member does not use it. Still offered: the token to a call on another object (a member of the parameter,
    /// a lock, a static call), to a library method or an extension method, and every other token.
    /// Reported with <c>report_owner_tokens = true</c>. Runs only on a call AG0301 is about to report, syntax-free.
    /// </summary>
    internal static class OwnerTokens
    {
        /// <summary>.editorconfig: <c>true</c> offers a parameter's token member to calls on that parameter too.</summary>
        public const string ReportOption = "dotnet_diagnostic.AG0301.report_owner_tokens";

        public static ImmutableArray<AvailableToken> Filter(ImmutableArray<AvailableToken> tokens, IInvocationOperation operation, AnalyzerConfigOptions options)
        {
            if (tokens.IsEmpty)
            {
                return tokens;
            }

            IParameterSymbol? root = null;
            var rootKnown = false;
            var reportRead = false;
            ImmutableArray<AvailableToken>.Builder? kept = null;
            for (var i = 0; i < tokens.Length; i++)
            {
                var token = tokens[i];
                var dropped = false;
                if (token.Kind == TokenSourceKind.ParameterMember && token.Owner is { } owner)
                {
                    if (!rootKnown)
                    {
                        root = ReceiverRoot(operation);
                        rootKnown = true;
                    }

                    if (root != null && root.Is(owner))
                    {
                        if (!reportRead)
                        {
                            reportRead = true;
                            if (RuleOptions.GetBool(options, ReportOption))
                            {
                                return tokens;
                            }
                        }

                        dropped = true;
                    }
                }

                TokenFilters.Keep(ref kept, tokens, i, dropped);
            }

            return TokenFilters.Kept(kept, tokens);
        }

        /// <summary>The parameter the call is made on (`p.M()`), for an instance method declared in source.</summary>
        private static IParameterSymbol? ReceiverRoot(IInvocationOperation operation)
        {
            if (operation.Instance is not { } instance || operation.TargetMethod.IsStatic || !operation.TargetMethod.OriginalDefinition.IsDeclaredInSource())
            {
                return null;
            }

            var receiver = Invocations.WithoutImplicitConversions(instance);
            while (receiver is IParenthesizedOperation parenthesized)
            {
                receiver = parenthesized.Operand;
            }

            return (receiver as IParameterReferenceOperation)?.Parameter;
        }
    }
}
