using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Xunit;
using Xunit.Abstractions;

namespace AsyncGuard.Analyzers.Tests.Infrastructure;

/// <summary>
/// Fix soundness at project scope: multi-file, multi-project solutions where every offered fix, and every Fix All at
/// document, project and solution scope, is applied and every project rebuilt (emit included); a new compiler error,
/// an analyzer exception (AD0001) or any exception thrown by a fix fails the test. The sources are rich in `?.` chains,
/// spans, ref locals, unsafe code, a dual sync/async core, partial classes across files and callers in other files and
/// in another project (ProjectCorpus), the test corpus and the Showcase, and a generated project with about a hundred
/// AG0103 findings calling each other through `?.` across files.
/// </summary>
public sealed class ProjectFixSoundnessTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Project_corpus_every_fix_and_every_Fix_All()
    {
        var (solution, diagnostics) = await FixHarness.AnalyzeSolutionAsync(new[]
        {
            ("Library", OutputKind.DynamicallyLinkedLibrary, Load("Library"), Array.Empty<string>()),
            ("App", OutputKind.ConsoleApplication, Load("App"), new[] { "Library" }),
        }, "AG0306");
        var run = new Run(solution, diagnostics, output);
        var result = await run.CheckAsync(singleFixes: true, FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution);
        // A guard against a run that checks nothing: the dual core's sync side and the calls inside `?.` chains are
        // (rightly) no longer reported, so 49 fixes are checked where 58 were before issue 16's precision work.
        Assert.True(result.Checked > 40, $"only {result.Checked} fixes checked");
        // Every variant of the rules added last is among them (ProjectCorpus/*/Later*.cs).
        foreach (var key in new[]
        {
            "AG0104", "AG0211:Coalesce", "AG0211:If", "AG0212", "AG0213", "AG0214", "AG0305",
            "AG0306", AsyncGuard.CodeFixes.Cancellation.AG0306UnusedTokenParameterCodeFixProvider.RemoveKey,
        })
        {
            Assert.Contains(key, run.Keys.Select(k => k.Key));
        }

        Assert.Empty(result.Failures);
    }

    [Fact]
    public async Task Corpus_and_Showcase_Fix_All_at_project_scope()
    {
        // Their single fixes and document-scope Fix All are FixSoundnessTests'; solution scope across projects is the ProjectCorpus test's.
        var corpus = CorpusFiles.Load("Corpus");
        var showcase = CorpusFiles.Load("Showcase");
        var (solution, diagnostics) = await FixHarness.AnalyzeSolutionAsync(new[]
        {
            ("Corpus", corpus.OutputKind, corpus.Files, Array.Empty<string>()),
            ("Showcase", showcase.OutputKind, showcase.Files, Array.Empty<string>()),
        });
        var result = await new Run(solution, diagnostics, output).CheckAsync(singleFixes: false, FixAllScope.Project);
        Assert.True(result.Checked > 20, $"only {result.Checked} fixes checked");
        Assert.Empty(result.Failures);
    }

    [Fact]
    public async Task Generated_project_with_a_hundred_AG0103_findings_across_files()
    {
        // The issue's crash: Fix All of AG0103 at project scope on ~100 findings with `?.` chains and callers across files
        // threw NullReferenceException from the compiler's binder (an await put inside a `?.` chain).
        var (solution, diagnostics) = await FixHarness.AnalyzeSolutionAsync(new[]
        {
            ("Generated", OutputKind.DynamicallyLinkedLibrary, Generate(20), Array.Empty<string>()),
        });
        var project = solution.Projects.Single();
        Assert.Equal(100, diagnostics[project.Id].Count(x => x.Id == "AG0103"));
        Assert.Empty(await FixHarness.EmitErrorsAsync(project));
        var fixer = RobustnessRunner.AllFixers.Single(f => f.FixableDiagnosticIds.Contains("AG0103"));
        // The rename variant: after the conversion it asks the changed solution's semantic models (and the Renamer) about every converted function.
        foreach (var (scope, key) in new[] { (FixAllScope.Project, AsyncGuard.CodeFixes.Blocking.AG0103SyncOverAsyncCodeFixProvider.MakeAsyncRenameKey) })
        {
            var fixedProject = (await FixHarness.FixAllAsync(fixer, solution, scope, project.Id, "AG0103", key, diagnostics)).GetProject(project.Id)!;
            Assert.Empty(await FixHarness.EmitErrorsAsync(fixedProject));
            Assert.DoesNotContain(await RobustnessRunner.RunAsync(RobustnessRunner.Shipped, (await fixedProject.GetCompilationAsync())!), d => d.Id == "AD0001");

            // The functions whose waits may become awaits are converted (callers through `?.` keep blocking); a wait inside a `?.` chain stays.
            var text = string.Join("\n", fixedProject.Documents.Select(d => d.GetTextAsync().Result.ToString()));
            Assert.Contains(key.EndsWith("Rename", StringComparison.Ordinal) ? "internal async Task<int> AAsync()" : "internal async Task<int> A()", text);
            Assert.Contains("Next?.ValueAsync().Result ?? 0", text);
            Assert.DoesNotContain("?await", text.Replace(" ", ""));
        }
    }

    /// <summary>
    /// Files Node0..Node(n-1): each has five waits in synchronous functions (AG0103): a plain one, two inside `?.` chains, and
    /// calls of the previous file's functions through `?.` chains and `.`.
    /// </summary>
    private static IReadOnlyList<(string Path, string Source)> Generate(int count)
    {
        var files = new List<(string, string)>();
        for (var i = 0; i < count; i++)
        {
            var previous = (i + count - 1) % count;
            var source = new StringBuilder()
                .AppendLine("using System.Threading.Tasks;")
                .AppendLine("namespace Generated;")
                .AppendLine($"internal sealed class Node{i}")
                .AppendLine("{")
                .AppendLine($"    internal Node{i}? Next;")
                .AppendLine($"    internal Node{previous}? Previous;")
                .AppendLine($"    internal Task<int> ValueAsync() => Task.FromResult({i});")
                .AppendLine($"    internal Node{i} Self() => this;")
                .AppendLine("    internal int A() => ValueAsync().Result + (Previous?.A() ?? 0);")
                .AppendLine("    internal int B() => Next?.ValueAsync().Result ?? 0;")
                .AppendLine("    internal int C() => (Previous?.Self().A() ?? 0) + Previous!.A() + ValueAsync().GetAwaiter().GetResult();")
                .AppendLine("    internal void D() { Previous?.D(); Next?.Self().Next?.ValueAsync().Wait(); }")
                .AppendLine("    internal int E(Task<int>? pending) => pending?.Result ?? Next?.E(pending) ?? 0;")
                .AppendLine("}")
                .ToString();
            files.Add(($"Node{i}.cs", source));
        }

        return files;
    }

    private static IReadOnlyList<(string Path, string Source)> Load(string project)
    {
        var folder = Path.Combine(CorpusFiles.RepositoryRoot(), "tests", "AsyncGuard.Analyzers.Tests", "ProjectCorpus", project);
        return Directory.GetFiles(folder, "*.cs").OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => (Path.GetFileName(f), File.ReadAllText(f)))
            .ToList();
    }

    private sealed class Run(Solution solution, IReadOnlyDictionary<ProjectId, ImmutableArray<Diagnostic>> diagnostics, ITestOutputHelper output)
    {
        private readonly List<string> _failures = new();
        private int _checked;

        /// <summary>Only these (rule, key) pairs when set: the large generated project skips the per-diagnostic discovery.</summary>
        public (string Id, string? Key)[]? Only { get; init; }

        /// <summary>Every (rule, equivalence key) checked, after <see cref="CheckAsync"/>.</summary>
        public IReadOnlyCollection<(string Id, string? Key)> Keys { get; private set; } = Array.Empty<(string, string?)>();

        public async Task<(int Checked, IReadOnlyList<string> Failures)> CheckAsync(bool singleFixes, params FixAllScope[] scopes)
        {
            foreach (var project in solution.Projects)
            {
                Assert.Empty(await FixHarness.EmitErrorsAsync(project));
                Assert.DoesNotContain(diagnostics[project.Id], d => d.Id == "AD0001");
            }

            // Every (rule, equivalence key) that some diagnostic offers, found through the single fixes.
            var keys = new HashSet<(string Id, string? Key)>(Only ?? Array.Empty<(string, string?)>());
            Keys = keys;
            foreach (var project in Only is null ? solution.Projects : Enumerable.Empty<Project>())
            {
                foreach (var diagnostic in diagnostics[project.Id])
                {
                    var document = FixHarness.DocumentOf(project, diagnostic);
                    foreach (var fixer in FixersOf(diagnostic.Id))
                    {
                        foreach (var action in await Guard($"actions for {diagnostic.Id} at {diagnostic.Location.GetLineSpan()}", () => FixHarness.GetActionsAsync(fixer, document, diagnostic)) ?? Array.Empty<Microsoft.CodeAnalysis.CodeActions.CodeAction>())
                        {
                            keys.Add((diagnostic.Id, action.EquivalenceKey));
                            if (singleFixes)
                            {
                                var changed = await Guard($"{diagnostic.Id} '{action.Title}' at {diagnostic.Location.GetLineSpan()}", () => FixHarness.ApplyAsync(action, document));
                                await CheckBuildsAsync(changed, $"{diagnostic.Id} '{action.Title}' at {diagnostic.Location.GetLineSpan()}", analyze: false);
                            }
                        }
                    }
                }
            }

            foreach (var (id, key) in keys.OrderBy(k => k.Id, StringComparer.Ordinal).ThenBy(k => k.Key, StringComparer.Ordinal))
            {
                foreach (var fixer in FixersOf(id))
                {
                    foreach (var scope in scopes)
                    {
                        if (scope == FixAllScope.Document)
                        {
                            foreach (var project in solution.Projects)
                            {
                                foreach (var file in diagnostics[project.Id].Where(d => d.Id == id).Select(d => d.Location.SourceTree!.FilePath).Distinct())
                                {
                                    var document = project.Documents.Single(d => d.FilePath == file);
                                    var what = $"Fix All {id} ({key}) in {file}";
                                    await CheckBuildsAsync(await Guard(what, () => FixHarness.FixAllAsync(fixer, solution, scope, project.Id, id, key, diagnostics, document)), what, analyze: false);
                                }
                            }
                        }
                        else
                        {
                            foreach (var project in scope == FixAllScope.Solution ? solution.Projects.Take(1) : solution.Projects)
                            {
                                if (scope == FixAllScope.Project && !diagnostics[project.Id].Any(d => d.Id == id))
                                {
                                    continue;
                                }

                                var what = $"Fix All {id} ({key}) in {(scope == FixAllScope.Solution ? "the solution" : project.Name)}";
                                await CheckBuildsAsync(await Guard(what, () => FixHarness.FixAllAsync(fixer, solution, scope, project.Id, id, key, diagnostics)), what, analyze: scope == FixAllScope.Solution);
                            }
                        }
                    }
                }
            }

            output.WriteLine($"{diagnostics.Values.Sum(d => d.Length)} diagnostics ({string.Join(", ", diagnostics.Values.SelectMany(d => d).GroupBy(d => d.Id).OrderBy(g => g.Key).Select(g => g.Key + " x" + g.Count()))}), "
                + $"fix kinds {string.Join(", ", keys.Select(k => k.Id + ":" + k.Key))}, {_checked} fixes checked, {_failures.Count} failures");
            foreach (var failure in _failures)
            {
                output.WriteLine(failure);
            }

            return (_checked, _failures);
        }

        private static IEnumerable<CodeFixProvider> FixersOf(string id) => RobustnessRunner.AllFixers.Where(f => f.FixableDiagnosticIds.Contains(id));

        private async Task<T?> Guard<T>(string what, Func<Task<T>> run)
            where T : class
        {
            try
            {
                return await run();
            }
            catch (Exception exception)
            {
                _failures.Add($"{what} threw {exception}");
                return null;
            }
        }

        /// <summary>Every project of the changed solution still builds; after a solution-wide Fix All, no analyzer throws on the result.</summary>
        private async Task CheckBuildsAsync(Solution? changed, string what, bool analyze)
        {
            if (changed is null)
            {
                return;
            }

            _checked++;
            foreach (var project in changed.Projects)
            {
                if (project.Documents.All(d => solution.GetDocument(d.Id) is { } before && d.GetTextAsync().Result == before.GetTextAsync().Result)
                    && project.ProjectReferences.All(r => changed.GetProject(r.ProjectId)!.Documents.All(d => solution.GetDocument(d.Id) is { } b && d.GetTextAsync().Result == b.GetTextAsync().Result)))
                {
                    continue;
                }

                var errors = await Guard(what + " (build)", () => FixHarness.EmitErrorsAsync(project));
                if (errors is { Count: > 0 })
                {
                    _failures.Add($"{what}: {project.Name}: {string.Join("; ", errors)}");
                }

                if (analyze && errors is { Count: 0 })
                {
                    var found = await Guard(what + " (analyzers)", async () => (await RobustnessRunner.RunAsync(RobustnessRunner.Shipped, (await project.GetCompilationAsync())!)).ToArray());
                    var exceptions = (found ?? Array.Empty<Diagnostic>()).Where(d => d.Id == "AD0001").ToList();
                    if (exceptions.Count > 0)
                    {
                        _failures.Add($"{what}: analyzers threw on the result: {string.Join("; ", exceptions.Select(e => e.GetMessage()))}");
                    }
                }
            }
        }
    }
}
