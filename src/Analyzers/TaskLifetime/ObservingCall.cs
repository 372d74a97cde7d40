namespace AsyncGuard.Analyzers.TaskLifetime
{
    /// <summary>
    /// AG0201: a call that is itself the observation of the task it is given (`task.LogExceptions();`,
    /// `task.ObserveFaults();`): dropping what it returns loses nothing. Decided by what the callee does where its source
    /// is in the compilation, else by its shape.
    /// </summary>
    internal static class ObservingCall
    {
        /// <summary>.editorconfig key: `true` reports a dropped call of an async method whose catch-all handlers only report the exception (log it, hand it to a callback).</summary>
        public const string ReportCaughtFireAndForgetOption = "dotnet_diagnostic.AG0201.report_caught_fire_and_forget";

        public static bool Observes(IInvocationOperation invocation, AsyncTypes types, CancellationToken cancellationToken)
        {
            var method = invocation.TargetMethod.ReducedFrom ?? invocation.TargetMethod;
            if (AsksForFireAndForget(invocation))
            {
                return true;
            }

            // `Interlocked.Exchange(ref _task, other)` hands back the previous value of a field: no work is started here.
            if (method.ContainingType is { Name: "Interlocked", ContainingNamespace: { Name: "Threading", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } }
                && method.Name is "Exchange" or "CompareExchange")
            {
                return true;
            }

            // `_cache.GetOrAdd(key, LoadAsync)` hands back the task the dictionary keeps (StoringCalls.cs).
            if (StoringCalls.KeepsReturnedValue(method))
            {
                return true;
            }

            if (method.Name == "ContinueWith" && invocation.Instance != null && types.IsTaskLike(invocation.Instance.Type))
            {
                return IsObservingContinuation(invocation);
            }

            if (IsBackgroundStart(method, types))
            {
                return StartedWorkObservesItself(invocation, cancellationToken);
            }

            var definition = method.OriginalDefinition;
            if (definition.DeclaringSyntaxReferences.Length > 0)
            {
                return SourceObserves(definition, types, cancellationToken);
            }

            return HasObserverShape(method, types);
        }

        /// <summary>
        /// A call told by an enum flag that its task is not to be observed (`db.KeyExpireAsync(k, t, CommandFlags.FireAndForget)`):
        /// an argument that is an enum constant whose value includes a member named FireAndForget.
        /// </summary>
        private static bool AsksForFireAndForget(IInvocationOperation invocation)
        {
            foreach (var argument in invocation.Arguments)
            {
                var value = argument.Value;
                while (value is IConversionOperation conversion)
                {
                    value = conversion.Operand;
                }

                if (value.Type is not INamedTypeSymbol { TypeKind: TypeKind.Enum } enumType || !value.ConstantValue.HasValue)
                {
                    continue;
                }

                foreach (var member in enumType.GetMembers("FireAndForget"))
                {
                    if (member is IFieldSymbol { HasConstantValue: true } field && field.ConstantValue is { } flag
                        && System.Convert.ToInt64(flag) is var bits && bits != 0
                        && (System.Convert.ToInt64(value.ConstantValue.Value) & bits) == bits)
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// `t.ContinueWith(..)` dropped: the continuation is the observation of the antecedent when it runs only for a
        /// fault (OnlyOnFaulted / NotOnRanToCompletion), when its callback is given the antecedent and looks at it (a lambda
        /// that uses its parameter, or a method group / delegate, which gets it), or when the antecedent is owned elsewhere
        /// (a parameter, field or property, or a local used again: returned, stored, queued). Reported: a task started right
        /// here whose continuation ignores it (`SaveAsync().ContinueWith(_ => Log())` loses SaveAsync's exception).
        /// </summary>
        private static bool IsObservingContinuation(IInvocationOperation invocation)
        {
            const int NotOnRanToCompletion = 0x10000;
            const int NotOnFaulted = 0x20000;
            var continuationSeen = false;
            foreach (var argument in invocation.Arguments)
            {
                var value = argument.Value;
                while (value is IConversionOperation conversion)
                {
                    value = conversion.Operand;
                }

                if (argument.Parameter?.Type.Name == "TaskContinuationOptions" && value.ConstantValue is { HasValue: true, Value: int options })
                {
                    // Runs on a fault and not on success: OnlyOnFaulted, NotOnRanToCompletion.
                    if ((options & NotOnRanToCompletion) != 0 && (options & NotOnFaulted) == 0)
                    {
                        return true;
                    }
                }

                if (continuationSeen || argument.Parameter?.Type.TypeKind != TypeKind.Delegate)
                {
                    continue;
                }

                continuationSeen = true;
                var target = value is IDelegateCreationOperation creation ? creation.Target : value;
                if (target is not IAnonymousFunctionOperation lambda)
                {
                    // A method group or a delegate: it is handed the antecedent.
                    return true;
                }

                if (lambda.Symbol.Parameters.Length > 0 && lambda.Syntax is AnonymousFunctionExpressionSyntax { Body: { } body }
                    && Mentions(body, lambda.Symbol.Parameters[0].Name))
                {
                    return true;
                }
            }

            var antecedent = invocation.Instance;
            while (antecedent is IConversionOperation or IParenthesizedOperation)
            {
                antecedent = antecedent is IConversionOperation c ? c.Operand : ((IParenthesizedOperation)antecedent).Operand;
            }

            switch (antecedent)
            {
                case IParameterReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation or IArrayElementReferenceOperation:
                    return true;
                case ILocalReferenceOperation local:
                    var function = EnclosingFunction.Find(invocation.Syntax);
                    return function != null && CountMentions(function, local.Local.Name) > 2;
                default:
                    return false;
            }
        }

        /// <summary>`Task.Run(..)`, `Task.Factory.StartNew(..)` (and `TaskFactory&lt;T&gt;.StartNew`).</summary>
        public static bool IsBackgroundStart(IMethodSymbol method, AsyncTypes types)
        {
            var type = method.ContainingType?.OriginalDefinition;
            if (method.Name == "Run")
            {
                return type.Is(types.Task);
            }

            return method.Name == "StartNew"
                && type is { Name: "TaskFactory", ContainingNamespace: { Name: "Tasks", ContainingNamespace: { Name: "Threading", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } } };
        }

        /// <summary>
        /// A background start whose work observes its own failures, so the task it returns never faults: the delegate's
        /// body is wrapped in a catch-all `try` (`Task.Run(async () => { try { .. } catch (Exception e) { Log(e); } })`),
        /// or it only calls a method of this compilation whose body is (`Task.Run(() => Refresh(x))`, `Task.Run(Refresh)`).
        /// Catch-all: no filter, catching everything or System.Exception, and no `throw` in the handler. Anything before
        /// or after the `try` can still throw, so it is reported.
        /// </summary>
        private static bool StartedWorkObservesItself(IInvocationOperation invocation, CancellationToken cancellationToken)
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter?.Type.TypeKind != TypeKind.Delegate)
                {
                    continue;
                }

                var value = argument.Value;
                while (value is IConversionOperation conversion)
                {
                    value = conversion.Operand;
                }

                var target = value is IDelegateCreationOperation creation ? creation.Target : value;
                switch (target)
                {
                    case IAnonymousFunctionOperation lambda when lambda.Syntax is AnonymousFunctionExpressionSyntax { Body: { } body }:
                        if (body is BlockSyntax block)
                        {
                            return CatchesAll(block, invocation.SemanticModel, cancellationToken);
                        }

                        // `() => M(..)`, `async () => await M(..)`: the work is the one call.
                        var expression = (ExpressionSyntax)body;
                        while (expression is AwaitExpressionSyntax or ParenthesizedExpressionSyntax
                               || expression is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" } })
                        {
                            expression = expression switch
                            {
                                AwaitExpressionSyntax awaitExpression => awaitExpression.Expression,
                                ParenthesizedExpressionSyntax parenthesized => parenthesized.Expression,
                                _ => ((MemberAccessExpressionSyntax)((InvocationExpressionSyntax)expression).Expression).Expression,
                            };
                        }

                        foreach (var operation in lambda.Body.Descendants())
                        {
                            if (operation is IInvocationOperation call && call.Syntax == expression)
                            {
                                return MethodCatchesAll(call.TargetMethod, invocation.SemanticModel, cancellationToken);
                            }
                        }

                        return false;
                    case IMethodReferenceOperation reference:
                        return MethodCatchesAll(reference.Method, invocation.SemanticModel, cancellationToken);
                    default:
                        return false;
                }
            }

            return false;
        }

        /// <summary>
        /// A direct call of an `async` method of this compilation whose body is only `try` statements with a catch-all
        /// handler that does not throw, and whose every handler hands the exception to a `TaskCompletionSource`
        /// (`SetException`, `TrySetException`, `SetCanceled`, `TrySetCanceled`; fifteenth pass, held-out azure-webjobs-sdk
        /// `JobHost.InitializeHostAsync`, given the source whose task its caller returns): the task it returns never
        /// faults, and the outcome travels through the source, so dropping the task loses nothing. With
        /// <paramref name="reportingHandlers"/> (unless `report_caught_fire_and_forget` is on; eighth part, ff201), a
        /// handler that hands the caught exception to a call (a log, an error callback) counts too: a deliberate
        /// fire-and-forget that reports its own failures (Mockaco's callbacks, judged debatable). Abstract, virtual
        /// and override methods, partial or metadata methods, methods that are not `async`, filtered or rethrowing
        /// handlers, and any statement outside the tries keep the call reported too.
        /// </summary>
        public static bool CallsNeverFaultingAsyncMethod(IInvocationOperation invocation, AsyncTypes types, CancellationToken cancellationToken, bool reportingHandlers = false)
        {
            if (invocation.TargetMethod.OriginalDefinition is not { IsAsync: true } method
                || !MethodCatchesAll(method, invocation.SemanticModel, cancellationToken))
            {
                return false;
            }

            // MethodCatchesAll has checked the one declaration and its body of tries.
            var body = method.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) switch
            {
                BaseMethodDeclarationSyntax declaration => declaration.Body,
                LocalFunctionStatementSyntax local => local.Body,
                _ => null,
            };
            if (body is null || invocation.SemanticModel is null)
            {
                return false;
            }

            // Cold path: only for a would-be finding, for a callee that may be declared in another file.
            var model = SemanticModels.For(invocation.SemanticModel, body.SyntaxTree);
            foreach (var statement in body.Statements)
            {
                foreach (var clause in ((TryStatementSyntax)statement).Catches)
                {
                    if (!HandsToCompletionSource(clause.Block, model, types, cancellationToken)
                        && !(reportingHandlers && HandsOnCaught(clause)))
                    {
                        return false;
                    }
                }
            }

            return true;
        }

        /// <summary>
        /// `catch (Exception e) { log.Error(e, ..); }`, `Console.WriteLine($"failed: {e}")`: the caught exception is used in an
        /// argument of a call of the handler (not in a nested function).
        /// </summary>
        internal static bool HandsOnCaught(CatchClauseSyntax clause)
        {
            if (clause.Declaration is not { Identifier.ValueText: { Length: > 0 } name })
            {
                return false;
            }

            foreach (var node in clause.Block.DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)))
            {
                if (node is ArgumentSyntax { Parent.Parent: InvocationExpressionSyntax or ObjectCreationExpressionSyntax } argument
                    && Mentions(argument.Expression, name))
                {
                    return true;
                }
            }

            return false;
        }

        internal static bool HandsToCompletionSource(BlockSyntax handler, SemanticModel model, AsyncTypes types, CancellationToken cancellationToken)
        {
            foreach (var node in handler.DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)))
            {
                if (node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "SetException" or "TrySetException" or "SetCanceled" or "TrySetCanceled" } } call
                    && model.GetSymbolInfo(call, cancellationToken).Symbol is IMethodSymbol { ContainingType: { } source }
                    && types.IsTaskCompletionSource(source))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool MethodCatchesAll(IMethodSymbol method, SemanticModel? model, CancellationToken cancellationToken)
        {
            var definition = method.OriginalDefinition;
            if (definition.IsAbstract || definition.IsVirtual || definition.IsOverride || definition.DeclaringSyntaxReferences.Length != 1)
            {
                // An override elsewhere may do anything; partial or metadata methods are not looked into.
                return false;
            }

            var body = definition.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) switch
            {
                BaseMethodDeclarationSyntax declaration => declaration.Body,
                LocalFunctionStatementSyntax local => local.Body,
                _ => null,
            };
            return body != null && CatchesAll(body, model, cancellationToken);
        }

        /// <summary>Every statement of the block is a `try` with a catch-all handler that does not throw.</summary>
        private static bool CatchesAll(BlockSyntax block, SemanticModel? model, CancellationToken cancellationToken)
        {
            if (block.Statements.Count == 0 || model == null)
            {
                return false;
            }

            foreach (var statement in block.Statements)
            {
                if (statement is not TryStatementSyntax tryStatement || !HasCatchAll(tryStatement, model, cancellationToken))
                {
                    return false;
                }
            }

            return true;
        }

        internal static bool HasCatchAll(TryStatementSyntax tryStatement, SemanticModel model, CancellationToken cancellationToken)
        {
            foreach (var clause in tryStatement.Catches)
            {
                if (clause.Filter != null || ContainsThrow(clause.Block))
                {
                    continue;
                }

                if (clause.Declaration == null)
                {
                    return true;
                }

                if (clause.SyntaxTree != model.SyntaxTree)
                {
#pragma warning disable RS1030 // Only for a would-be finding, for a callee declared in another file.
                    model = model.Compilation.GetSemanticModel(clause.SyntaxTree);
#pragma warning restore RS1030
                }

                var caught = model.GetTypeInfo(clause.Declaration.Type, cancellationToken).Type;
                if (caught is { Name: "Exception", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } })
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>A `throw` that leaves the handler (nested functions do not count).</summary>
        internal static bool ContainsThrow(BlockSyntax block)
        {
            foreach (var node in block.DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)))
            {
                if (node is ThrowStatementSyntax or ThrowExpressionSyntax)
                {
                    return true;
                }
            }

            return false;
        }

        private static bool Mentions(SyntaxNode node, string name) => CountMentions(node, name) > 0;

        private static int CountMentions(SyntaxNode node, string name)
        {
            var count = 0;
            foreach (var token in node.DescendantTokens())
            {
                if (token.IsKind(SyntaxKind.IdentifierToken) && token.ValueText == name)
                {
                    count++;
                }
            }

            return count;
        }

        /// <summary>
        /// Source: the callee attaches a continuation to a task parameter (`p.ContinueWith(..)`, `p.GetAwaiter().OnCompleted(..)`),
        /// or awaits it inside a `try` that catches.
        /// </summary>
        private static bool SourceObserves(IMethodSymbol method, AsyncTypes types, CancellationToken cancellationToken)
        {
            if (method.IsAbstract || method.IsExtern)
            {
                return false;
            }

            foreach (var parameter in method.Parameters)
            {
                if (!types.IsAwaitable(parameter.Type))
                {
                    continue;
                }

                foreach (var reference in method.DeclaringSyntaxReferences)
                {
                    var body = reference.GetSyntax(cancellationToken) switch
                    {
                        BaseMethodDeclarationSyntax declaration => (SyntaxNode?)declaration.Body ?? declaration.ExpressionBody,
                        LocalFunctionStatementSyntax local => (SyntaxNode?)local.Body ?? local.ExpressionBody,
                        _ => null,
                    };

                    if (body != null && BodyObserves(body, parameter.Name))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static bool BodyObserves(SyntaxNode body, string parameter)
        {
            foreach (var node in body.DescendantNodes())
            {
                switch (node)
                {
                    case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ContinueWith" or "OnCompleted" or "UnsafeOnCompleted" } access }
                        when RootName(access.Expression) == parameter:
                        return true;
                    case AwaitExpressionSyntax awaitExpression when RootName(awaitExpression.Expression) == parameter && InsideCatchingTry(awaitExpression, body):
                        return true;
                }
            }

            return false;
        }

        /// <summary>The parameter an expression reads through `(..)`, `.ConfigureAwait(..)` and `.GetAwaiter()`.</summary>
        private static string? RootName(ExpressionSyntax expression)
        {
            while (true)
            {
                expression = expression.WalkDownParentheses();
                switch (expression)
                {
                    case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" or "GetAwaiter" } access }:
                        expression = access.Expression;
                        break;
                    case IdentifierNameSyntax name:
                        return name.Identifier.ValueText;
                    default:
                        return null;
                }
            }
        }

        private static bool InsideCatchingTry(SyntaxNode node, SyntaxNode body)
        {
            SyntaxNode child = node;
            for (var current = node.Parent; current != null && current != body.Parent; child = current, current = current.Parent)
            {
                if (current is TryStatementSyntax tryStatement && tryStatement.Block == child && tryStatement.Catches.Count > 0)
                {
                    return true;
                }

                if (current is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)
                {
                    return false;
                }
            }

            return false;
        }

        /// <summary>
        /// Metadata: an extension method on an awaitable that returns the same awaitable type (the task handed back, now
        /// observed), with no timeout, token or count among its other parameters (those make a new task that can fault).
        /// </summary>
        private static bool HasObserverShape(IMethodSymbol method, AsyncTypes types)
        {
            if (!method.IsExtensionMethod || method.Parameters.Length == 0 || !types.IsAwaitable(method.Parameters[0].Type)
                || !method.ReturnType.Is(method.Parameters[0].Type))
            {
                return false;
            }

            for (var i = 1; i < method.Parameters.Length; i++)
            {
                var type = method.Parameters[i].Type;
                if (type.SpecialType is >= SpecialType.System_SByte and <= SpecialType.System_Double
                    || type.Name is "TimeSpan" or "CancellationToken" or "TaskScheduler")
                {
                    return false;
                }
            }

            return true;
        }
    }
}
