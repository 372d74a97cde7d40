namespace AsyncGuard.Analyzers.Style
{
    /// <summary>
    /// AG0506's reading of a parameter list: a CancellationToken parameter followed by a parameter that could come
    /// before it (not optional, not `params`, ref or out, not another token). Shared with
    /// the fix, which moves the tokens to the end of the list, before that trailing group.
    /// </summary>
    internal static class TokenPosition
    {
        /// <summary>The first token parameter that is not last, or null.</summary>
        public static IParameterSymbol? Misplaced(IMethodSymbol method, AsyncTypes types)
        {
            var parameters = method.Parameters;
            for (var i = 0; i < parameters.Length; i++)
            {
                if (IsMisplaced(method, i, types))
                {
                    return parameters[i];
                }
            }

            return null;
        }

        /// <summary>
        /// The parameters' original ordinals in their new order (the misplaced tokens moved last, before the trailing
        /// optional, params, ref and out parameters they may not pass), or null when there is nothing to move or the
        /// misplaced tokens differ in being optional.
        /// </summary>
        public static int[]? NewOrder(IMethodSymbol method, AsyncTypes types)
        {
            var parameters = method.Parameters;
            var moved = new List<int>();
            var kept = new List<int>();
            bool? optional = null;
            for (var i = 0; i < parameters.Length; i++)
            {
                if (IsMisplaced(method, i, types))
                {
                    if (optional is { } o && o != parameters[i].IsOptional)
                    {
                        return null;
                    }

                    optional = parameters[i].IsOptional;
                    moved.Add(i);
                }
                else
                {
                    kept.Add(i);
                }
            }

            if (optional is not { } movedOptional)
            {
                return null;
            }

            var at = kept.Count;
            while (at > 0 && MayFollow(parameters[kept[at - 1]], movedOptional, types))
            {
                at--;
            }

            kept.InsertRange(at, moved);
            return kept.ToArray();
        }

        private static bool IsMisplaced(IMethodSymbol method, int index, AsyncTypes types)
        {
            var parameters = method.Parameters;
            var token = parameters[index];
            if (!types.IsCancellationToken(token.Type) || token.RefKind != RefKind.None || (index == 0 && method.IsExtensionMethod))
            {
                return false;
            }

            for (var j = index + 1; j < parameters.Length; j++)
            {
                if (!MayFollow(parameters[j], token.IsOptional, types))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// A parameter that may come after a token: another token, `params`, ref/out, or an optional one (the compiler wants
        /// those after a required token; after an optional token they are how an API grows without breaking positional callers).
        /// </summary>
        private static bool MayFollow(IParameterSymbol parameter, bool tokenIsOptional, AsyncTypes types) =>
            parameter.IsParams
            || parameter.RefKind is RefKind.Out or RefKind.Ref
            || parameter.IsOptional
            || (types.IsCancellationToken(parameter.Type) && parameter.RefKind == RefKind.None);
    }
}
