using AsyncGuard.Analyzers.TaskLifetime;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncGuard.CodeFixes.TaskLifetime
{
    /// <summary>
    /// AG0208, a ValueTask local consumed more than once: convert it to a Task once, at its declaration —
    /// `var vt = F();` -> `var vt = F().AsTask();`, `ValueTask&lt;T&gt; vt` -> `Task&lt;T&gt; vt`, and `vt.AsTask()` -> `vt`.
    /// Offered only when every use still compiles on a Task (await, .Result, GetAwaiter().GetResult(), ConfigureAwait(..)
    /// awaited, the completion flags); a ValueTask passed on, returned or stored keeps the diagnostic without a fix.
    /// Stored ValueTasks and early .Result reads get no fix: changing a field's or a collection's type is the caller's call.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AG0208ValueTaskMisuseCodeFixProvider)), Shared]
    public sealed class AG0208ValueTaskMisuseCodeFixProvider : PlanCodeFixProvider
    {
        public AG0208ValueTaskMisuseCodeFixProvider()
            : base(AG0208ValueTaskMisuseAnalyzer.Id)
        {
        }

        private protected override string? Plan(DocumentRewrite input, Diagnostic diagnostic, string? variant, SyntaxRewritePlan plan)
        {
            if (!diagnostic.Properties.TryGetValue(AG0208ValueTaskMisuseAnalyzer.MisuseProperty, out var misuse)
                || misuse != AG0208ValueTaskMisuseAnalyzer.ConsumedTwice
                || DeclaratorOf(input, diagnostic) is not { Initializer.Value: { } value } declarator
                || declarator.Parent is not VariableDeclarationSyntax { Variables.Count: 1, Parent: LocalDeclarationStatementSyntax { UsingKeyword.RawKind: 0 } } declaration
                || declaration.Type is RefTypeSyntax
                || input.Model.GetDeclaredSymbol(declarator, input.CancellationToken) is not ILocalSymbol local
                || input.Model.GetOperation(declarator, input.CancellationToken) is not { } declaratorOperation)
            {
                return null;
            }

            var types = input.Types;
            var task = types.IsValueTask(local.Type) ? types.Task
                : types.IsValueTaskOfT(local.Type) && types.TaskOfT != null ? types.TaskOfT.Construct(((INamedTypeSymbol)local.Type).TypeArguments[0])
                : null;
            if (task is null)
            {
                return null;
            }

            // Every use must mean the same on a Task; `vt.AsTask()` becomes `vt`.
            var asTaskCalls = ImmutableArray.CreateBuilder<InvocationExpressionSyntax>();
            foreach (var reference in ValueTaskUses.ReferencesOf(local, ValueTaskUses.Root(declaratorOperation), types))
            {
                if (!StillCompilesOnTask(reference, out var asTask))
                {
                    return null;
                }

                if (asTask != null)
                {
                    asTaskCalls.Add(asTask);
                }
            }

            if (!declaration.Type.IsVar)
            {
                var typeName = task.ToMinimalDisplayString(input.Model, declaration.SpanStart);
                plan.Replace(declaration.Type, current => SyntaxFactory.ParseTypeName(typeName).WithTriviaFrom(current));
            }

            plan.Replace(value, current =>
            {
                var expression = (ExpressionSyntax)current;
                var receiver = NeedsParentheses(expression) ? SyntaxFactory.ParenthesizedExpression(expression.WithoutTrivia()) : expression.WithoutTrivia();
                return SyntaxFactory.InvocationExpression(
                        SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, receiver, SyntaxFactory.IdentifierName("AsTask")))
                    .WithTriviaFrom(current);
            });

            foreach (var call in asTaskCalls)
            {
                plan.Replace(call, current => ((MemberAccessExpressionSyntax)((InvocationExpressionSyntax)current).Expression).Expression.WithTriviaFrom(current));
            }

            return "Convert it to a Task once with AsTask()";
        }

        private static bool StillCompilesOnTask(in ValueTaskReference reference, out InvocationExpressionSyntax? asTask)
        {
            asTask = null;
            var use = reference.Use;
            switch (reference.Kind)
            {
                case ValueTaskUseKind.Inspects:
                    return reference.MemberName is "IsCompleted" or "IsCompletedSuccessfully" or "IsFaulted" or "IsCanceled"
                        || use.Kind == ValueUseKind.Discarded
                        || reference.Reference.Parent is INameOfOperation;
                case ValueTaskUseKind.Consumes when use.Kind == ValueUseKind.Awaited:
                    return true;
                case ValueTaskUseKind.Consumes when use.Kind == ValueUseKind.Receiver:
                    switch (reference.MemberName)
                    {
                        case "Result":
                            return true;
                        case "AsTask" when use.Consumer!.Syntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax, ArgumentList.Arguments.Count: 0 } call:
                            asTask = call;
                            return true;
                        case "GetAwaiter":
                            return EndsInGetResult(use.Consumer!);
                        case "ConfigureAwait":
                            var configured = ValueObservation.Classify(use.Consumer!);
                            return configured.Kind == ValueUseKind.Awaited
                                || (configured.Kind == ValueUseKind.Receiver && ValueObservation.MemberName(configured.Consumer) == "GetAwaiter" && EndsInGetResult(configured.Consumer!));
                        default:
                            return false;
                    }

                default:
                    return false;
            }
        }

        /// <summary>`x.GetAwaiter().GetResult()` with the awaiter never held in a (typed) variable.</summary>
        private static bool EndsInGetResult(IOperation getAwaiter)
        {
            var awaiter = ValueObservation.Classify(getAwaiter);
            return awaiter.Kind == ValueUseKind.Receiver && ValueObservation.MemberName(awaiter.Consumer) == "GetResult";
        }

        /// <summary>The declarator of the local whose consumption is reported (`await vt` -> `var vt = F();`).</summary>
        private static VariableDeclaratorSyntax? DeclaratorOf(DocumentRewrite input, Diagnostic diagnostic)
        {
            var reported = input.NodeOf(diagnostic);
            if (reported is not IdentifierNameSyntax name || input.Model.GetSymbolInfo(name, input.CancellationToken).Symbol is not ILocalSymbol local
                || local.DeclaringSyntaxReferences.Length != 1
                || local.DeclaringSyntaxReferences[0].GetSyntax(input.CancellationToken) is not VariableDeclaratorSyntax { Initializer.Value: { } value } declarator)
            {
                return null;
            }

            // The declarator must hold the call that was analysed: `var vt = F();`, also through `?:` and parentheses.
            return InitializedBy(value) == declarator ? declarator : null;
        }

        private static VariableDeclaratorSyntax? InitializedBy(ExpressionSyntax value)
        {
            SyntaxNode node = value;
            while (node.Parent is ParenthesizedExpressionSyntax || (node.Parent is ConditionalExpressionSyntax conditional && conditional.Condition != node))
            {
                node = node.Parent;
            }

            return node.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator } ? declarator : null;
        }

        private static bool NeedsParentheses(ExpressionSyntax expression) => expression is not (InvocationExpressionSyntax
            or MemberAccessExpressionSyntax or IdentifierNameSyntax or GenericNameSyntax or ElementAccessExpressionSyntax or ParenthesizedExpressionSyntax);
    }
}
