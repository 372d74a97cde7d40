namespace AsyncGuard.Analyzers.Primitives
{
    /// <summary>Shared syntax helpers of the primitives rules (AG04xx): lock identity and walks over one function's own code.</summary>
    internal static class LockSites
    {
        /// <summary>
        /// Whether two expressions denote the same lock object: the same local, parameter, field or property symbol (with
        /// receivers that are themselves the same), else the same text ignoring trivia.
        /// </summary>
        public static bool SameLock(ExpressionSyntax a, ExpressionSyntax b, SemanticModel model, CancellationToken cancellationToken)
        {
            a = a.WalkDownParentheses();
            b = b.WalkDownParentheses();
            ISymbol? sa = model.GetSymbolInfo(a, cancellationToken).Symbol;
            ISymbol? sb = model.GetSymbolInfo(b, cancellationToken).Symbol;
            if (sa != null && sb != null)
            {
                if (!sa.Is(sb))
                {
                    return false;
                }

                // The same field of two different objects is not the same lock: compare receivers too.
                return ReceiverText(a) == ReceiverText(b);
            }

            return SyntaxFactory.AreEquivalent(a, b);
        }

        private static string ReceiverText(ExpressionSyntax e)
        {
            var receiver = e is MemberAccessExpressionSyntax m ? m.Expression.WithoutTrivia().ToString() : string.Empty;
            return receiver == "this" ? string.Empty : receiver;
        }

        /// <summary>The body of a function found by <see cref="EnclosingFunction.Find"/> (block or expression), or the function itself.</summary>
        public static SyntaxNode? BodyOf(SyntaxNode? function) => function switch
        {
            BaseMethodDeclarationSyntax m => (SyntaxNode?)m.Body ?? m.ExpressionBody,
            LocalFunctionStatementSyntax l => (SyntaxNode?)l.Body ?? l.ExpressionBody,
            AnonymousFunctionExpressionSyntax f => f.Body,
            AccessorDeclarationSyntax a => (SyntaxNode?)a.Body ?? a.ExpressionBody,
            CompilationUnitSyntax u => u,
            _ => function,
        };

        /// <summary>Descendants of <paramref name="root"/> that belong to the same function (nested lambdas and local functions skipped).</summary>
        public static IEnumerable<SyntaxNode> OwnNodes(SyntaxNode root) =>
            root.DescendantNodes(n => n == root || !IsNestedFunction(n));

        public static bool IsNestedFunction(SyntaxNode node) =>
            node is AnonymousFunctionExpressionSyntax || node is LocalFunctionStatementSyntax;

        /// <summary>An await of any form: expression, <c>await foreach</c>, <c>await using</c>.</summary>
        public static bool IsAwait(SyntaxNode node) => node switch
        {
            AwaitExpressionSyntax => true,
            CommonForEachStatementSyntax f => f.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword),
            UsingStatementSyntax u => u.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword),
            LocalDeclarationStatementSyntax d => d.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword),
            _ => false,
        };

        /// <summary>The invocation's method name, for cheap syntactic filters: <c>x.Name(..)</c>, <c>Name(..)</c>, <c>x?.Name(..)</c>.</summary>
        public static string? NameOf(InvocationExpressionSyntax invocation) => invocation.Expression switch
        {
            MemberAccessExpressionSyntax m => m.Name.Identifier.ValueText,
            MemberBindingExpressionSyntax b => b.Name.Identifier.ValueText,
            SimpleNameSyntax s => s.Identifier.ValueText,
            _ => null,
        };

        /// <summary>The receiver of <c>x.M(..)</c>; null for other shapes.</summary>
        public static ExpressionSyntax? ReceiverOf(InvocationExpressionSyntax invocation) =>
            invocation.Expression is MemberAccessExpressionSyntax m ? m.Expression : null;

        /// <summary>Whether <paramref name="node"/> lies in the finally block of a try inside <paramref name="stopAt"/>.</summary>
        public static bool IsInFinally(SyntaxNode node, SyntaxNode stopAt)
        {
            for (var n = node.Parent; n != null && n != stopAt; n = n.Parent)
            {
                if (n is FinallyClauseSyntax)
                {
                    return true;
                }

                if (IsNestedFunction(n))
                {
                    return false;
                }
            }

            return false;
        }

        /// <summary>The expression naming the lock taken by <paramref name="invocation"/>; null when it is not a thread-affine acquire.</summary>
        public static ExpressionSyntax? LockObjectOfAcquire(InvocationExpressionSyntax invocation, SemanticModel model, AsyncTypes types, CancellationToken ct)
        {
            if (model.GetSymbolInfo(invocation, ct).Symbol is not IMethodSymbol method)
            {
                return null;
            }

            var type = method.ContainingType;
            if (type != null && type.Is(types.MonitorType))
            {
                return (method.Name == "Enter" || method.Name == "TryEnter") && invocation.ArgumentList.Arguments.Count > 0
                    ? invocation.ArgumentList.Arguments[0].Expression
                    : null;
            }

            var receiver = ReceiverOf(invocation);
            if (receiver is null)
            {
                return null;
            }

            if (method.Name == "WaitOne")
            {
                // WaitOne is declared on WaitHandle: only a Mutex is owned by a thread.
                return model.GetTypeInfo(receiver, ct).Type.InheritsOrImplements(types.MutexType) ? receiver : null;
            }

            return type != null && (type.Is(types.ReaderWriterLockSlimType) || type.Is(types.SpinLockType) || type.Is(types.ThreadingLockType)) ? receiver : null;
        }

    }
}
