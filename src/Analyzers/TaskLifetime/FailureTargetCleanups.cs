using System.Linq;

namespace AsyncGuard.Analyzers.TaskLifetime
{
    /// <summary>
    /// AG0201 (issue 16, eleventh part, e201; DotNetty's TlsHandler.NotifyHandshakeFailure): widens
    /// <see cref="FailurePathCleanups"/> from argument-less cleanups to a cleanup whose every argument is the object the
    /// failure was just reported to: a field, parameter or local that is the receiver of another call of the same block
    /// whose arguments carry an exception (<c>ctx.FireUserEventTriggered(new HandshakeEvent(cause)); CloseAsync(ctx);</c>).
    /// Such an argument names what to clean up, not data; the failure itself travelled through the other call. Any other
    /// argument (a literal, a computed value, a variable the failure was not handed to) stays reported.
    /// </summary>
    internal static class FailureTargetCleanups
    {
        public static bool OnlyFailureTargets(InvocationExpressionSyntax call, StatementSyntax statement, BlockSyntax block, SemanticModel model, INamedTypeSymbol exception, CancellationToken ct)
        {
            foreach (var argument in call.ArgumentList.Arguments)
            {
                if (argument.RefKindKeyword.RawKind != 0 || Target(argument.Expression, model, ct) is not { } target
                    || !ReceivesFailure(target, statement, block, model, exception, ct))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The field, parameter or local that <paramref name="expression"/> (`x`, `this.x`) plainly reads; else null.</summary>
        private static ISymbol? Target(ExpressionSyntax expression, SemanticModel model, CancellationToken ct)
        {
            expression = expression.WalkDownParentheses();
            if (expression is not (IdentifierNameSyntax or MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name: IdentifierNameSyntax }))
            {
                return null;
            }

            return model.GetSymbolInfo(expression, ct).Symbol is { Kind: SymbolKind.Field or SymbolKind.Parameter or SymbolKind.Local } symbol ? symbol : null;
        }

        /// <summary>Another statement of the block calls a member on <paramref name="target"/> and passes it an exception (or a value made from one).</summary>
        private static bool ReceivesFailure(ISymbol target, StatementSyntax statement, BlockSyntax block, SemanticModel model, INamedTypeSymbol exception, CancellationToken ct)
        {
            foreach (var other in block.Statements)
            {
                if (other == statement || other is not ExpressionStatementSyntax { Expression: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } handing }
                    || Target(access.Expression, model, ct) is not { } receiver || !SymbolEqualityComparer.Default.Equals(receiver, target))
                {
                    continue;
                }

                foreach (var argument in handing.ArgumentList.Arguments)
                {
                    foreach (var name in argument.Expression.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>())
                    {
                        if (model.GetTypeInfo(name, ct).Type.InheritsOrImplements(exception))
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }
    }
}
