using AsyncGuard.Analyzers.TaskLifetime;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncGuard.CodeFixes.TaskLifetime
{
    /// <summary>
    /// AG0212: `Task.Factory.StartNew(work, [token,] options[, scheduler])` -> `Task.Run(work[, token])`, which unwraps the
    /// inner task. Only where nothing is lost (no state, no AttachedToParent or other options Task.Run cannot express, the
    /// default scheduler) and the outer Task&lt;Task&gt; is not used as one (Task.Run returns the inner task's type).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AG0212LongRunningAsyncCodeFixProvider)), Shared]
    public sealed class AG0212LongRunningAsyncCodeFixProvider : PlanCodeFixProvider
    {
        // None | PreferFairness | LongRunning | DenyChildAttach | HideScheduler: nothing Task.Run does differently that matters.
        private const int DroppableOptions = 0x01 | 0x02 | 0x08 | 0x10;

        public AG0212LongRunningAsyncCodeFixProvider()
            : base(AG0212LongRunningAsyncAnalyzer.Id)
        {
        }

        private protected override string? Plan(DocumentRewrite input, Diagnostic diagnostic, string? variant, SyntaxRewritePlan plan)
        {
            var types = input.Types;
            if (input.NodeOf(diagnostic) is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Factory" } factory } } invocation
                || input.Model.GetOperation(invocation, input.CancellationToken) is not IInvocationOperation operation
                || !types.IsTask(input.Model.GetSymbolInfo(factory.Expression, input.CancellationToken).Symbol as ITypeSymbol))
            {
                return null;
            }

            ArgumentSyntax? work = null;
            ArgumentSyntax? token = null;
            foreach (var argument in operation.Arguments)
            {
                if (argument.Syntax is not ArgumentSyntax { NameColon: null } syntax || argument.Parameter is null)
                {
                    return null;
                }

                var type = argument.Parameter.Type;
                if (type.TypeKind == TypeKind.Delegate)
                {
                    work = syntax;
                }
                else if (types.IsCancellationToken(type))
                {
                    token = syntax;
                }
                else if (type.Is(types.TaskCreationOptions))
                {
                    if (argument.Value.ConstantValue is not { HasValue: true, Value: int flags } || (flags & ~DroppableOptions) != 0)
                    {
                        return null;
                    }
                }
                else if (type.Is(types.TaskScheduler))
                {
                    // Task.Run always uses the default scheduler.
                    if (argument.Value is not IPropertyReferenceOperation { Property: { Name: "Default", IsStatic: true } property }
                        || !property.ContainingType.Is(types.TaskScheduler))
                    {
                        return null;
                    }
                }
                else
                {
                    // The object state of the (work, state, ..) overloads: Task.Run has no such parameter.
                    return null;
                }
            }

            // `StartNew(..).Unwrap()` is what Task.Run gives: the Unwrap call goes with it.
            var unwrap = AG0212LongRunningAsyncAnalyzer.IsUnwrapped(operation)
                && invocation.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Unwrap" } unwrapAccess
                && unwrapAccess.Expression == invocation
                && unwrapAccess.Parent is InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0 } unwrapCall
                ? unwrapCall
                : null;
            if (work is null || (unwrap is null && !OuterTaskNotNeeded(operation)))
            {
                return null;
            }

            var workIndex = invocation.ArgumentList.Arguments.IndexOf(work);
            var tokenIndex = token is null ? -1 : invocation.ArgumentList.Arguments.IndexOf(token);
            InvocationExpressionSyntax Build(InvocationExpressionSyntax currentInvocation)
            {
                var currentAccess = (MemberAccessExpressionSyntax)currentInvocation.Expression;
                var currentTask = ((MemberAccessExpressionSyntax)currentAccess.Expression).Expression;
                var arguments = currentInvocation.ArgumentList.Arguments;
                var kept = SyntaxFactory.SeparatedList<ArgumentSyntax>();
                kept = kept.Add(arguments[workIndex].WithoutTrivia());
                if (tokenIndex >= 0)
                {
                    kept = kept.Add(arguments[tokenIndex].WithoutTrivia().WithLeadingTrivia(SyntaxFactory.Space));
                }

                return currentInvocation
                    .WithExpression(SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, currentTask, SyntaxFactory.IdentifierName("Run")).WithTriviaFrom(currentAccess))
                    .WithArgumentList(currentInvocation.ArgumentList.WithArguments(kept));
            }

            if (unwrap != null)
            {
                plan.Replace(unwrap, current =>
                {
                    var inner = (InvocationExpressionSyntax)((MemberAccessExpressionSyntax)((InvocationExpressionSyntax)current).Expression).Expression;
                    return Build(inner).WithTriviaFrom(current);
                });
            }
            else
            {
                plan.Replace(invocation, current => Build((InvocationExpressionSyntax)current));
            }

            return "Use Task.Run (unwraps the async delegate's task)";
        }

        /// <summary>
        /// Task.Run gives the inner task: fine where the value is dropped, awaited as a statement, or converted to Task / object;
        /// not where the Task&lt;Task&gt; itself is kept (`var t = ..`, `await await`, `.Unwrap()`).
        /// </summary>
        private static bool OuterTaskNotNeeded(IInvocationOperation operation)
        {
            var parent = operation.Parent;
            switch (parent)
            {
                case IExpressionStatementOperation:
                    return true;
                case IAwaitOperation { Parent: IExpressionStatementOperation }:
                    return true;
                case IConversionOperation { IsImplicit: true, Type: { } target }:
                    return target.SpecialType == SpecialType.System_Object
                        || target is INamedTypeSymbol { IsGenericType: false, Name: "Task" };
                case ISimpleAssignmentOperation { Target: IDiscardOperation }:
                    return true;
                default:
                    return false;
            }
        }
    }
}
