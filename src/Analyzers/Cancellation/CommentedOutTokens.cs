namespace AsyncGuard.Analyzers.Cancellation
{
    /// <summary>
    /// AG0301's call whose own argument list holds a token that was taken out by hand (issue 16, fourteenth pass, corpus16web;
    /// titanium-web-proxy's HTTP/2 frame writes, <c>await output.WriteAsync(buffer, 0, length /*, cancellationToken*/)</c> under
    /// "do not cancel the write operation": a frame cut short would break the connection). A comment between the call's own
    /// parentheses whose text, read as the rest of an argument list (a leading or trailing comma, a <c>name:</c> label allowed),
    /// is an expression that binds at the call to a <c>CancellationToken</c> is the author's recorded decision not to pass it,
    /// like an explicit <c>CancellationToken.None</c>. Decided by binding the commented text speculatively at the call, not by
    /// its spelling: the token must be in scope there and of the token type.
    /// Still reported: prose in the argument list (<c>/* no token */</c>), a commented expression that is not a token in scope
    /// (<c>/* count */</c>, an unknown name), a comment before or after the call (a remark above the statement is prose, not the
    /// argument), and an outer call whose nested call's argument list holds the comment.
    /// </summary>
    internal static class CommentedOutTokens
    {
        // Longer comments are prose, not a removed argument; the bound keeps the parse cheap.
        private const int MaxCommentLength = 160;

        public static bool TakenOut(InvocationExpressionSyntax syntax, SemanticModel model, AsyncTypes types, CancellationToken cancellationToken)
        {
            var list = syntax.ArgumentList;
            if (types.CancellationToken is not { } tokenType || list.OpenParenToken.IsMissing || list.CloseParenToken.IsMissing)
            {
                return false;
            }

            var start = list.OpenParenToken.Span.End;
            var end = list.CloseParenToken.SpanStart;
            foreach (var trivia in list.DescendantTrivia())
            {
                if (trivia.SpanStart < start || trivia.Span.End > end
                    || !(trivia.IsKind(SyntaxKind.MultiLineCommentTrivia) || trivia.IsKind(SyntaxKind.SingleLineCommentTrivia))
                    || trivia.Token.Parent?.FirstAncestorOrSelf<ArgumentListSyntax>() != list)
                {
                    continue;
                }

                if (Body(trivia) is { } body && BindsToToken(body, list.SpanStart, model, tokenType, cancellationToken))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The comment's text without its delimiters and the commas around it; null when it is too long to be an argument.</summary>
        private static string? Body(SyntaxTrivia trivia)
        {
            var text = trivia.ToString();
            if (text.StartsWith("/*", StringComparison.Ordinal))
            {
                text = text.EndsWith("*/", StringComparison.Ordinal) && text.Length >= 4 ? text.Substring(2, text.Length - 4) : text.Substring(2);
            }
            else if (text.StartsWith("//", StringComparison.Ordinal))
            {
                text = text.TrimStart('/');
            }

            text = text.Trim().Trim(',').Trim();
            return text.Length == 0 || text.Length > MaxCommentLength ? null : text;
        }

        private static bool BindsToToken(string body, int position, SemanticModel model, INamedTypeSymbol tokenType, CancellationToken cancellationToken)
        {
            var parsed = SyntaxFactory.ParseArgumentList("(" + body + ")");
            if (parsed.ContainsDiagnostics || parsed.Arguments.Count == 0)
            {
                return false;
            }

            foreach (var argument in parsed.Arguments)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var type = model.GetSpeculativeTypeInfo(position, argument.Expression, SpeculativeBindingOption.BindAsExpression).Type;
                if (SymbolEqualityComparer.Default.Equals(type, tokenType))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
