using AsyncGuard.Analyzers.Core;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AsyncGuard.Analyzers.TaskLifetime
{
    /// <summary>AG0202: `async void` methods and local functions, except event handlers and members whose signature is fixed by a base.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class AG0202AsyncVoidAnalyzer() : AsyncGuardAnalyzer(Rule)
    {
        public const string Id = "AG0202";

        public static readonly DiagnosticDescriptor Rule = RuleHelp.Descriptor(
            Id, RuleHelp.TaskLifetimeCategory, DiagnosticSeverity.Warning, RuleTraits.None,
            title: "Avoid async void",
            messageFormat: "'{0}' is async void: callers cannot await it and its exceptions crash the process; return Task",
            description: "An async void method cannot be awaited, so callers go on before it finishes, and an exception it throws is raised on the synchronization context, usually ending the process. Return Task instead; only event handlers need async void.");

        private protected override void OnCompilationStart(CompilationStartAnalysisContext start, AsyncTypes types) =>
            start.RegisterSyntaxNodeAction(c => Analyze(c, types), SyntaxKind.MethodDeclaration, SyntaxKind.LocalFunctionStatement);

        private static void Analyze(SyntaxNodeAnalysisContext context, AsyncTypes types)
        {
            var (modifiers, returnType) = context.Node switch
            {
                MethodDeclarationSyntax method => (method.Modifiers, method.ReturnType),
                LocalFunctionStatementSyntax local => (local.Modifiers, local.ReturnType),
                _ => (default(SyntaxTokenList), null),
            };
            if (returnType is not PredefinedTypeSyntax predefined || !predefined.Keyword.IsKind(SyntaxKind.VoidKeyword) || !modifiers.Any(SyntaxKind.AsyncKeyword))
            {
                return;
            }

            if (context.SemanticModel.GetDeclaredSymbol(context.Node, context.CancellationToken) is not IMethodSymbol symbol
                || IsEventHandlerShaped(symbol) || IsSignatureFixedByBase(symbol))
            {
                return;
            }

            // A deliberate fire-and-forget (a timer callback, an `Ignore()` helper) that catches everything its awaits throw.
            var body = context.Node switch
            {
                MethodDeclarationSyntax method => method.Body,
                LocalFunctionStatementSyntax local => local.Body,
                _ => null,
            };
            if (body != null && EveryAwaitCatchesAll(body))
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(Rule, returnType.GetLocation(), symbol.Name));
        }

        /// <summary>
        /// Whether the body awaits at all, and every await (also `await foreach` / `await using`) stands in the try block of
        /// a `try` with a catch-all clause (`catch`, `catch (Exception)`, no filter) that does not rethrow: no exception
        /// thrown after the first await can reach the synchronization context.
        /// </summary>
        internal static bool EveryAwaitCatchesAll(BlockSyntax body)
        {
            var awaits = 0;
            foreach (var node in body.DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)))
            {
                var isAwait = node is AwaitExpressionSyntax
                    || (node is ForEachStatementSyntax forEach && forEach.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword))
                    || (node is ForEachVariableStatementSyntax forEachVariable && forEachVariable.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword))
                    || (node is UsingStatementSyntax usingStatement && usingStatement.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword))
                    || (node is LocalDeclarationStatementSyntax local && local.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword));
                if (!isAwait)
                {
                    continue;
                }

                awaits++;
                if (!InsideCatchAllTry(node, body))
                {
                    return false;
                }
            }

            return awaits > 0;
        }

        private static bool InsideCatchAllTry(SyntaxNode node, BlockSyntax body)
        {
            SyntaxNode child = node;
            for (var current = node.Parent; current != null && current != body.Parent; child = current, current = current.Parent)
            {
                if (current is TryStatementSyntax tryStatement && tryStatement.Block == child)
                {
                    foreach (var clause in tryStatement.Catches)
                    {
                        if (IsCatchAll(clause) && !Rethrows(clause.Block))
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }

        private static bool IsCatchAll(CatchClauseSyntax clause) =>
            clause.Filter is null
            && (clause.Declaration is null
                || clause.Declaration.Type is IdentifierNameSyntax { Identifier.ValueText: "Exception" }
                || clause.Declaration.Type is QualifiedNameSyntax { Right.Identifier.ValueText: "Exception", Left: IdentifierNameSyntax { Identifier.ValueText: "System" } });

        private static bool Rethrows(BlockSyntax block)
        {
            foreach (var statement in block.Statements)
            {
                if (statement is ThrowStatementSyntax)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>(sender, TEventArgs) where TEventArgs derives from EventArgs: the one place async void is needed.</summary>
        internal static bool IsEventHandlerShaped(IMethodSymbol method) => WellKnownApis.HasEventHandlerShape(method, anySender: true);

        /// <summary>Overrides and interface implementations must stay void: the base decides.</summary>
        internal static bool IsSignatureFixedByBase(IMethodSymbol method)
        {
            if (method.IsOverride || !method.ExplicitInterfaceImplementations.IsEmpty)
            {
                return true;
            }

            if (method.MethodKind == MethodKind.LocalFunction)
            {
                return false;
            }

            return method.ImplementsInterfaceMethodImplicitly();
        }
    }
}
