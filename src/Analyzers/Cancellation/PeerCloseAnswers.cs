namespace AsyncGuard.Analyzers.Cancellation
{
    /// <summary>
    /// AG0301, issue 16 (deb301: answering the peer's close): a call in the branch taken when the WebSocket message just
    /// received is the peer's close frame, <c>if (result.MessageType == WebSocketMessageType.Close) { await
    /// socket.CloseAsync(NormalClosure, "..."); break; }</c> (also a <c>&amp;&amp;</c> conjunct, <c>is
    /// WebSocketMessageType.Close</c>; the result a <c>WebSocketReceiveResult</c> or <c>ValueWebSocketReceiveResult</c>).
    /// The closing handshake is already done from the peer's side: what is left sends one small answering frame to a peer
    /// that is waiting for it, and cancelling it only leaves the socket aborted instead of closed. Still reported: the
    /// same calls outside that branch (a close the server starts, a receive loop's other branches), the else branch, a
    /// test of another message type. Reported with <c>report_close_answers = true</c>. Asked only for a finding about to
    /// be reported: a walk up the syntax, one semantic query per candidate condition.
    /// </summary>
    internal static class PeerCloseAnswers
    {
        /// <summary>.editorconfig: <c>true</c> reports calls answering the peer's close too.</summary>
        public const string ReportOption = "dotnet_diagnostic.AG0301.report_close_answers";

        public static bool AnswersPeerClose(SyntaxNode site, SemanticModel model, CancellationToken cancellationToken)
        {
            var child = site;
            for (var current = site.Parent; current != null; child = current, current = current.Parent)
            {
                switch (current)
                {
                    case IfStatementSyntax ifStatement when ifStatement.Statement == child:
                        if (TestsClose(ifStatement.Condition, model, cancellationToken))
                        {
                            return true;
                        }

                        break;
                    case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax:
                        return false;
                }
            }

            return false;
        }

        private static bool TestsClose(ExpressionSyntax condition, SemanticModel model, CancellationToken cancellationToken)
        {
            condition = condition.WalkDownParentheses();
            switch (condition)
            {
                case BinaryExpressionSyntax conjunction when conjunction.IsKind(SyntaxKind.LogicalAndExpression):
                    return TestsClose(conjunction.Left, model, cancellationToken) || TestsClose(conjunction.Right, model, cancellationToken);
                case BinaryExpressionSyntax equals when equals.IsKind(SyntaxKind.EqualsExpression):
                    return (IsCloseMember(equals.Right) && IsReceivedType(equals.Left, model, cancellationToken))
                        || (IsCloseMember(equals.Left) && IsReceivedType(equals.Right, model, cancellationToken));
                case BinaryExpressionSyntax isType when isType.IsKind(SyntaxKind.IsExpression):
                    // `r.MessageType is WebSocketMessageType.Close` parses as a type test; it binds to the constant.
                    return IsCloseMember(isType.Right) && IsReceivedType(isType.Left, model, cancellationToken);
                case IsPatternExpressionSyntax { Pattern: ConstantPatternSyntax { Expression: var constant } } pattern:
                    return IsCloseMember(constant) && IsReceivedType(pattern.Expression, model, cancellationToken);
                default:
                    return false;
            }
        }

        /// <summary>Syntax first: `WebSocketMessageType.Close` (qualified or not).</summary>
        private static bool IsCloseMember(ExpressionSyntax expression) => expression.WalkDownParentheses() switch
        {
            MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Close", Expression: var type } => NamesMessageType(type),
            QualifiedNameSyntax { Right.Identifier.ValueText: "Close", Left: var type } => NamesMessageType(type),
            _ => false,
        };

        private static bool NamesMessageType(ExpressionSyntax type) => type is IdentifierNameSyntax { Identifier.ValueText: "WebSocketMessageType" }
            or MemberAccessExpressionSyntax { Name.Identifier.ValueText: "WebSocketMessageType" } or QualifiedNameSyntax { Right.Identifier.ValueText: "WebSocketMessageType" };

        /// <summary>`r.MessageType` of a received result of System.Net.WebSockets.</summary>
        private static bool IsReceivedType(ExpressionSyntax expression, SemanticModel model, CancellationToken cancellationToken) =>
            expression.WalkDownParentheses() is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "MessageType" } access
            && model.GetSymbolInfo(access, cancellationToken).Symbol is IPropertySymbol { ContainingType: { Name: "WebSocketReceiveResult" or "ValueWebSocketReceiveResult" } owner }
            && RequestBodyIo.IsInNamespace(owner, "System", "Net", "WebSockets");
    }
}
