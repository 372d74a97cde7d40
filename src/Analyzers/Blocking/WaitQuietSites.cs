namespace AsyncGuard.Analyzers.Blocking
{
    /// <summary>
    /// AG0103's classes of waits an expert keeps, decided only for a wait about to be reported (never per node):
    /// <list type="bullet">
    /// <item><b>Public waiting helpers</b> (<c>report_wait_helpers</c>): a method callable from outside its assembly (directly,
    /// or through a public interface it implements) that
    /// blocks on a task its caller handed it (a parameter, or every task of <c>Task.WaitAll/WaitAny</c>). Waiting is the
    /// method's contract, as for <c>Task.Wait</c> itself: the caller chose to block, and "async all the way" would remove the
    /// API. A private or internal helper waiting on a parameter stays reported: it is a step of code that can become async.</item>
    /// <item><b>Synchronous work the function offloaded itself</b> (<c>report_offloaded_work</c>): see
    /// <see cref="WaitsOnOwnOffloadedWork"/>.</item>
    /// </list>
    /// </summary>
    internal static class WaitQuietSites
    {
        public const string ReportWaitHelpersOption = "dotnet_diagnostic.AG0103.report_wait_helpers";
        public const string ReportOffloadedWorkOption = "dotnet_diagnostic.AG0103.report_offloaded_work";

        public static bool Reports(AnalyzerOptions options, SyntaxTree tree, string key) => RuleOptions.GetBool(options, tree, key);

        /// <summary>Whether <paramref name="wait"/> is in a public method and waits only on tasks that are its parameters.</summary>
        public static bool IsPublicWaitHelper(in BlockingWait wait, SyntaxNode? function, SemanticModel model, CancellationToken cancellationToken, ISymbol? containingSymbol = null)
        {
            if (function is not MethodDeclarationSyntax
                || EnclosingFunction.DeclaredMethod(function, model, containingSymbol, cancellationToken) is not IMethodSymbol method
                || !(IsVisibleOutside(method) || ImplementsVisibleContract(method)))
            {
                return false;
            }

            if (wait.Kind == BlockingWaitKind.WaitAll || wait.Kind == BlockingWaitKind.WaitAny)
            {
                if (model.GetOperation(wait.Node, cancellationToken) is not IInvocationOperation call)
                {
                    return false;
                }

                var any = false;
                foreach (var argument in call.Arguments)
                {
                    // The timeout and the token; every other argument carries the tasks.
                    if (argument.Parameter is not { } parameter || parameter.Type.SpecialType == SpecialType.System_Int32
                        || parameter.Type.TypeKind == TypeKind.Struct && parameter.Type is INamedTypeSymbol { IsGenericType: false })
                    {
                        continue;
                    }

                    var value = Invocations.WithoutImplicitConversions(argument.Value);
                    var elements = value switch
                    {
                        IArrayCreationOperation { Initializer: { } initializer } when argument.ArgumentKind == ArgumentKind.ParamArray => initializer.ElementValues,
                        ICollectionExpressionOperation collection when argument.ArgumentKind != ArgumentKind.Explicit => collection.Elements,
                        _ => default,
                    };
                    if (!elements.IsDefault)
                    {
                        foreach (var element in elements)
                        {
                            if (!IsParameterOf(element, method))
                            {
                                return false;
                            }
                        }

                        any = elements.Length > 0;
                    }
                    else if (IsParameterOf(value, method))
                    {
                        any = true;
                    }
                    else
                    {
                        return false;
                    }
                }

                return any;
            }

            return wait.Awaitable is { } awaitable
                && MayBeWritten(awaitable, ParameterWrappers, offloadTarget: false)
                && model.GetOperation(awaitable, cancellationToken) is { } task
                && IsParameterOf(task, method);
        }

        /// <summary>
        /// Whether <paramref name="wait"/> waits on synchronous work its own function offloaded to the thread pool: a
        /// <c>Task.Run</c> (or <c>Task.Factory.StartNew(.., TaskScheduler.Default)</c>) of a delegate that returns no awaitable,
        /// written at the wait or as the only values ever assigned to the local waited on (fork/join, a pessimistic
        /// timeout). No async work is involved and the delegate never needs the waiting thread's context, so there is
        /// nothing to deadlock. An async delegate, a delegate returning a task, <c>StartNew</c> on the current scheduler
        /// (which may be the waiting thread's), a local also assigned something else or passed by reference stay reported.
        /// </summary>
        public static bool WaitsOnOwnOffloadedWork(in BlockingWait wait, SyntaxNode? function, SemanticModel model, AsyncTypes types, CancellationToken cancellationToken)
        {
            if (function is null || wait.Awaitable is not { } awaitable || !MayBeWritten(awaitable, OffloadWrappers, offloadTarget: true)
                || model.GetOperation(awaitable, cancellationToken) is not { } task)
            {
                return false;
            }

            task = Unwrapped(task);
            if (task is not ILocalReferenceOperation { Local: { } local })
            {
                return IsOffloadedSyncWork(task, types);
            }

            var assigned = false;
            foreach (var node in function.DescendantNodes())
            {
                switch (node)
                {
                    case VariableDeclaratorSyntax declarator when declarator.Identifier.ValueText == local.Name:
                        if (declarator.Initializer is { } initializer
                            && model.GetDeclaredSymbol(declarator, cancellationToken).Is(local)
                            && !IsOffloadedOrNothing(model.GetOperation(initializer.Value, cancellationToken), types, ref assigned))
                        {
                            return false;
                        }

                        break;
                    case AssignmentExpressionSyntax { Left: IdentifierNameSyntax target } assignment when target.Identifier.ValueText == local.Name:
                        if (!assignment.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.SimpleAssignmentExpression)
                            || !IsOffloadedOrNothing(model.GetOperation(assignment.Right, cancellationToken), types, ref assigned))
                        {
                            return false;
                        }

                        break;
                    case ArgumentSyntax { RefKindKeyword.RawKind: not 0, Expression: IdentifierNameSyntax passed } when passed.Identifier.ValueText == local.Name:
                        return false;
                }
            }

            return assigned;
        }

        private static bool IsOffloadedOrNothing(IOperation? value, AsyncTypes types, ref bool assigned)
        {
            if (value is null)
            {
                return false;
            }

            value = Invocations.WithoutImplicitConversions(value);
            if (value.ConstantValue is { HasValue: true, Value: null } || value is IDefaultValueOperation)
            {
                return true;
            }

            var offloaded = IsOffloadedSyncWork(value, types);
            assigned |= offloaded;
            return offloaded;
        }

        private static readonly string[] ParameterWrappers = { "ConfigureAwait", "AsTask", "Preserve" };
        private static readonly string[] OffloadWrappers = { "ConfigureAwait" };

        /// <summary>
        /// False only when the syntax alone shows that <paramref name="awaitable"/>, under the <paramref name="wrappers"/> calls
        /// the checks look through, is neither a name (a parameter or local) nor, with <paramref name="offloadTarget"/>, a
        /// call named Run or StartNew: then the operation tree (the whole member's, for the first question) is not needed.
        /// </summary>
        private static bool MayBeWritten(ExpressionSyntax awaitable, string[] wrappers, bool offloadTarget)
        {
            var expression = awaitable;
            while (true)
            {
                switch (expression)
                {
                    case ParenthesizedExpressionSyntax parenthesized:
                        expression = parenthesized.Expression;
                        continue;
                    case PostfixUnaryExpressionSyntax { RawKind: (int)Microsoft.CodeAnalysis.CSharp.SyntaxKind.SuppressNullableWarningExpression } suppressed:
                        expression = suppressed.Operand;
                        continue;
                    case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access }:
                        var name = access.Name.Identifier.ValueText;
                        if (System.Array.IndexOf(wrappers, name) >= 0)
                        {
                            expression = access.Expression;
                            continue;
                        }

                        return offloadTarget && name is "Run" or "StartNew";
                    case InvocationExpressionSyntax { Expression: SimpleNameSyntax simple }:
                        var simpleName = simple.Identifier.ValueText;
                        return System.Array.IndexOf(wrappers, simpleName) >= 0 || (offloadTarget && simpleName is "Run" or "StartNew");
                    case MemberAccessExpressionSyntax or ObjectCreationExpressionSyntax or LiteralExpressionSyntax or ElementAccessExpressionSyntax
                        or AwaitExpressionSyntax or CastExpressionSyntax:
                        return false;
                    default:
                        return true;
                }
            }
        }

        private static IOperation Unwrapped(IOperation value)
        {
            value = Invocations.WithoutImplicitConversions(value);
            while (value is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } wrapped && Invocations.Receiver(wrapped) is { } receiver)
            {
                value = receiver;
            }

            return value;
        }

        private static bool IsOffloadedSyncWork(IOperation value, AsyncTypes types)
        {
            if (value is not IInvocationOperation call || call.Arguments.Length == 0)
            {
                return false;
            }

            var method = call.TargetMethod;
            bool pool;
            if (method.Name == "Run" && method.IsStatic && method.ContainingType.Is(types.Task))
            {
                pool = true;
            }
            else if (method.Name == "StartNew" && method.ContainingType is { Name: "TaskFactory", ContainingNamespace: { Name: "Tasks" } })
            {
                pool = false;
                foreach (var argument in call.Arguments)
                {
                    if (argument.Parameter?.Type.Name == "TaskScheduler")
                    {
                        pool = Invocations.WithoutImplicitConversions(argument.Value) is IPropertyReferenceOperation { Property: { Name: "Default", IsStatic: true } scheduler }
                            && scheduler.ContainingType.Name == "TaskScheduler";
                    }
                }
            }
            else
            {
                return false;
            }

            // The work: the first argument, a delegate whose invoke returns no awaitable (an async lambda returns a Task).
            IOperation? work = null;
            foreach (var argument in call.Arguments)
            {
                if (argument.Parameter?.Ordinal == 0)
                {
                    work = argument.Value;
                }
            }

            return pool
                && work is { Type: INamedTypeSymbol { DelegateInvokeMethod: { } invoke } }
                && !types.IsAwaitable(invoke.ReturnType)
                && !(Invocations.WithoutImplicitConversions(work) is IDelegateCreationOperation { Target: IAnonymousFunctionOperation { Symbol.IsAsync: true } });
        }

        private static bool IsParameterOf(IOperation value, IMethodSymbol method)
        {
            value = Invocations.WithoutImplicitConversions(value);
            // `task.ConfigureAwait(false)`, `valueTask.AsTask()`, `valueTask.Preserve()`: the task handed in.
            while (value is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" or "AsTask" or "Preserve" } wrapped
                && Invocations.Receiver(wrapped) is { } receiver)
            {
                value = receiver;
            }

            return value is IParameterReferenceOperation { Parameter: { } parameter }
                && parameter.ContainingSymbol.Is(method);
        }

        /// <summary>
        /// A public method of a hidden type that implements a member of an interface callable from outside
        /// (<c>IRedis.TryWait(Task)</c> implemented by an internal class): callers reach it through the contract.
        /// </summary>
        private static bool ImplementsVisibleContract(IMethodSymbol method)
        {
            if (method.IsStatic || method.ContainingType is not { } type)
            {
                return false;
            }

            foreach (var implemented in method.ExplicitInterfaceImplementations)
            {
                if (IsVisibleOutside(implemented))
                {
                    return true;
                }
            }

            if (method.DeclaredAccessibility != Accessibility.Public)
            {
                return false;
            }

            foreach (var contract in type.AllInterfaces)
            {
                if (!IsVisibleOutside(contract))
                {
                    continue;
                }

                foreach (var member in contract.GetMembers(method.Name))
                {
                    if (member is IMethodSymbol && type.FindImplementationForInterfaceMember(member).Is(method))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static bool IsVisibleOutside(ISymbol symbol) => symbol.IsVisibleOutsideAssembly();
    }
}
