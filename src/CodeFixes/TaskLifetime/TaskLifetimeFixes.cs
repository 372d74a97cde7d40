using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using AsyncGuard.Analyzers.Core;
using AsyncGuard.CodeFixes.Core;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace AsyncGuard.CodeFixes.TaskLifetime
{
    /// <summary>The document, tree and symbols one fix plans against.</summary>
    internal sealed class FixInput
    {
        public FixInput(SyntaxNode root, SemanticModel model, AsyncTypes types, CancellationToken cancellationToken)
        {
            Root = root;
            Model = model;
            Types = types;
            CancellationToken = cancellationToken;
        }

        public SyntaxNode Root { get; }

        public SemanticModel Model { get; }

        public AsyncTypes Types { get; }

        public CancellationToken CancellationToken { get; }

        /// <summary>The outermost node whose span is exactly the diagnostic's span.</summary>
        public SyntaxNode? NodeOf(Diagnostic diagnostic)
        {
            var span = diagnostic.Location.SourceSpan;
            if (!diagnostic.Location.IsInSource || !Root.FullSpan.Contains(span))
            {
                return null;
            }

            var node = Root.FindNode(span, getInnermostNodeForTie: true);
            while (node.Parent != null && node.Parent.Span == span)
            {
                node = node.Parent;
            }

            // An argument spans exactly its expression: the expression is what the rules report.
            if (node is Microsoft.CodeAnalysis.CSharp.Syntax.ArgumentSyntax argument)
            {
                node = argument.Expression;
            }

            return node.Span == span ? node : null;
        }
    }

    /// <summary>Plans the fix of one diagnostic into <paramref name="plan"/>; returns its title, or null when no sound fix exists.</summary>
    internal delegate string? PlanFix(FixInput input, Diagnostic diagnostic, SyntaxRewritePlan plan);

    /// <summary>
    /// The document-level plumbing of the task-lifetime fixes: one planning function serves the single fix and Fix All
    /// (document, project, solution), like the blocking-wait fix.
    /// </summary>
    internal static class TaskLifetimeFixes
    {
        /// <summary>
        /// `_` as the parser makes it: the binder takes a name for the discard only when its contextual kind is
        /// UnderscoreToken, which SyntaxFactory.IdentifierName("_") does not set (the result would not compile unparsed).
        /// </summary>
        public static Microsoft.CodeAnalysis.CSharp.Syntax.IdentifierNameSyntax DiscardName() =>
            Microsoft.CodeAnalysis.CSharp.SyntaxFactory.IdentifierName(Microsoft.CodeAnalysis.CSharp.SyntaxFactory.Identifier(
                default, Microsoft.CodeAnalysis.CSharp.SyntaxKind.UnderscoreToken, "_", "_", default));

        public static async Task<FixInput?> PrepareAsync(Document document, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            var types = model is null ? null : AsyncTypes.Create(model.Compilation);
            return root is null || model is null || types is null ? null : new FixInput(root, model, types, cancellationToken);
        }

        /// <summary>Fixes every given diagnostic of one document in one rewrite pass.</summary>
        public static async Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, PlanFix planFix, CancellationToken cancellationToken)
        {
            var input = await PrepareAsync(document, cancellationToken).ConfigureAwait(false);
            if (input is null)
            {
                return document;
            }

            var plan = new SyntaxRewritePlan();
            foreach (var diagnostic in diagnostics)
            {
                cancellationToken.ThrowIfCancellationRequested();
                planFix(input, diagnostic, plan);
            }

            return plan.IsEmpty ? document : document.WithSyntaxRoot(plan.Apply(input.Root));
        }

        /// <summary>Registers one code action per diagnostic for which <paramref name="planFix"/> finds a sound fix.</summary>
        public static async Task RegisterAsync(CodeFixContext context, PlanFix planFix, string equivalenceKey)
        {
            var input = await PrepareAsync(context.Document, context.CancellationToken).ConfigureAwait(false);
            if (input is null)
            {
                return;
            }

            foreach (var diagnostic in context.Diagnostics)
            {
                var title = planFix(input, diagnostic, new SyntaxRewritePlan());
                if (title is null)
                {
                    continue;
                }

                var document = context.Document;
                context.RegisterCodeFix(
                    CodeAction.Create(title, ct => FixAsync(document, ImmutableArray.Create(diagnostic), planFix, ct), equivalenceKey),
                    diagnostic);
            }
        }

        /// <summary>Fix All that applies the variant named by the chosen action's equivalence key.</summary>
        public static FixAllProvider FixAll(System.Func<string?, PlanFix> variantFor) =>
            FixAllProvider.Create((context, document, diagnostics) =>
                FixAsync(document, diagnostics, variantFor(context.CodeActionEquivalenceKey), context.CancellationToken)!);
    }

    /// <summary>
    /// A task-lifetime fix with one planning function: it serves the single fix and Fix All (document, project,
    /// solution) for one diagnostic ID.
    /// </summary>
    public abstract class SinglePlanCodeFixProvider : DocumentRewriteCodeFixProvider
    {
        private readonly PlanFix _plan;

        private protected SinglePlanCodeFixProvider(string diagnosticId)
            : base(diagnosticId)
        {
            _plan = Plan;
        }

        private protected sealed override Task<string?> GetTitleAsync(
            Document document, SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            var types = AsyncTypes.Create(model.Compilation);
            return Task.FromResult(types is null ? null : Plan(new FixInput(root, model, types, cancellationToken), diagnostic, new SyntaxRewritePlan()));
        }

        private protected sealed override Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken) =>
            TaskLifetimeFixes.FixAsync(document, diagnostics, _plan, cancellationToken);

        /// <summary>Plans the fix of one diagnostic; returns its title, or null when no sound fix exists.</summary>
        private protected abstract string? Plan(FixInput input, Diagnostic diagnostic, SyntaxRewritePlan plan);
    }
}
