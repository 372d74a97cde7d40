using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using AsyncGuard.Analyzers.Blocking;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace AsyncGuard.CodeFixes.Blocking
{
    /// <summary>AG0103: make the function async all the way up its callers; optionally add the Async suffix.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AG0103SyncOverAsyncCodeFixProvider)), Shared]
    public sealed class AG0103SyncOverAsyncCodeFixProvider : CodeFixProvider
    {
        public const string MakeAsyncKey = "AG0103.MakeAsync";
        public const string MakeAsyncRenameKey = "AG0103.MakeAsyncRename";

        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(AG0103SyncOverAsyncAnalyzer.Id);

        public override FixAllProvider GetFixAllProvider() => SolutionFixAll.Instance;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            foreach (var diagnostic in context.Diagnostics)
            {
                var name = await MakeAsyncAllTheWay.GetFunctionNameAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false);
                if (name is null)
                {
                    continue;
                }

                var solution = context.Document.Project.Solution;
                var documentId = context.Document.Id;
                context.RegisterCodeFix(
                    CodeAction.Create(
                        $"Make '{name}' async (and its callers)",
                        ct => MakeAsyncAllTheWay.FixAsync(solution, new[] { (documentId, diagnostic) }, addAsyncSuffix: false, ct),
                        equivalenceKey: MakeAsyncKey),
                    diagnostic);
                if (!name.EndsWith("Async", System.StringComparison.Ordinal) && name != "Main")
                {
                    context.RegisterCodeFix(
                        CodeAction.Create(
                            $"Make '{name}' async and rename it to '{name}Async'",
                            ct => MakeAsyncAllTheWay.FixAsync(solution, new[] { (documentId, diagnostic) }, addAsyncSuffix: true, ct),
                            equivalenceKey: MakeAsyncRenameKey),
                        diagnostic);
                }
            }
        }

        /// <summary>Fix All in document, project or solution: one propagation over every seed, so shared callers change once.</summary>
        private sealed class SolutionFixAll : FixAllProvider
        {
            public static readonly SolutionFixAll Instance = new SolutionFixAll();

            public override Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
            {
                var rename = fixAllContext.CodeActionEquivalenceKey == MakeAsyncRenameKey;
                var title = rename ? "Make every function async and add the Async suffix" : "Make every function async (and their callers)";
                return Task.FromResult<CodeAction?>(CodeAction.Create(
                    title,
                    async ct =>
                    {
                        var diagnostics = new List<(DocumentId, Diagnostic)>();
                        switch (fixAllContext.Scope)
                        {
                            case FixAllScope.Project:
                                await AddProjectAsync(fixAllContext, fixAllContext.Project, diagnostics).ConfigureAwait(false);
                                break;
                            case FixAllScope.Solution:
                                foreach (var project in fixAllContext.Solution.Projects)
                                {
                                    await AddProjectAsync(fixAllContext, project, diagnostics).ConfigureAwait(false);
                                }

                                break;
                            default:
                                if (fixAllContext.Document is { } document)
                                {
                                    foreach (var diagnostic in await fixAllContext.GetDocumentDiagnosticsAsync(document).ConfigureAwait(false))
                                    {
                                        diagnostics.Add((document.Id, diagnostic));
                                    }
                                }

                                break;
                        }

                        return await MakeAsyncAllTheWay.FixAsync(fixAllContext.Solution, diagnostics, rename, ct).ConfigureAwait(false);
                    },
                    fixAllContext.CodeActionEquivalenceKey));
            }

            private static async Task AddProjectAsync(FixAllContext context, Project project, List<(DocumentId, Diagnostic)> diagnostics)
            {
                foreach (var diagnostic in await context.GetAllDiagnosticsAsync(project).ConfigureAwait(false))
                {
                    if (diagnostic.Location.SourceTree is { } tree && project.GetDocument(tree) is { } document)
                    {
                        diagnostics.Add((document.Id, diagnostic));
                    }
                }
            }
        }
    }
}
