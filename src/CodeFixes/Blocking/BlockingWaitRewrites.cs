namespace AsyncGuard.CodeFixes.Blocking
{
    /// <summary>
    /// Turns recognised blocking waits into awaits: `t.Result` / `t.Wait()` / `GetAwaiter().GetResult()` -> `await t`,
    /// `Wait(token)` -> `await t.WaitAsync(token)`, WaitAll -> `await Task.WhenAll`, WaitAny -> `await Task.WhenAny`
    /// (keeping the index), making the enclosing function async where needed. Shared by the blocking-wait fixes.
    /// </summary>
    internal static class BlockingWaitRewrites
    {
        /// <summary>Plans the rewrite of one diagnostic's wait; returns the fix title, or null when none is sound.</summary>
        public static string? TryPlan(SyntaxNode root, Diagnostic diagnostic, SemanticModel model, AsyncTypes types, SyntaxRewritePlan plan, CancellationToken cancellationToken)
        {
            if (!TryFindWait(root, diagnostic, model, types, cancellationToken, out var wait))
            {
                return null;
            }

            // Plan the function first: when it cannot become async, nothing of this wait is planned.
            var (title, rewrite) = ChooseRewrite(wait, model, types, cancellationToken);
            if (rewrite is null || !AsyncConversion.TryPlanMakeAsyncAround(wait.Node, model, types, plan, cancellationToken))
            {
                return null;
            }

            var original = wait.Node;
            plan.Replace(original, current => rewrite(original, current));
            return title;
        }

        /// <summary>
        /// AG0103: plans only the await of one wait, in a function whose signature the make-async fix changes itself.
        /// Timeout waits are left alone: their await form throws instead of returning false, which a "make async" title would hide.
        /// </summary>
        internal static bool TryPlanAwaitOnly(in BlockingWait wait, SyntaxNode function, SemanticModel model, AsyncTypes types, SyntaxRewritePlan plan, CancellationToken cancellationToken)
        {
            if (!AsyncConversion.CanAwaitAt(wait.Node, function, model, cancellationToken))
            {
                return false;
            }

            var (title, rewrite) = ChooseRewrite(wait, model, types, cancellationToken);
            if (rewrite is null || title.Contains("TimeoutException"))
            {
                return false;
            }

            var original = wait.Node;
            plan.Replace(original, current => rewrite(original, current));
            return true;
        }

        internal static bool TryFindWait(SyntaxNode root, Diagnostic diagnostic, SemanticModel model, AsyncTypes types, CancellationToken cancellationToken, out BlockingWait wait)
        {
            wait = default;
            var span = diagnostic.Location.SourceSpan;
            if (!root.FullSpan.Contains(span))
            {
                return false;
            }

            for (SyntaxNode? node = root.FindNode(span, getInnermostNodeForTie: true); node != null && node.Span == span; node = node.Parent)
            {
                if (BlockingWaits.TryMatch(node, model, types, cancellationToken, out wait))
                {
                    return true;
                }
            }

            return false;
        }

        private delegate SyntaxNode Rewrite(SyntaxNode original, SyntaxNode current);

        private static (string Title, Rewrite? Rewrite) ChooseRewrite(in BlockingWait wait, SemanticModel model, AsyncTypes types, CancellationToken cancellationToken)
        {
            var isStatement = wait.Node.Parent is ExpressionStatementSyntax;
            switch (wait.Kind)
            {
                case BlockingWaitKind.Result:
                case BlockingWaitKind.GetResult:
                    if (wait.Awaitable is null)
                    {
                        return ("", null);
                    }

                    var kind = wait.Kind;
                    return ("Await the task", (original, current) => AwaitReceiver(original, current, kind));
                case BlockingWaitKind.Wait:
                    return ChooseWaitRewrite(wait, isStatement, model, types);
                case BlockingWaitKind.WaitAll:
                    return ChooseWhenAllRewrite(wait, isStatement, types);
                case BlockingWaitKind.WaitAny:
                    return ChooseWhenAnyRewrite(wait, isStatement, model, cancellationToken);
                default:
                    return ("", null);
            }
        }

        /// <summary>`x.Result`, `x.GetAwaiter().GetResult()` and `x.Wait()` all become `await x`.</summary>
        private static SyntaxNode AwaitReceiver(SyntaxNode original, SyntaxNode current, BlockingWaitKind kind)
        {
            var receiver = kind switch
            {
                BlockingWaitKind.Result => (current as MemberAccessExpressionSyntax)?.Expression,
                BlockingWaitKind.GetResult => ((current as InvocationExpressionSyntax)?.Expression as MemberAccessExpressionSyntax)?.Expression is InvocationExpressionSyntax
                {
                    Expression: MemberAccessExpressionSyntax getAwaiter,
                } ? getAwaiter.Expression : null,
                _ => ((current as InvocationExpressionSyntax)?.Expression as MemberAccessExpressionSyntax)?.Expression,
            };
            return receiver is null ? current : AwaitSyntax.Await(receiver, original, current);
        }

        private static (string, Rewrite?) ChooseWaitRewrite(in BlockingWait wait, bool isStatement, SemanticModel model, AsyncTypes types)
        {
            if (wait.Awaitable is null || wait.Member is not IMethodSymbol method)
            {
                return ("", null);
            }

            var parameters = method.Parameters;
            if (parameters.Length == 0)
            {
                return ("Await the task", (original, current) => AwaitReceiver(original, current, BlockingWaitKind.Wait));
            }

            // Wait(timeout) returns whether the task finished; WaitAsync throws instead, so only a discarded result may change.
            var onlyToken = parameters.Length == 1 && types.IsCancellationToken(parameters[0].Type);
            if (!onlyToken && !isStatement)
            {
                return ("", null);
            }

            if (!HasWaitAsync(types, parameters))
            {
                return ("", null);
            }

            var title = onlyToken ? "Await task.WaitAsync(cancellationToken)" : "Await task.WaitAsync(..) (throws TimeoutException on timeout)";
            var millisecondsFirst = parameters[0].Type.SpecialType == SpecialType.System_Int32;
            var timeSpan = millisecondsFirst ? MinimalName(model, wait.Node, "System.TimeSpan") : "";
            return (title, (original, current) =>
            {
                if (current is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } invocation)
                {
                    return current;
                }

                var arguments = invocation.ArgumentList;
                if (millisecondsFirst && arguments.Arguments.Count > 0)
                {
                    var first = arguments.Arguments[0];
                    arguments = arguments.ReplaceNode(first, first.WithExpression(FromMilliseconds(timeSpan, first.Expression)));
                }

                var waitAsync = invocation
                    .WithExpression(access.WithName(SyntaxFactory.IdentifierName("WaitAsync").WithTriviaFrom(access.Name)))
                    .WithArgumentList(arguments);
                return AwaitSyntax.Await(waitAsync, original, current);
            });
        }

        /// <summary>The shortest name of a type at the wait's position (`Task` where its namespace is imported).</summary>
        private static string MinimalName(SemanticModel model, SyntaxNode at, string metadataName) =>
            model.Compilation.GetTypeByMetadataName(metadataName)?.ToMinimalDisplayString(model, at.SpanStart) ?? "global::" + metadataName;

        private static ExpressionSyntax FromMilliseconds(string timeSpan, ExpressionSyntax milliseconds) =>
            SyntaxFactory.InvocationExpression(
                SyntaxFactory.ParseExpression(timeSpan + ".FromMilliseconds"),
                SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(milliseconds.WithoutTrivia()))))
                .WithTriviaFrom(milliseconds);

        /// <summary>Task.WaitAsync with TimeSpan/CancellationToken parameters matching the Wait overload (int becomes TimeSpan).</summary>
        private static bool HasWaitAsync(AsyncTypes types, ImmutableArray<IParameterSymbol> waitParameters)
        {
            foreach (var member in types.Task!.GetMembers("WaitAsync"))
            {
                if (member is not IMethodSymbol candidate || candidate.Parameters.Length != waitParameters.Length)
                {
                    continue;
                }

                var matches = true;
                for (var i = 0; i < waitParameters.Length && matches; i++)
                {
                    var wanted = waitParameters[i].Type;
                    var have = candidate.Parameters[i].Type;
                    matches = types.IsCancellationToken(wanted)
                        ? types.IsCancellationToken(have)
                        : have.Name == "TimeSpan" && (wanted.Name == "TimeSpan" || wanted.SpecialType == SpecialType.System_Int32);
                }

                if (matches)
                {
                    return true;
                }
            }

            return false;
        }

        private static (string, Rewrite?) ChooseWhenAllRewrite(in BlockingWait wait, bool isStatement, AsyncTypes types)
        {
            if (wait.Member is not IMethodSymbol method || !isStatement)
            {
                return ("", null);
            }

            // WaitAll(tasks) -> await Task.WhenAll(tasks); WaitAll(tasks, token) -> await Task.WhenAll(tasks).WaitAsync(token).
            var parameters = method.Parameters;
            var withToken = parameters.Length == 2 && types.IsCancellationToken(parameters[1].Type);
            if (!AllTaskCollections(parameters, withToken ? 1 : parameters.Length, types) || (withToken && !HasWaitAsync(types, parameters.RemoveAt(0))))
            {
                return ("", null);
            }

            return ("Await Task.WhenAll(..)", (original, current) =>
            {
                if (current is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } invocation)
                {
                    return current;
                }

                var whenAllName = access.WithName(SyntaxFactory.IdentifierName("WhenAll").WithTriviaFrom(access.Name));
                ExpressionSyntax awaited;
                if (withToken && invocation.ArgumentList.Arguments.Count == 2)
                {
                    var whenAll = invocation.WithExpression(whenAllName)
                        .WithArgumentList(invocation.ArgumentList.WithArguments(SyntaxFactory.SingletonSeparatedList(invocation.ArgumentList.Arguments[0])));
                    awaited = SyntaxFactory.InvocationExpression(
                        SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, whenAll, SyntaxFactory.IdentifierName("WaitAsync")),
                        SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(invocation.ArgumentList.Arguments[1].WithoutTrivia())));
                }
                else
                {
                    awaited = invocation.WithExpression(whenAllName);
                }

                return AwaitSyntax.Await(awaited, original, current);
            });
        }

        private static (string, Rewrite?) ChooseWhenAnyRewrite(in BlockingWait wait, bool isStatement, SemanticModel model, CancellationToken cancellationToken)
        {
            if (wait.Member is not IMethodSymbol { Parameters.Length: 1 } method || wait.Node is not InvocationExpressionSyntax invocation)
            {
                return ("", null);
            }

            if (isStatement)
            {
                return ("Await Task.WhenAny(..)", (original, current) => AwaitWhenAny(original, current));
            }

            // The index is used: Array.IndexOf(tasks, await Task.WhenAny(tasks)). The tasks are named twice, so only side-effect-free names qualify.
            var arguments = invocation.ArgumentList.Arguments;
            foreach (var argument in arguments)
            {
                if (argument.Expression is not (IdentifierNameSyntax or MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax or ThisExpressionSyntax })
                    || model.GetSymbolInfo(argument.Expression, cancellationToken).Symbol is not (ILocalSymbol or IParameterSymbol or IFieldSymbol))
                {
                    return ("", null);
                }
            }

            var singleArray = arguments.Count == 1 && model.GetTypeInfo(arguments[0].Expression, cancellationToken).Type is IArrayTypeSymbol;
            if (arguments.Count == 0 || (arguments.Count == 1 && !singleArray) || method.Parameters[0].Type is not IArrayTypeSymbol)
            {
                return ("", null);
            }

            var taskName = MinimalName(model, wait.Node, "System.Threading.Tasks.Task");
            var arrayName = MinimalName(model, wait.Node, "System.Array");
            return ("Await Task.WhenAny(..) and keep the index", (original, current) =>
            {
                if (current is not InvocationExpressionSyntax currentInvocation)
                {
                    return current;
                }

                ExpressionSyntax array = singleArray
                    ? currentInvocation.ArgumentList.Arguments[0].Expression.WithoutTrivia()
                    : SyntaxFactory.ParseExpression("new " + taskName + "[] { " + string.Join(", ", ArgumentTexts(currentInvocation)) + " }");
                var awaited = AwaitWhenAny(original, currentInvocation.WithoutTrivia());
                var indexOf = SyntaxFactory.InvocationExpression(
                    SyntaxFactory.ParseExpression(arrayName + ".IndexOf"),
                    SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(new[] { SyntaxFactory.Argument(array), SyntaxFactory.Argument((ExpressionSyntax)awaited) })));
                return indexOf.WithTriviaFrom(current);
            });
        }

        private static string[] ArgumentTexts(InvocationExpressionSyntax invocation)
        {
            var texts = new string[invocation.ArgumentList.Arguments.Count];
            for (var i = 0; i < texts.Length; i++)
            {
                texts[i] = invocation.ArgumentList.Arguments[i].Expression.WithoutTrivia().ToString();
            }

            return texts;
        }

        private static SyntaxNode AwaitWhenAny(SyntaxNode original, SyntaxNode current)
        {
            if (current is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } invocation)
            {
                return current;
            }

            var whenAny = invocation.WithExpression(access.WithName(SyntaxFactory.IdentifierName("WhenAny").WithTriviaFrom(access.Name)));
            return AwaitSyntax.Await(whenAny, original, current);
        }

        private static bool AllTaskCollections(ImmutableArray<IParameterSymbol> parameters, int count, AsyncTypes types)
        {
            if (count == 0)
            {
                return false;
            }

            for (var i = 0; i < count; i++)
            {
                var type = parameters[i].Type;
                var element = type switch
                {
                    IArrayTypeSymbol array => array.ElementType,
                    INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named
                        when named.Name is "IEnumerable" or "ReadOnlySpan" => named.TypeArguments[0],
                    _ => type,
                };
                if (!types.IsTaskLike(element))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
