using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AsyncGuard.Analyzers.Core
{
    /// <summary>
    /// Syntax the speculative binder can take. A member or element binding (`.B`, `[0]`) only binds inside its
    /// conditional access: given alone (`.B.C()` out of `a?.B.C()`) the binder throws. <see cref="Detach"/> rewrites
    /// such an expression as the plain access it stands for (`a.B.C()`, `a.Value.B.C()` for a nullable value type),
    /// recursively through nested `?.`, so it can be bound at the original position.
    /// </summary>
    internal static class SpeculativeSyntax
    {
        /// <summary>The leftmost expression of a chain (`a` of `a.B().C[0]!`), where a `?.` binding would start.</summary>
        public static ExpressionSyntax Leftmost(ExpressionSyntax expression)
        {
            while (true)
            {
                switch (expression)
                {
                    case MemberAccessExpressionSyntax access:
                        expression = access.Expression;
                        break;
                    case InvocationExpressionSyntax invocation:
                        expression = invocation.Expression;
                        break;
                    case ElementAccessExpressionSyntax element:
                        expression = element.Expression;
                        break;
                    case PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression } suppress:
                        expression = suppress.Operand;
                        break;
                    case ConditionalAccessExpressionSyntax conditional:
                        expression = conditional.Expression;
                        break;
                    default:
                        return expression;
                }
            }
        }

        /// <summary>True when <paramref name="expression"/> (in the tree) starts with a `?.` / `?[` binding.</summary>
        public static bool StartsWithBinding(ExpressionSyntax expression) =>
            Leftmost(expression) is MemberBindingExpressionSyntax or ElementBindingExpressionSyntax;

        /// <summary>
        /// <paramref name="rewritten"/> (a copy of <paramref name="original"/>, changed only right of its leftmost
        /// expression) with a leading binding replaced by the access it stands for; <paramref name="rewritten"/> itself
        /// when it starts with none; null when the binding's conditional access cannot be found or typed.
        /// </summary>
        public static ExpressionSyntax? Detach(ExpressionSyntax original, ExpressionSyntax rewritten, SemanticModel model, CancellationToken cancellationToken)
        {
            var binding = Leftmost(original);
            if (binding is not (MemberBindingExpressionSyntax or ElementBindingExpressionSyntax))
            {
                return rewritten;
            }

            var replacement = Unbound(binding, model, 0, cancellationToken);
            var target = Leftmost(rewritten);
            if (replacement is null || target.RawKind != binding.RawKind)
            {
                return null;
            }

            return rewritten == target ? replacement : rewritten.ReplaceNode(target, replacement);
        }

        /// <summary>`.B` / `[i]` as `receiver.B` / `receiver[i]`, the receiver itself detached.</summary>
        private static ExpressionSyntax? Unbound(ExpressionSyntax binding, SemanticModel model, int depth, CancellationToken cancellationToken)
        {
            if (depth > 16 || ConditionalAccessOf(binding) is not { } conditional)
            {
                return null;
            }

            var receiver = conditional.Expression;
            var detachedReceiver = receiver;
            if (StartsWithBinding(receiver))
            {
                var inner = Unbound(Leftmost(receiver), model, depth + 1, cancellationToken);
                if (inner is null)
                {
                    return null;
                }

                var innerTarget = Leftmost(receiver);
                detachedReceiver = receiver == innerTarget ? inner : receiver.ReplaceNode(innerTarget, inner);
            }

            ExpressionSyntax instance = SyntaxFactory.ParenthesizedExpression(detachedReceiver.WithoutTrivia());
            if (model.GetTypeInfo(receiver, cancellationToken).Type is { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T })
            {
                instance = SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, instance, SyntaxFactory.IdentifierName("Value"));
            }

            return binding switch
            {
                MemberBindingExpressionSyntax member => SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, instance, member.Name.WithoutTrivia()),
                ElementBindingExpressionSyntax element => SyntaxFactory.ElementAccessExpression(instance, element.ArgumentList.WithoutTrivia()),
                _ => null,
            };
        }

        /// <summary>The conditional access a binding belongs to: the nearest one whose WhenNotNull holds it.</summary>
        private static ConditionalAccessExpressionSyntax? ConditionalAccessOf(SyntaxNode binding)
        {
            var child = binding;
            for (var current = binding.Parent; current != null; child = current, current = current.Parent)
            {
                if (current is ConditionalAccessExpressionSyntax conditional && conditional.WhenNotNull == child)
                {
                    return conditional;
                }

                if (current is StatementSyntax or MemberDeclarationSyntax or AnonymousFunctionExpressionSyntax)
                {
                    return null;
                }
            }

            return null;
        }
    }
}
