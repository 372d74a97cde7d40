using AsyncGuard.Analyzers.Blocking;

namespace AsyncGuard.CodeFixes.Blocking
{
    /// <summary>
    /// AG0102's rewrites: `x.M(..)` -> `await x.MAsync(.., token)`, `Thread.Sleep(x)` -> `await Task.Delay(x)`,
    /// `using` -> `await using`, a blocking getter `x.Form` -> `await x.ReadFormAsync(token)`; the function becomes async through the shared <see cref="AsyncConversion"/>.
    /// </summary>
    internal static class AsyncAlternativeRewrites
    {
        /// <summary>Plans the rewrite of one diagnostic; returns the fix title, or null when none is sound.</summary>
        public static string? TryPlan(SyntaxNode root, Diagnostic diagnostic, SemanticModel model, AsyncTypes types, SyntaxRewritePlan plan, CancellationToken cancellationToken)
        {
            var properties = diagnostic.Properties;
            if (!properties.TryGetValue(AG0102AsyncAlternativeAnalyzer.FormProperty, out var form)
                || !properties.TryGetValue(AG0102AsyncAlternativeAnalyzer.NameProperty, out var name) || name is null
                || !root.FullSpan.Contains(diagnostic.Location.SourceSpan))
            {
                return null;
            }

            properties.TryGetValue(AG0102AsyncAlternativeAnalyzer.TokenProperty, out var token);
            var span = diagnostic.Location.SourceSpan;
            SyntaxNode? target;
            string title;
            System.Func<SyntaxNode, SyntaxNode> rewrite;
            switch (form)
            {
                case nameof(AlternativeForm.AwaitUsing):
                    target = root.FindToken(span.Start).Parent;
                    if (target is not (UsingStatementSyntax or LocalDeclarationStatementSyntax))
                    {
                        return null;
                    }

                    title = "Use 'await using'";
                    rewrite = AddAwait;
                    break;
                case nameof(AlternativeForm.Sleep):
                    var invocation = FindInvocation(root, span);
                    target = invocation;
                    var delay = (model.Compilation.GetTypeByMetadataName("System.Threading.Tasks.Task")?.ToMinimalDisplayString(model, span.Start) ?? "global::System.Threading.Tasks.Task") + ".Delay";
                    title = "Await Task.Delay";
                    rewrite = current => current is InvocationExpressionSyntax c
                        ? AwaitSyntax.Await(
                            c.WithExpression(SyntaxFactory.ParseExpression(delay).WithTriviaFrom(c.Expression))
                                .WithArgumentList(token is null ? c.ArgumentList : c.ArgumentList.AddArguments(SyntaxFactory.Argument(SyntaxFactory.ParseExpression(token)))),
                            invocation!, c)
                        : current;
                    break;
                case nameof(AlternativeForm.Call):
                    var call = FindInvocation(root, span);
                    // `a?.B.C()`: `a?.B.await CAsync()` is no code, and `await a?.B.CAsync()` throws where `a` is null.
                    if (call is null || ConditionalAccesses.StartsWithBinding(call.Expression))
                    {
                        return null;
                    }

                    target = call;
                    title = $"Await '{name}'";
                    rewrite = current => current is InvocationExpressionSyntax c && NameOf(c) is { } simple
                        ? AwaitSyntax.Await(AsyncAlternatives.Rewrite(c, simple, name, token), call!, c)
                        : current;
                    break;
                case nameof(AlternativeForm.Getter) when FindMemberAccess(root, span) is { } access && !ConditionalAccesses.StartsWithBinding(access.Expression):
                    // `request.Form` -> `await request.ReadFormAsync(token)`, parenthesised where it is read further.
                    target = access;
                    title = $"Await '{name}'";
                    rewrite = current => current is MemberAccessExpressionSyntax m ? AwaitSyntax.Await(GetterCall(m, name, token), access, m) : current;
                    break;
                default:
                    return null;
            }

            if (target is null || !AsyncConversion.TryPlanMakeAsyncAround(target, model, types, plan, cancellationToken))
            {
                return null;
            }

            plan.Replace(target, rewrite);
            return title;
        }

        private static InvocationExpressionSyntax? FindInvocation(SyntaxNode root, Microsoft.CodeAnalysis.Text.TextSpan span)
        {
            for (SyntaxNode? node = root.FindNode(span, getInnermostNodeForTie: true); node != null && node.Span == span; node = node.Parent)
            {
                if (node is InvocationExpressionSyntax invocation)
                {
                    return invocation;
                }
            }

            return null;
        }

        private static InvocationExpressionSyntax GetterCall(MemberAccessExpressionSyntax getter, string name, string? token) =>
            SyntaxFactory.InvocationExpression(
                getter.WithName(SyntaxFactory.IdentifierName(name)),
                token is null
                    ? SyntaxFactory.ArgumentList()
                    : SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(SyntaxFactory.ParseExpression(token)))));

        private static MemberAccessExpressionSyntax? FindMemberAccess(SyntaxNode root, Microsoft.CodeAnalysis.Text.TextSpan span)
        {
            for (SyntaxNode? node = root.FindNode(span, getInnermostNodeForTie: true); node != null && node.Span == span; node = node.Parent)
            {
                if (node is MemberAccessExpressionSyntax access)
                {
                    return access;
                }
            }

            return null;
        }

        private static SimpleNameSyntax? NameOf(InvocationExpressionSyntax invocation) => invocation.Expression switch
        {
            MemberAccessExpressionSyntax access => access.Name,
            SimpleNameSyntax simple => simple,
            _ => null,
        };

        private static SyntaxNode AddAwait(SyntaxNode statement)
        {
            switch (statement)
            {
                case UsingStatementSyntax u:
                    return u.WithUsingKeyword(u.UsingKeyword.WithLeadingTrivia())
                        .WithAwaitKeyword(SyntaxFactory.Token(SyntaxKind.AwaitKeyword).WithLeadingTrivia(u.UsingKeyword.LeadingTrivia).WithTrailingTrivia(SyntaxFactory.Space));
                case LocalDeclarationStatementSyntax l:
                    return l.WithUsingKeyword(l.UsingKeyword.WithLeadingTrivia())
                        .WithAwaitKeyword(SyntaxFactory.Token(SyntaxKind.AwaitKeyword).WithLeadingTrivia(l.UsingKeyword.LeadingTrivia).WithTrailingTrivia(SyntaxFactory.Space));
                default:
                    return statement;
            }
        }
    }
}
