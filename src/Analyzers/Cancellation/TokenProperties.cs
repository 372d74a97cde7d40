namespace AsyncGuard.Analyzers.Cancellation
{
    /// <summary>The diagnostic properties AG0301 and AG0302 hand to their fixes.</summary>
    internal static class TokenProperties
    {
        /// <summary>The <see cref="MissingTokenKind"/> of the call (AG0301).</summary>
        public const string Kind = "Kind";

        /// <summary>The available token expressions, nearest first, one per line (AG0301, AG0302).</summary>
        public const string Tokens = "Tokens";

        /// <summary>The name of the optional token parameter left at its default (AG0301).</summary>
        public const string Parameter = "Parameter";

        /// <summary>The <see cref="Tokens"/> value of <paramref name="tokens"/>.</summary>
        public static string Join(ImmutableArray<AvailableToken> tokens)
        {
            var builder = new System.Text.StringBuilder();
            foreach (var token in tokens)
            {
                if (builder.Length > 0)
                {
                    builder.Append('\n');
                }

                builder.Append(token.Expression);
            }

            return builder.ToString();
        }
    }
}
