using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using AsyncGuard.Analyzers.Core;
using AsyncGuard.Analyzers.TaskLifetime;
using AsyncGuard.CodeFixes.Core;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FindSymbols;

namespace AsyncGuard.CodeFixes.TaskLifetime
{
    /// <summary>
    /// AG0202: `async void` -> `async Task`, and every caller in the solution that is (or can become) async awaits the call.
    /// Offered only when every reference to the method is a call: a method group (`Action a = M;`) would no longer convert.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AG0202AsyncVoidCodeFixProvider)), Shared]
    public sealed class AG0202AsyncVoidCodeFixProvider : CodeFixProvider
    {
        private const string Title = "Return Task and await the callers";

        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(AG0202AsyncVoidAnalyzer.Id);

        public override FixAllProvider GetFixAllProvider() => new SolutionFixAll();

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            foreach (var diagnostic in context.Diagnostics)
            {
                var items = new[] { (context.Document, diagnostic) };
                var targets = await AsyncVoidToTask.FindTargetsAsync(context.Document.Project.Solution, items, context.CancellationToken).ConfigureAwait(false);
                if (targets.Count == 0)
                {
                    continue;
                }

                var solution = context.Document.Project.Solution;
                context.RegisterCodeFix(
                    CodeAction.Create(Title, ct => AsyncVoidToTask.FixAsync(solution, items, ct), AG0202AsyncVoidAnalyzer.Id),
                    diagnostic);
            }
        }

        /// <summary>Fix All in document, project or solution: one solution change, so that shared callers are rewritten once.</summary>
        private sealed class SolutionFixAll : FixAllProvider
        {
            public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
            {
                var documents = new List<Document>();
                switch (fixAllContext.Scope)
                {
                    case FixAllScope.Document when fixAllContext.Document != null:
                        documents.Add(fixAllContext.Document);
                        break;
                    case FixAllScope.Project:
                        documents.AddRange(fixAllContext.Project.Documents);
                        break;
                    case FixAllScope.Solution:
                        foreach (var project in fixAllContext.Solution.Projects)
                        {
                            documents.AddRange(project.Documents);
                        }

                        break;
                    default:
                        return null;
                }

                var items = new List<(Document, Diagnostic)>();
                foreach (var document in documents)
                {
                    foreach (var diagnostic in await fixAllContext.GetDocumentDiagnosticsAsync(document).ConfigureAwait(false))
                    {
                        items.Add((document, diagnostic));
                    }
                }

                var solution = fixAllContext.Solution;
                return items.Count == 0 ? null : CodeAction.Create(Title, ct => AsyncVoidToTask.FixAsync(solution, items, ct), fixAllContext.CodeActionEquivalenceKey);
            }
        }
    }

    /// <summary>
    /// The void -> Task change of an async method with its call sites. The signature change itself is the shared
    /// <see cref="AsyncConversion.PlanChangeSignatureToAsync"/> (also used by the make-async-all-the-way fix of AG0103);
    /// what is AG0202's own is which calls get awaited: only statement-like calls in functions that are or can become async.
    /// </summary>
    internal static class AsyncVoidToTask
    {
        internal sealed class Target
        {
            public Target(DocumentId documentId, TypeSyntax returnType, IMethodSymbol method, List<ReferenceLocation> calls)
            {
                DocumentId = documentId;
                ReturnType = returnType;
                Method = method;
                Calls = calls;
            }

            public DocumentId DocumentId { get; }

            public TypeSyntax ReturnType { get; }

            public IMethodSymbol Method { get; }

            public List<ReferenceLocation> Calls { get; }
        }

        /// <summary>The diagnostics' methods that can change: not virtual, partial or extern, and referenced only by calls.</summary>
        public static async Task<List<Target>> FindTargetsAsync(Solution solution, IEnumerable<(Document Document, Diagnostic Diagnostic)> items, CancellationToken cancellationToken)
        {
            var targets = new List<Target>();
            var seen = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            foreach (var (document, diagnostic) in items)
            {
                var input = await TaskLifetimeFixes.PrepareAsync(document, cancellationToken).ConfigureAwait(false);
                if (input?.NodeOf(diagnostic) is not TypeSyntax returnType
                    || returnType.Parent is not (MethodDeclarationSyntax or LocalFunctionStatementSyntax)
                    || input.Model.GetDeclaredSymbol(returnType.Parent, cancellationToken) is not IMethodSymbol method
                    || !method.ReturnsVoid || !method.IsAsync
                    || method.IsVirtual || method.IsAbstract || method.IsOverride || method.IsExtern
                    || method.PartialDefinitionPart != null || method.PartialImplementationPart != null
                    || AG0202AsyncVoidAnalyzer.IsSignatureFixedByBase(method)
                    || !seen.Add(method))
                {
                    continue;
                }

                var calls = new List<ReferenceLocation>();
                var onlyCalls = true;
                foreach (var referenced in await SymbolFinder.FindReferencesAsync(method, solution, cancellationToken).ConfigureAwait(false))
                {
                    foreach (var location in referenced.Locations)
                    {
                        if (location.IsImplicit || location.IsCandidateLocation)
                        {
                            onlyCalls = false;
                            continue;
                        }

                        var root = await location.Document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                        if (root is null || CallOf(root.FindNode(location.Location.SourceSpan, getInnermostNodeForTie: true)) is null)
                        {
                            onlyCalls = false;
                        }
                        else
                        {
                            calls.Add(location);
                        }
                    }
                }

                if (onlyCalls)
                {
                    targets.Add(new Target(document.Id, returnType, method, calls));
                }
            }

            return targets;
        }

        public static async Task<Solution> FixAsync(Solution solution, IEnumerable<(Document Document, Diagnostic Diagnostic)> items, CancellationToken cancellationToken)
        {
            var targets = await FindTargetsAsync(solution, items, cancellationToken).ConfigureAwait(false);
            var declarations = new Dictionary<DocumentId, List<Target>>();
            var calls = new Dictionary<DocumentId, List<Microsoft.CodeAnalysis.Text.TextSpan>>();
            foreach (var target in targets)
            {
                Add(declarations, target.DocumentId, target);
                foreach (var call in target.Calls)
                {
                    Add(calls, call.Document.Id, call.Location.SourceSpan);
                }
            }

            var changed = solution;
            var documentIds = new HashSet<DocumentId>(declarations.Keys);
            documentIds.UnionWith(calls.Keys);
            foreach (var documentId in documentIds)
            {
                var document = solution.GetDocument(documentId);
                var input = document is null ? null : await TaskLifetimeFixes.PrepareAsync(document, cancellationToken).ConfigureAwait(false);
                if (input is null)
                {
                    continue;
                }

                var plan = new SyntaxRewritePlan();
                if (declarations.TryGetValue(documentId, out var converted))
                {
                    foreach (var target in converted)
                    {
                        AsyncConversion.PlanChangeSignatureToAsync(target.ReturnType.Parent!, target.Method, input.Model, plan);
                    }
                }

                if (calls.TryGetValue(documentId, out var spans))
                {
                    foreach (var span in spans)
                    {
                        PlanAwait(input, input.Root.FindNode(span, getInnermostNodeForTie: true), plan);
                    }
                }

                if (!plan.IsEmpty)
                {
                    changed = changed.WithDocumentSyntaxRoot(documentId, plan.Apply(input.Root));
                }
            }

            return changed;
        }

        /// <summary>The call `M(..)` / `x.M(..)` whose callee is the reference at <paramref name="name"/>, or null.</summary>
        private static InvocationExpressionSyntax? CallOf(SyntaxNode name)
        {
            SyntaxNode callee = name;
            if (callee.Parent is MemberAccessExpressionSyntax access && access.Name == callee)
            {
                callee = access;
            }
            else if (callee.Parent is MemberBindingExpressionSyntax binding && binding.Name == callee)
            {
                callee = binding;
            }

            return callee.Parent is InvocationExpressionSyntax invocation && invocation.Expression == callee ? invocation : null;
        }

        /// <summary>A call standing as a statement (or expression body) in a function that is or can become async gets awaited.</summary>
        private static void PlanAwait(FixInput input, SyntaxNode name, SyntaxRewritePlan plan)
        {
            var call = CallOf(name);
            var statementLike = call?.Parent is ExpressionStatementSyntax
                || (call?.Parent is AnonymousFunctionExpressionSyntax lambda && lambda.ExpressionBody == call);
            if (call is null || !statementLike)
            {
                // Conditional calls (`x?.M()`) and the like keep running unawaited, as before.
                return;
            }

            var function = EnclosingFunction.Find(call);
            if (function is null || !AsyncConversion.CanAwaitAt(call, function, input.Model, input.CancellationToken)
                || (!AsyncModifier.IsAsync(function) && !AsyncConversion.TryPlanMakeAsync(function, input.Model, input.Types, new SyntaxRewritePlan(), input.CancellationToken)))
            {
                return;
            }

            AsyncConversion.TryPlanMakeAsync(function, input.Model, input.Types, plan, input.CancellationToken);
            var original = call;
            plan.Replace(original, current => AwaitSyntax.Await((ExpressionSyntax)current, original, current));
        }

        private static void Add<T>(Dictionary<DocumentId, List<T>> map, DocumentId key, T value)
        {
            if (!map.TryGetValue(key, out var list))
            {
                map[key] = list = new List<T>();
            }

            list.Add(value);
        }
    }
}
