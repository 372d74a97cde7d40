using System.Collections.Immutable;
using AsyncGuard.Analyzers.Style;
using AsyncGuard.Analyzers.Tests.Infrastructure;
using AsyncGuard.CodeFixes.Style;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace AsyncGuard.Analyzers.Tests.Style;

/// <summary>
/// The style rules are off by default, so the generic corpus and robustness tests never run them: turn them on here,
/// check that every fix and Fix All on Corpus/Style.cs compiles, and that broken code does not make them throw.
/// </summary>
public sealed class StyleCorpusSoundnessTests
{
    private static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers =
        ImmutableArray.Create<DiagnosticAnalyzer>(new AG0501ConfigureAwaitAnalyzer(), new AG0502AsyncSuffixAnalyzer(), new AG0503NoAsyncSuffixAnalyzer());

    private static readonly CodeFixProvider[] Fixers =
        { new AG0501ConfigureAwaitCodeFixProvider(), new AG0502AsyncSuffixCodeFixProvider(), new AG0503NoAsyncSuffixCodeFixProvider() };

    private static Compilation Enable(Compilation compilation) => compilation.WithOptions(compilation.Options.WithSpecificDiagnosticOptions(
        ImmutableDictionary<string, ReportDiagnostic>.Empty
            .Add(AG0501ConfigureAwaitAnalyzer.Id, ReportDiagnostic.Info)
            .Add(AG0502AsyncSuffixAnalyzer.Id, ReportDiagnostic.Info)
            .Add(AG0503NoAsyncSuffixAnalyzer.Id, ReportDiagnostic.Info)));

    [Fact]
    public async Task Every_style_fix_on_the_corpus_compiles()
    {
        var path = Path.Combine(CorpusFiles.RepositoryRoot(), "tests", "AsyncGuard.Analyzers.Tests", "Corpus", "Style.cs");
        var (project, _) = await FixHarness.AnalyzeAsync(new[] { ("Corpus/Style.cs", File.ReadAllText(path)) }, OutputKind.DynamicallyLinkedLibrary);
        var compilation = Enable((await project.GetCompilationAsync())!);
        var diagnostics = await RobustnessRunner.RunAsync(Analyzers, compilation);
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
        foreach (var id in new[] { AG0501ConfigureAwaitAnalyzer.Id, AG0502AsyncSuffixAnalyzer.Id, AG0503NoAsyncSuffixAnalyzer.Id })
        {
            Assert.True(diagnostics.Count(d => d.Id == id) >= 3, $"expected the corpus to show {id} at least 3 times");
        }

        var document = project.Documents.Single();
        var failures = new List<string>();
        var fixes = 0;
        foreach (var diagnostic in diagnostics)
        {
            foreach (var fixer in Fixers.Where(f => f.FixableDiagnosticIds.Contains(diagnostic.Id)))
            {
                foreach (var action in await FixHarness.GetActionsAsync(fixer, document, diagnostic))
                {
                    fixes++;
                    var errors = await FixHarness.ErrorsAsync((await FixHarness.ApplyAsync(action, document)).GetProject(project.Id)!);
                    failures.AddRange(errors.Select(e => $"{diagnostic.Id} at {diagnostic.Location.GetLineSpan()}: {e}"));
                }
            }
        }

        foreach (var fixer in Fixers)
        {
            var id = fixer.FixableDiagnosticIds.Single();
            var all = await FixHarness.FixAllInDocumentAsync(fixer, document, id, id, diagnostics);
            var fixedProject = all.GetProject(project.Id)!;
            failures.AddRange((await FixHarness.ErrorsAsync(fixedProject)).Select(e => $"Fix All {id}: {e}"));

            // Fix All leaves none of its diagnostics behind where a fix was offered.
            var after = await RobustnessRunner.RunAsync(Analyzers, Enable((await fixedProject.GetCompilationAsync())!));
            Assert.True(after.Count(d => d.Id == id) < diagnostics.Count(d => d.Id == id), $"Fix All {id} changed nothing");
        }

        Assert.True(fixes > 10, $"only {fixes} fixes offered");
        Assert.Empty(failures);
    }

    [Theory]
    [MemberData(nameof(BrokenSources.All), MemberType = typeof(BrokenSources))]
    public async Task No_style_rule_throws_on_broken_code(int index, string source)
    {
        foreach (var outputKind in new[] { OutputKind.DynamicallyLinkedLibrary, OutputKind.ConsoleApplication })
        {
            var compilation = Enable(RobustnessRunner.Compile(new[] { ($"Broken{index}.cs", source) }, outputKind));
            var diagnostics = await RobustnessRunner.RunAsync(Analyzers, compilation);
            Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
        }
    }
}
