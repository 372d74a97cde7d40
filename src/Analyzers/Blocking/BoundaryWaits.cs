namespace AsyncGuard.Analyzers.Blocking
{
    /// <summary>
    /// Three more AG0103 classes of deliberate sync boundaries (issue 16, d103), decided only for a wait about to be reported:
    /// <list type="bullet">
    /// <item><b>Async work offloaded at the wait</b> (<c>report_offloaded_work</c>): see <see cref="WaitsOnOffloadedAsyncWork"/>.</item>
    /// <item><b>Timed waits checked on the task</b> (<c>report_timed_waits</c>): see <see cref="IsStateCheckedTimedWait"/>.</item>
    /// <item><b>Overrides of a source member that implements an external contract</b> (<c>report_external_contracts</c>): see
    /// <see cref="OverridesExternalContract"/>.</item>
    /// </list>
    /// </summary>
    internal static class BoundaryWaits
    {
        /// <summary>Whether one of these classes holds the wait and its key does not report it.</summary>
        public static bool Silences(string ruleId, in BlockingWait wait, SyntaxNode? function, SemanticModel model, AsyncTypes types, AnalyzerOptions options, CancellationToken cancellationToken, ISymbol? containingSymbol)
        {
            var tree = wait.Node.SyntaxTree;
            return (WaitsOnOffloadedAsyncWork(wait, function, model, types, cancellationToken)
                    && !WaitQuietSites.Reports(options, tree, WaitQuietSites.ReportOffloadedWorkOption))
                || (IsStateCheckedTimedWait(wait, function, model, cancellationToken)
                    && !WaitQuietSites.Reports(options, tree, WaitContracts.ReportTimedWaitsOption))
                || (OverridesExternalContract(function, model, types, cancellationToken, containingSymbol)
                    && !ExternalContracts.Reported(options, tree, ruleId));
        }

        /// <summary>
        /// A wait, in a method, constructor or a local function of one, directly on <c>Task.Run(f)</c> (also under
        /// <c>ConfigureAwait(..)</c>) where <c>f</c> returns an awaitable (an async lambda, <c>() => x.CloseAsync()</c>, a method
        /// group): the code moved the async work to the pool on purpose, so it starts with no synchronization context and none
        /// of its continuations needs the blocked thread. What is left is a thread blocked at a sync API's boundary the code
        /// states (a dispose path, a sync builder step). Accessors stay reported: a property read is expected to be cheap, and a
        /// getter that blocks on I/O at every read needs a method or an async member, which the offload does not give.
        /// Lambdas stay reported too (a callback that blocks its caller's thread).
        /// </summary>
        public static bool WaitsOnOffloadedAsyncWork(in BlockingWait wait, SyntaxNode? function, SemanticModel model, AsyncTypes types, CancellationToken cancellationToken)
        {
            if (wait.Awaitable is not { } awaitable || !IsMethodLike(function) || !IsRunCallSyntax(awaitable)
                || model.GetOperation(awaitable.WalkDownParentheses(), cancellationToken) is not { } task)
            {
                return false;
            }

            task = Bare(task);
            while (task is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } wrapped && Invocations.Receiver(wrapped) is { } receiver)
            {
                task = Bare(receiver);
            }

            if (task is not IInvocationOperation { TargetMethod: { Name: "Run", IsStatic: true } run } call
                || !run.ContainingType.Is(types.Task))
            {
                return false;
            }

            foreach (var argument in call.Arguments)
            {
                if (argument.Parameter?.Ordinal == 0)
                {
                    return argument.Value.Type is INamedTypeSymbol { DelegateInvokeMethod: { } invoke } && types.IsAwaitable(invoke.ReturnType);
                }
            }

            return false;
        }

        /// <summary>
        /// A timed <c>task.Wait(timeout[, token])</c> statement (the timeout not a constant infinite one, the bool dropped) on a
        /// parameter or local of the method that nothing in the member writes again, followed in its block (or a block around
        /// it) by a statement that reads the task's state (<c>Status</c>, <c>IsCompleted</c>, <c>IsCompletedSuccessfully</c>, <c>IsFaulted</c>,
        /// <c>IsCanceled</c>): the code bounded the block and checks how the wait ended on the task itself instead of on the
        /// bool (<c>task.Wait(timeout); if (task.Status != TaskStatus.RanToCompletion) throw new TimeoutException();</c>), as the
        /// bounded checked waits of <c>report_timed_waits</c> do with the result. A dropped timed wait with no such check stays
        /// reported (the code goes on as if the work had finished).
        /// </summary>
        public static bool IsStateCheckedTimedWait(in BlockingWait wait, SyntaxNode? function, SemanticModel model, CancellationToken cancellationToken)
        {
            if (wait.Kind != BlockingWaitKind.Wait || function is not BaseMethodDeclarationSyntax and not LocalFunctionStatementSyntax
                || wait.Node is not InvocationExpressionSyntax { ArgumentList.Arguments.Count: > 0, Parent: ExpressionStatementSyntax statement }
                || wait.Awaitable?.WalkDownParentheses() is not IdentifierNameSyntax name
                || wait.Member is not IMethodSymbol waitMethod || !WaitContracts.HasTimeoutParameter(waitMethod))
            {
                return false;
            }

            // Syntax first: a later statement of the innermost block (or of a block around it) reads a state member of the name.
            ExpressionSyntax? check = null;
            for (SyntaxNode current = statement; check is null && current.Parent is { } parent && current != function; current = parent)
            {
                if (parent is not BlockSyntax block)
                {
                    continue;
                }

                var after = false;
                foreach (var next in block.Statements)
                {
                    if (next == current)
                    {
                        after = true;
                        continue;
                    }

                    if (after && (check = StateRead(next, name.Identifier.ValueText)) is not null)
                    {
                        break;
                    }
                }
            }

            if (check is null
                || model.GetOperation(wait.Node, cancellationToken) is not IInvocationOperation call
                || !WaitContracts.HasFiniteTimeout(call)
                || model.GetSymbolInfo(name, cancellationToken).Symbol is not { Kind: SymbolKind.Parameter or SymbolKind.Local } variable
                || !model.GetSymbolInfo(check, cancellationToken).Symbol.Is(variable))
            {
                return false;
            }

            // The name keeps its task: no assignment, ref or out of it anywhere in the member (a local function's captured
            // variable may be written by the member around it).
            var scope = function is LocalFunctionStatementSyntax ? function.FirstAncestorOrSelf<MemberDeclarationSyntax>() ?? function : function;
            foreach (var node in scope.DescendantNodes())
            {
                switch (node)
                {
                    case AssignmentExpressionSyntax { Left: IdentifierNameSyntax target } when target.Identifier.ValueText == name.Identifier.ValueText:
                    case ArgumentSyntax { RefKindKeyword.RawKind: not 0, Expression: IdentifierNameSyntax passed } when passed.Identifier.ValueText == name.Identifier.ValueText:
                        return false;
                }
            }

            return true;
        }

        /// <summary>The receiver of the first <c>name.Status</c>-like member access in the statement, if any.</summary>
        private static ExpressionSyntax? StateRead(StatementSyntax statement, string name)
        {
            foreach (var node in statement.DescendantNodesAndSelf())
            {
                if (node is MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax receiver, Name.Identifier.ValueText: "Status" or "IsCompleted" or "IsCompletedSuccessfully" or "IsFaulted" or "IsCanceled" }
                    && receiver.Identifier.ValueText == name)
                {
                    return receiver;
                }
            }

            return null;
        }

        /// <summary>
        /// A synchronous override whose root member is declared in the compilation but is itself only the implementation of
        /// interface members declared outside it, none of which (nor the overriding type) offers the async counterpart:
        /// <c>public override void Dispose()</c> over the code base's own <c>public abstract void Dispose();</c> of a base class
        /// that implements <c>IDisposable</c>. The signature comes from the external contract through the base, exactly as
        /// for a direct implementation (<see cref="ExternalContracts.Imposes"/>). A root that implements no interface member,
        /// or one of an interface declared in the compilation, stays reported (the project can make it async).
        /// </summary>
        public static bool OverridesExternalContract(SyntaxNode? function, SemanticModel model, AsyncTypes types, CancellationToken cancellationToken, ISymbol? containingSymbol)
        {
            if (function is not MethodDeclarationSyntax declaration || !declaration.Modifiers.Any(SyntaxKind.OverrideKeyword)
                || EnclosingFunction.DeclaredMethod(declaration, model, containingSymbol, cancellationToken) is not IMethodSymbol method
                || !method.IsOverride || method.IsStatic || types.IsAwaitable(method.ReturnType) || method.ContainingType is not { } type)
            {
                return false;
            }

            var root = method.OverrideRoot();
            if (root.DeclaringSyntaxReferences.IsEmpty || root.ContainingType is not { } rootType)
            {
                // A root of another assembly: ExternalContracts.Imposes decides.
                return false;
            }

            return ExternalContracts.EveryInterfaceContract(root, rootType, contract => ExternalContracts.IsExternalWithoutAsync(contract, type, types)) == true;
        }

        /// <summary>The value under implicit conversions and parentheses.</summary>
        private static IOperation Bare(IOperation value)
        {
            value = Invocations.WithoutImplicitConversions(value);
            while (value is IParenthesizedOperation parenthesized)
            {
                value = Invocations.WithoutImplicitConversions(parenthesized.Operand);
            }

            return value;
        }

        /// <summary>A method or constructor, or a local function whose enclosing member is one (not an accessor, operator or lambda).</summary>
        private static bool IsMethodLike(SyntaxNode? function)
        {
            if (function is LocalFunctionStatementSyntax)
            {
                for (var current = function.Parent; current != null; current = current.Parent)
                {
                    if (current is AnonymousFunctionExpressionSyntax or AccessorDeclarationSyntax or ArrowExpressionClauseSyntax { Parent: BasePropertyDeclarationSyntax })
                    {
                        return false;
                    }

                    if (current is MemberDeclarationSyntax member)
                    {
                        return member is MethodDeclarationSyntax or ConstructorDeclarationSyntax;
                    }
                }

                return false;
            }

            return function is MethodDeclarationSyntax or ConstructorDeclarationSyntax;
        }

        /// <summary>Syntax first: the awaitable, under parentheses and <c>ConfigureAwait(..)</c>, is a call named Run.</summary>
        private static bool IsRunCallSyntax(ExpressionSyntax awaitable)
        {
            var expression = awaitable.WalkDownParentheses();
            while (expression is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" } configured })
            {
                expression = configured.Expression.WalkDownParentheses();
            }

            return expression is InvocationExpressionSyntax
            {
                Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Run" } or SimpleNameSyntax { Identifier.ValueText: "Run" },
            };
        }
    }
}
