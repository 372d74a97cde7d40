using AsyncGuard.Analyzers.Style;
using Microsoft.CodeAnalysis.FindSymbols;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncGuard.CodeFixes.Style
{
    /// <summary>
    /// AG0506: move the CancellationToken parameter last and reorder the arguments of every call in the solution (by
    /// name after an omitted optional argument). Offered only where every reference is a call that can be reordered: not
    /// for virtual, abstract, interface or partial methods, nor where the method is used as a method group. Also offered
    /// for NetAnalyzers' CA1068, which owns the finding where it is on.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AG0506TokenParameterLastCodeFixProvider)), Shared]
    public sealed class AG0506TokenParameterLastCodeFixProvider : PlanCodeFixProvider
    {
        public AG0506TokenParameterLastCodeFixProvider()
            : base(AG0506TokenParameterLastAnalyzer.Id, AG0506TokenParameterLastAnalyzer.PeerId)
        {
        }

        private protected override bool IsSolutionWide => true;

        private protected override string FixAllTitle(string? variant) => "Move the CancellationToken parameters last";

        private protected override string? Plan(DocumentRewrite input, Diagnostic diagnostic, string? variant, SyntaxRewritePlan plan)
        {
            if (Target(input, diagnostic) is not { } target)
            {
                return null;
            }

            var order = target.Order;
            plan.Replace(target.Declaration.ParameterList, current => current is ParameterListSyntax list && list.Parameters.Count == order.Length
                ? list.WithParameters(Permute(list.Parameters, order, null))
                : current);
            return "Move the CancellationToken last (and reorder the arguments of the callers)";
        }

        private protected override async Task<bool> IsOfferedAsync(DocumentRewrite input, Diagnostic diagnostic, string? variant) =>
            Target(input, diagnostic) is { } target && await CallersAsync(input.Document.Project.Solution, target, null, input.CancellationToken).ConfigureAwait(false) != null;

        private protected override async Task<Solution> FixSolutionAsync(
            SolutionRewrite rewrite, IReadOnlyList<(DocumentId Document, Diagnostic Diagnostic)> batch, string? variant, CancellationToken cancellationToken)
        {
            foreach (var (documentId, diagnostic) in batch)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (await rewrite.GetAsync(documentId, cancellationToken).ConfigureAwait(false) is not { } input
                    || Target(input, diagnostic) is not { } target
                    || await CallersAsync(rewrite.Solution, target, rewrite, cancellationToken).ConfigureAwait(false) is not { } callers)
                {
                    continue;
                }

                Plan(input, diagnostic, variant, input.Plan);
                foreach (var (caller, list, order, names) in callers)
                {
                    caller.Plan.Replace(list, current => current is ArgumentListSyntax arguments && arguments.Arguments.Count == order.Length
                        ? arguments.WithArguments(Permute(arguments.Arguments, order, names))
                        : current);
                }
            }

            return rewrite.Apply();
        }

        private sealed class Reorder(MethodDeclarationSyntax declaration, IMethodSymbol method, int[] order)
        {
            public MethodDeclarationSyntax Declaration { get; } = declaration;

            public IMethodSymbol Method { get; } = method;

            /// <summary>The parameters' original ordinals in their new order.</summary>
            public int[] Order { get; } = order;
        }

        private static Reorder? Target(DocumentRewrite input, Diagnostic diagnostic)
        {
            // AG0506 reports the token parameter; CA1068 (whose finding this fix also serves) reports the method's name.
            var span = diagnostic.Location.SourceSpan;
            var token = input.TokenAt(diagnostic);
            var declaration = token.Parent switch
            {
                ParameterSyntax { Parent.Parent: MethodDeclarationSyntax d } p when p.Identifier.Span == span => d,
                MethodDeclarationSyntax d when d.Identifier.Span == span => d,
                _ => null,
            };
            if (declaration is null
                || input.Model.GetDeclaredSymbol(declaration, input.CancellationToken) is not { } method
                || method.IsVirtual || method.IsAbstract || method.IsOverride || method.IsExtern
                || method.PartialDefinitionPart != null || method.PartialImplementationPart != null
                || method.ContainingType?.TypeKind == TypeKind.Interface
                || TokenPosition.NewOrder(method, input.Types) is not { } order)
            {
                return null;
            }

            return new Reorder(declaration, method, order);
        }

        /// <summary>
        /// Every call of the method with its argument order (original argument indices in their new order) and which ones
        /// need a name; null when a reference is not a call that can be reordered. With <paramref name="rewrite"/>, the
        /// callers' documents come from it (so their plans are the ones applied).
        /// </summary>
        private static async Task<List<(DocumentRewrite Caller, ArgumentListSyntax List, int[] Order, string?[] Names)>?> CallersAsync(
            Solution solution, Reorder target, SolutionRewrite? rewrite, CancellationToken cancellationToken)
        {
            var callers = new List<(DocumentRewrite, ArgumentListSyntax, int[], string?[])>();
            var references = await SymbolFinder.FindReferencesAsync(target.Method, solution, cancellationToken).ConfigureAwait(false);
            foreach (var referenced in references)
            {
                foreach (var location in referenced.Locations)
                {
                    if (location.Document.Project.Language != LanguageNames.CSharp)
                    {
                        return null;
                    }

                    var caller = rewrite is null
                        ? await DocumentRewrite.CreateAsync(location.Document, cancellationToken).ConfigureAwait(false)
                        : await rewrite.GetAsync(location.Document.Id, cancellationToken).ConfigureAwait(false);
                    if (caller is null)
                    {
                        return null;
                    }

                    var node = caller.Root.FindNode(location.Location.SourceSpan, getInnermostNodeForTie: true);
                    SyntaxNode callee = node.Parent is MemberAccessExpressionSyntax access && access.Name == node ? access
                        : node.Parent is MemberBindingExpressionSyntax binding && binding.Name == node ? binding
                        : node;
                    if (callee.Parent is ArgumentSyntax { Parent.Parent: InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "nameof" } } nameOf }
                        && caller.Model.GetSymbolInfo(nameOf, cancellationToken).Symbol is null)
                    {
                        continue;
                    }

                    if (location.IsImplicit || location.IsCandidateLocation)
                    {
                        return null;
                    }

                    if (callee.Parent is not InvocationExpressionSyntax invocation || invocation.Expression != callee
                        || Arguments(caller.Model, invocation, target, cancellationToken) is not { } arguments)
                    {
                        return null;
                    }

                    callers.Add((caller, invocation.ArgumentList, arguments.Order, arguments.Names));
                }
            }

            return callers;
        }

        /// <summary>The call's arguments in the new parameter order; after an omitted optional argument, each one by name.</summary>
        private static (int[] Order, string?[] Names)? Arguments(SemanticModel model, InvocationExpressionSyntax invocation, Reorder target, CancellationToken cancellationToken)
        {
            if (model.GetOperation(invocation, cancellationToken) is not IInvocationOperation operation)
            {
                return null;
            }

            var list = invocation.ArgumentList.Arguments;
            var byParameter = new Dictionary<int, int>();
            var receiverOrdinal = -1;
            var expandedOrdinal = -1;
            foreach (var argument in operation.Arguments)
            {
                if (argument.Parameter is null)
                {
                    return null;
                }

                if (argument.ArgumentKind == ArgumentKind.Explicit && argument.Syntax is ArgumentSyntax syntax && list.IndexOf(syntax) is var index && index >= 0)
                {
                    byParameter[argument.Parameter.Ordinal] = index;
                }
                else if (argument.ArgumentKind == ArgumentKind.Explicit && operation.TargetMethod.IsExtensionMethod && argument.Parameter.Ordinal == 0)
                {
                    receiverOrdinal = 0;
                }
                else if (argument.ArgumentKind == ArgumentKind.ParamArray)
                {
                    // Its expanded arguments (none or several) are appended below.
                    expandedOrdinal = argument.Parameter.Ordinal;
                }
            }

            var order = new List<int>();
            var names = new List<string?>();
            var gap = false;
            foreach (var ordinal in target.Order)
            {
                if (byParameter.TryGetValue(ordinal, out var index))
                {
                    order.Add(index);
                    names.Add(gap && list[index].NameColon is null ? target.Method.Parameters[ordinal].Name : null);
                }
                else if (ordinal != receiverOrdinal && ordinal != expandedOrdinal)
                {
                    gap = true;
                }
            }

            // The expanded arguments of a `params` parameter stay last, unnamed.
            for (var i = 0; i < list.Count; i++)
            {
                if (!order.Contains(i))
                {
                    if (gap)
                    {
                        return null;
                    }

                    order.Add(i);
                    names.Add(null);
                }
            }

            return (order.ToArray(), names.ToArray());
        }

        /// <summary>The list's nodes in the given order, each separator kept in its place; an argument given a name gets `name:`.</summary>
        private static SeparatedSyntaxList<T> Permute<T>(SeparatedSyntaxList<T> list, int[] order, string?[]? names)
            where T : SyntaxNode
        {
            var nodes = new List<T>(order.Length);
            for (var i = 0; i < order.Length; i++)
            {
                var node = list[order[i]];
                if (names?[i] is { } name && node is ArgumentSyntax argument)
                {
                    node = (T)(SyntaxNode)argument.WithNameColon(SyntaxFactory.NameColon(name).WithLeadingTrivia(argument.GetLeadingTrivia()).WithTrailingTrivia(SyntaxFactory.Space))
                        .WithExpression(argument.Expression.WithoutLeadingTrivia());
                }

                nodes.Add(node);
            }

            var separators = new List<SyntaxToken>();
            for (var i = 0; i < list.SeparatorCount; i++)
            {
                separators.Add(list.GetSeparator(i));
            }

            return SyntaxFactory.SeparatedList(nodes, separators);
        }
    }
}
