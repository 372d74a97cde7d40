using System.Collections.Immutable;
using AsyncGuard.Analyzers.Core;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncGuard.Analyzers.TaskLifetime
{
    /// <summary>
    /// AG0204: a Task-returning function without `async` returns a task it just started from inside using / a using
    /// declaration's scope / try-finally / lock: the scope ends, and releases its resource, before the task completes.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class AG0204TaskEscapesScopeAnalyzer : DiagnosticAnalyzer
    {
        public const string Id = "AG0204";

        public static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            Id,
            title: "Task escapes a disposing scope",
            messageFormat: "This task is returned from inside a {0}, which ends before the task completes; make the method async and return await it",
            category: RuleHelp.TaskLifetimeCategory,
            defaultSeverity: DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "Returning a task from inside using, try/finally or lock in a method that is not async runs the Dispose, the finally block or the unlock as soon as the task is returned, not when it completes: the operation then works on a disposed resource or outside the lock.",
            helpLinkUri: RuleHelp.LinkFor(Id));

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
            var returnOperation = (IReturnOperation)context.Operation;

            // Syntactic filter first: only `return x;` statements (an expression body has no scope around it).
            if (returnOperation.Syntax is not ReturnStatementSyntax returnStatement || returnOperation.ReturnedValue is not { } returned)
            {
                return;
            }

            var function = EnclosingFunction.Find(returnStatement);
            var scope = ScopeAround(returnStatement, function);
            if (scope is null || function is null || AsyncModifier.IsAsync(function) || !types.IsAwaitable(returned.Type))
            {
                return;
            }

            // Only a task started right here (a call or `new`), and not one of the already completed factories.
            var value = returned;
            while (value is IConversionOperation { Conversion.IsUserDefined: false } conversion)
            {
                value = conversion.Operand;
            }

            if (value is not (IInvocationOperation or IObjectCreationOperation) || IsCompletedFactory(value, types))
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(Rule, returned.Syntax.GetLocation(), scope));
        }

        /// <summary>The kind of scope that ends when <paramref name="returnStatement"/> runs, or null.</summary>
        internal static string? ScopeAround(ReturnStatementSyntax returnStatement, SyntaxNode? function)
        {
            SyntaxNode child = returnStatement;
            for (var current = returnStatement.Parent; current != null && current != function; child = current, current = current.Parent)
            {
                switch (current)
                {
                    case UsingStatementSyntax usingStatement when child == usingStatement.Statement:
                        return "using statement";
                    case LockStatementSyntax lockStatement when child == lockStatement.Statement:
                        return "lock";
                    case TryStatementSyntax { Finally: not null } tryStatement when child == tryStatement.Block || child is CatchClauseSyntax:
                        return "try/finally";
                    case BlockSyntax block when HasUsingDeclarationBefore(block, child):
                        return "using declaration's scope";
                    case SwitchSectionSyntax section when HasUsingDeclarationBefore(section.Statements, child):
                        return "using declaration's scope";
                }
            }

            return null;
        }

        private static bool HasUsingDeclarationBefore(BlockSyntax block, SyntaxNode child) => HasUsingDeclarationBefore(block.Statements, child);

        private static bool HasUsingDeclarationBefore(SyntaxList<StatementSyntax> statements, SyntaxNode child)
        {
            foreach (var statement in statements)
            {
                if (statement == child)
                {
                    return false;
                }

                if (statement is LocalDeclarationStatementSyntax local && local.UsingKeyword.IsKind(SyntaxKind.UsingKeyword))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Task.FromResult / FromException / FromCanceled / CompletedTask-like and `new ValueTask(..)` from a value.</summary>
        private static bool IsCompletedFactory(IOperation value, AsyncTypes types)
        {
            switch (value)
            {
                case IInvocationOperation { TargetMethod: { IsStatic: true } method }
                    when method.Name is "FromResult" or "FromException" or "FromCanceled" && types.IsTaskOrValueTask(method.ContainingType):
                    return true;
                case IObjectCreationOperation { Constructor: { } constructor } when types.IsValueTask(constructor.ContainingType) || types.IsValueTaskOfT(constructor.ContainingType):
                    return constructor.Parameters.Length == 0 || !types.IsTaskLike(constructor.Parameters[0].Type) && constructor.Parameters[0].Type.Name != "IValueTaskSource";
                default:
                    return false;
            }
        }
    }
}
