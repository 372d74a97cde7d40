using AsyncGuard.Analyzers.Style;
using Microsoft.CodeAnalysis.Rename;

namespace AsyncGuard.CodeFixes.Style
{
    /// <summary>
    /// The rename of AG0502/AG0503: the method and every reference (overrides and implementations follow), across the solution.
    /// Fix All renames one method after the other, finding each again by its signature in the renamed solution.
    /// </summary>
    internal static class AsyncSuffixRenames
    {
        private static readonly SymbolRenameOptions Options = new SymbolRenameOptions(RenameOverloads: false, RenameInStrings: false, RenameInComments: false, RenameFile: false);

        /// <summary>The title of the rename a diagnostic asks for, or null where it would clash or is not possible.</summary>
        public static string? Title(DocumentRewrite input, Diagnostic diagnostic) =>
            Resolve(input.Root, input.Model, diagnostic, input.CancellationToken) is { } target ? $"Rename to '{target.NewName}'" : null;

        /// <summary>The method a diagnostic names and its new name; null where the rename would clash or is not possible.</summary>
        private static (IMethodSymbol Method, string NewName)? Resolve(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            var span = diagnostic.Location.SourceSpan;
            if (!root.FullSpan.Contains(span) || !diagnostic.Properties.TryGetValue(AsyncNaming.NewNameProperty, out var newName) || newName is null)
            {
                return null;
            }

            var token = root.FindToken(span.Start);
            if (token.Span != span || token.Parent is null || model.GetDeclaredSymbol(token.Parent, cancellationToken) is not IMethodSymbol method)
            {
                return null;
            }

            return CanRename(method, newName) ? (method, newName) : null;
        }

        private static bool CanRename(IMethodSymbol method, string newName)
        {
            if (!SyntaxFacts.IsValidIdentifier(newName) || SyntaxFacts.GetKeywordKind(newName) != SyntaxKind.None)
            {
                return false;
            }

            // A field, property or same-signature method of that name would clash; an overload with other parameters would not.
            for (var type = method.ContainingType; type != null; type = type.BaseType)
            {
                if (Clashes(type, method, newName))
                {
                    return false;
                }
            }

            if (method.ContainingType is { } containing)
            {
                foreach (var i in containing.AllInterfaces)
                {
                    if (Clashes(i, method, newName))
                    {
                        return false;
                    }
                }
            }

            return true;
        }

        private static bool Clashes(INamedTypeSymbol type, IMethodSymbol method, string newName)
        {
            foreach (var member in type.GetMembers(newName))
            {
                if (member is not IMethodSymbol other || other.Parameters.Length == method.Parameters.Length)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Renames in sequence on the evolving solution (the single fix and Fix All alike).</summary>
        public static async Task<Solution> RenameAllAsync(Solution original, IReadOnlyList<(DocumentId Document, Diagnostic Diagnostic)> batch, CancellationToken cancellationToken)
        {
            // Decide every target on the original solution, then find each again after the earlier renames.
            var targets = new List<(ProjectId Project, IMethodSymbol Method, string NewName)>();
            foreach (var (documentId, diagnostic) in batch)
            {
                var document = original.GetDocument(documentId);
                if (document is null)
                {
                    continue;
                }

                var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
                if (root is null || model is null || Resolve(root, model, diagnostic, cancellationToken) is not { } target)
                {
                    continue;
                }

                targets.Add((document.Project.Id, target.Method, target.NewName));
            }

            var solution = original;
            foreach (var target in targets)
            {
                var method = solution == original ? target.Method : await FindAgainAsync(solution, target.Project, target.Method, cancellationToken).ConfigureAwait(false);
                if (method is null || !CanRename(method, target.NewName))
                {
                    continue;
                }

                solution = await Renamer.RenameSymbolAsync(solution, method, Options, target.NewName, cancellationToken).ConfigureAwait(false);
            }

            return solution;
        }

        /// <summary>The method in the renamed solution: by its type's metadata name and its signature.</summary>
        private static async Task<IMethodSymbol?> FindAgainAsync(Solution solution, ProjectId projectId, IMethodSymbol original, CancellationToken cancellationToken)
        {
            var project = solution.GetProject(projectId);
            var compilation = project is null ? null : await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
            var signature = original.ToDisplayString();
            foreach (var member in compilation?.GetTypeByMetadataName(MetadataName(original.ContainingType))?.GetMembers(original.Name) ?? ImmutableArray<ISymbol>.Empty)
            {
                if (member is IMethodSymbol method && method.ToDisplayString() == signature)
                {
                    return method;
                }
            }

            return null;
        }

        private static string MetadataName(INamedTypeSymbol type)
        {
            if (type.ContainingType is { } outer)
            {
                return MetadataName(outer) + "+" + type.MetadataName;
            }

            var ns = type.ContainingNamespace;
            return ns is null || ns.IsGlobalNamespace ? type.MetadataName : ns.ToDisplayString() + "." + type.MetadataName;
        }
    }
}
