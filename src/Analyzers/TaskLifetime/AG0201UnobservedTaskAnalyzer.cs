using System.Collections.Concurrent;

namespace AsyncGuard.Analyzers.TaskLifetime
{
    /// <summary>
    /// AG0201: an awaitable produced by a call or `new` and dropped as a statement inside a function that is not async
    /// (in async functions the compiler's CS4014 reports the same thing); and, in any function, one stored in a local that
    /// nothing reads (<see cref="UnreadTaskLocals"/>).
    /// </summary>
    public sealed class AG0201UnobservedTaskAnalyzer() : AsyncGuardAnalyzer(Rule)
    {
        public const string Id = "AG0201";

        /// <summary>.editorconfig key: `true` reports `_ = F();` as well.</summary>
        public const string ReportDiscardsOption = "dotnet_diagnostic.AG0201.report_discards";

        /// <summary>
        /// .editorconfig key: `true` reports a dropped `Task.Run(..)` / `Task.Factory.StartNew(..)` in a synchronous function
        /// (one that returns no awaitable) as well; by default that is a deliberate start of background work.
        /// </summary>
        public const string ReportBackgroundStartsOption = "dotnet_diagnostic.AG0201.report_background_starts";

        /// <summary>
        /// .editorconfig key: `true` reports a task stored in a local nobody reads inside a function that returns no awaitable
        /// as well; by default that is the spelling of a discard from before `_ =`.
        /// </summary>
        public const string ReportSyncUnreadLocalsOption = "dotnet_diagnostic.AG0201.report_sync_unread_locals";

        public static readonly DiagnosticDescriptor Rule = RuleHelp.Descriptor(
            Id, RuleHelp.TaskLifetimeCategory, DiagnosticSeverity.Warning, RuleTraits.None,
            title: "Unobserved task",
            messageFormat: "The '{0}' returned here is never awaited or observed; its exceptions and completion are lost",
            description: "A task that nobody awaits runs unsupervised: its exceptions vanish and the caller goes on before it completes. Await it, or discard it explicitly with `_ =` when fire-and-forget is intended.");

        private protected override void OnCompilationStart(CompilationStartAnalysisContext start, AsyncTypes types)
        {
            var peers = types.PeerSuppressions;
            // The message's type names, formatted once per type and compilation (most findings drop the same few types).
            var names = new ConcurrentDictionary<ITypeSymbol, string>(SymbolEqualityComparer.IncludeNullability);
            start.RegisterOperationAction(c => Analyze(c, types, peers, names), OperationKind.Invocation, OperationKind.ObjectCreation);
        }

        private static void Analyze(OperationAnalysisContext context, AsyncTypes types, PeerSuppressions peers, ConcurrentDictionary<ITypeSymbol, string> names)
        {
            var operation = context.Operation;

            // Syntactic filter first: only values standing as a statement, a lambda's expression body or `_ = ...`.
            var place = StatementPlace(operation.Syntax, out var top);
            // void and the other special types are never awaitable: answered without the awaitable test's comparisons. A value
            // written elsewhere than to a plain local (a field initializer, `x.P = F()`) needs no awaitable test either.
            SyntaxNode? written = null;
            if (place == Place.None || (place == Place.LocalWrite && !UnreadTaskLocals.IsLocalWrite(top, out written))
                || operation.Type is not { SpecialType: SpecialType.None } || !types.IsAwaitable(operation.Type))
            {
                return;
            }

            // An arrow body only drops the value where the member returns void.
            if (place == Place.ArrowBody && !IsVoidArrowBody(top, context))
            {
                return;
            }

            var function = EnclosingFunction.Find(top);
            if (place == Place.LocalWrite)
            {
                // `var t = F();` with `t` never read (issue 16, M1). CS4014 does not see an assignment: reported in async
                // functions and top-level code too. A local named `_` is a discard by intent.
                if (!IsUnreadLocal(context, types, top, written!))
                {
                    return;
                }
            }
            else
            {
                var use = ValueObservation.Classify(operation);
                if (use.Kind == ValueUseKind.Discarded)
                {
                    if (!ReportsDiscards(context, operation.Syntax.SyntaxTree))
                    {
                        return;
                    }
                }
                else if (use.Kind != ValueUseKind.Dropped)
                {
                    return;
                }

                // CS4014 covers async functions and all top-level code (awaiting or not).
                if (function is CompilationUnitSyntax || AsyncModifier.IsAsync(function) || IsInExpressionTree(function, context, types))
                {
                    return;
                }
            }

            // A call that is itself the observation: a helper that attaches a fault handler to the task it is given.
            if (operation is IInvocationOperation invocation)
            {
                if (ObservingCall.Observes(invocation, types, context.CancellationToken))
                {
                    return;
                }

                // A statically bound source method that returns an already-completed task on every path: nothing to lose.
                if (CompletedCallees.ReturnsOnlyCompleted(invocation, types, context.CancellationToken))
                {
                    return;
                }

                // A dual sync/async call told by its selector constant to run synchronously (SyncSideCalls).
                if (SyncSideCalls.IsSyncSideCall(invocation, types) && !RuleOptions.GetBool(context.Options, operation.Syntax.SyntaxTree, SyncSideCalls.ReportOption))
                {
                    return;
                }

                // A statically bound async source method whose body is one catch-all try, or a loop of them: its task never faults
                // (ObservingCall, NeverFaultingLoops).
                var reportingHandlers = !RuleOptions.GetBool(context.Options, operation.Syntax.SyntaxTree, ObservingCall.ReportCaughtFireAndForgetOption);
                if (ObservingCall.CallsNeverFaultingAsyncMethod(invocation, types, context.CancellationToken, reportingHandlers)
                    || NeverFaultingLoops.CallsNeverFaultingLoop(invocation, types, context.CancellationToken, reportingHandlers))
                {
                    return;
                }

                // A background start in a function that returns no awaitable: starting work that runs on its own is what
                // `Task.Run` is for there, and the function has no task to hand it to. A Task-returning function could.
                if (ObservingCall.IsBackgroundStart(invocation.TargetMethod, types)
                    && EnclosingFunction.Classify(operation, context.ContainingSymbol, types) == FunctionKind.Synchronous
                    && !RuleOptions.GetBool(context.Options, operation.Syntax.SyntaxTree, ReportBackgroundStartsOption))
                {
                    return;
                }
            }

            // A method whose void signature a contract from another assembly imposes (IObserver<T>.OnNext, a TimerCallback):
            // it cannot await, and the project cannot change the contract.
            if (function is MethodDeclarationSyntax declaration && operation.SemanticModel is { } declarationModel
                && declarationModel.GetDeclaredSymbol(declaration, context.CancellationToken) is { } method
                && (ExternalContracts.Imposes(method, types) || ExternalContracts.UsedAsExternalCallback(method, declarationModel, context.CancellationToken))
                && !ExternalContracts.Reported(context.Options, operation.Syntax.SyntaxTree, Id))
            {
                return;
            }

            // A void member that only passes one call through, void by a contract of the compilation whose other members are awaitable (VoidContractWrappers).
            if (VoidContractWrappers.IsWrapper(top, function, operation.SemanticModel, types, context.Options, context.CancellationToken))
            {
                return;
            }

            // A C# event handler, void by its event's delegate (EventHandlerStarts), or a callback kept in a member or a registration
            // (StoredCallbacks): it cannot await what it starts.
            if (!RuleOptions.GetBool(context.Options, operation.Syntax.SyntaxTree, EventHandlerStarts.ReportEventHandlersOption)
                && (EventHandlerStarts.IsEventHandler(function, operation.SemanticModel, context.CancellationToken)
                    || StoredCallbacks.IsStoredCallback(top, function, operation.SemanticModel, types, context.CancellationToken)))
            {
                return;
            }

            // Cleanup dropped on a failure path (FailurePathCleanups); a channel writer dropped where its reader is handed back
            // (ChannelProducers): the outcome travels another way.
            if (place == Place.Statement && operation is IInvocationOperation dropped
                && (((EnclosingFunction.Classify(operation, context.ContainingSymbol, types) == FunctionKind.Synchronous
                            || FailedResultCleanups.ReturnsTheFailure(dropped, top, types, context.CancellationToken))
                        && FailurePathCleanups.IsCleanupOnFailurePath(dropped, top, function, types, context.CancellationToken)
                        && !RuleOptions.GetBool(context.Options, operation.Syntax.SyntaxTree, FailurePathCleanups.ReportOption))
                    || (ChannelProducers.HandsBackReader(dropped, top, types)
                        && !RuleOptions.GetBool(context.Options, operation.Syntax.SyntaxTree, ChannelProducers.ReportOption))))
            {
                return;
            }

            // A callback-style call whose error callback receives every fault (ErrorCallbackCalls, ho3).
            if (operation is IInvocationOperation withCallbacks && ErrorCallbackCalls.FaultsGoToCallback(withCallbacks, context.CancellationToken))
            {
                return;
            }

            // `#pragma warning disable CS4014` (or VSTHRD110, MA0134) around the statement: the team decided once.
            if (operation.SemanticModel is { } model && peers.IsSuppressed(Id, top, model, context.Options, context.CancellationToken))
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(Rule, top.GetLocation(), names.GetOrAdd(operation.Type!, static type => type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat))));
        }

        /// <summary>`var t = F();` / `t = F();` where `t` is a local of an awaitable type that nothing reads.</summary>
        private static bool IsUnreadLocal(OperationAnalysisContext context, AsyncTypes types, SyntaxNode top, SyntaxNode target)
        {
            var model = context.Operation.SemanticModel;
            if (model is null || UnreadTaskLocals.SurelyRead(target)
                || UnreadTaskLocals.WrittenLocal(target, model, types, context.CancellationToken) is not { } local)
            {
                return false;
            }

            if (local.Name == "_" && !ReportsDiscards(context, top.SyntaxTree))
            {
                return false;
            }

            if (!UnreadTaskLocals.IsNeverRead(local, target, model, context.CancellationToken))
            {
                return false;
            }

            // In a function that returns no awaitable (eighth part, ff201: MassTransit's StatsD counters, Firebird's event
            // loop start) a task stored in a local nobody reads is the spelling of a discard from before `_ =`: the function
            // cannot await it, and storing it states the drop on purpose. In a function that can await, a stored and
            // forgotten task is an await left out (N_m3u8DL-RE's mux and producer tasks): still reported. `var _ = F();` is
            // report_discards' alone.
            if (local.Name != "_" && EnclosingFunction.Classify(context.Operation, context.ContainingSymbol, types) == FunctionKind.Synchronous
                && !RuleOptions.GetBool(context.Options, top.SyntaxTree, ReportSyncUnreadLocalsOption))
            {
                return false;
            }

            return true;
        }

        /// <summary>`void Ping() => SendAsync();`, `set => SaveAsync(value);`, `void Local() => F();`: an arrow body of a void member.</summary>
        private static bool IsVoidArrowBody(SyntaxNode top, OperationAnalysisContext context)
        {
            var member = top.Parent?.Parent;
            switch (member)
            {
                case MethodDeclarationSyntax method:
                    return method.ReturnType is PredefinedTypeSyntax predefined && predefined.Keyword.IsKind(SyntaxKind.VoidKeyword);
                case LocalFunctionStatementSyntax local:
                    return local.ReturnType is PredefinedTypeSyntax localPredefined && localPredefined.Keyword.IsKind(SyntaxKind.VoidKeyword);
                case ConstructorDeclarationSyntax or DestructorDeclarationSyntax:
                    return true;
                case AccessorDeclarationSyntax accessor:
                    return !accessor.IsKind(SyntaxKind.GetAccessorDeclaration);
                case OperatorDeclarationSyntax or ConversionOperatorDeclarationSyntax:
                    return false;
                default:
                    // Expression-bodied properties and indexers return their value.
                    return false;
            }
        }

        private enum Place
        {
            None,
            Statement,
            Discard,
            LambdaBody,
            ArrowBody,
            LocalWrite,
        }

        /// <summary>Where the expression ends up once `?.` and parentheses are climbed; <paramref name="top"/> is the outermost expression.</summary>
        private static Place StatementPlace(SyntaxNode node, out SyntaxNode top)
        {
            top = node;
            var parent = node.Parent;
            while (parent is ParenthesizedExpressionSyntax || (parent is ConditionalAccessExpressionSyntax conditional && conditional.WhenNotNull == top))
            {
                top = parent;
                parent = parent.Parent;
            }

            switch (parent)
            {
                case ExpressionStatementSyntax:
                    return Place.Statement;
                case AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: "_" } } assignment
                    when assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) && assignment.Right == top:
                    return Place.Discard;
                case AnonymousFunctionExpressionSyntax lambda when lambda.ExpressionBody == top:
                    return Place.LambdaBody;
                case ArrowExpressionClauseSyntax arrow when arrow.Expression == top:
                    return Place.ArrowBody;
                case EqualsValueClauseSyntax or AssignmentExpressionSyntax:
                    // Maybe `var t = F();` / `t = F();`: the full syntactic test (UnreadTaskLocals.IsLocalWrite) waits for the
                    // awaitable type, which most initializers do not have.
                    return Place.LocalWrite;
                default:
                    return Place.None;
            }
        }

        private static bool ReportsDiscards(OperationAnalysisContext context, SyntaxTree tree) => RuleOptions.GetBool(context.Options, tree, ReportDiscardsOption);

        /// <summary>A lambda converted to an Expression&lt;T&gt; is data, never run as written.</summary>
        private static bool IsInExpressionTree(SyntaxNode? function, OperationAnalysisContext context, AsyncTypes types)
        {
            for (var node = function; node is AnonymousFunctionExpressionSyntax lambda; node = EnclosingFunction.Find(lambda))
            {
                var model = context.Operation.SemanticModel;
                if (model != null && types.IsExpressionTree(model.GetTypeInfo(lambda, context.CancellationToken).ConvertedType))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
