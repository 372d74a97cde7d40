using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis.FindSymbols;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncGuard.CodeFixes.Cancellation
{
    /// <summary>
    /// AG0306's second fix: remove an unused CancellationToken parameter of a non-public method or local function, with its
    /// argument at every call in the solution (positional or named; nothing to do where an optional token was left out) and
    /// its `&lt;param&gt;` documentation; both parts of a partial method; `cref` parameter lists follow.
    /// Refused unless every reference is a call (a method group, delegate conversion, `nameof` or implicit use refuses it),
    /// every written argument is free of side effects (literals, `default`, locals, parameters, fields, property reads,
    /// `new CancellationToken(..)`, conversions of those: an invocation or assignment would be lost), and the declarations
    /// and calls are free of compiler errors before. The result is checked before it is returned: each changed declaration
    /// and call binds without error, and each call still binds to the changed method (an overload that would take the call
    /// instead refuses it). Targets that fail the check are dropped and the others planned again.
    /// </summary>
    internal static class TokenParameterRemoval
    {
        private const string AnnotationKind = "AsyncGuard.AG0306.RemoveParameter";

        /// <summary>The parameter the diagnostic is on (the identifier of a method's or local function's parameter).</summary>
        public static ParameterSyntax? ParameterAt(DocumentRewrite input, Diagnostic diagnostic)
        {
            var span = diagnostic.Location.SourceSpan;
            return input.TokenAt(diagnostic).Parent is ParameterSyntax parameter
                && parameter.Identifier.Span == span
                && parameter.Parent?.Parent is MethodDeclarationSyntax or LocalFunctionStatementSyntax
                    ? parameter
                    : null;
        }

        /// <summary>
        /// The diagnostic's parameter when its member may lose it: a non-public ordinary method (not public or protected all the
        /// way out) or a local function, whose signature nothing imposes (virtual, override, interface, extern) and not the
        /// `this` of an extension method. Null otherwise.
        /// </summary>
        public static IParameterSymbol? RemovableParameter(DocumentRewrite input, Diagnostic diagnostic) =>
            ParameterAt(input, diagnostic) is { } syntax
            && input.Model.GetDeclaredSymbol(syntax, input.CancellationToken) is { ContainingSymbol: IMethodSymbol method } parameter
            && method.MethodKind is MethodKind.Ordinary or MethodKind.LocalFunction
            && !AsyncSignature.IsPublicApi(method)
            && !method.IsVirtual && !method.IsAbstract && !method.IsOverride && !method.IsExtern
            && method.ExplicitInterfaceImplementations.IsEmpty && !method.ImplementsInterfaceMethodImplicitly()
            && !(method.IsExtensionMethod && parameter.Ordinal == 0)
                ? parameter
                : null;

        /// <summary>Removes the parameter of every diagnostic of the batch that allows it, in one checked solution change.</summary>
        public static async Task<Solution> RemoveAsync(SolutionRewrite rewrite, IReadOnlyList<(DocumentId Document, Diagnostic Diagnostic)> batch, CancellationToken cancellationToken)
        {
            var targets = new List<Target>();
            var seen = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            foreach (var (documentId, diagnostic) in batch)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (await rewrite.GetAsync(documentId, cancellationToken).ConfigureAwait(false) is { } input
                    && RemovableParameter(input, diagnostic) is { } parameter
                    && seen.Add(Definition((IMethodSymbol)parameter.ContainingSymbol))
                    && await FindAsync(rewrite, parameter, cancellationToken).ConfigureAwait(false) is { } target)
                {
                    targets.Add(target);
                }
            }

            // Each round applies the remaining targets and drops those the check refuses; a round without failure is the result.
            while (targets.Count > 0)
            {
                var (changed, documents) = Apply(rewrite, targets);
                var failed = await FailuresAsync(changed, documents, targets, cancellationToken).ConfigureAwait(false);
                if (failed.Count == 0)
                {
                    return changed;
                }

                targets = targets.Where((_, i) => !failed.Contains(i)).ToList();
            }

            return rewrite.Solution;
        }

        private static IMethodSymbol Definition(IMethodSymbol method)
        {
            method = (method.ReducedFrom ?? method).OriginalDefinition;
            return method.PartialDefinitionPart ?? method;
        }

        /// <summary>The declarations, calls and crefs to change, or null when some reference cannot be rewritten.</summary>
        private static async Task<Target?> FindAsync(SolutionRewrite rewrite, IParameterSymbol parameter, CancellationToken cancellationToken)
        {
            var definition = Definition((IMethodSymbol)parameter.ContainingSymbol);
            var target = new Target(definition, parameter);
            foreach (var part in new[] { definition, definition.PartialImplementationPart })
            {
                foreach (var reference in part?.DeclaringSyntaxReferences ?? ImmutableArray<SyntaxReference>.Empty)
                {
                    var document = rewrite.Solution.GetDocument(reference.SyntaxTree);
                    var input = document is null ? null : await rewrite.GetAsync(document.Id, cancellationToken).ConfigureAwait(false);
                    var declaration = input?.Root.FindNode(reference.Span, getInnermostNodeForTie: true)
                        .FirstAncestorOrSelf<SyntaxNode>(n => n is MethodDeclarationSyntax or LocalFunctionStatementSyntax);
                    var parameters = declaration switch
                    {
                        MethodDeclarationSyntax m => m.ParameterList,
                        LocalFunctionStatementSyntax l => l.ParameterList,
                        _ => null,
                    };
                    if (input is null || parameters is null || parameters.Parameters.Count <= parameter.Ordinal
                        || ReadsParameter(input, declaration!, parameter.Name, cancellationToken) || HasErrors(input.Model, declaration!, cancellationToken))
                    {
                        return null;
                    }

                    target.Declarations.Add((input, declaration!, parameters));
                }
            }

            foreach (var referenced in await SymbolFinder.FindReferencesAsync(definition, rewrite.Solution, cancellationToken).ConfigureAwait(false))
            {
                foreach (var location in referenced.Locations)
                {
                    if (location.IsImplicit || location.IsCandidateLocation
                        || await rewrite.GetAsync(location.Document.Id, cancellationToken).ConfigureAwait(false) is not { } input
                        || !input.Root.FullSpan.Contains(location.Location.SourceSpan)
                        || !TryAddReference(target, input, input.Root.FindNode(location.Location.SourceSpan, findInsideTrivia: true, getInnermostNodeForTie: true)))
                    {
                        return null;
                    }
                }
            }

            return target.Declarations.Count > 0 ? target : null;
        }

        /// <summary>A call (its written argument for the token, if any, free of side effects) or a cref; anything else refuses.</summary>
        private static bool TryAddReference(Target target, DocumentRewrite input, SyntaxNode name)
        {
            if (name.IsPartOfStructuredTrivia())
            {
                if (name.FirstAncestorOrSelf<NameMemberCrefSyntax>() is { Parameters: { } crefParameters } && crefParameters.Parameters.Count > target.Ordinal)
                {
                    target.Crefs.Add((input, crefParameters));
                }

                return true;
            }

            if (AsyncConversion.InvocationOf(name) is not { } call
                || input.Model.GetOperation(call, input.CancellationToken) is not IInvocationOperation operation
                || !Definition(operation.TargetMethod).Is(target.Method)
                || operation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == target.Ordinal) is not { } argument
                || HasErrors(input.Model, call, input.CancellationToken))
            {
                return false;
            }

            switch (argument.ArgumentKind)
            {
                case ArgumentKind.DefaultValue:
                    target.Calls.Add((input, call, -1));
                    return true;
                case ArgumentKind.Explicit when argument.Syntax is ArgumentSyntax written && written.Parent == call.ArgumentList && IsFree(argument.Value, input.Types):
                    target.Calls.Add((input, call, call.ArgumentList.Arguments.IndexOf(written)));
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>Reading the value has no side effect that removing the argument would lose.</summary>
        private static bool IsFree(IOperation? value, AsyncTypes types) => value switch
        {
            ILiteralOperation or IDefaultValueOperation or ILocalReferenceOperation or IParameterReferenceOperation
                or IInstanceReferenceOperation or IConditionalAccessInstanceOperation => true,
            IFieldReferenceOperation field => field.Instance is null || IsFree(field.Instance, types),
            IPropertyReferenceOperation property => property.Arguments.IsEmpty && (property.Instance is null || IsFree(property.Instance, types)),
            IConversionOperation conversion => conversion.OperatorMethod is null && IsFree(conversion.Operand, types),
            IConditionalAccessOperation access => IsFree(access.Operation, types) && IsFree(access.WhenNotNull, types),
            IObjectCreationOperation creation => types.IsCancellationToken(creation.Type) && creation.Initializer is null
                && creation.Arguments.All(a => IsFree(a.Value, types)),
            _ => false,
        };

        /// <summary>The body names the parameter (the analyzer says it does not; a safety net for what its definition of a use leaves out).</summary>
        private static bool ReadsParameter(DocumentRewrite input, SyntaxNode declaration, string name, CancellationToken cancellationToken) =>
            declaration.DescendantNodes().OfType<IdentifierNameSyntax>().Any(id =>
                id.Identifier.ValueText == name
                && input.Model.GetSymbolInfo(id, cancellationToken).Symbol is IParameterSymbol p
                && p.ContainingSymbol.Is(input.Model.GetDeclaredSymbol(declaration, cancellationToken)));

        private static bool HasErrors(SemanticModel model, SyntaxNode node, CancellationToken cancellationToken) =>
            model.GetDiagnostics(node.Span, cancellationToken).Any(d => d.Severity == DiagnosticSeverity.Error);

        /// <summary>The solution with every target applied (declarations and calls annotated with the target's index), and the documents changed.</summary>
        private static (Solution Changed, IReadOnlyCollection<DocumentId> Documents) Apply(SolutionRewrite rewrite, IReadOnlyList<Target> targets)
        {
            var plans = new Dictionary<DocumentId, (DocumentRewrite Input, SyntaxRewritePlan Plan)>();
            SyntaxRewritePlan PlanOf(DocumentRewrite input)
            {
                if (!plans.TryGetValue(input.Document.Id, out var entry))
                {
                    plans.Add(input.Document.Id, entry = (input, new SyntaxRewritePlan()));
                }

                return entry.Plan;
            }

            for (var i = 0; i < targets.Count; i++)
            {
                var target = targets[i];
                var annotation = new SyntaxAnnotation(AnnotationKind, i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                var ordinal = target.Ordinal;
                foreach (var (input, declaration, parameters) in target.Declarations)
                {
                    var plan = PlanOf(input);
                    plan.Replace(parameters, current => ((ParameterListSyntax)current).WithParameters(((ParameterListSyntax)current).Parameters.RemoveAt(ordinal)));
                    plan.Then(declaration, current => WithoutParamDoc(current, target.Name).WithAdditionalAnnotations(annotation));
                }

                foreach (var (input, call, argument) in target.Calls)
                {
                    var plan = PlanOf(input);
                    if (argument >= 0)
                    {
                        plan.Replace(call.ArgumentList, current => ((ArgumentListSyntax)current).WithArguments(((ArgumentListSyntax)current).Arguments.RemoveAt(argument)));
                    }

                    plan.Then(call, current => current.WithAdditionalAnnotations(annotation));
                }

                foreach (var (input, cref) in target.Crefs)
                {
                    PlanOf(input).Replace(cref, current => ((CrefParameterListSyntax)current).WithParameters(((CrefParameterListSyntax)current).Parameters.RemoveAt(ordinal)));
                }
            }

            var changed = rewrite.Solution;
            foreach (var entry in plans)
            {
                changed = changed.WithDocumentSyntaxRoot(entry.Key, entry.Value.Plan.Apply(entry.Value.Input.Root));
            }

            return (changed, plans.Keys);
        }

        /// <summary>
        /// The targets (by index) the changed solution refutes: an error inside a changed declaration or call (charged to the
        /// innermost one around it), or a call that no longer binds to its target's changed declaration.
        /// </summary>
        private static async Task<HashSet<int>> FailuresAsync(Solution changed, IEnumerable<DocumentId> documents, IReadOnlyList<Target> targets, CancellationToken cancellationToken)
        {
            var failed = new HashSet<int>();
            var declared = new Dictionary<int, IMethodSymbol>();
            var calls = new List<(SemanticModel Model, SyntaxNode Call, int Target)>();
            foreach (var id in documents)
            {
                var document = changed.GetDocument(id)!;
                var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
                if (root is null || model is null)
                {
                    continue;
                }

                foreach (var node in root.GetAnnotatedNodes(AnnotationKind))
                {
                    var index = IndexOf(node);
                    foreach (var error in model.GetDiagnostics(node.Span, cancellationToken).Where(d => d.Severity == DiagnosticSeverity.Error))
                    {
                        var at = root.FindNode(error.Location.SourceSpan, getInnermostNodeForTie: true);
                        failed.Add(at.AncestorsAndSelf().FirstOrDefault(n => n.HasAnnotations(AnnotationKind)) is { } owner ? IndexOf(owner) : index);
                    }

                    if (node is InvocationExpressionSyntax)
                    {
                        calls.Add((model, node, index));
                    }
                    else if (model.GetDeclaredSymbol(node, cancellationToken) is IMethodSymbol method)
                    {
                        declared[index] = Definition(method);
                    }
                }
            }

            foreach (var (model, call, index) in calls)
            {
                if (!declared.TryGetValue(index, out var method)
                    || model.GetSymbolInfo(call, cancellationToken).Symbol is not IMethodSymbol bound
                    || !SameDeclaration(Definition(bound), method))
                {
                    failed.Add(index);
                }
            }

            for (var i = 0; i < targets.Count; i++)
            {
                if (!declared.ContainsKey(i))
                {
                    failed.Add(i);
                }
            }

            return failed;
        }

        private static int IndexOf(SyntaxNode node) =>
            int.Parse(node.GetAnnotations(AnnotationKind).First().Data!, System.Globalization.CultureInfo.InvariantCulture);

        /// <summary>The same source declaration (a call in another project binds through that project's compilation).</summary>
        private static bool SameDeclaration(IMethodSymbol a, IMethodSymbol b) =>
            a.Is(b)
            || (a.Locations.FirstOrDefault() is { IsInSource: true } x && b.Locations.FirstOrDefault() is { IsInSource: true } y
                && x.SourceSpan == y.SourceSpan && x.SourceTree!.FilePath == y.SourceTree!.FilePath && !string.IsNullOrEmpty(x.SourceTree.FilePath));

        /// <summary>The declaration without the `&lt;param name="..."&gt;` element of the removed parameter in its documentation comment.</summary>
        private static SyntaxNode WithoutParamDoc(SyntaxNode declaration, string name)
        {
            var leading = declaration.GetLeadingTrivia();
            if (!leading.Any(t => t.IsKind(SyntaxKind.SingleLineDocumentationCommentTrivia)))
            {
                return declaration;
            }

            var text = leading.ToFullString();
            var element = "^[ \\t]*///[ \\t]*<param\\s+name\\s*=\\s*\"" + Regex.Escape(name) + "\"\\s*(?:/>|>(?:(?!<param)[\\s\\S])*?</param>)[ \\t]*\\r?\\n";
            var without = Regex.Replace(text, element, string.Empty, RegexOptions.Multiline);
            return without == text ? declaration : declaration.WithLeadingTrivia(SyntaxFactory.ParseLeadingTrivia(without));
        }

        /// <summary>One method whose parameter goes: its declarations (both parts of a partial method), calls (with the index of the argument to remove, -1 when it was left out) and crefs with a parameter list.</summary>
        private sealed class Target(IMethodSymbol method, IParameterSymbol parameter)
        {
            public IMethodSymbol Method { get; } = method;

            public int Ordinal { get; } = parameter.Ordinal;

            public string Name { get; } = parameter.Name;

            public List<(DocumentRewrite Input, SyntaxNode Declaration, ParameterListSyntax Parameters)> Declarations { get; } = new List<(DocumentRewrite, SyntaxNode, ParameterListSyntax)>();

            public List<(DocumentRewrite Input, InvocationExpressionSyntax Call, int Argument)> Calls { get; } = new List<(DocumentRewrite, InvocationExpressionSyntax, int)>();

            public List<(DocumentRewrite Input, CrefParameterListSyntax Parameters)> Crefs { get; } = new List<(DocumentRewrite, CrefParameterListSyntax)>();
        }
    }
}
