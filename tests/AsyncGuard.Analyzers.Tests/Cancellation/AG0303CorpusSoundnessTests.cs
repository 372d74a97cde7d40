using System.Collections.Immutable;
using AsyncGuard.Analyzers.Cancellation;
using AsyncGuard.Analyzers.Tests.Infrastructure;
using AsyncGuard.CodeFixes.Cancellation;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace AsyncGuard.Analyzers.Tests.Cancellation;

/// <summary>AG0303 is off by default, so the generic corpus test never sees it: turn it on and check its fixes compile.</summary>
public sealed class AG0303CorpusSoundnessTests
{
    [Fact]
    public async Task Every_AG0303_fix_on_the_corpus_compiles()
    {
        var path = Path.Combine(CorpusFiles.RepositoryRoot(), "tests", "AsyncGuard.Analyzers.Tests", "Corpus", "Cancellation.cs");
        var (project, _) = await FixHarness.AnalyzeAsync(new[] { ("Corpus/Cancellation.cs", File.ReadAllText(path)) }, OutputKind.DynamicallyLinkedLibrary);
        var compilation = (await project.GetCompilationAsync())!;
        var enabled = compilation.WithOptions(compilation.Options.WithSpecificDiagnosticOptions(
            ImmutableDictionary<string, ReportDiagnostic>.Empty.Add(AG0303AcceptTokenAnalyzer.Id, ReportDiagnostic.Info)));
        var diagnostics = await enabled.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new AG0303AcceptTokenAnalyzer())).GetAnalyzerDiagnosticsAsync();
        Assert.True(diagnostics.Length >= 3, $"expected the corpus to show AG0303, got {diagnostics.Length}");

        var fixer = new AG0303AcceptTokenCodeFixProvider();
        var document = project.Documents.Single();
        var failures = new List<string>();
        foreach (var diagnostic in diagnostics)
        {
            foreach (var action in await FixHarness.GetActionsAsync(fixer, document, diagnostic))
            {
                var errors = await FixHarness.ErrorsAsync((await FixHarness.ApplyAsync(action, document)).GetProject(project.Id)!);
                failures.AddRange(errors.Select(e => $"{diagnostic.Location.GetLineSpan()}: {e}"));
            }
        }

        var all = await FixHarness.FixAllInDocumentAsync(fixer, document, AG0303AcceptTokenAnalyzer.Id, AG0303AcceptTokenAnalyzer.Id, diagnostics);
        failures.AddRange((await FixHarness.ErrorsAsync(all.GetProject(project.Id)!)).Select(e => "Fix All: " + e));
        Assert.Empty(failures);
    }
}
