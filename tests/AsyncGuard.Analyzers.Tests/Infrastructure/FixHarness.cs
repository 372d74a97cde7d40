using System.Collections.Immutable;
using AsyncGuard.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace AsyncGuard.Analyzers.Tests.Infrastructure;

/// <summary>Runs every analyzer on a one-document project in an AdhocWorkspace and applies fixes outside the test framework.</summary>
internal static class FixHarness
{
    public static async Task<(Document Document, ImmutableArray<Diagnostic> Diagnostics)> AnalyzeAsync(string source, string path, OutputKind outputKind, params string[] enable)
    {
        var (project, diagnostics) = await AnalyzeAsync(new[] { (path, source) }, outputKind, null, enable);
        return (project.Documents.Single(), diagnostics);
    }

    public static async Task<(Project Project, ImmutableArray<Diagnostic> Diagnostics)> AnalyzeAsync(IEnumerable<(string Path, string Source)> files, OutputKind outputKind, CSharpParseOptions? parseOptions = null, params string[] enable)
    {
        var workspace = new AdhocWorkspace();
        var projectId = ProjectId.CreateNewId();
        var solution = workspace.CurrentSolution
            .AddProject(ProjectInfo.Create(projectId, VersionStamp.Default, "Corpus", "Corpus", LanguageNames.CSharp,
                compilationOptions: new CSharpCompilationOptions(outputKind, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true)
                    .WithSpecificDiagnosticOptions(Enabled(enable)),
                parseOptions: parseOptions ?? RobustnessRunner.ParseOptions,
                metadataReferences: TestReferences.Net100));
        foreach (var (path, source) in files)
        {
            solution = solution.AddDocument(DocumentId.CreateNewId(projectId), path, SourceText.From(source), filePath: path);
        }

        var project = solution.GetProject(projectId)!;
        var compilation = (await project.GetCompilationAsync())!;
        var diagnostics = await RobustnessRunner.RunAsync(RobustnessRunner.Shipped, compilation);
        return (project, diagnostics.Where(d => d.Location.IsInSource).ToImmutableArray());
    }

    /// <summary>Rules that are off by default, turned on as a user would in .editorconfig.</summary>
    private static ImmutableDictionary<string, ReportDiagnostic> Enabled(string[] ids) =>
        ids.ToImmutableDictionary(id => id, _ => ReportDiagnostic.Info);

    public static Document DocumentOf(Project project, Diagnostic diagnostic) =>
        project.Documents.Single(d => d.FilePath == diagnostic.Location.SourceTree!.FilePath);

    public static async Task<IReadOnlyList<CodeAction>> GetActionsAsync(CodeFixProvider fixer, Document document, Diagnostic diagnostic)
    {
        var actions = new List<CodeAction>();
        var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
        await fixer.RegisterCodeFixesAsync(context);
        return actions.SelectMany(a => a.NestedActions.IsEmpty ? new[] { a } : a.NestedActions.ToArray()).ToList();
    }

    public static async Task<Solution> ApplyAsync(CodeAction action, Document document)
    {
        var operations = await action.GetOperationsAsync(CancellationToken.None);
        var apply = operations.OfType<ApplyChangesOperation>().SingleOrDefault();
        return apply?.ChangedSolution ?? document.Project.Solution;
    }

    public static async Task<Solution> FixAllInDocumentAsync(CodeFixProvider fixer, Document document, string diagnosticId, string? equivalenceKey, ImmutableArray<Diagnostic> diagnostics)
    {
        var provider = fixer.GetFixAllProvider();
        if (provider is null)
        {
            return document.Project.Solution;
        }

        var context = new FixAllContext(document, fixer, FixAllScope.Document, equivalenceKey, new[] { diagnosticId },
            new FixedDiagnostics(diagnostics.Where(d => d.Id == diagnosticId).ToImmutableArray()), CancellationToken.None);
        var action = await provider.GetFixAsync(context);
        return action is null ? document.Project.Solution : await ApplyAsync(action, document);
    }

    /// <summary>
    /// Builds a solution of several projects (each: name, output kind, files, names of the projects it references),
    /// runs every analyzer on each and returns the diagnostics per project.
    /// </summary>
    public static async Task<(Solution Solution, IReadOnlyDictionary<ProjectId, ImmutableArray<Diagnostic>> Diagnostics)> AnalyzeSolutionAsync(
        IEnumerable<(string Name, OutputKind OutputKind, IReadOnlyList<(string Path, string Source)> Files, string[] References)> projects,
        params string[] enable)
    {
        var specific = Enabled(enable);
        var workspace = new AdhocWorkspace();
        var solution = workspace.CurrentSolution;
        var ids = new Dictionary<string, ProjectId>();
        foreach (var (name, outputKind, files, references) in projects)
        {
            var projectId = ProjectId.CreateNewId(name);
            ids[name] = projectId;
            solution = solution.AddProject(ProjectInfo.Create(projectId, VersionStamp.Default, name, name, LanguageNames.CSharp,
                compilationOptions: new CSharpCompilationOptions(outputKind, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true)
                    .WithSpecificDiagnosticOptions(specific),
                parseOptions: RobustnessRunner.ParseOptions,
                metadataReferences: TestReferences.Net100,
                projectReferences: references.Select(r => new ProjectReference(ids[r]))));
            foreach (var (path, source) in files)
            {
                solution = solution.AddDocument(DocumentId.CreateNewId(projectId), path, SourceText.From(source), filePath: name + "/" + path);
            }
        }

        var diagnostics = new Dictionary<ProjectId, ImmutableArray<Diagnostic>>();
        foreach (var project in solution.Projects)
        {
            var compilation = (await project.GetCompilationAsync())!;
            diagnostics[project.Id] = (await RobustnessRunner.RunAsync(RobustnessRunner.Shipped, compilation)).Where(d => d.Location.IsInSource || d.Id == "AD0001").ToImmutableArray();
        }

        return (solution, diagnostics);
    }

    /// <summary>Fix All of one equivalence key at the given scope (document: the document of the first diagnostic).</summary>
    public static async Task<Solution> FixAllAsync(CodeFixProvider fixer, Solution solution, FixAllScope scope, ProjectId projectId, string diagnosticId, string? equivalenceKey,
        IReadOnlyDictionary<ProjectId, ImmutableArray<Diagnostic>> diagnostics, Document? document = null)
    {
        var provider = fixer.GetFixAllProvider();
        if (provider is null)
        {
            return solution;
        }

        var byProject = diagnostics.ToDictionary(p => p.Key, p => p.Value.Where(d => d.Id == diagnosticId).ToImmutableArray());
        var diagnosticProvider = new ProjectDiagnostics(byProject);
        var context = document != null
            ? new FixAllContext(document, fixer, scope, equivalenceKey, new[] { diagnosticId }, diagnosticProvider, CancellationToken.None)
            : new FixAllContext(solution.GetProject(projectId)!, fixer, scope, equivalenceKey, new[] { diagnosticId }, diagnosticProvider, CancellationToken.None);
        var action = await provider.GetFixAsync(context);
        if (action is null)
        {
            return solution;
        }

        var operations = await action.GetOperationsAsync(CancellationToken.None);
        return operations.OfType<ApplyChangesOperation>().SingleOrDefault()?.ChangedSolution ?? solution;
    }

    /// <summary>
    /// Errors of a full build (emit included: the async lowering reports ref state kept across an await, CS4007 and
    /// CS9217, only there), as "ID: message" strings.
    /// </summary>
    public static async Task<IReadOnlyList<string>> EmitErrorsAsync(Project project)
    {
        var compilation = (await project.GetCompilationAsync())!;
        using var stream = new MemoryStream();
        return compilation.Emit(stream).Diagnostics
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => d.Id + ": " + d.GetMessage() + " at " + d.Location.GetLineSpan())
            .ToList();
    }

    /// <summary>Error diagnostics of a solution's compilation, as "ID: message" strings, for a before/after comparison.</summary>
    public static async Task<IReadOnlyList<string>> ErrorsAsync(Project project)
    {
        var compilation = (await project.GetCompilationAsync())!;
        return compilation.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => d.Id + ": " + d.GetMessage())
            .ToList();
    }

    private sealed class ProjectDiagnostics(IReadOnlyDictionary<ProjectId, ImmutableArray<Diagnostic>> diagnostics) : FixAllContext.DiagnosticProvider
    {
        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(diagnostics.TryGetValue(project.Id, out var all) ? all : ImmutableArray<Diagnostic>.Empty);

        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(diagnostics.TryGetValue(document.Project.Id, out var all)
                ? all.Where(d => d.Location.SourceTree?.FilePath == document.FilePath).ToArray()
                : Array.Empty<Diagnostic>());

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) => Task.FromResult(Enumerable.Empty<Diagnostic>());
    }

    private sealed class FixedDiagnostics(ImmutableArray<Diagnostic> diagnostics) : FixAllContext.DiagnosticProvider
    {
        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) => Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);

        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) =>
            Task.FromResult(diagnostics.Where(d => d.Location.SourceTree?.FilePath == document.FilePath));

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) => Task.FromResult(Enumerable.Empty<Diagnostic>());
    }
}
