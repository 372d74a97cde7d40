using System.Collections.Immutable;
using AsyncGuard.Analyzers.Core;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace AsyncGuard.Analyzers.Tests.Infrastructure;

/// <summary>
/// The package ships one analyzer, <see cref="AsyncGuardRules"/>, which hosts every rule class (issue 17, the keystroke): it
/// must run exactly the rule classes, report exactly what they report one by one, and run a rule only where it can report.
/// </summary>
public sealed class RuleHostTests
{
    [Fact]
    public void The_host_is_the_only_shipped_analyzer_and_runs_every_rule_class_once()
    {
        Assert.Equal(new[] { typeof(AsyncGuardRules) }, RobustnessRunner.Shipped.Select(a => a.GetType()));
        var hosted = AsyncGuardRules.Rules.Select(r => r.GetType()).ToList();
        Assert.Equal(hosted.Count, hosted.Distinct().Count());
        Assert.Equal(
            RobustnessRunner.AllAnalyzers.Select(a => a.GetType().Name).OrderBy(n => n, StringComparer.Ordinal),
            hosted.Select(t => t.Name).OrderBy(n => n, StringComparer.Ordinal));
        Assert.True(hosted.Count >= 30, $"{hosted.Count} rules hosted");
    }

    [Fact]
    public void The_host_supports_every_descriptor_of_its_rules_on_by_default_first()
    {
        var host = new AsyncGuardRules();
        var expected = RobustnessRunner.AllAnalyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).OrderBy(i => i, StringComparer.Ordinal);
        Assert.Equal(expected, host.SupportedDiagnostics.Select(d => d.Id).OrderBy(i => i, StringComparer.Ordinal));
        var enabled = host.SupportedDiagnostics.Select(d => d.IsEnabledByDefault).ToList();
        Assert.Equal(enabled.OrderByDescending(e => e), enabled);
    }

    [Theory]
    [InlineData("Corpus", false)]
    [InlineData("Corpus", true)]
    [InlineData("Showcase", false)]
    [InlineData("Showcase", true)]
    public async Task The_host_reports_what_the_rules_report_one_by_one(string corpus, bool everyRule)
    {
        var (files, outputKind) = CorpusFiles.Load(corpus);
        var compilation = RobustnessRunner.Compile(files, outputKind);
        if (everyRule)
        {
            var on = RobustnessRunner.AllAnalyzers.SelectMany(a => a.SupportedDiagnostics)
                .ToImmutableDictionary(d => d.Id, _ => ReportDiagnostic.Warn);
            compilation = compilation.WithOptions(compilation.Options.WithSpecificDiagnosticOptions(on));
        }

        var hosted = await RobustnessRunner.RunAsync(RobustnessRunner.Shipped, compilation);
        var alone = await RobustnessRunner.RunAsync(RobustnessRunner.AllAnalyzers, compilation);
        Assert.DoesNotContain(hosted, d => d.Id == "AD0001");
        Assert.True(hosted.Length > 20, $"{hosted.Length} diagnostics");
        Assert.Equal(Keys(alone), Keys(hosted));
        if (everyRule)
        {
            Assert.Contains(hosted, d => !RobustnessRunner.AllAnalyzers.SelectMany(a => a.SupportedDiagnostics).First(x => x.Id == d.Id).IsEnabledByDefault);
        }
    }

    [Fact]
    public void A_rule_off_by_default_runs_only_where_something_turns_it_on()
    {
        var off = Descriptor(enabledByDefault: false);
        var compilation = Compilation();
        Assert.False(Switches(compilation).AnyMayReport(ImmutableArray.Create(off)));

        // The command line or a rule set.
        Assert.True(Switches(compilation.WithOptions(compilation.Options.WithSpecificDiagnosticOptions(
            ImmutableDictionary<string, ReportDiagnostic>.Empty.Add(off.Id, ReportDiagnostic.Info)))).AnyMayReport(ImmutableArray.Create(off)));

        // A global analyzer config, one file's .editorconfig.
        Assert.True(Switches(WithTreeOptions(compilation, global: ReportDiagnostic.Warn, perTree: null)).AnyMayReport(ImmutableArray.Create(off)));
        Assert.True(Switches(WithTreeOptions(compilation, global: null, perTree: ReportDiagnostic.Error)).AnyMayReport(ImmutableArray.Create(off)));
        Assert.False(Switches(WithTreeOptions(compilation, global: null, perTree: ReportDiagnostic.Suppress)).AnyMayReport(ImmutableArray.Create(off)));

        // A bulk severity, for every rule or for the rule's category, globally or for one file; `none` turns nothing on.
        Assert.True(Switches(compilation, globalKeys: ("dotnet_analyzer_diagnostic.severity", "warning")).AnyMayReport(ImmutableArray.Create(off)));
        Assert.True(Switches(compilation, treeKeys: ("dotnet_analyzer_diagnostic.category-AsyncGuard.Test.severity", "suggestion")).AnyMayReport(ImmutableArray.Create(off)));
        Assert.False(Switches(compilation, treeKeys: ("dotnet_analyzer_diagnostic.category-AsyncGuard.Other.severity", "warning")).AnyMayReport(ImmutableArray.Create(off)));
        Assert.False(Switches(compilation, globalKeys: ("dotnet_analyzer_diagnostic.severity", "none")).AnyMayReport(ImmutableArray.Create(off)));
    }

    /// <summary>Three rules: one off by default whose category a file turns on, one off, one on by default.</summary>
    private static (RuleSwitches Switches, DiagnosticDescriptor First, DiagnosticDescriptor Second, DiagnosticDescriptor Third, ImmutableArray<DiagnosticDescriptor> All) ThreeRulesOneCategoryOn()
    {
        var first = Descriptor(enabledByDefault: false, id: "AG9991", category: "AsyncGuard.Test");
        var second = Descriptor(enabledByDefault: false, id: "AG9992", category: "AsyncGuard.Other");
        var third = Descriptor(enabledByDefault: true, id: "AG9993");
        var all = ImmutableArray.Create(first, second, third);
        var compilation = Compilation();
        var options = new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty,
            new ConfigProvider(null, ("dotnet_analyzer_diagnostic.category-AsyncGuard.Test.severity", "warning"), compilation.SyntaxTrees.Last()));

        var switches = new RuleSwitches(compilation, options, all, CancellationToken.None);
        return (switches, first, second, third, all);
    }

    [Fact]
    public void One_pass_over_the_files_answers_each_rule_for_itself()
    {
        var (switches, first, second, third, _) = ThreeRulesOneCategoryOn();

        Assert.True(switches.AnyMayReport(ImmutableArray.Create(first)));
        Assert.False(switches.AnyMayReport(ImmutableArray.Create(second)));
        Assert.True(switches.AnyMayReport(ImmutableArray.Create(third)));
        Assert.True(switches.AnyMayReport(ImmutableArray.Create(second, first)));
    }

    [Fact]
    public void The_host_s_masks_answer_as_the_descriptors_do()
    {
        var (switches, first, second, third, all) = ThreeRulesOneCategoryOn();

        foreach (var some in new[] { ImmutableArray.Create(first), ImmutableArray.Create(second), ImmutableArray.Create(third), ImmutableArray.Create(second, first) })
        {
            Assert.Equal(switches.AnyMayReport(some), switches.AnyMayReport(RuleSwitches.MaskOf(all, some)));
        }

        Assert.False(switches.AnyMayReport(RuleSwitches.MaskOf(all, ImmutableArray.Create(second))));
        Assert.True(switches.AnyMayReport(RuleSwitches.MaskOf(all, ImmutableArray.Create(second, first))));
    }

    [Fact]
    public void A_rule_on_by_default_runs_unless_it_is_off_everywhere()
    {
        var on = Descriptor(enabledByDefault: true);
        var compilation = Compilation();
        Assert.True(Switches(compilation).AnyMayReport(ImmutableArray.Create(on)));
        var suppressed = compilation.WithOptions(compilation.Options.WithSpecificDiagnosticOptions(
            ImmutableDictionary<string, ReportDiagnostic>.Empty.Add(on.Id, ReportDiagnostic.Suppress)));
        Assert.False(Switches(suppressed).AnyMayReport(ImmutableArray.Create(on)));
        Assert.False(Switches(WithTreeOptions(compilation, global: ReportDiagnostic.Suppress, perTree: null)).AnyMayReport(ImmutableArray.Create(on)));
        Assert.True(Switches(WithTreeOptions(compilation, global: ReportDiagnostic.Suppress, perTree: ReportDiagnostic.Warn)).AnyMayReport(ImmutableArray.Create(on)));

        // Any descriptor of the rule that may report is enough.
        Assert.True(Switches(suppressed).AnyMayReport(ImmutableArray.Create(on, Descriptor(enabledByDefault: true, id: "AG9998"))));
    }

    private static IEnumerable<string> Keys(IEnumerable<Diagnostic> diagnostics) => diagnostics
        .Select(d => $"{d.Id} {d.Location.SourceTree?.FilePath} {d.Location.SourceSpan} {d.Severity} {d.GetMessage()}")
        .OrderBy(k => k, StringComparer.Ordinal);

    private static DiagnosticDescriptor Descriptor(bool enabledByDefault, string id = "AG9999", string category = "AsyncGuard.Test") =>
        new(id, "t", "m", category, DiagnosticSeverity.Warning, enabledByDefault);

    private static CSharpCompilation Compilation() => RobustnessRunner.Compile(new[] { ("A.cs", "class A { }"), ("B.cs", "class B { }") });

    private static Query Switches(Compilation compilation, (string Key, string Value)? globalKeys = null, (string Key, string Value)? treeKeys = null) =>
        new(compilation, new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, new ConfigProvider(globalKeys, treeKeys, compilation.SyntaxTrees.Last())));

    /// <summary>The switches of a compilation, built for the descriptors asked about (as the host builds them for all of its own).</summary>
    private sealed class Query(Compilation compilation, AnalyzerOptions options)
    {
        public bool AnyMayReport(ImmutableArray<DiagnosticDescriptor> descriptors) =>
            new RuleSwitches(compilation, options, descriptors, CancellationToken.None).AnyMayReport(descriptors);
    }

    private static Compilation WithTreeOptions(CSharpCompilation compilation, ReportDiagnostic? global, ReportDiagnostic? perTree) =>
        compilation.WithOptions(compilation.Options.WithSyntaxTreeOptionsProvider(new TreeOptions(global, perTree, compilation.SyntaxTrees.Last())));

    /// <summary>Severities as a global config (<paramref name="global"/>) and one file's .editorconfig (<paramref name="perTree"/>, for the last tree) give them.</summary>
    private sealed class TreeOptions(ReportDiagnostic? global, ReportDiagnostic? perTree, SyntaxTree tree) : SyntaxTreeOptionsProvider
    {
        public override GeneratedKind IsGenerated(SyntaxTree tree, CancellationToken cancellationToken) => GeneratedKind.NotGenerated;

        public override bool TryGetDiagnosticValue(SyntaxTree tree1, string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity)
        {
            severity = perTree ?? default;
            return perTree.HasValue && tree1 == tree;
        }

        public override bool TryGetGlobalDiagnosticValue(string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity)
        {
            severity = global ?? default;
            return global.HasValue;
        }
    }

    private sealed class ConfigProvider((string Key, string Value)? global, (string Key, string Value)? perTree, SyntaxTree tree) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions => new Options(global);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree1) => new Options(tree1 == tree ? perTree : null);

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => new Options(null);

        private sealed class Options((string Key, string Value)? pair) : AnalyzerConfigOptions
        {
            public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value)
            {
                value = pair is { } p && p.Key == key ? p.Value : null;
                return value != null;
            }
        }
    }
}
