using AsyncGuard.Analyzers.TaskLifetime;
using Microsoft.CodeAnalysis.Formatting;

namespace AsyncGuard.CodeFixes.TaskLifetime
{
    /// <summary>
    /// AG0203: `Parallel.ForEach(xs, async x => ..)` -> `await Parallel.ForEachAsync(xs, async (x, ct) => ..)`;
    /// `list.ForEach(async x => ..)` / `Array.ForEach(xs, async x => ..)` -> a foreach loop with the body inlined;
    /// `new Thread(async () => ..).Start()` -> `_ = Task.Run(async () => ..)`. No fix for other delegates.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AG0203AsyncLambdaToVoidDelegateCodeFixProvider)), Shared]
    public sealed class AG0203AsyncLambdaToVoidDelegateCodeFixProvider : PlanCodeFixProvider
    {
        public AG0203AsyncLambdaToVoidDelegateCodeFixProvider()
            : base(AG0203AsyncLambdaToVoidDelegateAnalyzer.Id)
        {
        }

        private protected override string? Plan(DocumentRewrite input, Diagnostic diagnostic, string? variant, SyntaxRewritePlan plan)
        {
            if (!diagnostic.Location.IsInSource || !input.Root.FullSpan.Contains(diagnostic.Location.SourceSpan)
                || input.Root.FindToken(diagnostic.Location.SourceSpan.Start).Parent is not AnonymousFunctionExpressionSyntax lambda
                || lambda.Parent is not ArgumentSyntax { NameColon: null } argument
                || argument.Parent?.Parent is not (InvocationExpressionSyntax or ObjectCreationExpressionSyntax))
            {
                return null;
            }

            var call = (ExpressionSyntax)argument.Parent.Parent;
            var target = input.Model.GetSymbolInfo(call, input.CancellationToken).Symbol as IMethodSymbol;
            if (target is null)
            {
                return null;
            }

            var types = input.Types;
            if (target.MethodKind == MethodKind.Constructor)
            {
                return target.ContainingType.Is(types.Thread)
                    && target.Parameters.Length == 1 && target.Parameters[0].Type.Name == "ThreadStart"
                    ? PlanThread(input, (ObjectCreationExpressionSyntax)call, plan) : null;
            }

            if (call.Parent is not ExpressionStatementSyntax || call is not InvocationExpressionSyntax invocation || invocation.ArgumentList.Arguments.Last() != argument)
            {
                return null;
            }

            if (target.Name == "ForEach" && target.ContainingType.Is(types.Parallel))
            {
                return PlanParallel(input, invocation, lambda, target, plan);
            }

            var isListForEach = target.Name == "ForEach" && !target.IsStatic && target.ContainingType.OriginalDefinition.Is(types.ListOfT)
                && invocation.Expression is MemberAccessExpressionSyntax && invocation.ArgumentList.Arguments.Count == 1;
            var isArrayForEach = target.Name == "ForEach" && target.IsStatic && target.ContainingType.SpecialType == SpecialType.System_Array
                && invocation.ArgumentList.Arguments.Count == 2;
            return isListForEach || isArrayForEach ? PlanForeachLoop(input, invocation, lambda, isListForEach, plan) : null;
        }

        /// <summary>The enclosing function can hold an await at <paramref name="node"/> (planned into <paramref name="plan"/>).</summary>
        private static bool PlanAsyncContext(DocumentRewrite input, SyntaxNode node, SyntaxRewritePlan plan)
        {
            var function = EnclosingFunction.Find(node);
            if (function is null || !AsyncConversion.CanAwaitAt(node, function, input.Model, input.CancellationToken)
                || !AsyncConversion.TryPlanMakeAsync(function, input.Model, input.Types, new SyntaxRewritePlan(), input.CancellationToken))
            {
                return false;
            }

            AsyncConversion.TryPlanMakeAsync(function, input.Model, input.Types, plan, input.CancellationToken);
            return true;
        }

        private static string? PlanParallel(DocumentRewrite input, InvocationExpressionSyntax invocation, AnonymousFunctionExpressionSyntax lambda, IMethodSymbol target, SyntaxRewritePlan plan)
        {
            // ForEach(source, body) and ForEach(source, options, body) have ForEachAsync twins taking (item, token) => ValueTask.
            var count = target.Parameters.Length;
            if (count is not (2 or 3) || ParameterOf(lambda) is not { } parameter || invocation.Expression is not MemberAccessExpressionSyntax
                || !HasForEachAsync(input.Types, count))
            {
                return null;
            }

            var token = FreshName(input, lambda, "cancellationToken");
            if (token is null || !PlanAsyncContext(input, invocation, plan))
            {
                return null;
            }

            var typed = parameter.Type != null;
            var cancellationTokenType = typed ? input.Types.CancellationToken!.ToMinimalDisplayString(input.Model, lambda.SpanStart) : null;
            var originalInvocation = invocation;
            plan.Replace(lambda, current =>
            {
                var tokenParameter = SyntaxFactory.Parameter(SyntaxFactory.Identifier(token));
                if (cancellationTokenType != null)
                {
                    tokenParameter = tokenParameter.WithType(SyntaxFactory.ParseTypeName(cancellationTokenType).WithTrailingTrivia(SyntaxFactory.Space));
                }

                var currentLambda = (AnonymousFunctionExpressionSyntax)current;
                var first = ParameterOf(currentLambda)!.WithoutTrivia();
                var parameters = SyntaxFactory.ParameterList(SyntaxFactory.SeparatedList(new[] { first, tokenParameter }));
                return SyntaxFactory.ParenthesizedLambdaExpression(parameters, currentLambda.Body)
                    .WithAsyncKeyword(SyntaxFactory.Token(SyntaxKind.AsyncKeyword).WithTrailingTrivia(SyntaxFactory.Space))
                    .WithArrowToken(ArrowOf(currentLambda)!.Value.WithLeadingTrivia(SyntaxFactory.Space))
                    .WithTriviaFrom(current);
            });
            plan.Replace(invocation.Expression, current =>
            {
                var access = (MemberAccessExpressionSyntax)current;
                return access.WithName(SyntaxFactory.IdentifierName("ForEachAsync").WithTriviaFrom(access.Name));
            });
            plan.Replace(invocation.Parent!, current =>
            {
                var statement = (ExpressionStatementSyntax)current;
                return statement.WithExpression(AwaitSyntax.Await(statement.Expression, originalInvocation, statement.Expression));
            });
            return "Use Parallel.ForEachAsync";
        }

        private static SyntaxToken? ArrowOf(AnonymousFunctionExpressionSyntax lambda) => lambda switch
        {
            SimpleLambdaExpressionSyntax simple => simple.ArrowToken,
            ParenthesizedLambdaExpressionSyntax parenthesized => parenthesized.ArrowToken,
            _ => null,
        };

        private static bool HasForEachAsync(AsyncTypes types, int parameterCount)
        {
            foreach (var member in types.Parallel!.GetMembers("ForEachAsync"))
            {
                if (member is IMethodSymbol { Parameters.Length: var n } method && n == parameterCount
                    && method.Parameters[0].Type is INamedTypeSymbol { Name: "IEnumerable" })
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The single parameter of `x => ..` / `(T x) => ..`; null for other shapes (anonymous methods, several parameters).</summary>
        private static ParameterSyntax? ParameterOf(AnonymousFunctionExpressionSyntax lambda) => lambda switch
        {
            SimpleLambdaExpressionSyntax simple => simple.Parameter,
            ParenthesizedLambdaExpressionSyntax { ParameterList.Parameters.Count: 1 } parenthesized => parenthesized.ParameterList.Parameters[0],
            _ => null,
        };

        /// <summary><paramref name="name"/> when nothing in scope or in the lambda already uses it.</summary>
        private static string? FreshName(DocumentRewrite input, AnonymousFunctionExpressionSyntax lambda, string name)
        {
            if (!input.Model.LookupSymbols(lambda.SpanStart, name: name).IsEmpty)
            {
                return null;
            }

            foreach (var token in lambda.DescendantTokens())
            {
                if (token.IsKind(SyntaxKind.IdentifierToken) && token.ValueText == name)
                {
                    return null;
                }
            }

            return name;
        }

        private static string? PlanForeachLoop(DocumentRewrite input, InvocationExpressionSyntax invocation, AnonymousFunctionExpressionSyntax lambda, bool isList, SyntaxRewritePlan plan)
        {
            if (ParameterOf(lambda) is not { } parameter || parameter.Modifiers.Count > 0 || parameter.AttributeLists.Count > 0 || parameter.Default != null)
            {
                return null;
            }

            // `return` would leave the enclosing method once inlined; a loop variable must not clash with a local in scope.
            foreach (var node in lambda.Body.DescendantNodesAndSelf(n => n is not AnonymousFunctionExpressionSyntax and not LocalFunctionStatementSyntax))
            {
                if (node is ReturnStatementSyntax)
                {
                    return null;
                }
            }

            var name = parameter.Identifier.ValueText;
            if (name != "_" && !input.Model.LookupSymbols(invocation.SpanStart, name: name).IsEmpty)
            {
                return null;
            }

            if (lambda.ExpressionBody is { } expression && !IsStatementExpression(expression))
            {
                return null;
            }

            var statement = (ExpressionStatementSyntax)invocation.Parent!;
            if (!PlanAsyncContext(input, statement, plan))
            {
                return null;
            }

            plan.Replace(statement, current =>
            {
                var call = (InvocationExpressionSyntax)((ExpressionStatementSyntax)current).Expression;
                var source = isList ? ((MemberAccessExpressionSyntax)call.Expression).Expression : call.ArgumentList.Arguments[0].Expression;
                var body = (AnonymousFunctionExpressionSyntax)call.ArgumentList.Arguments[call.ArgumentList.Arguments.Count - 1].Expression;
                var loopBody = body.Block is { } block
                    ? (StatementSyntax)block.WithoutTrivia()
                    : SyntaxFactory.Block(SyntaxFactory.ExpressionStatement(body.ExpressionBody!.WithoutTrivia()));
                var loopParameter = ParameterOf(body)!;
                var loop = SyntaxFactory.ForEachStatement(
                    loopParameter.Type?.WithoutTrivia() ?? SyntaxFactory.IdentifierName("var"),
                    loopParameter.Identifier.WithoutTrivia(),
                    source.WithoutTrivia(),
                    loopBody);
                return loop.WithTriviaFrom(current).WithAdditionalAnnotations(Formatter.Annotation);
            });
            return "Use a foreach loop with await";
        }

        private static bool IsStatementExpression(ExpressionSyntax expression) => expression is AwaitExpressionSyntax or InvocationExpressionSyntax
            or AssignmentExpressionSyntax or ObjectCreationExpressionSyntax
            or PostfixUnaryExpressionSyntax or PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression };

        /// <summary>`new Thread(async () => ..).Start();` -> `_ = Task.Run(async () => ..);` (still fire-and-forget, now with a task to observe).</summary>
        private static string? PlanThread(DocumentRewrite input, ObjectCreationExpressionSyntax creation, SyntaxRewritePlan plan)
        {
            if (creation.ArgumentList?.Arguments.Count != 1 || creation.Initializer != null
                || creation.Parent is not MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Start" } start
                || start.Parent is not InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0 } startCall
                || startCall.Parent is not ExpressionStatementSyntax statement
                || !input.Model.LookupSymbols(statement.SpanStart, name: "_").IsEmpty)
            {
                return null;
            }

            var task = input.Types.Task!.ToMinimalDisplayString(input.Model, statement.SpanStart);
            plan.Replace(startCall, current =>
            {
                var lambda = ((ObjectCreationExpressionSyntax)((MemberAccessExpressionSyntax)((InvocationExpressionSyntax)current).Expression).Expression).ArgumentList!.Arguments[0];
                var run = SyntaxFactory.InvocationExpression(
                    SyntaxFactory.ParseExpression(task + ".Run"),
                    SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(lambda)));
                return SyntaxFactory.AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, TaskLifetimeFixes.DiscardName(), run)
                    .WithAdditionalAnnotations(Formatter.Annotation)
                    .WithTriviaFrom(current);
            });
            return "Use Task.Run";
        }
    }
}
