using System.Linq;
using AsyncGuard.Analyzers.Cancellation;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Simplification;

namespace AsyncGuard.CodeFixes.Cancellation
{
    /// <summary>AG0303: add `CancellationToken cancellationToken = default` (before a params array) and forward it to every call inside.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AG0303AcceptTokenCodeFixProvider)), Shared]
    public sealed class AG0303AcceptTokenCodeFixProvider : PlanCodeFixProvider
    {
        private static readonly string[] Names = { "cancellationToken", "ct", "token", "cancellationToken1" };

        public AG0303AcceptTokenCodeFixProvider()
            : base(AG0303AcceptTokenAnalyzer.Id)
        {
        }

        private protected override string? Plan(DocumentRewrite input, Diagnostic diagnostic, string? variant, SyntaxRewritePlan plan) =>
            TryPlan(input.Root, diagnostic, input.Model, input.Types, plan, input.CancellationToken) ? "Accept a CancellationToken and forward it" : null;

        private static bool TryPlan(SyntaxNode root, Diagnostic diagnostic, SemanticModel model, AsyncTypes types, SyntaxRewritePlan plan, CancellationToken cancellationToken)
        {
            var span = diagnostic.Location.SourceSpan;
            if (!root.FullSpan.Contains(span)
                || root.FindToken(span.Start).Parent is not MethodDeclarationSyntax declaration
                || declaration.Identifier.Span != span
                || model.GetDeclaredSymbol(declaration, cancellationToken) is not { } method)
            {
                return false;
            }

            var name = FreeName(declaration, method);
            if (name is null)
            {
                return false;
            }

            var token = SyntaxFactory.IdentifierName(name);
            var placeholder = SyntaxFactory.ParseExpression("default(global::System.Threading.CancellationToken)");
            foreach (var invocation in AG0303AcceptTokenAnalyzer.CancellableCallsIn(declaration, method, model, types, cancellationToken, firstOnly: false))
            {
                if (model.GetOperation(invocation, cancellationToken) is not IInvocationOperation operation)
                {
                    continue;
                }

                var kind = CancellableCalls.Classify(operation, types, out var argument);
                if (kind == MissingTokenKind.ExplicitNone)
                {
                    if (argument?.Syntax is ArgumentSyntax explicitArgument)
                    {
                        plan.Replace(explicitArgument.Expression, current => token.WithTriviaFrom(current));
                    }

                    continue;
                }

                if (model.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol target
                    || CancellableCalls.TryPassToken(invocation, target, kind, argument?.Parameter?.Name, placeholder, method, model, types, cancellationToken, out var index, out var inserted) is null
                    || inserted is null)
                {
                    continue;
                }

                var forwarded = inserted.WithExpression(token);
                plan.Replace(invocation.ArgumentList, current => CancellableCalls.InsertArgument((ArgumentListSyntax)current, index, forwarded));
            }

            plan.Replace(declaration.ParameterList, current => AddParameter((ParameterListSyntax)current, name));
            return true;
        }

        private static ParameterListSyntax AddParameter(ParameterListSyntax list, string name)
        {
            var parameter = SyntaxFactory.Parameter(SyntaxFactory.Identifier(name))
                .WithType(SyntaxFactory.ParseTypeName("global::System.Threading.CancellationToken").WithAdditionalAnnotations(Simplifier.Annotation).WithTrailingTrivia(SyntaxFactory.Space))
                .WithDefault(SyntaxFactory.EqualsValueClause(SyntaxFactory.LiteralExpression(SyntaxKind.DefaultLiteralExpression))
                    .WithEqualsToken(SyntaxFactory.Token(SyntaxKind.EqualsToken).WithLeadingTrivia(SyntaxFactory.Space).WithTrailingTrivia(SyntaxFactory.Space)));
            var parameters = list.Parameters;
            var index = parameters.Count > 0 && parameters[parameters.Count - 1].Modifiers.Any(SyntaxKind.ParamsKeyword) ? parameters.Count - 1 : parameters.Count;
            var nodes = new List<ParameterSyntax>(parameters);
            var separators = new List<SyntaxToken>(parameters.GetSeparators());
            nodes.Insert(index, parameter);
            if (nodes.Count > 1)
            {
                separators.Insert(System.Math.Min(index, separators.Count), SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space));
            }

            return list.WithParameters(SyntaxFactory.SeparatedList(nodes, separators));
        }

        /// <summary>The first of the usual names not used by a parameter, type parameter, local or member access in the method.</summary>
        private static string? FreeName(MethodDeclarationSyntax declaration, IMethodSymbol method)
        {
            var used = new HashSet<string>(declaration.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText));
            foreach (var p in method.Parameters)
            {
                used.Add(p.Name);
            }

            return Names.FirstOrDefault(n => !used.Contains(n));
        }
    }
}
