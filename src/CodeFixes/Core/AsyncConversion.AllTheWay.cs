using System.Linq;
using Microsoft.CodeAnalysis.FindSymbols;
using Microsoft.CodeAnalysis.Rename;

namespace AsyncGuard.CodeFixes.Core
{
    /// <summary>A synchronous method or local function to convert, with the document whose plan holds its edits.</summary>
    internal readonly struct MakeAsyncSeed(DocumentRewrite document, SyntaxNode declaration, IMethodSymbol method)
    {
        public DocumentRewrite Document { get; } = document;

        public SyntaxNode Declaration { get; } = declaration;

        public IMethodSymbol Method { get; } = method;
    }

    /// <summary>
    /// The signature-changing part of "make it async" and its propagation to the callers in the solution:
    /// void -> Task, T -> Task&lt;T&gt; (Main too), each caller awaits the call and is converted in turn, up the chain,
    /// stopping at public API, overrides, interface implementations and signatures that cannot change; there the
    /// call is kept working as `.GetAwaiter().GetResult()`, which AG0101/AG0103 then report on their own.
    /// </summary>
    internal static partial class AsyncConversion
    {
        public const string MadeAsyncAnnotationKind = "AsyncGuard.MadeAsync";

        /// <summary>
        /// Plans `void M` -> `async Task M`, `T M` -> `async Task&lt;T&gt; M` (`async` added unless present: AG0202 turns
        /// `async void` into `async Task` with it); the returned annotation finds the result.
        /// </summary>
        public static SyntaxAnnotation PlanChangeSignatureToAsync(SyntaxNode declaration, IMethodSymbol method, SemanticModel model, SyntaxRewritePlan plan)
        {
            var annotation = new SyntaxAnnotation(MadeAsyncAnnotationKind);
            var taskName = model.Compilation.GetTypeByMetadataName("System.Threading.Tasks.Task")?.ToMinimalDisplayString(model, declaration.SpanStart)
                ?? "global::System.Threading.Tasks.Task";
            var returnsVoid = method.ReturnsVoid;
            plan.Replace(declaration, current =>
            {
                var returnType = current switch
                {
                    MethodDeclarationSyntax m => m.ReturnType,
                    LocalFunctionStatementSyntax l => l.ReturnType,
                    _ => null,
                };
                if (returnType is null)
                {
                    return current;
                }

                var text = returnsVoid ? taskName : taskName + "<" + returnType.WithoutTrivia().ToFullString() + ">";
                var newType = SyntaxFactory.ParseTypeName(text).WithTriviaFrom(returnType);
                SyntaxNode changed = current switch
                {
                    MethodDeclarationSyntax m => m.WithReturnType(newType),
                    LocalFunctionStatementSyntax l => l.WithReturnType(newType),
                    _ => current,
                };
                return (AsyncModifier.IsAsync(changed) ? changed : AddAsync(changed)).WithAdditionalAnnotations(annotation);
            });
            return annotation;
        }

        /// <summary>
        /// Converts the seeds (whose bodies the caller planned already) and, recursively, their callers.
        /// Returns where each converted declaration is, for a later rename.
        /// </summary>
        public static async Task<IReadOnlyList<(DocumentId Document, SyntaxAnnotation Annotation)>> PlanAllTheWayAsync(
            SolutionRewrite rewrite, IEnumerable<MakeAsyncSeed> seeds, CancellationToken cancellationToken)
        {
            var propagation = new Propagation(rewrite);
            return await propagation.RunAsync(seeds, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Whether every reference to the method is a call (or nameof / cref): a method group would break on Task.</summary>
        public static async Task<bool> HasOnlyCallReferencesAsync(IMethodSymbol method, Solution solution, CancellationToken cancellationToken)
        {
            foreach (var location in await FindReferenceLocationsAsync(method, solution, cancellationToken).ConfigureAwait(false))
            {
                var root = await location.Document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                if (root is null || Classify(root, location) == ReferenceUse.Other)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// The references of the method when every one is a call (AG0202's void -> Task: no method group, nameof or cref);
        /// null otherwise.
        /// </summary>
        public static async Task<IReadOnlyList<ReferenceLocation>?> FindOnlyCallsAsync(IMethodSymbol method, Solution solution, CancellationToken cancellationToken)
        {
            var locations = await FindReferenceLocationsAsync(method, solution, cancellationToken).ConfigureAwait(false);
            foreach (var location in locations)
            {
                var root = await location.Document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                if (root is null || Classify(root, location) != ReferenceUse.Call)
                {
                    return null;
                }
            }

            return locations;
        }

        /// <summary>Renames each converted method to end in Async (all references, through the Renamer), skipping Main and clashes.</summary>
        public static async Task<Solution> AddAsyncSuffixAsync(Solution solution, IReadOnlyList<(DocumentId Document, SyntaxAnnotation Annotation)> converted, CancellationToken cancellationToken)
        {
            foreach (var (documentId, annotation) in converted)
            {
                var document = solution.GetDocument(documentId);
                var root = document is null ? null : await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                var declaration = root?.GetAnnotatedNodes(annotation).FirstOrDefault();
                var model = declaration is null ? null : await document!.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
                if (model?.GetDeclaredSymbol(declaration!, cancellationToken) is not IMethodSymbol method
                    || WellKnownApis.HasAsyncSuffix(method.Name) || (method.Name == "Main" && method.IsStatic))
                {
                    continue;
                }

                var newName = method.Name + WellKnownApis.AsyncSuffix;
                if (model.LookupSymbols(declaration!.SpanStart, name: newName).Length > 0)
                {
                    continue;
                }

                solution = await Renamer.RenameSymbolAsync(solution, method, new SymbolRenameOptions(), newName, cancellationToken).ConfigureAwait(false);
            }

            return solution;
        }

        private enum ReferenceUse
        {
            Call,
            Ignorable,
            Other,
        }

        private static async Task<IReadOnlyList<ReferenceLocation>> FindReferenceLocationsAsync(IMethodSymbol method, Solution solution, CancellationToken cancellationToken)
        {
            var locations = new List<ReferenceLocation>();
            foreach (var referenced in await SymbolFinder.FindReferencesAsync(method, solution, cancellationToken).ConfigureAwait(false))
            {
                locations.AddRange(referenced.Locations);
            }

            return locations;
        }

        private static ReferenceUse Classify(SyntaxNode root, in ReferenceLocation location)
        {
            if (location.IsImplicit || location.IsCandidateLocation || !root.FullSpan.Contains(location.Location.SourceSpan))
            {
                return ReferenceUse.Other;
            }

            var node = root.FindNode(location.Location.SourceSpan, findInsideTrivia: true, getInnermostNodeForTie: true);
            if (node.IsPartOfStructuredTrivia())
            {
                return ReferenceUse.Ignorable;
            }

            if (InvocationOf(node) != null)
            {
                return ReferenceUse.Call;
            }

            foreach (var ancestor in node.Ancestors())
            {
                if (ancestor is InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "nameof" } })
                {
                    return ReferenceUse.Ignorable;
                }

                if (ancestor is StatementSyntax or MemberDeclarationSyntax)
                {
                    break;
                }
            }

            return ReferenceUse.Other;
        }

        /// <summary>The invocation whose callee is the referenced name: `M()`, `x.M()`, `x?.M()`.</summary>
        public static InvocationExpressionSyntax? InvocationOf(SyntaxNode name)
        {
            SyntaxNode callee = name;
            if (name.Parent is MemberAccessExpressionSyntax access && access.Name == name)
            {
                callee = access;
            }
            else if (name.Parent is MemberBindingExpressionSyntax binding && binding.Name == name)
            {
                callee = binding;
            }

            return callee.Parent is InvocationExpressionSyntax invocation && invocation.Expression == callee ? invocation : null;
        }

        /// <summary>`M(..)` -> `M(..).GetAwaiter().GetResult()`: the caller keeps blocking as before, and is reported for it.</summary>
        private static SyntaxNode BlockOn(SyntaxNode current)
        {
            if (current is not ExpressionSyntax expression)
            {
                return current;
            }

            var getAwaiter = SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, expression.WithoutTrivia(), SyntaxFactory.IdentifierName("GetAwaiter")));
            var getResult = SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, getAwaiter, SyntaxFactory.IdentifierName("GetResult")));
            return getResult.WithTriviaFrom(expression);
        }

        /// <summary>One run of the propagation: the worklist of methods to convert and per-method caches.</summary>
        private sealed class Propagation
        {
            private readonly SolutionRewrite _rewrite;
            private readonly HashSet<IMethodSymbol> _converted = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
            private readonly Dictionary<IMethodSymbol, bool> _convertible = new Dictionary<IMethodSymbol, bool>(SymbolEqualityComparer.Default);
            private readonly Queue<MakeAsyncSeed> _queue = new Queue<MakeAsyncSeed>();

            public Propagation(SolutionRewrite rewrite)
            {
                _rewrite = rewrite;
            }

            public async Task<IReadOnlyList<(DocumentId, SyntaxAnnotation)>> RunAsync(IEnumerable<MakeAsyncSeed> seeds, CancellationToken cancellationToken)
            {
                foreach (var seed in seeds)
                {
                    if (_converted.Add(seed.Method))
                    {
                        _queue.Enqueue(seed);
                    }
                }

                var result = new List<(DocumentId, SyntaxAnnotation)>();
                while (_queue.Count > 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var item = _queue.Dequeue();
                    var annotation = PlanChangeSignatureToAsync(item.Declaration, item.Method, item.Document.Model, item.Document.Plan);
                    result.Add((item.Document.Document.Id, annotation));
                    foreach (var location in await FindReferenceLocationsAsync(item.Method, _rewrite.Solution, cancellationToken).ConfigureAwait(false))
                    {
                        var document = await _rewrite.GetAsync(location.Document.Id, cancellationToken).ConfigureAwait(false);
                        if (document is null || Classify(document.Root, location) != ReferenceUse.Call)
                        {
                            continue;
                        }

                        var node = document.Root.FindNode(location.Location.SourceSpan, getInnermostNodeForTie: true);
                        if (InvocationOf(node) is { } invocation)
                        {
                            await PlanCallAsync(document, invocation, cancellationToken).ConfigureAwait(false);
                        }
                    }
                }

                return result;
            }

            /// <summary>Awaits the call where the caller is or can become async; otherwise blocks on it as before.</summary>
            private async Task PlanCallAsync(DocumentRewrite document, InvocationExpressionSyntax invocation, CancellationToken cancellationToken)
            {
                var plan = document.Plan;
                var function = EnclosingFunction.Find(invocation);
                // The sync side of a dual sync/async implementation keeps calling synchronously: an await there would make the sync path async.
                if (function != null && CanAwaitAt(invocation, function, document.Model, cancellationToken)
                    && document.Types.DualPaths.RegionOf(invocation, document.Model, cancellationToken) != DualSide.Sync)
                {
                    var caller = function is MethodDeclarationSyntax or LocalFunctionStatementSyntax
                        ? document.Model.GetDeclaredSymbol(function, cancellationToken) as IMethodSymbol
                        : null;
                    var awaitHere = caller != null && _converted.Contains(caller);
                    if (!awaitHere && EnclosingFunction.Classify(function, document.Model, document.Types, cancellationToken) == FunctionKind.AsyncCapable)
                    {
                        awaitHere = TryPlanMakeAsync(function, document.Model, document.Types, new SyntaxRewritePlan(), cancellationToken)
                            && TryPlanMakeAsync(function, document.Model, document.Types, plan, cancellationToken);
                    }
                    else if (!awaitHere && caller != null && await CanConvertCallerAsync(document, caller, function, cancellationToken).ConfigureAwait(false))
                    {
                        _converted.Add(caller);
                        _queue.Enqueue(new MakeAsyncSeed(document, function, caller));
                        awaitHere = true;
                    }

                    if (awaitHere)
                    {
                        plan.Replace(invocation, current => current is ExpressionSyntax e ? AwaitSyntax.Await(e, invocation, e) : current);
                        return;
                    }
                }

                plan.Replace(invocation, BlockOn);
            }

            private async Task<bool> CanConvertCallerAsync(DocumentRewrite document, IMethodSymbol caller, SyntaxNode declaration, CancellationToken cancellationToken)
            {
                if (_convertible.TryGetValue(caller, out var known))
                {
                    return known;
                }

                var convertible = caller.DeclaringSyntaxReferences.Length == 1
                    && (!AsyncSignature.IsPublicApi(caller) || AsyncSignature.IsMain(caller))
                    && AsyncSignature.WhyNot(declaration, caller) is null
                    && AsyncCapability.WhyNotAsync(declaration, caller, document.Model, cancellationToken) is null
                    && await HasOnlyCallReferencesAsync(caller, _rewrite.Solution, cancellationToken).ConfigureAwait(false);
                _convertible[caller] = convertible;
                return convertible;
            }
        }
    }
}
