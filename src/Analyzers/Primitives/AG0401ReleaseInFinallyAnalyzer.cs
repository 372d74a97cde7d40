using System.Collections.Immutable;
using System.Threading;
using AsyncGuard.Analyzers.Core;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AsyncGuard.Analyzers.Primitives
{
    /// <summary>
    /// AG0401: a SemaphoreSlim / AsyncSemaphore acquired by Wait / WaitAsync whose Release (in the same function) is not in the
    /// finally of a try that directly follows the acquisition.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class AG0401ReleaseInFinallyAnalyzer : DiagnosticAnalyzer
    {
        public const string Id = "AG0401";

        /// <summary>Property: <see cref="WrapShape"/> or <see cref="MoveShape"/>, so the fix need not re-classify.</summary>
        public const string ShapeProperty = "Shape";

        /// <summary>The statements after the acquisition should be wrapped in try/finally.</summary>
        public const string WrapShape = "Wrap";

        /// <summary>The acquisition is the first statement inside the try whose finally releases: it belongs before the try.</summary>
        public const string MoveShape = "MoveBeforeTry";

        public static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            Id,
            title: "Release the semaphore in a finally block",
            messageFormat: "'{0}' is acquired here but not released in the finally of a try that directly follows; {1}",
            category: RuleHelp.PrimitivesCategory,
            defaultSeverity: DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "A permit taken with Wait or WaitAsync must be given back whatever happens: put the guarded code in a try that directly follows the acquisition and call Release in its finally. Acquiring inside that try releases a permit that was never taken when the wait is cancelled.",
            helpLinkUri: RuleHelp.LinkFor(Id));

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(RuleHelp.GeneratedCode);
            context.RegisterCompilationStartAction(start =>
            {
                var types = AsyncTypes.Create(start.Compilation);
                if (types is null || (types.SemaphoreSlimType is null && types.AsyncGuardSemaphore is null))
                {
                    return;
                }

                start.RegisterSyntaxNodeAction(c => Analyze(c, types), SyntaxKind.ExpressionStatement);
            });
        }

        private static void Analyze(SyntaxNodeAnalysisContext context, AsyncTypes types)
        {
            var statement = (ExpressionStatementSyntax)context.Node;
            if (!TryGetAcquisition(statement, out var invocation, out var receiver))
            {
                return;
            }

            var model = context.SemanticModel;
            var ct = context.CancellationToken;
            if (!IsSemaphoreAcquire(invocation, model, types, ct))
            {
                return;
            }

            var function = EnclosingFunction.Find(statement);
            var body = LockSites.BodyOf(function);
            if (body is null || !HasRelease(body, receiver, model, types, ct))
            {
                return; // released elsewhere (a callback, another method): a hand-off this rule cannot follow
            }

            if (statement.Parent is BlockSyntax block)
            {
                int index = block.Statements.IndexOf(statement);
                if (index + 1 < block.Statements.Count
                    && block.Statements[index + 1] is TryStatementSyntax { Finally: { } following }
                    && HasRelease(following.Block, receiver, model, types, ct))
                {
                    return;
                }

                if (index == 0
                    && block.Parent is TryStatementSyntax { Finally: { } enclosing } enclosingTry
                    && enclosingTry.Block == block
                    && HasRelease(enclosing.Block, receiver, model, types, ct))
                {
                    Report(context, invocation, receiver, MoveShape, "move the acquisition before the try, or a cancelled wait releases a permit it never took");
                    return;
                }
            }

            Report(context, invocation, receiver, WrapShape, "wrap the code up to the Release in try/finally");
        }

        private static void Report(SyntaxNodeAnalysisContext context, InvocationExpressionSyntax invocation, ExpressionSyntax receiver, string shape, string advice)
        {
            var properties = ImmutableDictionary<string, string?>.Empty.Add(ShapeProperty, shape);
            context.ReportDiagnostic(Diagnostic.Create(Rule, invocation.GetLocation(), properties, receiver.WithoutTrivia().ToString(), advice));
        }

        /// <summary><c>s.Wait(..);</c>, <c>await s.WaitAsync(..);</c>, <c>await s.WaitAsync(..).ConfigureAwait(..);</c></summary>
        internal static bool TryGetAcquisition(ExpressionStatementSyntax statement, out InvocationExpressionSyntax invocation, out ExpressionSyntax receiver)
        {
            invocation = null!;
            receiver = null!;
            var expression = statement.Expression;
            bool awaited = false;
            if (expression is AwaitExpressionSyntax awaitExpression)
            {
                expression = awaitExpression.Expression;
                awaited = true;
                if (expression is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" } configure })
                {
                    expression = configure.Expression;
                }
            }

            if (expression is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } call)
            {
                return false;
            }

            string name = access.Name.Identifier.ValueText;
            if (!(awaited ? name == "WaitAsync" : name == "Wait"))
            {
                return false;
            }

            invocation = call;
            receiver = access.Expression;
            return true;
        }

        private static bool IsSemaphoreAcquire(InvocationExpressionSyntax invocation, SemanticModel model, AsyncTypes types, CancellationToken ct)
        {
            if (model.GetSymbolInfo(invocation, ct).Symbol is not IMethodSymbol method || method.IsStatic || !types.IsReleasableSemaphore(method.ContainingType))
            {
                return false;
            }

            // The bool-returning forms (a timeout) acquire conditionally: they are not this rule's shape.
            var returnType = method.ReturnType;
            return returnType.SpecialType == SpecialType.System_Void || types.IsTask(returnType) || types.IsValueTask(returnType);
        }

        /// <summary>Whether <paramref name="scope"/> (without nested functions) calls Release on the same semaphore.</summary>
        internal static bool HasRelease(SyntaxNode scope, ExpressionSyntax receiver, SemanticModel model, AsyncTypes types, CancellationToken ct)
        {
            foreach (var node in LockSites.OwnNodes(scope))
            {
                if (IsReleaseOf(node, receiver, model, types, ct))
                {
                    return true;
                }
            }

            return false;
        }

        internal static bool IsReleaseOf(SyntaxNode node, ExpressionSyntax receiver, SemanticModel model, AsyncTypes types, CancellationToken ct) =>
            node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Release" } access } release
            && model.GetSymbolInfo(release, ct).Symbol is IMethodSymbol method
            && types.IsReleasableSemaphore(method.ContainingType)
            && LockSites.SameLock(access.Expression, receiver, model, ct);
    }
}
