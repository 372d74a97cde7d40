using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using AsyncGuard.Analyzers.Core;
using AsyncGuard.Analyzers.Style;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
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

        public static async Task RegisterAsync(CodeFixContext context, string equivalenceKey)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                return;
            }

            foreach (var diagnostic in context.Diagnostics)
            {
                if (Resolve(root, model, diagnostic, context.CancellationToken) is not { } target)
                {
                    continue;
                }

                var solution = context.Document.Project.Solution;
                context.RegisterCodeFix(
                    CodeAction.Create(
                        $"Rename to '{target.NewName}'",
                        ct => Renamer.RenameSymbolAsync(solution, target.Method, Options, target.NewName, ct),
                        equivalenceKey: equivalenceKey),
                    diagnostic);
            }
        }

        /// <summary>The method a diagnostic names and its new name; null where the rename would clash or is not possible.</summary>
        private static (IMethodSymbol Method, string NewName)? Resolve(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            var span = diagnostic.Location.SourceSpan;
            if (!root.FullSpan.Contains(span) || !diagnostic.Properties.TryGetValue(AG0502AsyncSuffixAnalyzer.NewNameProperty, out var newName) || newName is null)
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

        /// <summary>Fix All in document, project or solution: renames in sequence on the evolving solution.</summary>
        public sealed class FixAll : FixAllProvider
        {
            private readonly string _title;

            public FixAll(string title) => _title = title;

            public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() => new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

            public override Task<CodeAction?> GetFixAsync(FixAllContext context) =>
                Task.FromResult<CodeAction?>(CodeAction.Create(_title, ct => RenameAllAsync(context, ct), equivalenceKey: context.CodeActionEquivalenceKey));

            private static async Task<Solution> RenameAllAsync(FixAllContext context, CancellationToken cancellationToken)
            {
                var diagnostics = new List<Diagnostic>();
                switch (context.Scope)
                {
                    case FixAllScope.Document when context.Document != null:
                        diagnostics.AddRange(await context.GetDocumentDiagnosticsAsync(context.Document).ConfigureAwait(false));
                        break;
                    case FixAllScope.Project:
                        diagnostics.AddRange(await context.GetAllDiagnosticsAsync(context.Project).ConfigureAwait(false));
                        break;
                    case FixAllScope.Solution:
                        foreach (var project in context.Solution.Projects)
                        {
                            diagnostics.AddRange(await context.GetAllDiagnosticsAsync(project).ConfigureAwait(false));
                        }

                        break;
                }

                // Decide every target on the original solution, then find each again after the earlier renames.
                var targets = new List<(ProjectId Project, string Type, string Signature, string Name, string NewName)>();
                foreach (var diagnostic in diagnostics)
                {
                    var document = context.Solution.GetDocument(diagnostic.Location.SourceTree);
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

                    targets.Add((document.Project.Id, MetadataName(target.Method.ContainingType), target.Method.ToDisplayString(), target.Method.Name, target.NewName));
                }

                var solution = context.Solution;
                foreach (var target in targets)
                {
                    var project = solution.GetProject(target.Project);
                    var compilation = project is null ? null : await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
                    var method = compilation?.GetTypeByMetadataName(target.Type) is { } type ? Find(type, target.Name, target.Signature) : null;
                    if (method is null || !CanRename(method, target.NewName))
                    {
                        continue;
                    }

                    solution = await Renamer.RenameSymbolAsync(solution, method, Options, target.NewName, cancellationToken).ConfigureAwait(false);
                }

                return solution;
            }

            private static IMethodSymbol? Find(INamedTypeSymbol type, string name, string signature)
            {
                foreach (var member in type.GetMembers(name))
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
}
