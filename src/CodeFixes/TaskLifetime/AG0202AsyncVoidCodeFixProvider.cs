using AsyncGuard.Analyzers.TaskLifetime;
using Microsoft.CodeAnalysis.FindSymbols;

namespace AsyncGuard.CodeFixes.TaskLifetime
{
    /// <summary>
    /// AG0202: `async void` -> `async Task`, and every caller in the solution that is (or can become) async awaits the call.
    /// Offered only when every reference to the method is a call: a method group (`Action a = M;`) would no longer convert.
    /// The signature change is the shared <see cref="AsyncConversion.PlanChangeSignatureToAsync"/> (also AG0103's); what is
    /// AG0202's own is which calls get awaited: only statement-like calls in functions that are or can become async.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AG0202AsyncVoidCodeFixProvider)), Shared]
    public sealed class AG0202AsyncVoidCodeFixProvider : PlanCodeFixProvider
    {
        private const string Title = "Return Task and await the callers";

        public AG0202AsyncVoidCodeFixProvider()
            : base(AG0202AsyncVoidAnalyzer.Id)
        {
        }

        private protected override bool IsSolutionWide => true;

        private protected override string? Plan(DocumentRewrite input, Diagnostic diagnostic, string? variant, SyntaxRewritePlan plan) =>
            MethodOf(input, diagnostic) is null ? null : Title;

        private protected override async Task<bool> IsOfferedAsync(DocumentRewrite input, Diagnostic diagnostic, string? variant) =>
            await AsyncConversion.FindOnlyCallsAsync(MethodOf(input, diagnostic)!, input.Document.Project.Solution, input.CancellationToken).ConfigureAwait(false) != null;

        private protected override string FixAllTitle(string? variant) => Title;

        private protected override async Task<Solution> FixSolutionAsync(
            SolutionRewrite rewrite, IReadOnlyList<(DocumentId Document, Diagnostic Diagnostic)> batch, string? variant, CancellationToken cancellationToken)
        {
            // Every target is decided on the original solution first; then the declarations, then the calls, are planned.
            var targets = new List<(DocumentRewrite Input, SyntaxNode Declaration, IMethodSymbol Method, IReadOnlyList<ReferenceLocation> Calls)>();
            var seen = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            foreach (var (documentId, diagnostic) in batch)
            {
                var input = await rewrite.GetAsync(documentId, cancellationToken).ConfigureAwait(false);
                if (input is null || MethodOf(input, diagnostic) is not { } method || !seen.Add(method)
                    || await AsyncConversion.FindOnlyCallsAsync(method, rewrite.Solution, cancellationToken).ConfigureAwait(false) is not { } calls)
                {
                    continue;
                }

                targets.Add((input, input.NodeOf(diagnostic)!.Parent!, method, calls));
            }

            foreach (var target in targets)
            {
                AsyncConversion.PlanChangeSignatureToAsync(target.Declaration, target.Method, target.Input.Model, target.Input.Plan);
            }

            foreach (var target in targets)
            {
                foreach (var call in target.Calls)
                {
                    if (await rewrite.GetAsync(call.Document.Id, cancellationToken).ConfigureAwait(false) is { } caller)
                    {
                        PlanAwait(caller, caller.Root.FindNode(call.Location.SourceSpan, getInnermostNodeForTie: true));
                    }
                }
            }

            return rewrite.Apply();
        }

        /// <summary>The diagnostic's method when its signature can change: not virtual, partial or extern, nor fixed by a base.</summary>
        private static IMethodSymbol? MethodOf(DocumentRewrite input, Diagnostic diagnostic) =>
            input.NodeOf(diagnostic) is TypeSyntax { Parent: MethodDeclarationSyntax or LocalFunctionStatementSyntax } returnType
            && input.Model.GetDeclaredSymbol(returnType.Parent!, input.CancellationToken) is IMethodSymbol method
            && method.ReturnsVoid && method.IsAsync
            && !method.IsVirtual && !method.IsAbstract && !method.IsOverride && !method.IsExtern
            && method.PartialDefinitionPart == null && method.PartialImplementationPart == null
            && !AG0202AsyncVoidAnalyzer.IsSignatureFixedByBase(method)
                ? method
                : null;

        /// <summary>A call standing as a statement (or expression body) in a function that is or can become async gets awaited.</summary>
        private static void PlanAwait(DocumentRewrite input, SyntaxNode name)
        {
            var call = AsyncConversion.InvocationOf(name);
            var statementLike = call?.Parent is ExpressionStatementSyntax
                || (call?.Parent is AnonymousFunctionExpressionSyntax lambda && lambda.ExpressionBody == call);
            if (call is null || !statementLike)
            {
                // Conditional calls (`x?.M()`) and the like keep running unawaited, as before.
                return;
            }

            if (AsyncConversion.TryPlanMakeAsyncAround(call, input.Model, input.Types, input.Plan, input.CancellationToken))
            {
                input.Plan.Replace(call, current => AwaitSyntax.Await((ExpressionSyntax)current, call, current));
            }
        }
    }
}
