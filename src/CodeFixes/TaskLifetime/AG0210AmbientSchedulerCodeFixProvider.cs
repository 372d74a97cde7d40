using AsyncGuard.Analyzers.TaskLifetime;

namespace AsyncGuard.CodeFixes.TaskLifetime
{
    /// <summary>
    /// AG0210: `Task.Factory.StartNew(work[, token])` -> `Task.Run(work[, token])` when the work returns no task (Task.Run would
    /// unwrap it); otherwise the overload with an explicit scheduler: missing token / options become their None values.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AG0210AmbientSchedulerCodeFixProvider)), Shared]
    public sealed class AG0210AmbientSchedulerCodeFixProvider : PlanCodeFixProvider
    {
        public AG0210AmbientSchedulerCodeFixProvider()
            : base(AG0210AmbientSchedulerAnalyzer.Id)
        {
        }

        private protected override string? Plan(DocumentRewrite input, Diagnostic diagnostic, string? variant, SyntaxRewritePlan plan)
        {
            if (input.NodeOf(diagnostic) is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } invocation
                || input.Model.GetSymbolInfo(invocation, input.CancellationToken).Symbol is not IMethodSymbol method)
            {
                return null;
            }

            foreach (var argument in invocation.ArgumentList.Arguments)
            {
                if (argument.NameColon != null || argument.RefKindKeyword.IsKind(SyntaxKind.OutKeyword))
                {
                    return null;
                }
            }

            return CanUseTaskRun(input, invocation, access, method)
                ? TaskLifetimeFixes.PlanTaskRun(access, plan)
                : PlanExplicitScheduler(input, invocation, method, plan);
        }

        /// <summary>`Task.Factory.StartNew(Action|Func&lt;T&gt;[, CancellationToken])` where T is no task: what Task.Run does.</summary>
        private static bool CanUseTaskRun(DocumentRewrite input, InvocationExpressionSyntax invocation, MemberAccessExpressionSyntax access, IMethodSymbol method) =>
            TaskLifetimeFixes.StartNewAsTaskRun(input, invocation, access, method) is { } invoke
            && (invoke.ReturnsVoid || !input.Types.IsAwaitable(invoke.ReturnType));

        private static string? PlanExplicitScheduler(DocumentRewrite input, InvocationExpressionSyntax invocation, IMethodSymbol method, SyntaxRewritePlan plan)
        {
            var types = input.Types;
            var position = invocation.SpanStart;
            var arguments = invocation.ArgumentList.Arguments;
            if (arguments.Count != method.Parameters.Length)
            {
                return null;
            }

            // Split the arguments into the leading ones (tasks, delegate, state) and the token / options.
            var leading = new List<ArgumentSyntax>();
            ArgumentSyntax? token = null;
            ArgumentSyntax? options = null;
            ITypeSymbol? optionsType = method.Name == "StartNew" ? types.TaskCreationOptions : types.TaskContinuationOptions;
            for (var i = 0; i < arguments.Count; i++)
            {
                var type = method.Parameters[i].Type;
                if (types.IsCancellationToken(type))
                {
                    token = arguments[i];
                }
                else if (type.Is(types.TaskCreationOptions) || type.Is(types.TaskContinuationOptions))
                {
                    options = arguments[i];
                    optionsType = type;
                }
                else
                {
                    leading.Add(arguments[i]);
                }
            }

            if (optionsType is null || types.TaskScheduler is null || types.CancellationToken is null)
            {
                return null;
            }

            var scheduler = types.TaskScheduler.ToMinimalDisplayString(input.Model, position) + ".Default";

            // ContinueWith has (work[, state], scheduler); every other form needs token and options spelled out.
            var shortForm = method.Name == "ContinueWith" && token is null && options is null;
            var tokenText = types.CancellationToken.ToMinimalDisplayString(input.Model, position) + ".None";
            var optionsText = optionsType.ToMinimalDisplayString(input.Model, position) + ".None";
            plan.Replace(invocation.ArgumentList, current =>
            {
                var list = (ArgumentListSyntax)current;
                var currentArguments = list.Arguments;
                var rebuilt = new List<ArgumentSyntax>();
                for (var i = 0; i < leading.Count; i++)
                {
                    rebuilt.Add(currentArguments[arguments.IndexOf(leading[i])]);
                }

                if (!shortForm)
                {
                    rebuilt.Add(token is null ? SyntaxFactory.Argument(SyntaxFactory.ParseExpression(tokenText)) : currentArguments[arguments.IndexOf(token)]);
                    rebuilt.Add(options is null ? SyntaxFactory.Argument(SyntaxFactory.ParseExpression(optionsText)) : currentArguments[arguments.IndexOf(options)]);
                }

                rebuilt.Add(SyntaxFactory.Argument(SyntaxFactory.ParseExpression(scheduler)));
                // The commas are new: every argument after the first gets a space in front unless it starts a line already.
                for (var i = 1; i < rebuilt.Count; i++)
                {
                    if (!rebuilt[i].HasLeadingTrivia)
                    {
                        rebuilt[i] = rebuilt[i].WithLeadingTrivia(SyntaxFactory.Space);
                    }
                }

                return list.WithArguments(SyntaxFactory.SeparatedList(rebuilt));
            });
            return "Pass TaskScheduler.Default";
        }
    }
}
