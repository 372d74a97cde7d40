namespace AsyncGuard.Analyzers.Core
{
    /// <summary>
    /// Where a blocking wait cannot block: the task is proven complete, or the code never runs as written
    /// (expression trees, nameof). Shared by AG0101 and AG0103. Runs only after a wait was recognised.
    /// </summary>
    internal static class WaitExemptions
    {
        public static bool IsExempt(in BlockingWait wait, SyntaxNode? function, SemanticModel model, AsyncTypes types, CancellationToken cancellationToken)
        {
            if (IsInNameOfOrExpressionTree(wait.Node, model, types, cancellationToken))
            {
                return true;
            }

            // A stored awaiter read inside the method its own OnCompleted runs (AwaiterCallbacks): complete by then.
            if (wait.Kind == BlockingWaitKind.GetResult && AwaiterCallbacks.IsOwnCompletionCallback(wait.Node, model, types, cancellationToken))
            {
                return true;
            }

            var task = TaskOperand(wait);
            if (task is null)
            {
                return false;
            }

            var named = task;
            while (named is CastExpressionSyntax { Expression: var operand })
            {
                // `((Task<T>)task).Result` waits on `task`.
                named = StripConfigureAwait(operand);
            }

            // `t.Preserve()` / `t.AsTask()` of a ValueTask complete exactly when `t` has (CompletionProofs.Contracts).
            if (CompletionProofs.WithoutValueTaskViews(named, model, types, cancellationToken) is var viewed && viewed != named)
            {
                task = named = viewed;
            }

            if (CompletedByContract.IsComplete(named, model, types, cancellationToken))
            {
                return true; // the winner of an awaited WhenAny, or the element a completion predicate picked
            }

            // A constructor's own initializer whose one await is an uncontended fresh lock: complete already.
            if (UncontendedInitializers.IsCompleteAtConstruction(named, wait.Node, model, types, cancellationToken))
            {
                return true;
            }

            var symbol = model.GetSymbolInfo(named, cancellationToken).Symbol;
            var collection = ElementSourceCollection(named, symbol, model, cancellationToken);
            if (symbol is null && collection is null)
            {
                return false;
            }

            if ((symbol is IParameterSymbol parameter && IsContinuationAntecedent(parameter, model, types, cancellationToken))
                || (collection is IParameterSymbol antecedents && IsContinuationAntecedent(antecedents, model, types, cancellationToken)))
            {
                return true;
            }

            if (IsInAwaiterGetResult(wait.Node, model, cancellationToken))
            {
                return true;
            }

            return CompletionProofs.IsProvenComplete(wait.Node, task, symbol, collection, model, types, cancellationToken, named)
                || (symbol is IParameterSymbol received && CompletedParameters.IsCompleteAtEveryUse(received, model, types, cancellationToken));
        }

        /// <summary>The task expression, without ConfigureAwait(..), parentheses and `!`.</summary>
        private static ExpressionSyntax? TaskOperand(in BlockingWait wait)
        {
            var expression = wait.Awaitable;
            if (expression is null && wait.Node is MemberBindingExpressionSyntax or InvocationExpressionSyntax { Expression: MemberBindingExpressionSyntax })
            {
                expression = (wait.Node.Parent as ConditionalAccessExpressionSyntax)?.Expression
                    ?? (wait.Node.Parent?.Parent as ConditionalAccessExpressionSyntax)?.Expression;
            }

            if (expression is null && wait.Kind == BlockingWaitKind.GetResult && wait.Node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax awaiter } })
            {
                // `awaiter.GetResult()`: proofs are about the awaiter (`if (awaiter.IsCompleted)`, its OnCompleted callback).
                expression = awaiter;
            }

            return expression is null ? null : StripConfigureAwait(expression);
        }

        public static ExpressionSyntax StripConfigureAwait(ExpressionSyntax expression)
        {
            while (true)
            {
                expression = expression.WalkDownParentheses(throughSuppressions: true);
                if (expression is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" } access })
                {
                    return expression;
                }

                expression = access.Expression;
            }
        }

        private static bool IsInNameOfOrExpressionTree(SyntaxNode node, SemanticModel model, AsyncTypes types, CancellationToken cancellationToken)
        {
            for (var current = node.Parent; current != null; current = current.Parent)
            {
                switch (current)
                {
                    case InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "nameof" } } nameOf
                        when model.GetOperation(nameOf, cancellationToken) is Microsoft.CodeAnalysis.Operations.INameOfOperation:
                        return true;
                    case AnonymousFunctionExpressionSyntax lambda
                        when types.IsExpressionTree(model.GetTypeInfo(lambda, cancellationToken).ConvertedType):
                        return true;
                    case QueryExpressionSyntax query when IsQueryable(model.GetTypeInfo(query.FromClause.Expression, cancellationToken).Type):
                        return true;
                    case MemberDeclarationSyntax:
                        return false;
                }
            }

            return false;
        }

        /// <summary>
        /// Inside the GetResult of a custom awaiter (a type with a bool IsCompleted and an OnCompleted method, as the await
        /// pattern requires): the await machinery calls it only once the awaiter completed, so forwarding to the wrapped
        /// awaiter or task there does not block.
        /// </summary>
        private static bool IsInAwaiterGetResult(SyntaxNode node, SemanticModel model, CancellationToken cancellationToken)
        {
            var method = node.FirstAncestorOrSelf<MethodDeclarationSyntax>();
            if (method is null || !method.Identifier.ValueText.StartsWith("GetResult", System.StringComparison.Ordinal) || method.ParameterList.Parameters.Count != 0
                || model.GetDeclaredSymbol(method, cancellationToken)?.ContainingType is not { } type)
            {
                return false;
            }

            var isCompleted = false;
            var onCompleted = false;
            for (var current = type; current != null; current = current.BaseType)
            {
                foreach (var member in current.GetMembers())
                {
                    isCompleted |= member is IPropertySymbol { Name: "IsCompleted", Type.SpecialType: SpecialType.System_Boolean, IsStatic: false };
                    onCompleted |= member is IMethodSymbol { Name: "OnCompleted" or "UnsafeOnCompleted", Parameters.Length: 1, IsStatic: false };
                }
            }

            return isCompleted && onCompleted;
        }

        private static bool IsQueryable(ITypeSymbol? type)
        {
            if (type is null)
            {
                return false;
            }

            foreach (var i in type.AllInterfaces)
            {
                if (i.Name == "IQueryable" && i.ContainingNamespace?.ToDisplayString() == "System.Linq")
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// `t` in `x.ContinueWith(t => t.Result)`, `Task.Factory.ContinueWhenAny(tasks, t => t.Result)`, and the antecedents
        /// array of `ContinueWhenAll(tasks, all => ..)`: they have completed when the callback runs.
        /// </summary>
        internal static bool IsContinuationAntecedent(IParameterSymbol parameter, SemanticModel model, AsyncTypes types, CancellationToken cancellationToken)
        {
            if (parameter.Ordinal != 0 || parameter.ContainingSymbol is not IMethodSymbol { MethodKind: MethodKind.AnonymousFunction })
            {
                return false;
            }

            var lambda = parameter.DeclaringSyntaxReferences.Length == 1
                ? parameter.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken).Parent
                : null;
            while (lambda != null && lambda is not AnonymousFunctionExpressionSyntax)
            {
                lambda = lambda.Parent;
            }

            if (lambda?.Parent is not ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax invocation } } argument
                || invocation.Expression is not MemberAccessExpressionSyntax { Name.Identifier.ValueText: var name })
            {
                return false;
            }

            var index = invocation.ArgumentList.Arguments.IndexOf(argument);
            switch (name)
            {
                case "ContinueWith" when index == 0:
                    return model.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol method && types.IsTaskLike(method.ContainingType);
                case "ContinueWhenAll" when index == 1:
                case "ContinueWhenAny" when index == 1:
                    return model.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol factoryMethod && types.IsTaskFactory(factoryMethod.ContainingType);
                default:
                    return false;
            }
        }

        /// <summary>
        /// The collection a task was taken from: `tasks` in `tasks[i]`, in `foreach (var t in tasks)` and in
        /// `tasks.Select(t => t.Result)`. Lets "awaited in an earlier Task.WhenAll(tasks)" cover its elements.
        /// </summary>
        private static ISymbol? ElementSourceCollection(ExpressionSyntax task, ISymbol? symbol, SemanticModel model, CancellationToken cancellationToken)
        {
            // `e.Value` of an entry enumerated from a dictionary: an element of that dictionary (DictionaryEntries).
            if (DictionaryEntries.EntryOfValue(task, model, cancellationToken) is { } entry)
            {
                var dictionary = ElementSourceCollection(entry, model.GetSymbolInfo(entry, cancellationToken).Symbol, model, cancellationToken);
                return DictionaryEntries.IsDictionarySymbol(dictionary) ? dictionary : null;
            }

            if (task is ElementAccessExpressionSyntax elementAccess)
            {
                return model.GetSymbolInfo(elementAccess.Expression, cancellationToken).Symbol;
            }

            // `tasks.First(..)`, `tasks.Single(..)`, `tasks.ElementAt(i)`, `list.Find(..)`: an element of `tasks`.
            if (PickedElements.SourceOf(task, model, cancellationToken) is { } picked)
            {
                return picked;
            }

            if (symbol is ILocalSymbol { IsForEach: true } && symbol.DeclaringSyntaxReferences.Length == 1
                && symbol.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is ForEachStatementSyntax forEach)
            {
                return model.GetSymbolInfo(forEach.Expression, cancellationToken).Symbol;
            }

            if (symbol is IParameterSymbol { ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.AnonymousFunction } } parameter
                && parameter.DeclaringSyntaxReferences.Length == 1)
            {
                // x.Select(t => ...), x.Where(..), ... : the lambda's elements come from the receiver.
                var lambda = parameter.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken).Parent;
                while (lambda != null && lambda is not AnonymousFunctionExpressionSyntax)
                {
                    lambda = lambda.Parent;
                }

                if (lambda?.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax linq } } }
                    && model.GetSymbolInfo(linq, cancellationToken).Symbol is IMethodSymbol { IsExtensionMethod: true, ContainingType.Name: "Enumerable" })
                {
                    // Through operators that keep the same elements: `tasks.Where(..).Select(t => t.Result)`.
                    var source = linq.Expression;
                    while (source is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: var op } inner }
                        && op is "Where" or "OrderBy" or "OrderByDescending" or "ThenBy" or "ThenByDescending" or "Take" or "Skip" or "TakeWhile"
                            or "SkipWhile" or "Distinct" or "Reverse" or "ToArray" or "ToList" or "AsEnumerable"
                        && model.GetSymbolInfo(inner, cancellationToken).Symbol is IMethodSymbol { IsExtensionMethod: true, ContainingType.Name: "Enumerable" })
                    {
                        source = inner.Expression;
                    }

                    return model.GetSymbolInfo(source, cancellationToken).Symbol;
                }
            }

            return null;
        }
    }
}
