namespace AsyncGuard.CodeFixes.Core
{
    /// <summary>
    /// Edits across the documents of a solution, all planned on the original trees and applied together:
    /// the solution-wide counterpart of <see cref="SyntaxRewritePlan"/>.
    /// </summary>
    internal sealed class SolutionRewrite
    {
        private readonly Dictionary<DocumentId, DocumentRewrite?> _documents = new Dictionary<DocumentId, DocumentRewrite?>();

        public SolutionRewrite(Solution solution)
        {
            Solution = solution;
        }

        /// <summary>The original solution every plan refers to.</summary>
        public Solution Solution { get; }

        /// <summary>The document's plan, created on first use; null for documents without a C# model.</summary>
        public async Task<DocumentRewrite?> GetAsync(DocumentId id, CancellationToken cancellationToken)
        {
            if (_documents.TryGetValue(id, out var existing))
            {
                return existing;
            }

            var document = Solution.GetDocument(id);
            var created = document is null ? null : await DocumentRewrite.CreateAsync(document, cancellationToken).ConfigureAwait(false);
            _documents[id] = created;
            return created;
        }

        /// <summary>The solution with every planned edit applied.</summary>
        public Solution Apply()
        {
            var solution = Solution;
            foreach (var document in _documents.Values)
            {
                if (document != null && !document.Plan.IsEmpty)
                {
                    solution = solution.WithDocumentSyntaxRoot(document.Document.Id, document.Plan.Apply(document.Root));
                }
            }

            return solution;
        }
    }
}
