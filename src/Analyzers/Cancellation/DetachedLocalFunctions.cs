namespace AsyncGuard.Analyzers.Cancellation
{
    /// <summary>
    /// AG0301, issue 16 (w2c: work detached from the caller on purpose): a token of the enclosing function (its parameter,
    /// a member of its parameter such as <c>context.RequestAborted</c>, its local or local source) is not offered inside an
    /// async local function that the enclosing code only starts and drops (<c>_ = UpdateAsync();</c> or a bare
    /// <c>UpdateAsync();</c>, never awaited, stored or passed on) and whose body reads no CancellationToken at all. Such a
    /// local function is work the caller chose to let outlive itself: the captured token belongs to the caller's lifetime
    /// (a request that ends when the response is sent), and cancelling the detached work with it would leave the change
    /// half applied with nobody awaiting the failure. Still offered: the tokens of the local function itself, the type's
    /// member tokens, and every token where the local function is awaited or kept, or where its body already reads a
    /// token (a loop that tests one). Reported with <c>report_detached_work = true</c>. Runs only on a call AG0301 is about
    /// to report.
    /// </summary>
    internal static class DetachedLocalFunctions
    {
        /// <summary>.editorconfig: <c>true</c> offers the caller's tokens inside detached local functions too.</summary>
        public const string ReportOption = "dotnet_diagnostic.AG0301.report_detached_work";

        public static ImmutableArray<AvailableToken> Filter(ImmutableArray<AvailableToken> tokens, SyntaxNode syntax, SemanticModel model,
            AsyncTypes types, AnalyzerConfigOptions options, CancellationToken cancellationToken)
        {
            if (tokens.IsEmpty)
            {
                return tokens;
            }

            // Syntax first: the innermost function around the call must be an async local function.
            LocalFunctionStatementSyntax? local = null;
            foreach (var ancestor in syntax.Ancestors())
            {
                if (ancestor is AnonymousFunctionExpressionSyntax)
                {
                    return tokens;
                }

                if (ancestor is LocalFunctionStatementSyntax found)
                {
                    local = found;
                    break;
                }

                if (ancestor is MemberDeclarationSyntax)
                {
                    return tokens;
                }
            }

            if (local is null || !local.Modifiers.Any(SyntaxKind.AsyncKeyword) || (local.Body is null && local.ExpressionBody is null))
            {
                return tokens;
            }

            var any = false;
            foreach (var token in tokens)
            {
                any |= Captured(token, local, cancellationToken);
            }

            if (!any || RuleOptions.GetBool(options, ReportOption))
            {
                return tokens;
            }

            if (model.GetDeclaredSymbol(local, cancellationToken) is not IMethodSymbol function
                || !OnlyStartedAndDropped(local, function, model, cancellationToken)
                || ReadsToken(local, model, types, cancellationToken))
            {
                return tokens;
            }

            ImmutableArray<AvailableToken>.Builder? kept = null;
            for (var i = 0; i < tokens.Length; i++)
            {
                TokenFilters.Keep(ref kept, tokens, i, Captured(tokens[i], local, cancellationToken));
            }

            return TokenFilters.Kept(kept, tokens);
        }

        /// <summary>A parameter, parameter member, local or local source declared outside the local function.</summary>
        private static bool Captured(AvailableToken token, LocalFunctionStatementSyntax local, CancellationToken cancellationToken)
        {
            ISymbol? root = token.Kind switch
            {
                TokenSourceKind.Parameter or TokenSourceKind.Local or TokenSourceKind.LocalSource => token.Symbol,
                TokenSourceKind.ParameterMember => token.Owner,
                _ => null,
            };

            if (root is null || root.DeclaringSyntaxReferences.Length != 1)
            {
                return false;
            }

            var declaration = root.DeclaringSyntaxReferences[0];
            return declaration.SyntaxTree == local.SyntaxTree && !local.Span.Contains(declaration.Span);
        }

        /// <summary>
        /// Every reference to the local function in the member around it is a call whose task is dropped: a bare
        /// expression statement or an assignment to the discard; at least one.
        /// </summary>
        private static bool OnlyStartedAndDropped(LocalFunctionStatementSyntax local, IMethodSymbol function, SemanticModel model, CancellationToken cancellationToken)
        {
            var scope = (SyntaxNode?)local.FirstAncestorOrSelf<MemberDeclarationSyntax>() ?? local.Parent;
            if (scope is null)
            {
                return false;
            }

            var name = local.Identifier.ValueText;
            var started = false;
            foreach (var node in scope.DescendantNodes())
            {
                if (node is not IdentifierNameSyntax identifier || identifier.Identifier.ValueText != name)
                {
                    continue;
                }

                if (!model.GetSymbolInfo(identifier, cancellationToken).Symbol.Is(function))
                {
                    continue;
                }

                if (identifier.Parent is not InvocationExpressionSyntax call || call.Expression != identifier)
                {
                    return false;
                }

                var use = call.Parent;
                if (use is ExpressionStatementSyntax)
                {
                    started = true;
                    continue;
                }

                if (use is AssignmentExpressionSyntax { Parent: ExpressionStatementSyntax } assignment && assignment.Right == call
                    && assignment.IsKind(SyntaxKind.SimpleAssignmentExpression)
                    && model.GetOperation(assignment, cancellationToken) is ISimpleAssignmentOperation { Target: IDiscardOperation })
                {
                    started = true;
                    continue;
                }

                return false;
            }

            return started;
        }

        /// <summary>The local function's body reads a CancellationToken somewhere (its own, a captured one, a member's).</summary>
        private static bool ReadsToken(LocalFunctionStatementSyntax local, SemanticModel model, AsyncTypes types, CancellationToken cancellationToken)
        {
            foreach (var parameter in local.ParameterList.Parameters)
            {
                if (parameter.Type is { } type && types.IsCancellationToken(model.GetTypeInfo(type, cancellationToken).Type))
                {
                    return true;
                }
            }

            SyntaxNode body = (SyntaxNode?)local.Body ?? local.ExpressionBody!;
            foreach (var node in body.DescendantNodes())
            {
                if (node is IdentifierNameSyntax identifier
                    && types.IsCancellationToken(model.GetTypeInfo(identifier, cancellationToken).Type))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
