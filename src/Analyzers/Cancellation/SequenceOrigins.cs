using System.Linq;

namespace AsyncGuard.Analyzers.Cancellation
{
    /// <summary>
    /// AG0302: the values a sequence local is given when its declaration does not give it one (no initializer, or
    /// <c>null</c>/<c>default</c>), as in <c>IAsyncEnumerable&lt;T&gt;? items = null; if (..) items = A(ct); else items = B(ct);</c>.
    /// </summary>
    internal static class SequenceOrigins
    {
        /// <summary>Whether the declaration leaves the local without a sequence: no initializer, `null` or `default`.</summary>
        public static bool DeclaresNoSequence(VariableDeclaratorSyntax declarator) =>
            declarator.Initializer?.Value.WalkDownParentheses() switch
            {
                null => true,
                LiteralExpressionSyntax literal => literal.IsKind(SyntaxKind.NullLiteralExpression) || literal.IsKind(SyntaxKind.DefaultLiteralExpression),
                DefaultExpressionSyntax => true,
                _ => false,
            };

        /// <summary>
        /// The right-hand sides of every `=` and `??=` to <paramref name="local"/> in its scope; null when the local is
        /// written in any other way (an `out`/`ref` argument, a `ref` alias, a deconstruction, another compound assignment).
        /// </summary>
        public static List<ExpressionSyntax>? AssignedValues(ILocalSymbol local, VariableDeclaratorSyntax declarator, SemanticModel model, CancellationToken ct)
        {
            var scope = declarator.Ancestors().FirstOrDefault(n => n is BlockSyntax or SwitchSectionSyntax or CompilationUnitSyntax);
            if (scope is null)
            {
                return null;
            }

            var values = new List<ExpressionSyntax>();
            foreach (var node in scope.DescendantNodes())
            {
                if (node is not IdentifierNameSyntax identifier
                    || identifier.Identifier.ValueText != local.Name
                    || !model.GetSymbolInfo(identifier, ct).Symbol.Is(local))
                {
                    continue;
                }

                var parent = identifier.Parent;
                if (parent is AssignmentExpressionSyntax assignment && assignment.Left == identifier)
                {
                    if (!assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) && !assignment.IsKind(SyntaxKind.CoalesceAssignmentExpression))
                    {
                        return null;
                    }

                    values.Add(assignment.Right);
                    continue;
                }

                if (parent is ArgumentSyntax { RefKindKeyword.RawKind: not 0 } or RefExpressionSyntax
                    || identifier.Ancestors().TakeWhile(a => a is not StatementSyntax).Any(a => a is AssignmentExpressionSyntax outer && outer.Left.Span.Contains(identifier.Span)))
                {
                    return null;
                }
            }

            return values;
        }
    }
}
