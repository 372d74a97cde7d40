namespace AsyncGuard.Analyzers.Cancellation
{
    /// <summary>AG0301: a call that could take the CancellationToken available at the call site does not get it.</summary>
    public sealed class AG0301ForwardTokenAnalyzer() : AsyncGuardAnalyzer(Rule)
    {
        public const string Id = "AG0301";

        /// <summary>Property: the <see cref="MissingTokenKind"/> of the call.</summary>
        public const string KindProperty = TokenProperties.Kind;

        /// <summary>Property: the available token expressions, nearest first, one per line.</summary>
        public const string TokensProperty = TokenProperties.Tokens;

        /// <summary>Property: the name of the optional token parameter left at its default.</summary>
        public const string ParameterProperty = TokenProperties.Parameter;

        /// <summary>.editorconfig: `true` limits token sources to CancellationToken parameters (CA2016's reading).</summary>
        public const string ParametersOnlyOption = "dotnet_diagnostic.AG0301.parameters_only";

        /// <summary>.editorconfig: `true` also reports an explicit `CancellationToken.None` / `default` argument (silent by default: a decision).</summary>
        public const string ReportExplicitNoneOption = "dotnet_diagnostic.AG0301.report_explicit_none";

        /// <summary>
        /// .editorconfig: members (`_stopping`, `Worker.StoppingToken`), types (`Worker`) or `*` whose token fields, properties
        /// and token-source fields count as available everywhere in the type (by default only where the member already uses them).
        /// </summary>
        public const string TokenMembersOption = "dotnet_diagnostic.AG0301.token_members";

        /// <summary>
        /// .editorconfig: `true` also reports the acquisition of a short internal lock (a private lock field whose every
        /// critical section waits only on conditions over that lock, with a token); silent by default.
        /// </summary>
        public const string ReportShortLocksOption = "dotnet_diagnostic.AG0301.report_short_locks";

        public static readonly DiagnosticDescriptor Rule = RuleHelp.Descriptor(
            Id, RuleHelp.CancellationCategory, DiagnosticSeverity.Warning, RuleTraits.None,
            title: "Forward the available CancellationToken",
            messageFormat: "'{0}' can take a CancellationToken: pass '{1}'",
            description: "A call that accepts a CancellationToken (optional parameter, overload, or an explicit CancellationToken.None) does not get the token that is available where it is made, so it keeps running after the caller was cancelled.");

        private protected override void OnCompilationStart(CompilationStartAnalysisContext start, AsyncTypes types)
        {
            if (types.CancellationToken is null)
            {
                return;
            }

            // An operation action: the target comes with the operation tree the other rules share, and one cached
            // per-method answer ends almost every call before any semantic query.
            var shapes = new CallShapeCache<IMethodSymbol?>(start.Compilation);
            var memory = new InMemoryIo(types);
            start.RegisterOperationAction(c => Analyze(c, types, shapes, memory), OperationKind.Invocation);
        }

        private static void Analyze(OperationAnalysisContext context, AsyncTypes types, CallShapeCache<IMethodSymbol?> shapes, InMemoryIo memory)
        {
            var operation = (IInvocationOperation)context.Operation;
            if (operation.IsImplicit || operation.Syntax is not InvocationExpressionSyntax syntax || operation.SemanticModel is not { } model
                || !types.MayTakeToken(operation.TargetMethod) || CancellableCalls.ReceivesToken(operation, syntax, types))
            {
                return;
            }

            // The method as the syntax calls it (reduced for an extension call): parameter positions are those written.
            var ct = context.CancellationToken;
            if (model.GetSymbolInfo(syntax, ct).Symbol is not IMethodSymbol target)
            {
                return;
            }

            // Cheap first: the parameters and a cached per-method overload lookup; most calls end here, allocating nothing.
            // (The scheduling token of Task.Run / StartNew / ContinueWith is never one: cancelled before the start, the
            // delegate and its finally never run, and whoever waits for what it would do may hang.)
            var kind = CancellableCalls.Classify(syntax, target, model, types, ct, out var tokenArgument, out var tokenParameter);
            if (kind == MissingTokenKind.None)
            {
                return;
            }

            // A framework wait given a zero timeout (`sem.Wait(0)`) tests and returns at once: nothing to cancel.
            if (kind != MissingTokenKind.ExplicitNone && ZeroTimeoutTries.NeverWaits(operation))
            {
                return;
            }

            var options = context.Options.AnalyzerConfigOptionsProvider.GetOptions(syntax.SyntaxTree);

            // An explicit CancellationToken.None / default is a decision (cleanup that must finish, a wait that must not
            // lose what it acquired): reported only on request.
            if (kind == MissingTokenKind.ExplicitNone && !RuleOptions.GetBool(options, ReportExplicitNoneOption))
            {
                return;
            }

            // A blocking Task.Wait* in async code is AG0101's finding (its fix awaits and keeps a token).
            if (IsTaskWait(target, types)
                && EnclosingFunction.ClassifyContaining(syntax, model, types, ct) == FunctionKind.AsyncCapable)
            {
                return;
            }

            // A wait on a task whose operation already got a token (`sem.WaitAsync(ct).Wait(timeout)`): cancelling the
            // outer wait after the inner operation succeeded would lose the permit, item or lock it acquired.
            if (WaitsOnTokenedTask(operation, model, types, ct))
            {
                return;
            }

            // The result is consumed by a call that gets a token: an async sequence enumerated with it
            // (`ReadAllAsync().GetAsyncEnumerator(ct)`, `.WithCancellation(ct)`: the iterator receives it), or a task whose
            // wait is cancelled instead of the operation (`client.SendAsync(x).WaitAsync(timeout, ct)`: the idiom of
            // pipelined clients, where abandoning a request mid-flight would break the connection).
            if (ConsumedWithToken(operation, types))
            {
                return;
            }

            // An argument that carries a token (a ShutdownEventArgs, a context, a source): the callee already gets it.
            if (PassesTokenCarrier(operation, types))
            {
                return;
            }

            // SendAsync to a dataflow block known to be unbounded accepts at once: nothing to cancel.
            if (kind != MissingTokenKind.ExplicitNone && !RuleOptions.GetBool(options, UnboundedTargets.ReportOption)
                && UnboundedTargets.AcceptsAtOnce(operation, model, ct))
            {
                return;
            }

            // Add to a BlockingCollection known to be unbounded never waits for room (UnboundedCollections, held-out DSharpPlus).
            if (kind != MissingTokenKind.ExplicitNone && UnboundedCollections.AcceptsAtOnce(operation, model, ct))
            {
                return;
            }

            var parametersOnly = RuleOptions.GetBool(options, ParametersOnlyOption);
            var tokens = AvailableTokens.Find(syntax, operation, model, types, parametersOnly, ct, memberSources: true);
            tokens = TokenProvenance.Filter(tokens, syntax, operation, model, types, options, TokenMembersOption, ct);
            tokens = RequestBodyIo.Filter(tokens, operation, options, ct);
            tokens = SettledTokens.Filter(tokens, operation, syntax, target, kind, tokenParameter, model, types, RuleOptions.GetBool(options, SettledTokens.ReportLaterOwnerOption), ct);
            tokens = UnassignedTokenSources.Filter(tokens, syntax, model, ct);
            tokens = OwnerTokens.Filter(tokens, operation, options);
            tokens = EventSettlements.Filter(tokens, operation, types, options);
            tokens = BoundedTaskWaits.Filter(tokens, operation, types, options);
            tokens = DetachedLocalFunctions.Filter(tokens, syntax, model, types, options, ct);
            tokens = SharedStateChanges.Filter(tokens, operation, model, types, options, ct);
            if (tokens.IsEmpty)
            {
                return;
            }

            // The task kept in a local is waited on with this same token (TokenGovernedLocals, ho3).
            if (TokenGovernedLocals.WaitedWithSameToken(operation, tokens, types, context.CancellationToken))
            {
                return;
            }

            // A take right after a wait for availability on the same source given a token (AvailabilityCheckedTakes, d301).
            if (kind != MissingTokenKind.ExplicitNone && AvailabilityCheckedTakes.FollowsAvailabilityWait(operation, model, types, ct))
            {
                return;
            }

            // Waiting for a short internal lock lasts as long as another holder's critical section, and none of them
            // waits for anything but a condition over the lock given a token: the token would add nothing.
            if (kind != MissingTokenKind.ExplicitNone && !RuleOptions.GetBool(options, ReportShortLocksOption)
                && ShortLocks.IsShortLockAcquisition(operation, model, types, ct))
            {
                return;
            }

            // I/O over memory only (a reader over a MemoryStream the function filled) completes synchronously: InMemoryIo.
            if (kind != MissingTokenKind.ExplicitNone && memory.IsInMemory(operation, ct))
            {
                return;
            }

            // Reads of a response body the client already buffered (default completion option): memory only (corpus13app).
            // Asked only for a finding about to be reported: it may walk the function for the response local's writes.
            if (kind != MissingTokenKind.ExplicitNone && BufferedResponseReads.ReadsBufferedContent(operation, model, types, ct))
            {
                return;
            }

            // The token written in a comment inside this call's own parentheses (`WriteAsync(b, 0, n /*, ct*/)`): taken out
            // by hand, a decision like an explicit None (corpus16web). Asked only for a finding about to be reported.
            if (CommentedOutTokens.TakenOut(syntax, model, types, ct))
            {
                return;
            }

            // Debatable shapes of issue 16 (deb301), each reported on request: a delegate that ignores the token it is
            // handed, a write of memory to a file the function opens, a delay that is a race's timeout or a timer's wait,
            // and the answer to the peer's WebSocket close.
            if (kind != MissingTokenKind.ExplicitNone && DebatableShape(operation, syntax, model, types, options, ct))
            {
                return;
            }

            // A suppression of CA2016 / MA0040 / MA0032 or ReSharper's MethodSupportsCancellation at the call (issue 16, deb9): the last check, it may
            // read the enclosing declarations' attributes.
            if (types.PeerSuppressions.IsSuppressed(Id, syntax, model, context.Options, ct))
            {
                return;
            }

            Location location;
            string? parameterName = null;
            if (kind == MissingTokenKind.ExplicitNone)
            {
                if (tokenArgument is null)
                {
                    return;
                }

                location = tokenArgument.Expression.GetLocation();
            }
            else
            {
                parameterName = tokenParameter?.Name;
                var token = AvailableTokens.ToSyntax(tokens[0].Expression);
                // Calls of one shape bind alike (an API called the same way all over the code is bound once); an
                // extension method's binding depends on the usings. Skipping an overload that is the enclosing member
                // (recursion) happens before binding, so it needs no place in the shape.
                var shared = new SharedBinding(shapes, operation, target.MethodKind == MethodKind.ReducedExtension,
                    SharedBinding.CallingTypeFor(target, CallShape.WrittenReceiverType(operation, syntax), model.Compilation, context.ContainingSymbol.ContainingType));
                var binds = CancellableCalls.TryPassToken(syntax, target, kind, parameterName, token, EnclosingMember(context.ContainingSymbol), model, types, ct, out _, out _, shared) != null;
                if (!binds)
                {
                    return;
                }

                location = NameOf(syntax.Expression).GetLocation();
            }

            var properties = ImmutableDictionary.CreateBuilder<string, string?>();
            properties.Add(KindProperty, kind.ToString());
            properties.Add(TokensProperty, TokenProperties.Join(tokens));
            if (parameterName != null)
            {
                properties.Add(ParameterProperty, parameterName);
            }

            var name = target.MethodKind == MethodKind.DelegateInvoke ? NameOf(syntax.Expression).ToString() : target.Name;
            context.ReportDiagnostic(Diagnostic.Create(Rule, location, properties.ToImmutable(), name, tokens[0].Expression));
        }

        private static bool DebatableShape(IInvocationOperation operation, InvocationExpressionSyntax syntax, SemanticModel model, AsyncTypes types,
            AnalyzerConfigOptions options, System.Threading.CancellationToken ct) =>
            (IgnoredDelegateTokens.OnlyFeedsIgnoringDelegates(operation, types) && !RuleOptions.GetBool(options, IgnoredDelegateTokens.ReportOption))
            || (LocalFileWrites.WritesMemoryToLocalFile(operation, ct) && !RuleOptions.GetBool(options, LocalFileWrites.ReportOption))
            || (TimerDelays.IsHandedOnTimer(operation, types, ct) && !RuleOptions.GetBool(options, TimerDelays.ReportOption))
            || (PeerCloseAnswers.AnswersPeerClose(syntax, model, ct) && !RuleOptions.GetBool(options, PeerCloseAnswers.ReportOption))
            || (StopDrains.PollsUntilDrained(operation, model, types, ct) && !RuleOptions.GetBool(options, StopDrains.ReportOption));

        /// <summary>The member (not a lambda or local function) the call is in: an overload that is this member is recursion.</summary>
        internal static IMethodSymbol? EnclosingMember(ISymbol? symbol)
        {
            while (symbol is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction })
            {
                symbol = symbol.ContainingSymbol;
            }

            return symbol as IMethodSymbol;
        }

        /// <summary>
        /// The call is made on a task (Task, ValueTask) produced by a call that was given a token (or an explicit None): directly
        /// (`x.WaitAsync(ct).Wait(..)`) or through a local initialised by such a call.
        /// </summary>
        private static bool WaitsOnTokenedTask(IInvocationOperation operation, SemanticModel model, AsyncTypes types, System.Threading.CancellationToken ct)
        {
            var receiver = Invocations.Receiver(operation);
            if (receiver is null || !types.IsTaskOrValueTask(receiver.Type))
            {
                return false;
            }

            if (receiver is ILocalReferenceOperation { Local: { DeclaringSyntaxReferences.Length: 1 } local }
                && local.DeclaringSyntaxReferences[0].GetSyntax(ct) is VariableDeclaratorSyntax { Initializer.Value: { } initializer })
            {
                receiver = model.GetOperation(initializer, ct) is { } initial ? Invocations.WithoutImplicitConversions(initial) : null;
            }

            if (receiver is not IInvocationOperation producer)
            {
                return false;
            }

            foreach (var argument in producer.Arguments)
            {
                // A token, or an explicit None (the operation must not be cancelled: neither may the wait for it).
                if (argument.Parameter is { } parameter && types.IsTokenOrNullableToken(parameter.Type)
                    && argument.ArgumentKind != ArgumentKind.DefaultValue)
                {
                    return true;
                }
            }

            return false;
        }

        private static bool ConsumedWithToken(IInvocationOperation operation, AsyncTypes types)
        {
            var sequence = operation.Type is INamedTypeSymbol { IsGenericType: true } named
                && named.OriginalDefinition.Is(types.IAsyncEnumerableOfT);
            if (!sequence && !types.IsTaskOrValueTask(operation.Type))
            {
                return false;
            }

            IOperation current = operation;
            while (current.Parent is IConversionOperation)
            {
                current = current.Parent;
            }

            // A task kept in a local whose wait gets the token (`var pending = w.FlushAsync(); .. pending.AsTask().Wait(ct);`).
            if (!sequence && current.Parent is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation { Symbol: { } local } })
            {
                return operation.SemanticModel is { } model && LocalWaitedWithToken(local, current.Syntax, model, types);
            }

            var parent = ConsumerOf(current);
            return parent != null && parent.TargetMethod.Name is "GetAsyncEnumerator" or "WithCancellation" or "WaitAsync" && GetsToken(parent, types);
        }

        private static IInvocationOperation? ConsumerOf(IOperation current) =>
            current.Parent is IArgumentOperation { Parent: IInvocationOperation extension } argumentOf && argumentOf.Parameter?.Ordinal == 0 && extension.TargetMethod.IsExtensionMethod
                ? extension
                : current.Parent is IInvocationOperation instance && instance.Instance == current ? instance : null;

        private static bool GetsToken(IInvocationOperation call, AsyncTypes types)
        {
            foreach (var argument in call.Arguments)
            {
                if (argument.Parameter is { } parameter && types.IsCancellationToken(parameter.Type)
                    && argument.ArgumentKind != ArgumentKind.DefaultValue && !types.IsNoToken(argument.Value))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Some use of the local, directly or through `AsTask()`, is waited on with a token: `Wait(ct)` / `WaitAsync(ct)`. The
        /// wait is cancelled instead of the operation, as in `x.SendAsync().WaitAsync(ct)`.
        /// </summary>
        private static bool LocalWaitedWithToken(ILocalSymbol local, SyntaxNode declaration, SemanticModel model, AsyncTypes types)
        {
            if (EnclosingFunction.Find(declaration) is not { } function)
            {
                return false;
            }

            var body = function is LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax or BaseMethodDeclarationSyntax or AccessorDeclarationSyntax ? function : null;
            if (body is null)
            {
                return false;
            }

            foreach (var name in body.DescendantNodes())
            {
                if (name is not IdentifierNameSyntax identifier || identifier.Identifier.ValueText != local.Name || identifier.SpanStart < declaration.SpanStart)
                {
                    continue;
                }

                if (model.GetOperation(identifier) is not ILocalReferenceOperation reference
                    || !reference.Local.Is(local))
                {
                    continue;
                }

                IOperation use = reference;
                while (use.Parent is IConversionOperation)
                {
                    use = use.Parent;
                }

                var consumer = ConsumerOf(use);
                if (consumer is { TargetMethod.Name: "AsTask" })
                {
                    use = consumer;
                    consumer = ConsumerOf(use);
                }

                if (consumer is { TargetMethod.Name: "Wait" or "WaitAsync" } && GetsToken(consumer, types))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>An argument (not the receiver) whose type has an instance CancellationToken field or property.</summary>
        private static bool PassesTokenCarrier(IInvocationOperation operation, AsyncTypes types)
        {
            var skip = Invocations.IsReducedExtensionCall(operation) ? 1 : 0;
            for (var i = skip; i < operation.Arguments.Length; i++)
            {
                var argument = operation.Arguments[i];
                if (argument.ArgumentKind == ArgumentKind.DefaultValue
                    || Invocations.WithoutImplicitConversions(argument.Value).Type is not INamedTypeSymbol type
                    || type.SpecialType != SpecialType.None || type.TypeKind is not (TypeKind.Class or TypeKind.Struct or TypeKind.Interface)
                    || types.IsTokenOrNullableToken(type))
                {
                    continue;
                }

                foreach (var member in types.TokenMembers(type))
                {
                    if (!member.IsStatic)
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static bool IsTaskWait(IMethodSymbol method, AsyncTypes types) =>
            method.Name is "Wait" or "WaitAll" or "WaitAny" && types.IsTask(method.ContainingType);

        /// <summary>The method name of a call's expression: `Delay` in `Task.Delay`, `M&lt;T&gt;`, `.M` of `x?.M`.</summary>
        internal static SyntaxNode NameOf(ExpressionSyntax expression) => expression switch
        {
            MemberAccessExpressionSyntax access => access.Name,
            MemberBindingExpressionSyntax binding => binding.Name,
            _ => expression,
        };
    }
}
