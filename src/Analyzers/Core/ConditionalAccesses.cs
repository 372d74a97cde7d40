namespace AsyncGuard.Analyzers.Core
{
    /// <summary>
    /// The `?.` chains: in `x?.A.M()` the `.A` (a member binding) has no receiver of its own, it refers to the
    /// `x` of the conditional access whose `?` stands right before it. The compiler's binder finds that access by
    /// walking up from the binding and does not expect to miss it (it throws NullReferenceException, it does not
    /// report an error): a binding moved away from its `?` (an `await` put in front of `.A.M()`, a rewritten call
    /// bound speculatively on its own) must therefore never reach a semantic model.
    /// </summary>
    internal static class ConditionalAccesses
    {
        /// <summary>
        /// The conditional access that owns the leftmost binding of <paramref name="node"/>'s receiver chain when that access
        /// lies outside <paramref name="node"/> (node is then a piece of the access's WhenNotNull chain: `.A.M()`, `.M().Result`);
        /// null when the chain starts with an ordinary expression.
        /// </summary>
        public static ConditionalAccessExpressionSyntax? OuterOwnerOf(SyntaxNode node)
        {
            var leftmost = LeftmostOfChain(node);
            if (!IsBinding(leftmost))
            {
                return null;
            }

            var owner = OwnerOf(leftmost);
            return owner != null && !node.FullSpan.Contains(owner.FullSpan) ? owner : null;
        }

        /// <summary>Whether <paramref name="node"/> is a piece of a `?.` chain: replacing it by something that does not start with the same binding breaks the tree.</summary>
        public static bool IsInsideChain(SyntaxNode node) => OuterOwnerOf(node) != null;

        /// <summary>
        /// Whether <paramref name="node"/> contains a member or element binding whose `?` is not in <paramref name="node"/>
        /// (for a node out of its tree: a binding with no conditional access at all). Such a node must not be bound.
        /// </summary>
        public static bool HasDanglingBinding(SyntaxNode node)
        {
            foreach (var descendant in node.DescendantNodesAndSelf())
            {
                if (IsBinding(descendant) && (OwnerOf(descendant) is not { } owner || !node.FullSpan.Contains(owner.FullSpan)))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The conditional access whose `?` belongs to <paramref name="binding"/> (as the compiler finds it: the nearest
        /// enclosing access whose operator ends where the binding starts); null when there is none.
        /// </summary>
        public static ConditionalAccessExpressionSyntax? OwnerOf(SyntaxNode binding)
        {
            for (var current = binding.Parent; current != null; current = current.Parent)
            {
                if (current is ConditionalAccessExpressionSyntax access && access.OperatorToken.FullSpan.End == binding.FullSpan.Start)
                {
                    return access;
                }
            }

            return null;
        }

        /// <summary>
        /// <paramref name="rewritten"/> (a rewritten copy of <paramref name="original"/>, a piece of a `?.` chain) with its leftmost
        /// binding turned into an ordinary access on the chain's receiver: `.A.M(t)` -> `(x).A.M(t)`, for speculative binding.
        /// Null when the receiver is a value type or itself a piece of a chain.
        /// </summary>
        public static ExpressionSyntax? WithReceiver(ExpressionSyntax original, ExpressionSyntax rewritten, SemanticModel model, CancellationToken cancellationToken)
        {
            if (OuterOwnerOf(original) is not { } owner)
            {
                return rewritten;
            }

            if (IsInsideChain(owner.Expression) || HasDanglingBinding(owner.Expression)
                || model.GetTypeInfo(owner.Expression, cancellationToken).Type is not { IsValueType: false })
            {
                return null;
            }

            var receiver = SyntaxFactory.ParenthesizedExpression(owner.Expression.WithoutTrivia());
            var leftmost = LeftmostOfChain(rewritten);
            ExpressionSyntax? access = leftmost switch
            {
                MemberBindingExpressionSyntax member => SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, receiver, member.Name),
                ElementBindingExpressionSyntax element => SyntaxFactory.ElementAccessExpression(receiver, element.ArgumentList),
                _ => null,
            };
            if (access is null)
            {
                return null;
            }

            var result = leftmost == rewritten ? access : rewritten.ReplaceNode(leftmost, access);
            return HasDanglingBinding(result) ? null : result;
        }

        /// <summary>The start of a receiver chain: `a` in `a.B().C[0]!`, the binding `.B` in `.B().C`.</summary>
        public static SyntaxNode LeftmostOfChain(SyntaxNode node)
        {
            while (true)
            {
                switch (node)
                {
                    case MemberAccessExpressionSyntax access:
                        node = access.Expression;
                        break;
                    case InvocationExpressionSyntax invocation:
                        node = invocation.Expression;
                        break;
                    case ElementAccessExpressionSyntax element:
                        node = element.Expression;
                        break;
                    case PostfixUnaryExpressionSyntax postfix:
                        node = postfix.Operand;
                        break;
                    case ConditionalAccessExpressionSyntax conditional:
                        node = conditional.Expression;
                        break;
                    default:
                        return node;
                }
            }
        }

        /// <summary>Whether the receiver chain of <paramref name="node"/> starts with a member or element binding.</summary>
        public static bool StartsWithBinding(SyntaxNode node) => IsBinding(LeftmostOfChain(node));

        private static bool IsBinding(SyntaxNode node) => node is MemberBindingExpressionSyntax or ElementBindingExpressionSyntax;
    }

    /// <summary>Speculative binding that never hands the compiler a `?.` binding cut off from its conditional access.</summary>
    internal static class Speculation
    {
        /// <summary>The symbol <paramref name="expression"/> would bind to at <paramref name="position"/>; none for an expression with a dangling binding.</summary>
        public static SymbolInfo GetSymbolInfo(SemanticModel model, int position, ExpressionSyntax expression, SpeculativeBindingOption option = SpeculativeBindingOption.BindAsExpression) =>
            ConditionalAccesses.HasDanglingBinding(expression) ? default : model.GetSpeculativeSymbolInfo(position, expression, option);
    }
}
