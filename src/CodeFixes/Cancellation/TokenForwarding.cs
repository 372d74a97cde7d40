using System.Globalization;
using AsyncGuard.Analyzers.Cancellation;

namespace AsyncGuard.CodeFixes.Cancellation
{
    /// <summary>
    /// AG0301's rewrite: pass the chosen available token to the call (positional or named), or put it in place of an
    /// explicit CancellationToken.None / default. Used by the single fix and Fix All alike.
    /// </summary>
    internal static class TokenForwarding
    {
        /// <summary>The available token expressions of a diagnostic, nearest first.</summary>
        public static string[] TokensOf(Diagnostic diagnostic) =>
            diagnostic.Properties.TryGetValue(TokenProperties.Tokens, out var tokens) && !string.IsNullOrEmpty(tokens)
                ? tokens!.Split('\n')
                : Array.Empty<string>();

        /// <summary>The fix variants of a diagnostic: the ranks of its tokens, "0" for the nearest.</summary>
        public static IEnumerable<string?> RanksOf(Diagnostic diagnostic)
        {
            for (var rank = 0; rank < TokensOf(diagnostic).Length; rank++)
            {
                yield return rank.ToString(CultureInfo.InvariantCulture);
            }
        }

        /// <summary>The token rank a variant names; the nearest token for none.</summary>
        public static int RankOf(string? variant) =>
            int.TryParse(variant, NumberStyles.None, CultureInfo.InvariantCulture, out var rank) ? rank : 0;

        /// <summary>Plans passing token number <paramref name="tokenIndex"/> to the diagnostic's call; false when that cannot be done.</summary>
        public static bool TryPlan(SyntaxNode root, Diagnostic diagnostic, int tokenIndex, SemanticModel model, AsyncTypes types, SyntaxRewritePlan plan, CancellationToken cancellationToken)
        {
            var tokens = TokensOf(diagnostic);
            var span = diagnostic.Location.SourceSpan;
            if (tokenIndex >= tokens.Length || !root.FullSpan.Contains(span)
                || !diagnostic.Properties.TryGetValue(TokenProperties.Kind, out var kindText)
                || !Enum.TryParse<MissingTokenKind>(kindText, out var kind))
            {
                return false;
            }

            var token = SyntaxFactory.ParseExpression(tokens[tokenIndex]);
            var node = root.FindNode(span, getInnermostNodeForTie: true);
            if (kind == MissingTokenKind.ExplicitNone)
            {
                var argument = node.FirstAncestorOrSelf<ArgumentSyntax>();
                if (argument is null || argument.Expression.Span != span)
                {
                    return false;
                }

                var original = argument.Expression;
                plan.Replace(original, current => token.WithTriviaFrom(current));
                return true;
            }

            InvocationExpressionSyntax? invocation = null;
            for (var current = node; current != null; current = current.Parent)
            {
                if (current is InvocationExpressionSyntax candidate && candidate.Expression.Span.Contains(span))
                {
                    invocation = candidate;
                    break;
                }
            }

            if (invocation is null || model.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol target)
            {
                return false;
            }

            diagnostic.Properties.TryGetValue(TokenProperties.Parameter, out var parameterName);
            var enclosing = model.GetEnclosingSymbol(invocation.SpanStart, cancellationToken);
            while (enclosing is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction })
            {
                enclosing = enclosing.ContainingSymbol;
            }

            var list = CancellableCalls.TryPassToken(invocation, target, kind, parameterName, token, enclosing as IMethodSymbol, model, types, cancellationToken,
                out var index, out var inserted);
            if (list is null || inserted is null)
            {
                return false;
            }

            // Built on the current node, so that fixes of nested calls (Fix All) compose.
            plan.Replace(invocation.ArgumentList, current => CancellableCalls.InsertArgument((ArgumentListSyntax)current, index, inserted));
            return true;
        }
    }
}
