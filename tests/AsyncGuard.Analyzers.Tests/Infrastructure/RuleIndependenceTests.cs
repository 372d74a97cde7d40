using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace AsyncGuard.Analyzers.Tests.Infrastructure;

/// <summary>
/// Rules never call each other: an analyzer references no other analyzer, an engine (any other type of the analyzer
/// assembly) references no analyzer at all, and a code fix, with the helpers it uses, references only its own rule's
/// analyzer and fix. What a predicate two rules need lives in their family's engine or in Core.
/// The rule types and their ids come from the shipped assemblies; who references whom from the sources under src/
/// (by the names written, so that constants, which the compiler copies into the caller, count too).
/// </summary>
public sealed class RuleIndependenceTests
{
    [Fact]
    public void No_rule_type_references_another_rules_type()
    {
        var root = CorpusFiles.RepositoryRoot();
        var analyzers = RobustnessRunner.AllAnalyzers.ToDictionary(a => a.GetType().Name, a => a.SupportedDiagnostics.Select(d => d.Id).ToHashSet());
        var fixes = RobustnessRunner.AllFixers.ToDictionary(f => f.GetType().Name, f => f.FixableDiagnosticIds.ToHashSet());
        Assert.True(analyzers.Count >= 20 && fixes.Count >= 20, $"{analyzers.Count} analyzers, {fixes.Count} fixes found");

        var violations = Violations(Sources(root, "Analyzers"), Sources(root, "CodeFixes"), analyzers, fixes);
        Assert.True(violations.Count == 0, "Rule types reference other rules' types:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void The_check_sees_a_rule_calling_another_rule_directly_or_through_a_helper()
    {
        var analyzers = new Dictionary<string, HashSet<string>> { ["AG0001AAnalyzer"] = ["AG0001"], ["AG0002BAnalyzer"] = ["AG0002"] };
        var fixes = new Dictionary<string, HashSet<string>> { ["AG0001ACodeFixProvider"] = ["AG0001"], ["AG0002BCodeFixProvider"] = ["AG0002"] };
        var analyzerSources = new[]
        {
            "namespace N { class AG0001AAnalyzer { public const string P = \"p\"; bool M() => AG0002BAnalyzer.Q(); } }",
            "namespace N { class AG0002BAnalyzer { public static bool Q() => true; } }",
            "namespace N { static class Engine { const string P = AG0001AAnalyzer.P; } }",
        };
        var fixSources = new[]
        {
            "namespace F { class AG0001ACodeFixProvider { string M() => AG0001AAnalyzer.P + Helper.Do(); } }",
            "namespace F { class AG0002BCodeFixProvider { string M() => Helper.Do(); } }",
            "namespace F { static class Helper { public static string Do() => AG0001AAnalyzer.P; } }",
        };

        var violations = Violations(analyzerSources.Select(Parse), fixSources.Select(Parse), analyzers, fixes);

        Assert.Equal(
            new[]
            {
                "AG0001AAnalyzer -> AG0002BAnalyzer",
                "AG0002BCodeFixProvider (through Helper) -> AG0001AAnalyzer",
                "Engine -> AG0001AAnalyzer",
            },
            violations.OrderBy(v => v, StringComparer.Ordinal));
    }

    private static SyntaxTree Parse(string source) => CSharpSyntaxTree.ParseText(source, RobustnessRunner.ParseOptions);

    private static IEnumerable<SyntaxTree> Sources(string root, string project)
    {
        var folder = Path.Combine(root, "src", project);
        return Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(path => !Path.GetRelativePath(folder, path).Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .Select(path => CSharpSyntaxTree.ParseText(File.ReadAllText(path), RobustnessRunner.ParseOptions, path));
    }

    private static List<string> Violations(
        IEnumerable<SyntaxTree> analyzerSources,
        IEnumerable<SyntaxTree> fixSources,
        IReadOnlyDictionary<string, HashSet<string>> analyzers,
        IReadOnlyDictionary<string, HashSet<string>> fixes)
    {
        var analyzerTypes = NamesUsedByType(analyzerSources);
        var fixTypes = NamesUsedByType(fixSources);
        var violations = new List<string>();

        // The host lists every rule to run them (Core/AsyncGuardRules): that is its one job, not a rule calling a rule.
        foreach (var (type, names) in analyzerTypes.Where(t => t.Key != nameof(AsyncGuard.Analyzers.Core.AsyncGuardRules)))
        {
            foreach (var other in names.Where(n => n != type && analyzers.ContainsKey(n)))
            {
                violations.Add($"{type} -> {other}");
            }
        }

        foreach (var (fix, ids) in fixes)
        {
            if (!fixTypes.ContainsKey(fix))
            {
                continue;
            }

            // The fix and every helper of the fix assembly it reaches (not through another rule's fix).
            var via = new Dictionary<string, string?> { [fix] = null };
            var queue = new Queue<string>(new[] { fix });
            while (queue.Count > 0)
            {
                var current = queue.Dequeue();
                foreach (var name in fixTypes[current])
                {
                    if (fixTypes.ContainsKey(name) && !fixes.ContainsKey(name) && !via.ContainsKey(name))
                    {
                        via[name] = via[current] ?? name;
                        queue.Enqueue(name);
                    }
                }
            }

            foreach (var (user, helper) in via)
            {
                foreach (var name in fixTypes[user])
                {
                    var ruleIds = analyzers.TryGetValue(name, out var a) ? a : fixes.TryGetValue(name, out var f) ? f : null;
                    if (ruleIds != null && name != fix && !ruleIds.Overlaps(ids))
                    {
                        violations.Add(helper is null ? $"{fix} -> {name}" : $"{fix} (through {helper}) -> {name}");
                    }
                }
            }
        }

        return violations.Distinct().ToList();
    }

    /// <summary>Each top-level type (partial declarations merged) with every simple name written in it.</summary>
    private static Dictionary<string, HashSet<string>> NamesUsedByType(IEnumerable<SyntaxTree> trees)
    {
        var result = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var tree in trees)
        {
            var root = tree.GetRoot();
            foreach (var declaration in root.DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax).OfType<BaseTypeDeclarationSyntax>())
            {
                var name = declaration.Identifier.ValueText;
                if (!result.TryGetValue(name, out var names))
                {
                    result[name] = names = new HashSet<string>(StringComparer.Ordinal);
                }

                foreach (var node in declaration.DescendantNodes())
                {
                    if (node is SimpleNameSyntax simple)
                    {
                        names.Add(simple.Identifier.ValueText);
                    }
                }
            }
        }

        return result;
    }
}
