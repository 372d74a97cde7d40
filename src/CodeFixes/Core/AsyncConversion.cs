using Microsoft.CodeAnalysis.Formatting;

namespace AsyncGuard.CodeFixes.Core
{
    /// <summary>
    /// The shared "make it async" transformation: adds `async` to a Task/ValueTask-returning function and rewrites
    /// its returns (`return Task.FromResult(x)` -> `return x`, `return Task.CompletedTask` -> `return`, `return t` -> `return await t`).
    /// Planned on the original tree, applied through a <see cref="SyntaxRewritePlan"/>.
    /// </summary>
    internal static partial class AsyncConversion
    {
        private enum ReturnRewrite
        {
            /// <summary>Keep the expression (null/default in a generic async method mean the result).</summary>
            Keep,

            /// <summary>Non-generic: `return Task.CompletedTask;` -> `return;`.</summary>
            Drop,

            /// <summary>Generic: `return Task.FromResult(x);` -> `return x;`.</summary>
            Unwrap,

            /// <summary>Generic: `return t;` -> `return await t;`.</summary>
            AwaitValue,

            /// <summary>Non-generic: `return t;` -> `await t; return;`.</summary>
            AwaitThenReturn,
        }

        /// <summary>
        /// Whether `await` may stand at <paramref name="node"/> (in the original tree) once <paramref name="function"/> is async:
        /// the shared <see cref="AsyncCapability.WhyNotAwaitAt"/> check (lock, unsafe, query, catch filter, `?.` chain, ref state).
        /// </summary>
        public static bool CanAwaitAt(SyntaxNode node, SyntaxNode function, SemanticModel model, CancellationToken cancellationToken) =>
            AsyncCapability.WhyNotAwaitAt(node, function, model, cancellationToken) is null;

        /// <summary>
        /// Plans making the function around <paramref name="node"/> async so that an await can stand at the node; false, with
        /// nothing planned, where there is no such function, an await cannot stand there or the function cannot become async.
        /// </summary>
        public static bool TryPlanMakeAsyncAround(SyntaxNode node, SemanticModel model, AsyncTypes types, SyntaxRewritePlan plan, CancellationToken cancellationToken)
        {
            var function = EnclosingFunction.Find(node);
            return function != null && CanAwaitAt(node, function, model, cancellationToken)
                && TryPlanMakeAsync(function, model, types, new SyntaxRewritePlan(), cancellationToken)
                && TryPlanMakeAsync(function, model, types, plan, cancellationToken);
        }

        /// <summary>
        /// Plans the conversion of <paramref name="function"/> to an async function; true when it already is
        /// one (or is top-level code), or when the conversion was planned.
        /// </summary>
        public static bool TryPlanMakeAsync(SyntaxNode function, SemanticModel model, AsyncTypes types, SyntaxRewritePlan plan, CancellationToken cancellationToken)
        {
            if (function is CompilationUnitSyntax || AsyncModifier.IsAsync(function))
            {
                return true;
            }

            if (plan.Contains(function))
            {
                return true;
            }

            var method = function switch
            {
                AnonymousFunctionExpressionSyntax lambda => model.GetSymbolInfo(lambda, cancellationToken).Symbol as IMethodSymbol,
                MethodDeclarationSyntax or LocalFunctionStatementSyntax => model.GetDeclaredSymbol(function, cancellationToken) as IMethodSymbol,
                _ => null,
            };
            if (method is null || !types.IsTaskOrValueTask(method.ReturnType) || method.IsAbstract || method.IsExtern || method.ReturnsByRef)
            {
                return false;
            }

            if (AsyncCapability.WhyNotAsync(function, method, model, cancellationToken) != null)
            {
                return false;
            }

            var generic = method.ReturnType is INamedTypeSymbol { IsGenericType: true };
            var body = BodyOf(function);
            if (body is BlockSyntax block)
            {
                if (!PlanReturns(block, function, generic, model, types, plan, cancellationToken))
                {
                    return false;
                }

                plan.Replace(function, current => AddAsync(current));
            }
            else if (body is ExpressionSyntax expression)
            {
                var rewrite = Classify(expression, generic, model, types, cancellationToken);
                if (rewrite is ReturnRewrite.AwaitValue or ReturnRewrite.AwaitThenReturn && !CanAwaitAt(expression, function, model, cancellationToken))
                {
                    return false;
                }

                plan.Replace(function, current => AddAsync(RewriteExpressionBody(current, rewrite)));
            }
            else
            {
                return false;
            }

            return true;
        }

        private static SyntaxNode? BodyOf(SyntaxNode function) => function switch
        {
            AnonymousFunctionExpressionSyntax lambda => lambda.Body,
            BaseMethodDeclarationSyntax method => (SyntaxNode?)method.Body ?? method.ExpressionBody?.Expression,
            LocalFunctionStatementSyntax local => (SyntaxNode?)local.Body ?? local.ExpressionBody?.Expression,
            _ => null,
        };

        /// <summary>Plans the returns' rewrites; false (nothing planned) when a return would need an await where none may stand.</summary>
        private static bool PlanReturns(BlockSyntax body, SyntaxNode function, bool generic, SemanticModel model, AsyncTypes types, SyntaxRewritePlan plan, CancellationToken cancellationToken)
        {
            var returns = new List<ReturnStatementSyntax>();
            foreach (var node in body.DescendantNodes(n => n is not AnonymousFunctionExpressionSyntax and not LocalFunctionStatementSyntax))
            {
                if (node is ReturnStatementSyntax { Expression: not null } returnStatement)
                {
                    returns.Add(returnStatement);
                }
            }

            var rewrites = new ReturnRewrite[returns.Count];
            for (var i = 0; i < returns.Count; i++)
            {
                rewrites[i] = Classify(returns[i].Expression!, generic, model, types, cancellationToken);
                if (rewrites[i] is ReturnRewrite.AwaitValue or ReturnRewrite.AwaitThenReturn && !CanAwaitAt(returns[i].Expression!, function, model, cancellationToken))
                {
                    return false;
                }
            }

            // Last first: statement-list expansions then never shift the indices of the ones still to come.
            for (var i = returns.Count - 1; i >= 0; i--)
            {
                var returnStatement = returns[i];
                var rewrite = rewrites[i];
                var isLast = returnStatement.Parent == body && body.Statements.Count > 0 && body.Statements[body.Statements.Count - 1] == returnStatement;
                switch (rewrite)
                {
                    case ReturnRewrite.Keep:
                        break;
                    case ReturnRewrite.AwaitThenReturn when !isLast && returnStatement.Parent is BlockSyntax or SwitchSectionSyntax:
                        var index = StatementsOf(returnStatement.Parent!).IndexOf(returnStatement);
                        plan.Then(returnStatement.Parent!, current => WithStatements(current, ExpandAt(StatementsOf(current), index)));
                        break;
                    case ReturnRewrite.Drop when isLast:
                        plan.Then(body, current => ((BlockSyntax)current).WithStatements(RemoveLast(((BlockSyntax)current).Statements)));
                        break;
                    default:
                        plan.Replace(returnStatement, current => RewriteReturn((ReturnStatementSyntax)current, rewrite, isLast));
                        break;
                }
            }

            return true;
        }

        private static ReturnRewrite Classify(ExpressionSyntax expression, bool generic, SemanticModel model, AsyncTypes types, CancellationToken cancellationToken)
        {
            var unwrapped = expression.WalkDownParentheses();

            if (unwrapped.IsKind(SyntaxKind.NullLiteralExpression) || unwrapped.IsKind(SyntaxKind.DefaultLiteralExpression) || unwrapped is DefaultExpressionSyntax)
            {
                return generic ? ReturnRewrite.Keep : ReturnRewrite.Drop;
            }

            var symbol = model.GetSymbolInfo(unwrapped, cancellationToken).Symbol;
            if (!generic)
            {
                if (symbol is IPropertySymbol { Name: "CompletedTask", IsStatic: true } completed && types.IsTaskOrValueTask(completed.ContainingType))
                {
                    return ReturnRewrite.Drop;
                }

                if (unwrapped is BaseObjectCreationExpressionSyntax { ArgumentList.Arguments.Count: 0 } && types.IsValueTask(model.GetTypeInfo(unwrapped, cancellationToken).Type))
                {
                    return ReturnRewrite.Drop;
                }

                return ReturnRewrite.AwaitThenReturn;
            }

            if (unwrapped is InvocationExpressionSyntax { ArgumentList.Arguments.Count: 1 }
                && symbol is IMethodSymbol { Name: "FromResult", IsStatic: true } fromResult && types.IsTaskOrValueTask(fromResult.ContainingType))
            {
                return ReturnRewrite.Unwrap;
            }

            if (unwrapped is BaseObjectCreationExpressionSyntax { ArgumentList.Arguments.Count: 1 } creation
                && types.IsValueTaskOfT(model.GetTypeInfo(unwrapped, cancellationToken).Type)
                && model.GetSymbolInfo(creation, cancellationToken).Symbol is IMethodSymbol { Parameters.Length: 1 } constructor
                && !types.IsTaskLike(constructor.Parameters[0].Type)
                && constructor.Parameters[0].Type.Name != "IValueTaskSource")
            {
                return ReturnRewrite.Unwrap;
            }

            return ReturnRewrite.AwaitValue;
        }

        private static SyntaxNode RewriteReturn(ReturnStatementSyntax current, ReturnRewrite rewrite, bool isLast)
        {
            var expression = current.Expression!;
            switch (rewrite)
            {
                case ReturnRewrite.Drop:
                    return current.WithExpression(null).WithReturnKeyword(current.ReturnKeyword.WithTrailingTrivia());
                case ReturnRewrite.Unwrap:
                    return current.WithExpression(UnwrapResult(expression));
                case ReturnRewrite.AwaitValue:
                    return current.WithExpression(AwaitSyntax.Await(expression, current, expression));
                default:
                    // AwaitThenReturn outside a statement list, or as the last statement.
                    var awaitStatement = AwaitStatement(current);
                    if (isLast)
                    {
                        return awaitStatement;
                    }

                    return SyntaxFactory.Block(awaitStatement.WithoutTrivia(), SyntaxFactory.ReturnStatement())
                        .WithTriviaFrom(current)
                        .WithAdditionalAnnotations(Formatter.Annotation);
            }
        }

        private static ExpressionStatementSyntax AwaitStatement(ReturnStatementSyntax current) =>
            SyntaxFactory.ExpressionStatement(AwaitSyntax.Await(current.Expression!, current, current.Expression!), current.SemicolonToken)
                .WithLeadingTrivia(current.GetLeadingTrivia());

        private static ExpressionSyntax UnwrapResult(ExpressionSyntax expression)
        {
            var unwrapped = expression.WalkDownParentheses();

            var argument = unwrapped switch
            {
                InvocationExpressionSyntax { ArgumentList.Arguments.Count: 1 } invocation => invocation.ArgumentList.Arguments[0].Expression,
                BaseObjectCreationExpressionSyntax { ArgumentList.Arguments.Count: 1 } creation => creation.ArgumentList!.Arguments[0].Expression,
                _ => null,
            };
            return argument is null ? expression : argument.WithTriviaFrom(expression);
        }

        private static SyntaxList<StatementSyntax> StatementsOf(SyntaxNode statementList) => statementList switch
        {
            BlockSyntax block => block.Statements,
            SwitchSectionSyntax section => section.Statements,
            _ => default,
        };

        private static SyntaxNode WithStatements(SyntaxNode statementList, SyntaxList<StatementSyntax> statements) => statementList switch
        {
            BlockSyntax block => block.WithStatements(statements),
            SwitchSectionSyntax section => section.WithStatements(statements),
            _ => statementList,
        };

        /// <summary>`return t;` at <paramref name="index"/> becomes `await t;` followed by `return;`.</summary>
        private static SyntaxList<StatementSyntax> ExpandAt(SyntaxList<StatementSyntax> statements, int index)
        {
            if (index < 0 || index >= statements.Count || statements[index] is not ReturnStatementSyntax { Expression: not null } returnStatement)
            {
                return statements;
            }

            // End the new line the way the file ends its lines (LF or CRLF), keeping any comment on the return itself.
            var endOfLine = SyntaxFactory.ElasticLineFeed;
            foreach (var trivia in returnStatement.GetTrailingTrivia())
            {
                if (trivia.IsKind(SyntaxKind.EndOfLineTrivia))
                {
                    endOfLine = trivia;
                }
            }

            var awaitStatement = AwaitStatement(returnStatement).WithTrailingTrivia(endOfLine);
            var bareReturn = SyntaxFactory.ReturnStatement()
                .WithLeadingTrivia(returnStatement.GetLeadingTrivia())
                .WithTrailingTrivia(returnStatement.GetTrailingTrivia());
            return statements.RemoveAt(index).InsertRange(index, new StatementSyntax[] { awaitStatement.WithAdditionalAnnotations(Formatter.Annotation), bareReturn });
        }

        private static SyntaxList<StatementSyntax> RemoveLast(SyntaxList<StatementSyntax> statements) =>
            statements.Count > 0 && statements[statements.Count - 1] is ReturnStatementSyntax ? statements.RemoveAt(statements.Count - 1) : statements;

        private static SyntaxNode RewriteExpressionBody(SyntaxNode function, ReturnRewrite rewrite)
        {
            var expression = function switch
            {
                AnonymousFunctionExpressionSyntax lambda => lambda.ExpressionBody,
                MethodDeclarationSyntax method => method.ExpressionBody?.Expression,
                LocalFunctionStatementSyntax local => local.ExpressionBody?.Expression,
                _ => null,
            };
            if (expression is null)
            {
                return function;
            }

            switch (rewrite)
            {
                case ReturnRewrite.Keep:
                    return function;
                case ReturnRewrite.Drop:
                    return ToEmptyBlockBody(function);
                case ReturnRewrite.Unwrap:
                    return function.ReplaceNode(expression, UnwrapResult(expression));
                default:
                    return function.ReplaceNode(expression, AwaitSyntax.Await(expression, expression, expression));
            }
        }

        private static SyntaxNode ToEmptyBlockBody(SyntaxNode function)
        {
            var block = SyntaxFactory.Block().WithAdditionalAnnotations(Formatter.Annotation);
            switch (function)
            {
                case AnonymousFunctionExpressionSyntax lambda:
                    return lambda.WithBody(block.WithTriviaFrom(lambda.Body));
                case MethodDeclarationSyntax method:
                    return method.WithExpressionBody(null).WithSemicolonToken(default)
                        .WithBody(block.WithTrailingTrivia(method.SemicolonToken.TrailingTrivia))
                        .WithAdditionalAnnotations(Formatter.Annotation);
                case LocalFunctionStatementSyntax local:
                    return local.WithExpressionBody(null).WithSemicolonToken(default)
                        .WithBody(block.WithTrailingTrivia(local.SemicolonToken.TrailingTrivia))
                        .WithAdditionalAnnotations(Formatter.Annotation);
                default:
                    return function;
            }
        }

        /// <summary>Adds the `async` modifier, keeping the declaration's leading trivia in front of it.</summary>
        private static SyntaxNode AddAsync(SyntaxNode function)
        {
            var asyncToken = SyntaxFactory.Token(SyntaxKind.AsyncKeyword).WithTrailingTrivia(SyntaxFactory.Space);
            switch (function)
            {
                case MethodDeclarationSyntax method:
                    return method.Modifiers.Count == 0
                        ? method.WithReturnType(method.ReturnType.WithoutLeadingTrivia())
                            .WithModifiers(SyntaxFactory.TokenList(asyncToken.WithLeadingTrivia(method.ReturnType.GetLeadingTrivia())))
                        : method.WithModifiers(method.Modifiers.Add(asyncToken));
                case LocalFunctionStatementSyntax local:
                    return local.Modifiers.Count == 0
                        ? local.WithReturnType(local.ReturnType.WithoutLeadingTrivia())
                            .WithModifiers(SyntaxFactory.TokenList(asyncToken.WithLeadingTrivia(local.ReturnType.GetLeadingTrivia())))
                        : local.WithModifiers(local.Modifiers.Add(asyncToken));
                case AnonymousFunctionExpressionSyntax lambda:
                    var leading = lambda.GetLeadingTrivia();
                    var withoutLeading = lambda.WithoutLeadingTrivia();
                    var withAsync = withoutLeading switch
                    {
                        ParenthesizedLambdaExpressionSyntax p => (AnonymousFunctionExpressionSyntax)p.WithModifiers(p.Modifiers.Insert(0, asyncToken)),
                        SimpleLambdaExpressionSyntax s => s.WithModifiers(s.Modifiers.Insert(0, asyncToken)),
                        AnonymousMethodExpressionSyntax a => a.WithModifiers(a.Modifiers.Insert(0, asyncToken)),
                        _ => withoutLeading,
                    };
                    return withAsync.WithLeadingTrivia(leading);
                default:
                    return function;
            }
        }
    }
}
