namespace AsyncGuard.Analyzers.Cancellation
{
    /// <summary>AG0302: `await foreach` over an IAsyncEnumerable without `.WithCancellation(token)` while a token is available.</summary>
    public sealed class AG0302EnumerateWithTokenAnalyzer() : AsyncGuardAnalyzer(Rule)
    {
        public const string Id = "AG0302";

        /// <summary>Property: the available token expressions, nearest first, one per line.</summary>
        public const string TokensProperty = TokenProperties.Tokens;

        /// <summary>.editorconfig: `true` limits token sources to CancellationToken parameters.</summary>
        public const string ParametersOnlyOption = "dotnet_diagnostic.AG0302.parameters_only";

        /// <summary>.editorconfig: members, types or `*` whose tokens count everywhere in the type (as AG0301's option).</summary>
        public const string TokenMembersOption = "dotnet_diagnostic.AG0302.token_members";

        public static readonly DiagnosticDescriptor Rule = RuleHelp.Descriptor(
            Id, RuleHelp.CancellationCategory, DiagnosticSeverity.Warning, RuleTraits.None,
            title: "Enumerate async sequences with the available token",
            messageFormat: "'await foreach' does not pass '{0}' to the sequence; use .WithCancellation({0})",
            description: "An async sequence enumerated without WithCancellation never sees the caller's token, so the producer keeps running after cancellation.");

        private protected override void OnCompilationStart(CompilationStartAnalysisContext start, AsyncTypes types)
        {
            if (types.CancellationToken is null || types.IAsyncEnumerableOfT is null || types.AsyncEnumerableExtensions is null)
            {
                return;
            }

            start.RegisterSyntaxNodeAction(c => Analyze(c, types), SyntaxKind.ForEachStatement, SyntaxKind.ForEachVariableStatement);
        }

        private static void Analyze(SyntaxNodeAnalysisContext context, AsyncTypes types)
        {
            var loop = (CommonForEachStatementSyntax)context.Node;
            if (!loop.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword) || loop.Expression.IsMissing)
            {
                return;
            }

            // Syntactic first: a WithCancellation anywhere in the chain means the token was thought of.
            var source = StripConfigureAwait(loop.Expression);
            if (source is null)
            {
                return;
            }

            var model = context.SemanticModel;
            var ct = context.CancellationToken;
            if (!IsAsyncEnumerable(model.GetTypeInfo(source, ct).Type, types)
                || ComesFromCancellableCall(source, model, types, ct))
            {
                return;
            }

            var options = context.Options.AnalyzerConfigOptionsProvider.GetOptions(loop.SyntaxTree);
            var parametersOnly = RuleOptions.GetBool(options, ParametersOnlyOption);
            var tokens = AvailableTokens.Find(loop, null, model, types, parametersOnly, ct, memberSources: true);
            if (tokens.IsEmpty)
            {
                return;
            }

            // The same provenance as AG0301: a member token only where the member already uses it, no method token in code
            // that outlives the method, no token already cancelled on the path.
            tokens = TokenProvenance.Filter(tokens, loop, model.GetOperation(loop, ct), model, types, options, TokenMembersOption, ct);
            // A source the loop renews per element (TryReset, a new source) times one element, not the sequence (corpus16lib).
            tokens = PerItemSources.WithoutRenewedByLoop(tokens, loop, model, types, ct);
            // A token of the parameter whose call makes the sequence is the producer's own (corpus16lib).
            tokens = ProducerTokens.WithoutProducerOwn(tokens, source, model, ct);
            if (tokens.IsEmpty)
            {
                return;
            }

            var properties = ImmutableDictionary<string, string?>.Empty.Add(TokensProperty, TokenProperties.Join(tokens));
            context.ReportDiagnostic(Diagnostic.Create(Rule, loop.Expression.GetLocation(), properties, tokens[0].Expression));
        }

        /// <summary>
        /// The sequence without a trailing `.ConfigureAwait(..)`; null when the chain already has a WithCancellation.
        /// </summary>
        internal static ExpressionSyntax? StripConfigureAwait(ExpressionSyntax expression)
        {
            for (var e = expression; ;)
            {
                e = e.WalkDownParentheses();
                switch (e)
                {
                    case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access }:
                        if (access.Name.Identifier.ValueText == "WithCancellation")
                        {
                            return null;
                        }

                        e = access.Expression;
                        continue;
                }

                break;
            }

            var stripped = expression.WalkDownParentheses();

            return stripped is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" } configure }
                ? configure.Expression
                : expression;
        }

        private static bool IsAsyncEnumerable(ITypeSymbol? type, AsyncTypes types)
        {
            if (type is null || type.TypeKind == TypeKind.Error)
            {
                return false;
            }

            return type.InheritsOrImplements(types.IAsyncEnumerableOfT, byDefinition: true);
        }

        /// <summary>
        /// The sequence comes from a call that takes a token (it received one, or AG0301 reports it), directly or through a
        /// local initialised by such a call.
        /// </summary>
        private static bool ComesFromCancellableCall(ExpressionSyntax source, SemanticModel model, AsyncTypes types, System.Threading.CancellationToken ct)
        {
            source = source.WalkDownParentheses();

            if (source is IdentifierNameSyntax && model.GetSymbolInfo(source, ct).Symbol is ILocalSymbol local)
            {
                foreach (var reference in local.DeclaringSyntaxReferences)
                {
                    if (reference.GetSyntax(ct) is not VariableDeclaratorSyntax declarator)
                    {
                        continue;
                    }

                    // Declared without a sequence and given one in each branch: every value must come from a cancellable call.
                    if (SequenceOrigins.DeclaresNoSequence(declarator))
                    {
                        var values = SequenceOrigins.AssignedValues(local, declarator, model, ct);
                        if (values is not { Count: > 0 })
                        {
                            return false;
                        }

                        foreach (var value in values)
                        {
                            if (!IsCancellableCall(value, model, types, ct))
                            {
                                return false;
                            }
                        }

                        return true;
                    }

                    if (declarator.Initializer?.Value is { } initializer)
                    {
                        source = initializer;
                    }
                }
            }

            return IsCancellableCall(source, model, types, ct);
        }

        /// <summary>
        /// A call that takes a token (it received one, or AG0301 reports it), or an iterator of this compilation that ignores
        /// the enumerator token (<see cref="TokenlessIterators"/>), under implicit conversions.
        /// </summary>
        private static bool IsCancellableCall(ExpressionSyntax source, SemanticModel model, AsyncTypes types, System.Threading.CancellationToken ct)
        {
            var operation = model.GetOperation(source, ct);
            while (operation is IConversionOperation or IConditionalAccessOperation)
            {
                // `client?.Chat.Stream(..)`: the call is the conditional access's part that runs when the receiver is set.
                operation = operation is IConversionOperation conversion ? conversion.Operand : ((IConditionalAccessOperation)operation).WhenNotNull;
            }

            if (operation is not IInvocationOperation invocation)
            {
                return false;
            }

            // An iterator of this compilation that takes no enumerator token: WithCancellation would reach nothing.
            if (TokenlessIterators.IgnoresEnumeratorToken(invocation, types, ct))
            {
                return true;
            }

            foreach (var parameter in invocation.TargetMethod.Parameters)
            {
                if (types.IsTokenOrNullableToken(parameter.Type))
                {
                    return true;
                }
            }

            return CancellableCalls.Classify(invocation, types, out _) == MissingTokenKind.Overload;
        }
    }
}
