using System.Linq;

namespace AsyncGuard.Analyzers.Cancellation
{
    /// <summary>
    /// Which of the tokens available at a call belong to the operation the call is part of (AG0301, AG0302):
    /// <list type="bullet">
    /// <item>a token of the containing type (field, property, primary-constructor parameter, `.Token` of a source field)
    /// lives as long as the object, not the operation: it counts only where the enclosing member already cancels its
    /// work with it (passes it to a call, registers on it, tests it in a loop condition, throws on it in a loop), or where
    /// the `token_members` option names it; the same for the token members of an extension method's `this` parameter
    /// (the object it extends) and of a parameter whose type owns resources;</item>
    /// <item>a token of the method (parameter, local, source local, member of a parameter) does not reach a call that
    /// outlives the method: a task stored in a field or property, discarded (`_ = ..`) or dropped unawaited, or code in a
    /// lambda started by Task.Run / StartNew (when that task outlives the method), a Thread, a thread-pool item or a
    /// Timer, or stored as a callback or event handler;</item>
    /// <item>a token already cancelled on the path is no token: inside `if (t.IsCancellationRequested)`, in the else
    /// branch of `if (!t.IsCancellationRequested)`, in `catch (OperationCanceledException)` (every token) or a catch
    /// filtered on `t.IsCancellationRequested`, after `cts.Cancel()` / `await cts.CancelAsync()` in the same flow, in a
    /// callback registered with `t.Register(..)`, in the finally of a try whose block loops `while (!t.IsCancellationRequested)`.</item>
    /// </list>
    /// Runs only on calls a rule would otherwise report: syntax walks and the bound operation tree, a semantic query
    /// only to confirm a name (rare).
    /// </summary>
    internal static class TokenProvenance
    {
        /// <summary>The tokens of <paramref name="tokens"/> that belong to the operation at <paramref name="site"/>, nearest first.</summary>
        public static ImmutableArray<AvailableToken> Filter(ImmutableArray<AvailableToken> tokens, SyntaxNode site, IOperation? operation, SemanticModel model,
            AsyncTypes types, AnalyzerConfigOptions options, string memberOptionKey, CancellationToken cancellationToken)
        {
            if (tokens.IsEmpty)
            {
                return tokens;
            }

            ImmutableArray<AvailableToken>.Builder? kept = null;
            string[]? configured = null;
            var configuredRead = false;
            SyntaxNode? outlivesFrom = null;
            var lifetimeKnown = false;
            var cancelled = Cancelled.Unknown;

            for (var i = 0; i < tokens.Length; i++)
            {
                var token = tokens[i];
                var keep = true;
                if (token.Kind is TokenSourceKind.Member or TokenSourceKind.MemberSource
                    || (token.Kind == TokenSourceKind.ParameterMember && token.Owner is { } owner && (OwnsResources(owner.Type, types) || IsExtendedObject(owner))))
                {
                    if (!configuredRead)
                    {
                        configured = RuleOptions.GetList(options, memberOptionKey);
                        configuredRead = true;
                    }

                    keep = IsConfigured(token.Symbol, configured) || UsedByEnclosingMember(token.Symbol, token.Kind, site, model, cancellationToken);
                }
                else
                {
                    if (!lifetimeKnown)
                    {
                        outlivesFrom = operation is null ? null : OutlivingBoundary(operation, types);
                        lifetimeKnown = true;
                    }

                    keep = outlivesFrom is null || DeclaredWithin(token, outlivesFrom);
                }

                if (keep)
                {
                    if (cancelled.IsUnknown)
                    {
                        cancelled = Cancelled.At(site, model, types, cancellationToken);
                    }

                    keep = !cancelled.Covers(token, model, cancellationToken);
                }

                if (keep)
                {
                    if (kept != null)
                    {
                        kept.Add(token);
                    }
                }
                else if (kept is null)
                {
                    kept = ImmutableArray.CreateBuilder<AvailableToken>(tokens.Length);
                    for (var j = 0; j < i; j++)
                    {
                        kept.Add(tokens[j]);
                    }
                }
            }

            return kept is null ? tokens : kept.ToImmutable();
        }

        /// <summary>
        /// A parameter of a type that owns resources (IDisposable, IAsyncDisposable: a connection, a session, a client)
        /// outlives the operation; its token members are its lifetime, treated as member tokens. A context or event-args
        /// parameter (`context.RequestAborted`, `args.CancellationToken`) is the operation's own and always counts.
        /// </summary>
        private static bool OwnsResources(ITypeSymbol type, AsyncTypes types)
        {
            if (type.TypeKind is TypeKind.Error or TypeKind.TypeParameter)
            {
                return false;
            }

            foreach (var i in type.AllInterfaces)
            {
                if (i.SpecialType == SpecialType.System_IDisposable || i.Is(types.IAsyncDisposable))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The `this` parameter of an extension method (issue 16, deb301: a test harness's helper): the method extends that
        /// object, so the object's token members are member tokens of the method's type in all but name, under the same
        /// policy (`harness.CancellationToken` is the harness's timeout, not the helper's operation).
        /// </summary>
        private static bool IsExtendedObject(IParameterSymbol parameter) =>
            parameter.Ordinal == 0 && parameter.ContainingSymbol is IMethodSymbol { IsExtensionMethod: true };

        /// <summary>
        /// The option names the member: `*`, its name (`_stopping`), `Type.Member`, or its type (simple or full name; a
        /// type entry also covers the members it declares for derived types).
        /// </summary>
        private static bool IsConfigured(ISymbol member, string[]? entries)
        {
            if (entries is null)
            {
                return false;
            }

            var type = member.ContainingType;
            foreach (var entry in entries)
            {
                if (entry == "*" || entry == member.Name)
                {
                    return true;
                }

                if (type is null)
                {
                    continue;
                }

                if (entry == type.Name || entry == type.ToDisplayString() || entry == type.Name + "." + member.Name || entry == type.ToDisplayString() + "." + member.Name)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The enclosing member (method, accessor, constructor; with its lambdas and local functions) already cancels its
        /// work with <paramref name="member"/>: passes it (or a source's `.Token`) to a call, registers a callback on it,
        /// reads `IsCancellationRequested` in a loop condition, or calls `ThrowIfCancellationRequested()` inside a loop.
        /// </summary>
        private static bool UsedByEnclosingMember(ISymbol member, TokenSourceKind kind, SyntaxNode site, SemanticModel model, CancellationToken cancellationToken)
        {
            var body = EnclosingMemberDeclaration(site);
            if (body is null)
            {
                return false;
            }

            var name = member.Name;
            var used = false;
            var assigned = false;
            var assignedBefore = false;
            // A token property over a source member (`Token => _cts.Token`): an assignment of that source re-creates it too.
            // Read from syntax first; the source is bound only at an assignment of that name (most bodies have none).
            var behindName = kind == TokenSourceKind.Member ? SourceBackedTokenMembers.SourceNameOf(member, cancellationToken) : null;
            ISymbol? behind = null;
            foreach (var node in body.DescendantNodes())
            {
                if (node is IdentifierNameSyntax sourceName && behindName != null && sourceName.Identifier.ValueText == behindName
                    && (sourceName.Parent is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } qualifiedSource && qualifiedSource.Name == sourceName
                        ? qualifiedSource : (ExpressionSyntax)sourceName) is var target
                    && target.Parent is AssignmentExpressionSyntax sourceAssignment && sourceAssignment.Left == target
                    && (behind ??= SourceBackedTokenMembers.SourceOf(member, model, cancellationToken)) is { } resolved
                    && SameSymbol(sourceName, resolved, model, cancellationToken))
                {
                    assigned = true;
                    assignedBefore |= sourceAssignment.Span.End <= site.SpanStart;
                    continue;
                }

                if (node is not IdentifierNameSyntax identifier || identifier.Identifier.ValueText != name || site.Span.Contains(identifier.Span))
                {
                    continue;
                }

                ExpressionSyntax use = identifier;
                if (use.Parent is MemberAccessExpressionSyntax qualified && qualified.Name == use)
                {
                    // `this._cts`, `connection.Closing`
                    use = qualified;
                }

                // A member the enclosing member (re)creates (`_timeoutCts = new ..`) is a source for one step: its token
                // belongs to the code after the assignment, not to code before it (a previous step's token).
                if (use.Parent is AssignmentExpressionSyntax assignment && assignment.Left == use)
                {
                    if (SameSymbol(identifier, member, model, cancellationToken))
                    {
                        assigned = true;
                        assignedBefore |= assignment.Span.End <= site.SpanStart;
                    }

                    continue;
                }

                if (used)
                {
                    continue;
                }

                if (kind == TokenSourceKind.MemberSource && use.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Token" } tokenAccess && tokenAccess.Expression == use)
                {
                    use = tokenAccess;
                }

                if (!CancelsWork(use))
                {
                    continue;
                }

                used = SameSymbol(identifier, member, model, cancellationToken);
            }

            return used && (!assigned || assignedBefore);
        }

        private static bool SameSymbol(IdentifierNameSyntax identifier, ISymbol member, SemanticModel model, CancellationToken cancellationToken) =>
            member.OriginalDefinition.Is(model.GetSymbolInfo(identifier, cancellationToken).Symbol?.OriginalDefinition);

        private static bool CancelsWork(ExpressionSyntax use)
        {
            var outer = use.WalkUpParentheses();

            if (outer.Parent is ArgumentSyntax)
            {
                return true;
            }

            if (outer.Parent is not MemberAccessExpressionSyntax access || access.Expression != outer)
            {
                return false;
            }

            switch (access.Name.Identifier.ValueText)
            {
                case "Register" or "UnsafeRegister":
                    return access.Parent is InvocationExpressionSyntax;
                case "IsCancellationRequested":
                    return InLoopCondition(access);
                case "ThrowIfCancellationRequested":
                    return access.Parent is InvocationExpressionSyntax && InLoopBody(access);
                default:
                    return false;
            }
        }

        private static bool InLoopCondition(SyntaxNode node)
        {
            for (var child = node; child.Parent is { } parent; child = parent)
            {
                switch (parent)
                {
                    case WhileStatementSyntax w:
                        return w.Condition == child;
                    case DoStatementSyntax d:
                        return d.Condition == child;
                    case ForStatementSyntax f:
                        return f.Condition == child;
                    case StatementSyntax or AnonymousFunctionExpressionSyntax:
                        return false;
                }
            }

            return false;
        }

        private static bool InLoopBody(SyntaxNode node)
        {
            for (var current = node.Parent; current != null; current = current.Parent)
            {
                switch (current)
                {
                    case WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or CommonForEachStatementSyntax:
                        return true;
                    case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax:
                        return false;
                }
            }

            return false;
        }

        private static SyntaxNode? EnclosingMemberDeclaration(SyntaxNode site)
        {
            for (var current = site.Parent; current != null; current = current.Parent)
            {
                switch (current)
                {
                    case AccessorDeclarationSyntax or BaseMethodDeclarationSyntax or PropertyDeclarationSyntax or IndexerDeclarationSyntax
                        or FieldDeclarationSyntax or EventDeclarationSyntax:
                        return current;
                    case GlobalStatementSyntax:
                        return current.Parent;
                    case TypeDeclarationSyntax:
                        return null;
                }
            }

            return null;
        }

        /// <summary>
        /// The node whose code outlives the method, when there is one: the call itself (its task is stored in a field or
        /// property, discarded or dropped) or the nearest lambda that is started or stored to run later. Tokens of the
        /// method declared outside it do not belong to the call. Walks the bound operation tree only.
        /// </summary>
        internal static SyntaxNode? OutlivingBoundary(IOperation operation, AsyncTypes types)
        {
            if (ValueOutlives(operation, types))
            {
                return operation.Syntax;
            }

            for (var current = operation.Parent; current != null; current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation function && FunctionOutlives(function, types))
                {
                    return function.Syntax;
                }
            }

            return null;
        }

        /// <summary>The value of <paramref name="operation"/> (a task) is stored in a field or property, discarded, or dropped unawaited.</summary>
        private static bool ValueOutlives(IOperation operation, AsyncTypes types)
        {
            var current = operation;
            while (current.Parent is { } parent)
            {
                switch (parent)
                {
                    case IConversionOperation or IParenthesizedOperation:
                        current = parent;
                        continue;
                    case IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configured when configured.Instance == current:
                        current = parent;
                        continue;
                    case IExpressionStatementOperation:
                        return types.IsAwaitable(operation.Type);
                    case ISimpleAssignmentOperation assignment when assignment.Value == current:
                        return assignment.Target is IDiscardOperation or IFieldReferenceOperation or IPropertyReferenceOperation;
                    case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation { Symbol.Name: "_" } }:
                        // `var _ = SendAsync();`: a local named like a discard, the fire-and-forget idiom.
                        return true;
                    default:
                        return false;
                }
            }

            return false;
        }

        /// <summary>
        /// A lambda that runs after the method returned: the body of Task.Run / TaskFactory.StartNew whose task outlives
        /// the method, of a Thread, a thread-pool work item or a Timer, or a callback stored in a field, property or event.
        /// </summary>
        private static bool FunctionOutlives(IAnonymousFunctionOperation function, AsyncTypes types)
        {
            IOperation current = function;
            while (current.Parent is IDelegateCreationOperation or IConversionOperation)
            {
                current = current.Parent;
            }

            switch (current.Parent)
            {
                case IArgumentOperation { Parent: IInvocationOperation invocation }:
                    var method = invocation.TargetMethod;
                    if (IsTaskStarter(method, types))
                    {
                        return ValueOutlives(invocation, types);
                    }

                    return method.Name is "QueueUserWorkItem" or "UnsafeQueueUserWorkItem" && IsThreadingType(method.ContainingType, "ThreadPool");
                case IArgumentOperation { Parent: IObjectCreationOperation creation }:
                    return IsThreadingType(creation.Type, "Thread") || IsThreadingType(creation.Type, "Timer");
                case ISimpleAssignmentOperation assignment when assignment.Value == current:
                    return assignment.Target is IFieldReferenceOperation or IPropertyReferenceOperation;
                case IEventAssignmentOperation:
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>Task.Run, TaskFactory(.&lt;T&gt;).StartNew: start a delegate as a task.</summary>
        internal static bool IsTaskStarter(IMethodSymbol method, AsyncTypes types) => method.Name switch
        {
            "Run" => types.IsTask(method.ContainingType),
            "StartNew" => IsTaskFactory(method.ContainingType),
            _ => false,
        };

        /// <summary>
        /// The token parameter of a call that schedules a delegate (Task.Run, TaskFactory.StartNew / ContinueWhenAll /
        /// ContinueWhenAny, Task.ContinueWith): cancelled before it starts, the delegate never runs (its finally neither).
        /// </summary>
        internal static bool SchedulesDelegate(IMethodSymbol method, AsyncTypes types) => method.Name switch
        {
            "Run" or "ContinueWith" => types.IsTask(method.ContainingType) || types.IsTaskOfT(method.ContainingType),
            "StartNew" or "ContinueWhenAll" or "ContinueWhenAny" => IsTaskFactory(method.ContainingType),
            _ => false,
        };

        /// <summary>
        /// A token parameter that records which cancellation happened rather than asking for one:
        /// TaskCompletionSource(.&lt;T&gt;).SetCanceled / TrySetCanceled, Task.FromCanceled, ValueTask.FromCanceled. Only the
        /// token that did cancel belongs there; the one at hand may not be it.
        /// </summary>
        internal static bool RecordsCancellation(IMethodSymbol method, AsyncTypes types) => method.Name switch
        {
            "SetCanceled" or "TrySetCanceled" => method.ContainingType is { Name: "TaskCompletionSource", TypeArguments.Length: <= 1 } source && IsTasksNamespace(source.ContainingNamespace),
            "FromCanceled" => types.IsTask(method.ContainingType) || types.IsValueTask(method.ContainingType),
            _ => false,
        };

        private static bool IsTasksNamespace(INamespaceSymbol? ns) =>
            ns is { Name: "Tasks", ContainingNamespace: { Name: "Threading", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } };

        private static bool IsTaskFactory(ITypeSymbol? type) =>
            type is INamedTypeSymbol { Name: "TaskFactory", TypeArguments.Length: <= 1 } named
            && named.ContainingNamespace is { Name: "Tasks", ContainingNamespace: { Name: "Threading", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } };

        private static bool IsThreadingType(ITypeSymbol? type, string name) =>
            type is INamedTypeSymbol { TypeArguments.Length: 0 } named && named.Name == name
            && named.ContainingNamespace is { Name: "Threading", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };

        /// <summary>The method-scoped token is declared inside <paramref name="boundary"/> (so it lives as long as the code there).</summary>
        private static bool DeclaredWithin(AvailableToken token, SyntaxNode boundary)
        {
            ISymbol root = token.Kind == TokenSourceKind.ParameterMember && token.Owner != null ? token.Owner : token.Symbol;
            foreach (var reference in root.DeclaringSyntaxReferences)
            {
                if (reference.SyntaxTree == boundary.SyntaxTree && boundary.Span.Contains(reference.Span) && boundary != reference.GetSyntax())
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>What is known cancelled at a position: every token (catch of a cancellation) or the named ones.</summary>
        private readonly struct Cancelled
        {
            private readonly bool _known;
            private readonly bool _all;
            private readonly ImmutableArray<ExpressionSyntax> _receivers;

            private Cancelled(bool all, ImmutableArray<ExpressionSyntax> receivers)
            {
                _known = true;
                _all = all;
                _receivers = receivers;
            }

            public static Cancelled Unknown => default;

            public bool IsUnknown => !_known;

            public static Cancelled At(SyntaxNode site, SemanticModel model, AsyncTypes types, CancellationToken cancellationToken)
            {
                var receivers = ImmutableArray.CreateBuilder<ExpressionSyntax>();
                var child = site;
                for (var current = site.Parent; current != null; child = current, current = current.Parent)
                {
                    switch (current)
                    {
                        case IfStatementSyntax ifStatement when ifStatement.Statement == child:
                            CollectRequested(ifStatement.Condition, negated: false, receivers);
                            break;
                        case ElseClauseSyntax { Parent: IfStatementSyntax ifStatement }:
                            CollectRequested(ifStatement.Condition, negated: true, receivers);
                            break;
                        case ConditionalExpressionSyntax conditional when conditional.WhenTrue == child:
                            CollectRequested(conditional.Condition, negated: false, receivers);
                            break;
                        case CatchClauseSyntax catchClause when catchClause.Block == child:
                            if (catchClause.Filter is { } filter)
                            {
                                CollectRequested(filter.FilterExpression, negated: false, receivers);
                            }

                            if (catchClause.Declaration?.Type is { } caught && IsCancellationException(model.GetTypeInfo(caught, cancellationToken).Type))
                            {
                                return new Cancelled(true, ImmutableArray<ExpressionSyntax>.Empty);
                            }

                            break;
                        case FinallyClauseSyntax { Parent: TryStatementSyntax tryStatement } finallyClause when finallyClause.Block == child:
                            // `try { while (!t.IsCancellationRequested) { .. } .. } finally { .. }` (the loop a statement of the
                            // try block itself): the try's normal end comes after t fired, so its finally is teardown after
                            // the cancellation (a grace pause given t would throw out of the finally).
                            foreach (var tried in tryStatement.Block.Statements)
                            {
                                if (tried is WhileStatementSyntax loop)
                                {
                                    CollectRequested(loop.Condition, negated: true, receivers);
                                }
                            }

                            break;
                        case BlockSyntax block when child is StatementSyntax statement:
                            if (AfterSwallowedCancellation(block.Statements, statement, model, cancellationToken))
                            {
                                return new Cancelled(true, ImmutableArray<ExpressionSyntax>.Empty);
                            }

                            CollectCancelCalls(block.Statements, statement, receivers);
                            break;
                        case ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Register" or "UnsafeRegister" } register } } }
                            when child is AnonymousFunctionExpressionSyntax:
                            // The callback of `x.Register(..)` runs once x is cancelled.
                            receivers.Add(register.Expression);
                            break;
                        case SwitchSectionSyntax section when child is StatementSyntax statement:
                            CollectCancelCalls(section.Statements, statement, receivers);
                            break;
                        case MemberDeclarationSyntax:
                            return new Cancelled(false, receivers.ToImmutable());
                    }
                }

                return new Cancelled(false, receivers.ToImmutable());
            }

            public bool Covers(AvailableToken token, SemanticModel model, CancellationToken cancellationToken)
            {
                if (_all)
                {
                    return true;
                }

                if (_receivers.IsDefaultOrEmpty)
                {
                    return false;
                }

                var tokenText = Normalize(AvailableTokens.ToSyntax(token.Expression));
                foreach (var receiver in _receivers)
                {
                    if (Normalize(receiver) == tokenText && SameRoot(receiver, token, model, cancellationToken))
                    {
                        return true;
                    }
                }

                return false;
            }

            /// <summary>The leftmost name of the receiver reads the token's own symbol (or its parameter's).</summary>
            private static bool SameRoot(ExpressionSyntax receiver, AvailableToken token, SemanticModel model, CancellationToken cancellationToken)
            {
                var root = Strip(receiver);
                while (root is MemberAccessExpressionSyntax access && access.Expression is not ThisExpressionSyntax)
                {
                    root = access.Expression;
                }

                var expected = token.Kind == TokenSourceKind.ParameterMember && token.Owner != null ? token.Owner : token.Symbol;
                var bound = model.GetSymbolInfo(root, cancellationToken).Symbol;
                return expected.OriginalDefinition.Is(bound?.OriginalDefinition);
            }

            /// <summary>The text a token is named by: without `this.`, `.Token`, `.GetValueOrDefault()`, `.Value` and parentheses.</summary>
            private static string Normalize(ExpressionSyntax expression) => Strip(expression).ToString();

            private static ExpressionSyntax Strip(ExpressionSyntax expression)
            {
                while (true)
                {
                    expression = expression.WalkDownParentheses();
                    switch (expression)
                    {
                        case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetValueOrDefault" } access, ArgumentList.Arguments.Count: 0 }:
                            expression = access.Expression;
                            continue;
                        case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Token" or "Value" } access:
                            expression = access.Expression;
                            continue;
                        case MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } access:
                            return access.Name;
                        default:
                            return expression;
                    }
                }
            }

            /// <summary>Receivers `x` of `x.IsCancellationRequested` that the condition proves true (false when <paramref name="negated"/>).</summary>
            private static void CollectRequested(ExpressionSyntax condition, bool negated, ImmutableArray<ExpressionSyntax>.Builder receivers)
            {
                condition = condition.WalkDownParentheses();

                switch (condition)
                {
                    case BinaryExpressionSyntax binary when binary.IsKind(negated ? SyntaxKind.LogicalOrExpression : SyntaxKind.LogicalAndExpression):
                        CollectRequested(binary.Left, negated, receivers);
                        CollectRequested(binary.Right, negated, receivers);
                        break;
                    case PrefixUnaryExpressionSyntax unary when unary.IsKind(SyntaxKind.LogicalNotExpression):
                        CollectRequested(unary.Operand, !negated, receivers);
                        break;
                    case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "IsCancellationRequested" } access when !negated:
                        receivers.Add(access.Expression);
                        break;
                }
            }

            /// <summary>`x.Cancel(..)` / `await x.CancelAsync()` statements before <paramref name="child"/> with no reassignment of `x` after them.</summary>
            private static void CollectCancelCalls(SyntaxList<StatementSyntax> statements, StatementSyntax child, ImmutableArray<ExpressionSyntax>.Builder receivers)
            {
                var index = statements.IndexOf(child);
                for (var i = 0; i < index; i++)
                {
                    // Also inside a statement before it (`if (!cts.IsCancellationRequested) cts.Cancel();`): cancelled on some
                    // path, the code after it is teardown. Not inside lambdas or local functions (they run elsewhere).
                    foreach (var node in statements[i].DescendantNodesAndSelf(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)))
                    {
                        if (node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Cancel" or "CancelAsync" } cancel }
                            && !ReassignedBetween(statements, i + 1, index, cancel.Expression) && !LeavesAfter(node, statements[i]))
                        {
                            receivers.Add(cancel.Expression);
                        }
                    }
                }
            }

            /// <summary>
            /// The path through <paramref name="cancel"/> leaves <paramref name="statement"/> without reaching what follows it:
            /// a block around the cancel (inside the statement) goes on to a `return`, `throw` or `goto`, or to a `break` out of a
            /// loop or switch around the statement (`if (stop) { cts.Cancel(); break; }` in the loop that holds the call).
            /// </summary>
            private static bool LeavesAfter(SyntaxNode cancel, StatementSyntax statement)
            {
                for (var child = cancel; child != statement && child.Parent is { } parent; child = parent)
                {
                    if (parent is not BlockSyntax block || child is not StatementSyntax inner)
                    {
                        continue;
                    }

                    for (var i = block.Statements.IndexOf(inner) + 1; i < block.Statements.Count; i++)
                    {
                        switch (block.Statements[i])
                        {
                            case ReturnStatementSyntax or ThrowStatementSyntax or GotoStatementSyntax:
                                return true;
                            case BreakStatementSyntax:
                                return !BreakTargetWithin(block, statement);
                        }
                    }
                }

                return false;
            }

            /// <summary>The loop or switch a `break` in <paramref name="block"/> leaves lies within <paramref name="statement"/>.</summary>
            private static bool BreakTargetWithin(SyntaxNode block, StatementSyntax statement)
            {
                for (var current = block; current != null; current = current.Parent)
                {
                    if (current is WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or CommonForEachStatementSyntax or SwitchStatementSyntax)
                    {
                        return statement.Span.Contains(current.Span);
                    }

                    if (current == statement)
                    {
                        return false;
                    }
                }

                return false;
            }

            /// <summary>
            /// A statement before <paramref name="child"/> is a try that catches the cancellation and goes on (a loop left by
            /// cancelling): the code after it is the shutdown path, where the tokens may already be cancelled.
            /// </summary>
            private static bool AfterSwallowedCancellation(SyntaxList<StatementSyntax> statements, StatementSyntax child, SemanticModel model, CancellationToken cancellationToken)
            {
                var index = statements.IndexOf(child);
                for (var i = 0; i < index; i++)
                {
                    if (statements[i] is not TryStatementSyntax tryStatement)
                    {
                        continue;
                    }

                    foreach (var catchClause in tryStatement.Catches)
                    {
                        if (catchClause.Declaration?.Type is { } caught && catchClause.Filter is null
                            && caught.ToString().EndsWith("CanceledException", StringComparison.Ordinal)
                            && !EndsWithJump(catchClause.Block)
                            && IsCancellationException(model.GetTypeInfo(caught, cancellationToken).Type))
                        {
                            return true;
                        }
                    }
                }

                return false;
            }

            private static bool EndsWithJump(BlockSyntax block) =>
                block.Statements.LastOrDefault() is ThrowStatementSyntax or ReturnStatementSyntax or BreakStatementSyntax or ContinueStatementSyntax or GotoStatementSyntax;

            private static bool ReassignedBetween(SyntaxList<StatementSyntax> statements, int from, int to, ExpressionSyntax target)
            {
                var text = Normalize(target);
                for (var i = from; i < to; i++)
                {
                    foreach (var node in statements[i].DescendantNodesAndSelf())
                    {
                        if (node is AssignmentExpressionSyntax assignment && Normalize(assignment.Left) == text)
                        {
                            return true;
                        }
                    }
                }

                return false;
            }

            private static bool IsCancellationException(ITypeSymbol? type) => WellKnownApis.IsOrDerivesFromSystemType(type, "OperationCanceledException");
        }
    }
}
