namespace AsyncGuard.Analyzers.Cancellation
{
    /// <summary>
    /// Tokens AG0301 must not offer to a call because their cancellation is settled elsewhere (issue 16, corpus6 W2-W5 and
    /// the offered-token fix-quality problem):
    /// <list type="bullet">
    /// <item>W2: the call is synchronous (no awaitable result), its callee (in source) registers or stores the token and
    /// otherwise only checks it, and a later call of the same block receives that token: the later call owns the cancellation
    /// (`report_later_owner = true` reports it);</item>
    /// <item>W3: the token just fired: the call's result is assigned to the token itself (`ct = Restart(..)`), or the call is
    /// in a catch (of every exception, or of a type a cancellation can be) whose try created the token for the attempt
    /// (assigns the token or its source) and passed it (or the source) to a call: the token is the likely cause of the
    /// catch, and a retry pause given it would throw out of the catch. The caller's token (a parameter, a token the try
    /// does not assign) is still offered there: a retry pause in a worker loop must end at shutdown;</item>
    /// <item>W4: the callee (in source) assigns the offered member from its own token parameter: it defines the member;</item>
    /// <item>W5: a lambda passed to the call cancels the offered source: the call's own body stops itself through it;</item>
    /// <item>a captured local or parameter that the enclosing function reassigns after creating the lambda the call is in
    /// (`cts = null` in a finally, a new source on the next round): the lambda may read a disposed source, or null.</item>
    /// </list>
    /// Runs only on a call AG0301 is about to report: syntax walks, and a few semantic queries to confirm names.
    /// </summary>
    internal static class SettledTokens
    {
        /// <summary>.editorconfig: `true` offers the token to the synchronous call anyway (W2; silent by default: the later call owns it).</summary>
        public const string ReportLaterOwnerOption = "dotnet_diagnostic.AG0301.report_later_owner";

        public static ImmutableArray<AvailableToken> Filter(ImmutableArray<AvailableToken> tokens, IInvocationOperation operation, InvocationExpressionSyntax syntax,
            IMethodSymbol target, MissingTokenKind kind, IParameterSymbol? tokenParameter, SemanticModel model, AsyncTypes types, bool reportLaterOwner,
            CancellationToken cancellationToken)
        {
            if (tokens.IsEmpty)
            {
                return tokens;
            }

            var assignedTo = AssignedTo(operation);
            var tries = CatchingTries(syntax, model, cancellationToken);
            TokenParameterFlow? flow = null;
            var laterOwnerPossible = !reportLaterOwner && kind != MissingTokenKind.ExplicitNone && !types.IsAwaitable(operation.Type);

            ImmutableArray<AvailableToken>.Builder? kept = null;
            for (var i = 0; i < tokens.Length; i++)
            {
                var token = tokens[i];
                var settled = (assignedTo != null && token.Symbol.OriginalDefinition.Is(assignedTo.OriginalDefinition))
                    || PassedInAny(tries, token, model, cancellationToken)
                    || CancelledByArgumentLambda(syntax, token, model, cancellationToken)
                    || ReassignedAfterCapture(syntax, token, model, cancellationToken);

                if (!settled && (token.Kind is TokenSourceKind.Member or TokenSourceKind.ParameterMember || laterOwnerPossible))
                {
                    flow ??= CalleeFlow(target, kind, tokenParameter, model, types, cancellationToken);
                    settled = (token.Kind is TokenSourceKind.Member or TokenSourceKind.ParameterMember && flow.Value.Assigned.Contains(token.Symbol.OriginalDefinition, SymbolEqualityComparer.Default))
                        || (laterOwnerPossible && flow.Value.Keeps && !flow.Value.MayWait && ReceivedLater(syntax, token, model, cancellationToken));
                }

                TokenFilters.Keep(ref kept, tokens, i, dropped: settled);
            }

            return TokenFilters.Kept(kept, tokens);
        }

        /// <summary>What the callee does with the token it would receive (every token overload's, for an overload).</summary>
        private static TokenParameterFlow CalleeFlow(IMethodSymbol target, MissingTokenKind kind, IParameterSymbol? tokenParameter, SemanticModel model, AsyncTypes types,
            CancellationToken cancellationToken)
        {
            if (kind == MissingTokenKind.OptionalDefault && tokenParameter != null)
            {
                return TokenParameterFlow.Of(target, tokenParameter, model, types, cancellationToken);
            }

            var overloads = types.TokenOverloads(target);
            if (kind == MissingTokenKind.Overload && overloads.Length == 1)
            {
                foreach (var parameter in overloads[0].Parameters)
                {
                    if (types.IsCancellationToken(parameter.Type))
                    {
                        return TokenParameterFlow.Of(overloads[0], parameter, model, types, cancellationToken);
                    }
                }
            }

            return TokenParameterFlow.Unknown;
        }

        // ---- W3 (a): `ct = Restart(..)` ----

        /// <summary>The local, parameter, field or property the call's value (awaited, converted) is assigned to.</summary>
        private static ISymbol? AssignedTo(IOperation operation)
        {
            var current = operation;
            while (current.Parent is { } parent)
            {
                switch (parent)
                {
                    case IConversionOperation or IParenthesizedOperation or IAwaitOperation:
                        current = parent;
                        continue;
                    case IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configured when configured.Instance == current:
                        current = parent;
                        continue;
                    case ISimpleAssignmentOperation assignment when assignment.Value == current:
                        return assignment.Target switch
                        {
                            ILocalReferenceOperation local => local.Local,
                            IParameterReferenceOperation parameter => parameter.Parameter,
                            IFieldReferenceOperation field => field.Field,
                            IPropertyReferenceOperation property => property.Property,
                            _ => null,
                        };
                    default:
                        return null;
                }
            }

            return null;
        }

        // ---- W3 (b): the catch of a try that passed the token ----

        /// <summary>
        /// The try blocks whose catch holds the call (in the same function), where the catch can be a cancellation's: a bare
        /// catch, or a caught type that is OperationCanceledException, derives from it or is one of its bases (Exception).
        /// A catch of another type (IOException) was not caused by the token.
        /// </summary>
        private static List<BlockSyntax>? CatchingTries(SyntaxNode site, SemanticModel model, CancellationToken cancellationToken)
        {
            List<BlockSyntax>? tries = null;
            var child = site;
            for (var current = site.Parent; current != null; child = current, current = current.Parent)
            {
                switch (current)
                {
                    case CatchClauseSyntax { Parent: TryStatementSyntax tryStatement } catchClause when catchClause.Block == child:
                        if (catchClause.Declaration?.Type is not { } caught || MayBeCancellation(model.GetTypeInfo(caught, cancellationToken).Type))
                        {
                            (tries ??= new List<BlockSyntax>()).Add(tryStatement.Block);
                        }

                        break;
                    case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax:
                        return tries;
                }
            }

            return tries;
        }

        private static bool MayBeCancellation(ITypeSymbol? type)
        {
            if (type is null || type.TypeKind == TypeKind.Error)
            {
                return false;
            }

            return WellKnownApis.IsOrDerivesFromSystemType(type, "OperationCanceledException")
                || (type.ContainingNamespace is { Name: "System", ContainingNamespace.IsGlobalNamespace: true } && type.Name is "Exception" or "SystemException");
        }

        private static bool PassedInAny(List<BlockSyntax>? tries, AvailableToken token, SemanticModel model, CancellationToken cancellationToken)
        {
            if (tries is null)
            {
                return false;
            }

            foreach (var block in tries)
            {
                var passed = false;
                var assigned = false;
                foreach (var node in block.DescendantNodes())
                {
                    passed = passed || (node is ArgumentSyntax argument && ReadsToken(argument.Expression, token, model, cancellationToken));
                    assigned = assigned || (node is AssignmentExpressionSyntax assignment && NamesSymbol(assignment.Left, token.Symbol, model, cancellationToken));
                    if (passed && assigned)
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        // ---- W2: a later call of the same block receives the token ----

        private static bool ReceivedLater(InvocationExpressionSyntax site, AvailableToken token, SemanticModel model, CancellationToken cancellationToken)
        {
            var block = site.FirstAncestorOrSelf<SyntaxNode>(n => n is BlockSyntax or SwitchSectionSyntax or AnonymousFunctionExpressionSyntax or ArrowExpressionClauseSyntax or MemberDeclarationSyntax);
            if (block is not (BlockSyntax or SwitchSectionSyntax))
            {
                return false;
            }

            var end = site.Span.End;
            foreach (var node in block.DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)))
            {
                if (node.SpanStart >= end && node is ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax or BaseObjectCreationExpressionSyntax } } argument
                    && ReadsToken(argument.Expression, token, model, cancellationToken))
                {
                    return true;
                }
            }

            return false;
        }

        // ---- W5: `Parallel.ForEachAsync(items, async (x, _) => { .. _cts.Cancel(); })` offered `_cts.Token` ----

        private static bool CancelledByArgumentLambda(InvocationExpressionSyntax site, AvailableToken token, SemanticModel model, CancellationToken cancellationToken)
        {
            if (token.Kind is not (TokenSourceKind.LocalSource or TokenSourceKind.MemberSource))
            {
                return false;
            }

            foreach (var argument in site.ArgumentList.Arguments)
            {
                if (argument.Expression.WalkDownParentheses() is not AnonymousFunctionExpressionSyntax lambda)
                {
                    continue;
                }

                foreach (var node in lambda.DescendantNodes())
                {
                    if (node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Cancel" or "CancelAsync" } cancel }
                        && NamesSymbol(cancel.Expression, token.Symbol, model, cancellationToken))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        // ---- fix quality: a captured variable reassigned after the lambda is created ----

        /// <summary>
        /// The call is in a lambda or local function that captures the token's local or parameter, and the function that
        /// declares it assigns it again after creating that lambda (or in a loop around both): the lambda would read whatever
        /// the variable holds when it runs (a disposed source, null, the next round's source).
        /// </summary>
        private static bool ReassignedAfterCapture(SyntaxNode site, AvailableToken token, SemanticModel model, CancellationToken cancellationToken)
        {
            if (token.Kind is not (TokenSourceKind.Local or TokenSourceKind.LocalSource or TokenSourceKind.Parameter) || !token.MayBeHidden
                || token.Symbol.DeclaringSyntaxReferences.Length != 1)
            {
                return false;
            }

            var declaration = token.Symbol.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);
            if (declaration.SyntaxTree != site.SyntaxTree)
            {
                return false;
            }

            // The outermost function around the call that does not declare the variable: the capture.
            SyntaxNode? capture = null;
            SyntaxNode? scope = null;
            for (var current = site.Parent; current != null; current = current.Parent)
            {
                if (current is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or CompilationUnitSyntax)
                {
                    if (current.Span.Contains(declaration.Span) && current != declaration)
                    {
                        scope = current;
                        break;
                    }

                    capture = current;
                }
            }

            if (capture is null || scope is null)
            {
                return false;
            }

            var name = token.Symbol.Name;
            foreach (var node in scope.DescendantNodes())
            {
                if (node is IdentifierNameSyntax identifier && identifier.Identifier.ValueText == name && !capture.Span.Contains(identifier.Span)
                    && IsAssigned(identifier) && (identifier.SpanStart > capture.Span.End || InLoopAround(identifier, capture, scope))
                    && token.Symbol.Is(model.GetSymbolInfo(identifier, cancellationToken).Symbol))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The name itself is written: the target of an assignment, a ref/out argument or a `ref` expression.</summary>
        internal static bool IsAssigned(IdentifierNameSyntax identifier)
        {
            var node = identifier.WalkUpParentheses();
            return node.Parent switch
            {
                AssignmentExpressionSyntax assignment => assignment.Left == node,
                ArgumentSyntax argument => !argument.RefKindKeyword.IsKind(SyntaxKind.None),
                RefExpressionSyntax => true,
                _ => false,
            };
        }

        /// <summary>A loop inside <paramref name="scope"/> holds both the write and the capture: the next round writes after it.</summary>
        private static bool InLoopAround(SyntaxNode write, SyntaxNode capture, SyntaxNode scope)
        {
            for (var current = write.Parent; current != null && current != scope; current = current.Parent)
            {
                if (current is WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or CommonForEachStatementSyntax && current.Span.Contains(capture.Span))
                {
                    return true;
                }
            }

            return false;
        }

        // ---- reading a token ----

        /// <summary>
        /// The expression reads the token or its source: the token's name (`ct`, `this._token`), its source (`cts`) or the
        /// source's `.Token`, or the member on the same parameter (`context.RequestAborted`).
        /// </summary>
        private static bool ReadsToken(ExpressionSyntax expression, AvailableToken token, SemanticModel model, CancellationToken cancellationToken)
        {
            expression = expression.WalkDownParentheses(throughSuppressions: true);
            if (token.Kind is TokenSourceKind.LocalSource or TokenSourceKind.MemberSource
                && expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Token" } tokenAccess)
            {
                expression = tokenAccess.Expression.WalkDownParentheses(throughSuppressions: true);
            }

            if (token.Kind == TokenSourceKind.ParameterMember)
            {
                return token.Owner != null && expression is MemberAccessExpressionSyntax access
                    && access.Name.Identifier.ValueText == token.Symbol.Name && NamesSymbol(access.Expression, token.Owner, model, cancellationToken)
                    && token.Symbol.OriginalDefinition.Is(model.GetSymbolInfo(access, cancellationToken).Symbol?.OriginalDefinition);
            }

            return NamesSymbol(expression, token.Symbol, model, cancellationToken);
        }

        /// <summary>`name` or `this.name`, bound to <paramref name="symbol"/>.</summary>
        private static bool NamesSymbol(ExpressionSyntax expression, ISymbol symbol, SemanticModel model, CancellationToken cancellationToken)
        {
            expression = expression.WalkDownParentheses(throughSuppressions: true);
            if (expression is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } qualified)
            {
                expression = qualified.Name;
            }

            return expression is IdentifierNameSyntax identifier && identifier.Identifier.ValueText == symbol.Name
                && symbol.OriginalDefinition.Is(model.GetSymbolInfo(identifier, cancellationToken).Symbol?.OriginalDefinition);
        }
    }
}
