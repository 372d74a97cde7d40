namespace AsyncGuard.CodeFixes.Core
{
    /// <summary>
    /// One document a fix plans against: its original root, model and types, and the edits planned on them
    /// (applied together by <see cref="SolutionRewrite"/>, or by <see cref="Apply"/> for a fix of this document alone).
    /// </summary>
    internal sealed class DocumentRewrite(Document document, SyntaxNode root, SemanticModel model, AsyncTypes types, CancellationToken cancellationToken)
    {
        public Document Document { get; } = document;

        public SyntaxNode Root { get; } = root;

        public SemanticModel Model { get; } = model;

        public AsyncTypes Types { get; } = types;

        public CancellationToken CancellationToken { get; } = cancellationToken;

        public SyntaxRewritePlan Plan { get; } = new SyntaxRewritePlan();

        /// <summary>The document's rewrite, or null for a document without a C# tree and model (or without Task).</summary>
        public static async Task<DocumentRewrite?> CreateAsync(Document document, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            var types = model is null ? null : AsyncTypes.For(model.Compilation);
            return root is null || model is null || types is null ? null : new DocumentRewrite(document, root, model, types, cancellationToken);
        }

        /// <summary>The document with every planned edit applied.</summary>
        public Document Apply() => Plan.IsEmpty ? Document : Document.WithSyntaxRoot(Plan.Apply(Root));

        /// <summary>The token the diagnostic's span starts at (default, whose Parent is null, for a span outside the document).</summary>
        public SyntaxToken TokenAt(Diagnostic diagnostic)
        {
            var span = diagnostic.Location.SourceSpan;
            return Root.FullSpan.Contains(span) ? Root.FindToken(span.Start) : default;
        }

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
            if (node is ArgumentSyntax argument)
            {
                node = argument.Expression;
            }

            return node.Span == span ? node : null;
        }
    }
}
