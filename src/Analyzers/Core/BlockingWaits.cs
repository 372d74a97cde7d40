namespace AsyncGuard.Analyzers.Core
{
    internal enum BlockingWaitKind
    {
        None,

        /// <summary>task.Wait(...), any overload.</summary>
        Wait,

        /// <summary>Task.WaitAll(...).</summary>
        WaitAll,

        /// <summary>Task.WaitAny(...).</summary>
        WaitAny,

        /// <summary>Task&lt;T&gt;.Result or ValueTask&lt;T&gt;.Result.</summary>
        Result,

        /// <summary>awaiter.GetResult() on a Task/ValueTask awaiter (also the ConfigureAwait forms).</summary>
        GetResult,
    }

    /// <summary>One recognised blocking wait: what it is, the node that blocks and the awaitable it waits for.</summary>
    internal readonly struct BlockingWait(BlockingWaitKind kind, ExpressionSyntax node, ExpressionSyntax? awaitable, ISymbol member)
    {
        public BlockingWaitKind Kind { get; } = kind;

        /// <summary>The invocation or member access that blocks; the node a fix replaces.</summary>
        public ExpressionSyntax Node { get; } = node;

        /// <summary>The expression that would be awaited instead (the task, or `task.ConfigureAwait(..)`); null for WaitAll/WaitAny, `?.` forms and awaiters held in variables.</summary>
        public ExpressionSyntax? Awaitable { get; } = awaitable;

        public ISymbol Member { get; } = member;

        /// <summary>The name of <see cref="Kind"/> (what <c>Kind.ToString()</c> gives, without the enum's reflection), for diagnostic properties.</summary>
        public string KindName => Kind switch
        {
            BlockingWaitKind.Wait => nameof(BlockingWaitKind.Wait),
            BlockingWaitKind.WaitAll => nameof(BlockingWaitKind.WaitAll),
            BlockingWaitKind.WaitAny => nameof(BlockingWaitKind.WaitAny),
            BlockingWaitKind.Result => nameof(BlockingWaitKind.Result),
            BlockingWaitKind.GetResult => nameof(BlockingWaitKind.GetResult),
            _ => Kind.ToString(),
        };

        /// <summary>Short display used in messages, e.g. "Task.Wait()", "Task<T>.Result".</summary>
        public string Display => Kind switch
        {
            BlockingWaitKind.Wait => "Task.Wait()",
            BlockingWaitKind.WaitAll => "Task.WaitAll()",
            BlockingWaitKind.WaitAny => "Task.WaitAny()",
            BlockingWaitKind.Result => Member.ContainingType.Name + "<T>.Result",
            _ => "GetAwaiter().GetResult()",
        };
    }

    /// <summary>Recognises the blocking waits of AG0101 and AG0103: a cheap name filter, then one symbol lookup.</summary>
    internal static class BlockingWaits
    {
        /// <summary>Diagnostic property of AG0101 and AG0103: the <see cref="BlockingWaitKind"/> of the wait.</summary>
        public const string KindProperty = "WaitKind";

        /// <summary>The syntax kinds to register for.</summary>
        public static readonly SyntaxKind[] Kinds =
        {
            SyntaxKind.InvocationExpression,
            SyntaxKind.SimpleMemberAccessExpression,
            SyntaxKind.MemberBindingExpression,
        };

        public static bool TryMatch(SyntaxNode node, SemanticModel model, AsyncTypes types, CancellationToken cancellationToken, out BlockingWait wait)
        {
            wait = default;
            switch (node)
            {
                case InvocationExpressionSyntax invocation:
                    return TryMatchInvocation(invocation, model, types, cancellationToken, out wait);
                case MemberAccessExpressionSyntax access when access.Name.Identifier.ValueText == "Result" && !IsInvoked(access):
                    return TryMatchResult(access, access.Expression, model, types, cancellationToken, out wait);
                case MemberBindingExpressionSyntax binding when binding.Name.Identifier.ValueText == "Result" && !IsInvoked(binding):
                    return TryMatchResult(binding, null, model, types, cancellationToken, out wait);
                default:
                    return false;
            }
        }

        private static bool TryMatchInvocation(InvocationExpressionSyntax invocation, SemanticModel model, AsyncTypes types, CancellationToken cancellationToken, out BlockingWait wait)
        {
            wait = default;
            ExpressionSyntax? receiver;
            string name;
            switch (invocation.Expression)
            {
                case MemberAccessExpressionSyntax access:
                    receiver = access.Expression;
                    name = access.Name.Identifier.ValueText;
                    break;
                case MemberBindingExpressionSyntax binding:
                    receiver = null;
                    name = binding.Name.Identifier.ValueText;
                    break;
                case IdentifierNameSyntax identifier:
                    receiver = null;
                    name = identifier.Identifier.ValueText;
                    break;
                default:
                    return false;
            }

            BlockingWaitKind kind;
            switch (name)
            {
                case "Wait": kind = BlockingWaitKind.Wait; break;
                case "WaitAll": kind = BlockingWaitKind.WaitAll; break;
                case "WaitAny": kind = BlockingWaitKind.WaitAny; break;
                case "GetResult": kind = BlockingWaitKind.GetResult; break;
                default: return false;
            }

            if (model.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol method)
            {
                return false;
            }

            switch (kind)
            {
                case BlockingWaitKind.Wait:
                    if (method.IsStatic || !types.IsTaskLike(method.ContainingType))
                    {
                        return false;
                    }

                    wait = new BlockingWait(kind, invocation, receiver, method);
                    return true;
                case BlockingWaitKind.WaitAll:
                case BlockingWaitKind.WaitAny:
                    if (!method.IsStatic || !types.IsTask(method.ContainingType))
                    {
                        return false;
                    }

                    wait = new BlockingWait(kind, invocation, null, method);
                    return true;
                default:
                    if (method.IsStatic || method.Parameters.Length != 0 || !types.IsTaskAwaiter(method.ContainingType))
                    {
                        return false;
                    }

                    // `x.GetAwaiter().GetResult()`: x is what to await. An awaiter held in a variable has no single replacement.
                    var awaitable = receiver is InvocationExpressionSyntax
                    {
                        Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetAwaiter" } getAwaiter,
                        ArgumentList.Arguments.Count: 0,
                    }
                        ? getAwaiter.Expression
                        : null;
                    wait = new BlockingWait(kind, invocation, awaitable, method);
                    return true;
            }
        }

        private static bool TryMatchResult(ExpressionSyntax node, ExpressionSyntax? receiver, SemanticModel model, AsyncTypes types, CancellationToken cancellationToken, out BlockingWait wait)
        {
            wait = default;
            if (model.GetSymbolInfo(node, cancellationToken).Symbol is not IPropertySymbol { IsStatic: false } property)
            {
                return false;
            }

            var containing = property.ContainingType;
            if (!types.IsTaskOfT(containing) && !types.IsValueTaskOfT(containing))
            {
                return false;
            }

            wait = new BlockingWait(BlockingWaitKind.Result, node, receiver, property);
            return true;
        }

        /// <summary>
        /// Null when the wait has a sound await form inside <paramref name="function"/> (what the make-async fix writes);
        /// otherwise why not, for AG0103's message. Mirrors the fix's choice of rewrite, so message and fix agree.
        /// </summary>
        public static string? WhyNoAwaitForm(in BlockingWait wait, SyntaxNode function, SemanticModel model, AsyncTypes types, CancellationToken cancellationToken)
        {
            SyntaxNode child = wait.Node;
            for (var current = wait.Node.Parent; current != null && current != function; child = current, current = current.Parent)
            {
                switch (current)
                {
                    case LockStatementSyntax lockStatement when child == lockStatement.Statement:
                        return "the wait is inside a lock, where an await cannot be";
                    case UnsafeStatementSyntax:
                        return "the wait is in unsafe code, where an await cannot be";
                    case QueryExpressionSyntax query when child != query.FromClause:
                    case FromClauseSyntax from when child != from.Expression:
                        return "the wait is in a query clause, where an await cannot be";
                }
            }

            const string NoSingleForm = "a wait through ?. or on an awaiter held in a variable has no single await form";
            var isStatement = wait.Node.Parent is ExpressionStatementSyntax;
            var method = wait.Member as IMethodSymbol;
            switch (wait.Kind)
            {
                case BlockingWaitKind.Result:
                case BlockingWaitKind.GetResult:
                    return wait.Awaitable is null ? NoSingleForm : null;
                case BlockingWaitKind.Wait:
                    if (wait.Awaitable is null || method is null)
                    {
                        return NoSingleForm;
                    }

                    if (method.Parameters.Length == 0)
                    {
                        return null;
                    }

                    return method.Parameters.Length == 1 && types.IsCancellationToken(method.Parameters[0].Type) && HasWaitAsyncWithToken(types)
                        ? null
                        : "a Wait with a timeout returns false where its await form would throw";
                case BlockingWaitKind.WaitAll:
                    if (method is null || !isStatement)
                    {
                        return "its result is used, and its await form has none";
                    }

                    foreach (var parameter in method.Parameters)
                    {
                        if (!types.IsCancellationToken(parameter.Type) && !IsTaskCollection(parameter.Type, types))
                        {
                            return "a WaitAll with a timeout returns false where its await form would throw";
                        }
                    }

                    return method.Parameters.Length == 2 && !HasWaitAsyncWithToken(types) ? "no WaitAsync(CancellationToken) to await it with its token" : null;
                case BlockingWaitKind.WaitAny:
                    if (method is not { Parameters.Length: 1 } || wait.Node is not InvocationExpressionSyntax invocation)
                    {
                        return "a WaitAny with a timeout or a token has no await form";
                    }

                    if (isStatement)
                    {
                        return null;
                    }

                    var arguments = invocation.ArgumentList.Arguments;
                    foreach (var argument in arguments)
                    {
                        if (argument.Expression is not (IdentifierNameSyntax or MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax or ThisExpressionSyntax })
                            || model.GetSymbolInfo(argument.Expression, cancellationToken).Symbol is not (ILocalSymbol or IParameterSymbol or IFieldSymbol))
                        {
                            return "its index is used and its tasks are not simple names to look it up in";
                        }
                    }

                    var singleArray = arguments.Count == 1 && model.GetTypeInfo(arguments[0].Expression, cancellationToken).Type is IArrayTypeSymbol;
                    return arguments.Count == 0 || (arguments.Count == 1 && !singleArray) || method.Parameters[0].Type is not IArrayTypeSymbol
                        ? "its index is used and its tasks are not simple names to look it up in"
                        : null;
                default:
                    return NoSingleForm;
            }
        }

        private static bool IsTaskCollection(ITypeSymbol type, AsyncTypes types)
        {
            var element = type switch
            {
                IArrayTypeSymbol array => array.ElementType,
                INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named when named.Name is "IEnumerable" or "ReadOnlySpan" => named.TypeArguments[0],
                _ => type,
            };
            return types.IsTaskLike(element);
        }

        private static bool HasWaitAsyncWithToken(AsyncTypes types)
        {
            foreach (var member in types.Task!.GetMembers("WaitAsync"))
            {
                if (member is IMethodSymbol { Parameters.Length: 1 } candidate && types.IsCancellationToken(candidate.Parameters[0].Type))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsInvoked(ExpressionSyntax memberAccess) =>
            memberAccess.Parent is InvocationExpressionSyntax invocation && invocation.Expression == memberAccess;
    }
}
