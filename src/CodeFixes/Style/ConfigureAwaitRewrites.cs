using AsyncGuard.Analyzers.Style;

namespace AsyncGuard.CodeFixes.Style
{
    /// <summary>
    /// AG0501's rewrite: `.ConfigureAwait(false)` on the awaited task, the async sequence (after any WithCancellation) or
    /// the disposable of an `await using (expr)`. Shared by the single fix and Fix All.
    /// </summary>
    internal static class ConfigureAwaitRewrites
    {
        public const string Title = "Add .ConfigureAwait(false)";

        private const string ExtensionsNamespace = "System.Threading.Tasks";

        /// <summary>Plans the edit for one diagnostic; false (nothing planned) where the result would not bind or would change meaning.</summary>
        public static bool TryPlan(SyntaxNode root, Diagnostic diagnostic, SemanticModel model, SyntaxRewritePlan plan, CancellationToken cancellationToken)
        {
            var span = diagnostic.Location.SourceSpan;
            if (!root.FullSpan.Contains(span) || !diagnostic.Properties.TryGetValue(AG0501ConfigureAwaitAnalyzer.KindProperty, out var kind))
            {
                return false;
            }

            var node = root.FindNode(span, getInnermostNodeForTie: true);
            ExpressionSyntax? target = null;
            var needsExtensions = false;
            switch (kind)
            {
                case nameof(AwaitKind.Await):
                    target = AncestorExpression<AwaitExpressionSyntax>(node, span, a => a.Expression);
                    break;
                case nameof(AwaitKind.ForEach):
                    target = AncestorExpression<CommonForEachStatementSyntax>(node, span, l => l.Expression);
                    needsExtensions = true;
                    break;
                case nameof(AwaitKind.Using):
                    // Only `await using (expr)`: in the declaration forms the wrapper would change the variable's type.
                    target = AncestorExpression<UsingStatementSyntax>(node, span, u => u.Expression);
                    if (target != null && !IsNeverNull(target, model, cancellationToken))
                    {
                        return false;
                    }

                    needsExtensions = true;
                    break;
            }

            if (target is null)
            {
                return false;
            }

            var probe = Configure(target);
            if (Speculation.GetSymbolInfo(model, target.SpanStart, probe).Symbol is not IMethodSymbol)
            {
                // The IAsyncEnumerable/IAsyncDisposable overloads are extension methods: import their namespace if it is missing.
                if (!needsExtensions || root is not CompilationUnitSyntax unit || UsingDirectives.Has(unit, ExtensionsNamespace)
                    || model.Compilation.GetTypeByMetadataName(ExtensionsNamespace + ".TaskAsyncEnumerableExtensions") is null)
                {
                    return false;
                }

                plan.Replace(unit, current => AddUsing((CompilationUnitSyntax)current));
            }

            plan.Replace(target, current => Configure((ExpressionSyntax)current));
            return true;
        }

        private static ExpressionSyntax? AncestorExpression<T>(SyntaxNode node, Microsoft.CodeAnalysis.Text.TextSpan span, System.Func<T, ExpressionSyntax?> select)
            where T : SyntaxNode
        {
            for (var current = node; current != null; current = current.Parent)
            {
                if (current is T owner && select(owner) is { } expression && expression.Span == span)
                {
                    return expression;
                }
            }

            return null;
        }

        /// <summary>`await using (null)` skips the disposal; the ConfigureAwait wrapper would throw instead.</summary>
        private static bool IsNeverNull(ExpressionSyntax expression, SemanticModel model, CancellationToken cancellationToken)
        {
            if (expression is ObjectCreationExpressionSyntax)
            {
                return true;
            }

            var info = model.GetTypeInfo(expression, cancellationToken);
            return info.Type is { IsValueType: true } || info.Nullability.FlowState == NullableFlowState.NotNull;
        }

        /// <summary>`expr.ConfigureAwait(false)`, parenthesising the receiver where member access would bind to part of it.</summary>
        private static ExpressionSyntax Configure(ExpressionSyntax expression)
        {
            var receiver = expression.WithoutTrivia();
            if (!IsPrimary(receiver))
            {
                receiver = SyntaxFactory.ParenthesizedExpression(receiver);
            }

            return SyntaxFactory.InvocationExpression(
                    SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, receiver, SyntaxFactory.IdentifierName("ConfigureAwait")),
                    SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(SyntaxFactory.LiteralExpression(SyntaxKind.FalseLiteralExpression)))))
                .WithTriviaFrom(expression);
        }

        /// <summary>Binds tighter than member access: `x`, `a.b`, `f()`, `a[i]`, `(e)`, `new T()`, and `x!` of those (not `a?.b!`).</summary>
        private static bool IsPrimary(ExpressionSyntax expression) => expression switch
        {
            PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression } bang => IsPrimary(bang.Operand),
            IdentifierNameSyntax or GenericNameSyntax or MemberAccessExpressionSyntax or InvocationExpressionSyntax or ElementAccessExpressionSyntax
                or ParenthesizedExpressionSyntax or ThisExpressionSyntax or ObjectCreationExpressionSyntax or DefaultExpressionSyntax => true,
            _ => false,
        };

        private static CompilationUnitSyntax AddUsing(CompilationUnitSyntax unit)
        {
            var newLine = SyntaxFactory.LineFeed;
            foreach (var trivia in unit.DescendantTrivia())
            {
                if (trivia.IsKind(SyntaxKind.EndOfLineTrivia))
                {
                    newLine = trivia;
                    break;
                }
            }

            var directive = SyntaxFactory.UsingDirective(SyntaxFactory.ParseName(ExtensionsNamespace)).NormalizeWhitespace().WithTrailingTrivia(newLine);

            return unit.AddUsings(directive);
        }
    }
}
