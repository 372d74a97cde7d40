using System.Text;
using AsyncGuard.Analyzers.Core;
using Microsoft.CodeAnalysis;
using Xunit;

namespace AsyncGuard.Analyzers.Tests.Infrastructure;

/// <summary>
/// The preset globalconfig files in src/Package/build/config follow from the shipped descriptors. Run with
/// ASYNCGUARD_UPDATE_PRESETS=1 to rewrite them after adding or changing a rule.
/// </summary>
public sealed class PresetTests
{
    public static IEnumerable<object[]> Presets() => new[] { "minimal", "strict", "none" }.Select(p => new object[] { p });

    [Theory]
    [MemberData(nameof(Presets))]
    public void Preset_file_is_up_to_date(string preset)
    {
        var path = Path.Combine(CorpusFiles.RepositoryRoot(), "src", "Package", "build", "config", $"asyncguard.{preset}.globalconfig");
        var expected = Expected(preset);
        if (Environment.GetEnvironmentVariable("ASYNCGUARD_UPDATE_PRESETS") == "1")
        {
            File.WriteAllText(path, expected);
        }

        Assert.True(File.Exists(path), $"{path} is missing; run the tests with ASYNCGUARD_UPDATE_PRESETS=1");
        Assert.Equal(expected, File.ReadAllText(path).ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Every_rule_has_a_doc_page_and_a_release_entry_and_links_to_its_page()
    {
        var root = CorpusFiles.RepositoryRoot();
        var releases = File.ReadAllText(Path.Combine(root, "src", "Analyzers", "AnalyzerReleases.Unshipped.md"))
            + File.ReadAllText(Path.Combine(root, "src", "Analyzers", "AnalyzerReleases.Shipped.md"));
        var readme = File.ReadAllText(Path.Combine(root, "README.md"));
        foreach (var descriptor in Descriptors())
        {
            Assert.True(File.Exists(Path.Combine(root, "docs", "rules", descriptor.Id + ".md")), $"docs/rules/{descriptor.Id}.md is missing");
            Assert.Equal(RuleHelp.LinkFor(descriptor.Id), descriptor.HelpLinkUri);
            Assert.Contains(descriptor.Id + " |", releases);
            Assert.Contains($"[{descriptor.Id}](docs/rules/{descriptor.Id}.md)", readme);
        }
    }

    private static IEnumerable<DiagnosticDescriptor> Descriptors() => RobustnessRunner.AllAnalyzers
        .SelectMany(a => a.SupportedDiagnostics)
        .GroupBy(d => d.Id)
        .Select(g => g.OrderByDescending(d => d.DefaultSeverity).First())
        .OrderBy(d => d.Id, StringComparer.Ordinal);

    private static string Expected(string preset)
    {
        var text = new StringBuilder();
        text.Append("# AsyncGuard preset '").Append(preset).Append("' (AsyncGuardMode). Generated from the rule descriptors by PresetTests.\n");
        text.Append("# A project's own .editorconfig and globalconfig settings take precedence.\n");
        text.Append("is_global = true\n");
        text.Append("global_level = -99\n\n");
        foreach (var descriptor in Descriptors())
        {
            var severity = preset switch
            {
                "none" => "none",
                "strict" => descriptor.DefaultSeverity == DiagnosticSeverity.Error ? "error" : "warning",
                _ => descriptor.CustomTags.Contains(RuleHelp.DefiniteBugTag) ? Severity(descriptor.DefaultSeverity) : "none",
            };
            text.Append("# ").Append(descriptor.Title).Append('\n');
            text.Append("dotnet_diagnostic.").Append(descriptor.Id).Append(".severity = ").Append(severity).Append("\n\n");
        }

        return text.ToString();
    }

    private static string Severity(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => "error",
        DiagnosticSeverity.Warning => "warning",
        DiagnosticSeverity.Info => "suggestion",
        _ => "silent",
    };
}
