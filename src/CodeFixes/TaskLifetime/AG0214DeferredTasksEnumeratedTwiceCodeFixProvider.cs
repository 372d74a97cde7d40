using System.Linq;
using AsyncGuard.Analyzers.TaskLifetime;

namespace AsyncGuard.CodeFixes.TaskLifetime
{
    /// <summary>
    /// AG0214: materialise the query once where it is declared, `var tasks = items.Select(..).ToArray();`. Only where the
    /// result still compiles: `.ToArray()` binds to Enumerable.ToArray there (checked by speculative binding), and an
    /// explicitly typed local accepts the array (IEnumerable&lt;T&gt;, IReadOnlyList&lt;T&gt;...) or a `var` local is never assigned again.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AG0214DeferredTasksEnumeratedTwiceCodeFixProvider)), Shared]
    public sealed class AG0214DeferredTasksEnumeratedTwiceCodeFixProvider : PlanCodeFixProvider
    {
        private const string Title = "Materialise the query once (ToArray())";

        public AG0214DeferredTasksEnumeratedTwiceCodeFixProvider()
            : base(AG0214DeferredTasksEnumeratedTwiceAnalyzer.Id)
        {
        }

        private protected override string? Plan(DocumentRewrite input, Diagnostic diagnostic, string? variant, SyntaxRewritePlan plan)
        {
            var model = input.Model;
            var token = input.CancellationToken;
            if (input.NodeOf(diagnostic) is not { } node
                || node.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().FirstOrDefault() is not { } name
                || model.GetSymbolInfo(name, token).Symbol is not ILocalSymbol local
                || local.DeclaringSyntaxReferences.Length != 1
                || local.DeclaringSyntaxReferences[0].GetSyntax(token) is not VariableDeclaratorSyntax { Initializer.Value: { } value, Parent: VariableDeclarationSyntax declaration } declarator
                || declarator.SyntaxTree != input.Root.SyntaxTree)
            {
                return null;
            }

            if (plan.Contains(value))
            {
                return Title;
            }

            var materialised = SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, Receiver(value), SyntaxFactory.IdentifierName("ToArray")));
            if (model.GetSpeculativeTypeInfo(value.SpanStart, materialised, SpeculativeBindingOption.BindAsExpression).Type is not IArrayTypeSymbol array
                || array.TypeKind == TypeKind.Error)
            {
                return null;
            }

            if (declaration.Type.IsVar)
            {
                if (IsAssignedAgain(declarator, local, model, token))
                {
                    return null;
                }
            }
            else if (!model.Compilation.ClassifyConversion(array, local.Type).IsImplicit)
            {
                return null;
            }

            plan.Replace(value, current => SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(
                    SyntaxKind.SimpleMemberAccessExpression, Receiver(((ExpressionSyntax)current).WithoutTrivia()), SyntaxFactory.IdentifierName("ToArray")))
                .WithTriviaFrom(current));
            return Title;
        }

        private static ExpressionSyntax Receiver(ExpressionSyntax value) => value is InvocationExpressionSyntax or MemberAccessExpressionSyntax or IdentifierNameSyntax or ParenthesizedExpressionSyntax
            ? value
            : SyntaxFactory.ParenthesizedExpression(value);

        /// <summary>A `var` local that is assigned after its declaration would no longer accept the query: no fix then.</summary>
        private static bool IsAssignedAgain(VariableDeclaratorSyntax declarator, ILocalSymbol local, SemanticModel model, System.Threading.CancellationToken token)
        {
            var scope = declarator.FirstAncestorOrSelf<SyntaxNode>(n => n is BlockSyntax or SwitchSectionSyntax or CompilationUnitSyntax);
            if (scope is null)
            {
                return true;
            }

            foreach (var name in scope.DescendantNodes().OfType<IdentifierNameSyntax>())
            {
                if (name.Identifier.ValueText != local.Name)
                {
                    continue;
                }

                var written = name.Parent switch
                {
                    AssignmentExpressionSyntax assignment => assignment.Left == name,
                    ArgumentSyntax argument => !argument.RefKindKeyword.IsKind(SyntaxKind.None),
                    _ => false,
                };
                if (written && model.GetSymbolInfo(name, token).Symbol.Is(local))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
