namespace AsyncGuard.Analyzers.Cancellation
{
    /// <summary>
    /// The copy-on-first-drop step the token filters (<see cref="SettledTokens"/>, <see cref="UnassignedTokenSources"/>)
    /// share: until a token is dropped no copy is made and the input array is the answer.
    /// </summary>
    internal static class TokenFilters
    {
        /// <summary>
        /// Keeps <c>tokens[i]</c> unless <paramref name="dropped"/>; at the first drop <paramref name="kept"/> becomes a copy
        /// of the tokens before <paramref name="i"/>.
        /// </summary>
        public static void Keep(ref ImmutableArray<AvailableToken>.Builder? kept, ImmutableArray<AvailableToken> tokens, int i, bool dropped)
        {
            if (!dropped)
            {
                kept?.Add(tokens[i]);
            }
            else if (kept is null)
            {
                kept = ImmutableArray.CreateBuilder<AvailableToken>(tokens.Length);
                for (var j = 0; j < i; j++)
                {
                    kept.Add(tokens[j]);
                }
            }
        }

        /// <summary>
        /// <see cref="Keep"/> for a filter behind a report option: the option is read once, at the first drop; false when it
        /// is on (the caller then answers its input unfiltered).
        /// </summary>
        public static bool KeepUnlessReported(ref ImmutableArray<AvailableToken>.Builder? kept, ImmutableArray<AvailableToken> tokens, int i, bool dropped,
            ref bool optionRead, AnalyzerConfigOptions options, string reportOption)
        {
            if (dropped && !optionRead)
            {
                optionRead = true;
                if (RuleOptions.GetBool(options, reportOption))
                {
                    return false;
                }
            }

            Keep(ref kept, tokens, i, dropped);
            return true;
        }

        /// <summary>What the filter kept: the input itself where nothing was dropped.</summary>
        public static ImmutableArray<AvailableToken> Kept(ImmutableArray<AvailableToken>.Builder? kept, ImmutableArray<AvailableToken> tokens) =>
            kept is null ? tokens : kept.ToImmutable();
    }
}
