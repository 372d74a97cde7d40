using System.Collections.Immutable;
using AsyncGuard.Analyzers.Core;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncGuard.Analyzers.TaskLifetime
{
    /// <summary>AG0207: `return null` / `=> null` / `default` from a Task or Task&lt;T&gt; function that is not async.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class AG0207TaskReturnsNullAnalyzer : DiagnosticAnalyzer
    {
        public const string Id = "AG0207";

        public static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            Id,
            title: "Task-returning method returns null",
            messageFormat: "This returns a null '{0}': awaiting it throws NullReferenceException; return a completed task",
            category: RuleHelp.TaskLifetimeCategory,
            defaultSeverity: DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "A method that returns Task without being async hands its caller the task object itself; a null task makes `await` throw NullReferenceException. Return Task.CompletedTask or Task.FromResult(..) instead.",
            helpLinkUri: RuleHelp.LinkFor(Id),
            customTags: RuleHelp.DefiniteBugTag);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(RuleHelp.GeneratedCode);
            context.RegisterCompilationStartAction(start =>
            {
                var types = AsyncTypes.Create(start.Compilation);
                if (types is null)
                {
                    return;
                }

                start.RegisterOperationAction(c => Analyze(c, types), OperationKind.Return);
            });
        }

        private static void Analyze(OperationAnalysisContext context, AsyncTypes types)
        {
            var returned = ((IReturnOperation)context.Operation).ReturnedValue;
            if (returned is null || !IsNullConstant(returned) || !(types.IsTask(returned.Type) || types.IsTaskOfT(returned.Type)))
            {
                return;
            }

            // In an async function null/default is the result value, not the task.
            var function = EnclosingFunction.Find(returned.Syntax);
            if (function is null || AsyncModifier.IsAsync(function))
            {
                return;
            }

            // `null!`: the suppression has no operation of its own, but belongs to what is replaced.
            var syntax = returned.Syntax;
            while (syntax.Parent is PostfixUnaryExpressionSyntax suppression && suppression.IsKind(SyntaxKind.SuppressNullableWarningExpression))
            {
                syntax = suppression;
            }

            context.ReportDiagnostic(Diagnostic.Create(Rule, syntax.GetLocation(), returned.Type!.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)));
        }

        /// <summary>`null`, `default`, `default(Task)`, `null!`, `(Task)null`: a constant null reaching the return.</summary>
        private static bool IsNullConstant(IOperation operation) =>
            operation.ConstantValue.HasValue && operation.ConstantValue.Value is null;
    }
}
