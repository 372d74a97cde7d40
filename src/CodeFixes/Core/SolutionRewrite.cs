using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using AsyncGuard.Analyzers.Core;
using Microsoft.CodeAnalysis;

namespace AsyncGuard.CodeFixes.Core
{
    /// <summary>One document of a <see cref="SolutionRewrite"/>: its original root and model, and the edits planned on them.</summary>
    internal sealed class DocumentRewrite
    {
        public DocumentRewrite(Document document, SyntaxNode root, SemanticModel model, AsyncTypes types)
        {
            Document = document;
            Root = root;
            Model = model;
            Types = types;
        }

        public Document Document { get; }

        public SyntaxNode Root { get; }

        public SemanticModel Model { get; }

        public AsyncTypes Types { get; }

        public SyntaxRewritePlan Plan { get; } = new SyntaxRewritePlan();
    }

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

            DocumentRewrite? created = null;
            var document = Solution.GetDocument(id);
            if (document != null)
            {
                var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
                var types = model is null ? null : AsyncTypes.Create(model.Compilation);
                if (root != null && model != null && types != null)
                {
                    created = new DocumentRewrite(document, root, model, types);
                }
            }

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
