using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Xunit;
using Xunit.Abstractions;

namespace AsyncGuard.Analyzers.Tests.Infrastructure;

/// <summary>
/// For every diagnostic that any analyzer reports on the corpus (tests/…/Corpus and samples/Showcase), every offered
/// fix, and Fix All in document scope, must leave the code with no compiler error it did not have before.
/// </summary>
public sealed class FixSoundnessTests(ITestOutputHelper output)
{
    public static IEnumerable<object[]> Corpora()
    {
        yield return new object[] { "Corpus" };
        yield return new object[] { "Showcase" };
    }

    [Theory]
    [MemberData(nameof(Corpora))]
    public async Task Every_fix_compiles(string corpus)
    {
        var (files, outputKind) = CorpusFiles.Load(corpus);
        var (project, diagnostics) = await FixHarness.AnalyzeAsync(files, outputKind);
        var errorsBefore = await FixHarness.ErrorsAsync(project);
        Assert.Empty(errorsBefore);
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");

        var checkedFixes = 0;
        var failures = new List<string>();
        foreach (var diagnostic in diagnostics)
        {
            var document = FixHarness.DocumentOf(project, diagnostic);
            foreach (var fixer in RobustnessRunner.AllFixers.Where(f => f.FixableDiagnosticIds.Contains(diagnostic.Id)))
            {
                foreach (var action in await FixHarness.GetActionsAsync(fixer, document, diagnostic))
                {
                    var changed = await FixHarness.ApplyAsync(action, document);
                    var errors = await FixHarness.ErrorsAsync(changed.GetProject(project.Id)!);
                    checkedFixes++;
                    if (errors.Count > 0)
                    {
                        failures.Add($"{diagnostic.Id} at {diagnostic.Location.GetLineSpan()} '{action.Title}': {string.Join("; ", errors)}");
                    }
                }
            }
        }

        foreach (var group in diagnostics.GroupBy(d => (d.Id, File: d.Location.SourceTree!.FilePath)))
        {
            var document = FixHarness.DocumentOf(project, group.First());
            foreach (var fixer in RobustnessRunner.AllFixers.Where(f => f.FixableDiagnosticIds.Contains(group.Key.Id)))
            {
                var changed = await FixHarness.FixAllInDocumentAsync(fixer, document, group.Key.Id, group.Key.Id, group.ToImmutableArray());
                var errors = await FixHarness.ErrorsAsync(changed.GetProject(project.Id)!);
                checkedFixes++;
                if (errors.Count > 0)
                {
                    failures.Add($"Fix All {group.Key.Id} in {group.Key.File}: {string.Join("; ", errors)}");
                }
            }
        }

        output.WriteLine($"{diagnostics.Length} diagnostics, {checkedFixes} fixes checked");
        Assert.True(checkedFixes > 0, "the corpus produced no fixable diagnostic");
        Assert.Empty(failures);
    }
}

internal static class CorpusFiles
{
    public static (IReadOnlyList<(string Path, string Source)> Files, OutputKind OutputKind) Load(string corpus)
    {
        var root = RepositoryRoot();
        var folder = corpus == "Showcase"
            ? Path.Combine(root, "samples", "Showcase")
            : Path.Combine(root, "tests", "AsyncGuard.Analyzers.Tests", "Corpus");
        var files = Directory.GetFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar) && !f.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar))
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => (Path.GetRelativePath(root, f), File.ReadAllText(f)))
            .ToList();
        if (corpus == "Showcase")
        {
            // The SDK's ImplicitUsings for a console project, which the build generates under obj/.
            files.Add(("ImplicitUsings.g.cs", "global using System; global using System.Collections.Generic; global using System.IO; global using System.Linq; global using System.Net.Http; global using System.Threading; global using System.Threading.Tasks;"));
        }

        return (files, corpus == "Showcase" ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary);
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Analyzers.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Analyzers.sln not found above " + AppContext.BaseDirectory);
    }
}
