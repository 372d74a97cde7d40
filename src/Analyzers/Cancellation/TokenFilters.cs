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

        /// <summary>What the filter kept: the input itself where nothing was dropped.</summary>
        public static ImmutableArray<AvailableToken> Kept(ImmutableArray<AvailableToken>.Builder? kept, ImmutableArray<AvailableToken> tokens) =>
            kept is null ? tokens : kept.ToImmutable();
    }
}
