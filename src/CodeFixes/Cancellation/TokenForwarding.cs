using System;
using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using AsyncGuard.Analyzers.Cancellation;
using AsyncGuard.Analyzers.Core;
using AsyncGuard.CodeFixes.Core;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

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
            diagnostic.Properties.TryGetValue(AG0301ForwardTokenAnalyzer.TokensProperty, out var tokens) && !string.IsNullOrEmpty(tokens)
                ? tokens!.Split('\n')
                : Array.Empty<string>();

        /// <summary>Fixes every given diagnostic of one document with its token number <paramref name="tokenIndex"/> (when it has one).</summary>
        public static async Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, int tokenIndex, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            var types = model is null ? null : AsyncTypes.Create(model.Compilation);
            if (root is null || model is null || types is null)
            {
                return document;
            }

            var plan = new SyntaxRewritePlan();
            foreach (var diagnostic in diagnostics)
            {
                TryPlan(root, diagnostic, tokenIndex, model, types, plan, cancellationToken);
            }

            return plan.IsEmpty ? document : document.WithSyntaxRoot(plan.Apply(root));
        }

        /// <summary>Whether the fix with token number <paramref name="tokenIndex"/> can be applied to the diagnostic.</summary>
        public static async Task<bool> CanFixAsync(Document document, Diagnostic diagnostic, int tokenIndex, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            var types = model is null ? null : AsyncTypes.Create(model.Compilation);
            return root != null && model != null && types != null
                && TryPlan(root, diagnostic, tokenIndex, model, types, new SyntaxRewritePlan(), cancellationToken);
        }

        private static bool TryPlan(SyntaxNode root, Diagnostic diagnostic, int tokenIndex, SemanticModel model, AsyncTypes types, SyntaxRewritePlan plan, CancellationToken cancellationToken)
        {
            var tokens = TokensOf(diagnostic);
            var span = diagnostic.Location.SourceSpan;
            if (tokenIndex >= tokens.Length || !root.FullSpan.Contains(span)
                || !diagnostic.Properties.TryGetValue(AG0301ForwardTokenAnalyzer.KindProperty, out var kindText)
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

            diagnostic.Properties.TryGetValue(AG0301ForwardTokenAnalyzer.ParameterProperty, out var parameterName);
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
