using System.Text.RegularExpressions;
using AsyncGuard.Analyzers.Core;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace AsyncGuard.Analyzers.Tests.Infrastructure;

/// <summary>
/// The release tracking analyzer (RS2000-RS2008) reads only `new DiagnosticDescriptor(..)` with constant arguments, and the
/// rules build their descriptors through RuleHelp.Descriptor: this test keeps AnalyzerReleases.*.md in step instead. Every
/// descriptor has its row (id, category, severity or Disabled, the analyzer's name), every row a descriptor, and an ID
/// has one descriptor only, so that `dotnet_diagnostic.ID.severity` means one thing.
/// </summary>
public sealed class ReleaseTrackingTests
{
    private static readonly Regex Row = new(@"^(AG\d{4})\s*\|\s*([\w.]+)\s*\|\s*(\w+)\s*\|\s*(\w+)", RegexOptions.Multiline);

    [Fact]
    public void Every_descriptor_has_its_release_row_and_every_row_a_descriptor()
    {
        var root = CorpusFiles.RepositoryRoot();
        var text = File.ReadAllText(Path.Combine(root, "src", "Analyzers", "AnalyzerReleases.Shipped.md"))
            + File.ReadAllText(Path.Combine(root, "src", "Analyzers", "AnalyzerReleases.Unshipped.md"));
        var rows = Row.Matches(text).ToDictionary(m => m.Groups[1].Value, m => (Category: m.Groups[2].Value, Severity: m.Groups[3].Value, Analyzer: m.Groups[4].Value));

        var seen = new HashSet<string>();
        foreach (var analyzer in RobustnessRunner.AllAnalyzers)
        {
            foreach (var descriptor in analyzer.SupportedDiagnostics)
            {
                Assert.True(seen.Add(descriptor.Id), $"{descriptor.Id} has more than one descriptor");
                Assert.True(rows.TryGetValue(descriptor.Id, out var row), $"{descriptor.Id} has no row in AnalyzerReleases.Unshipped.md");
                Assert.Equal(descriptor.Category, row.Category);
                Assert.Equal(descriptor.IsEnabledByDefault ? descriptor.DefaultSeverity.ToString() : "Disabled", row.Severity);
                Assert.Equal(analyzer.GetType().Name, row.Analyzer);
                Assert.Equal(RuleHelp.LinkFor(descriptor.Id), descriptor.HelpLinkUri);
            }
        }

        Assert.Empty(rows.Keys.Except(seen));
    }

    /// <summary>One AsyncTypes per compilation, and every rule reaches it through AsyncGuardAnalyzer (AG0211 needs no types).</summary>
    [Fact]
    public void Every_analyzer_shares_the_one_type_provider_of_the_compilation()
    {
        var compilation = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create("a", references: Basic.Reference.Assemblies.Net100.References.All);
        var first = AsyncTypes.For(compilation);
        Assert.NotNull(first);
        Assert.Same(first, AsyncTypes.For(compilation));
        Assert.NotSame(first, AsyncTypes.For(compilation.AddSyntaxTrees(Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText("class C { }"))));
        Assert.Null(AsyncTypes.For(Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create("no-references")));
        Assert.All(RobustnessRunner.AllAnalyzers, a => Assert.True(
            a is AsyncGuardAnalyzer || a.GetType().Name == "AG0211AwaitNullConditionalAnalyzer",
            $"{a.GetType().Name} does not derive from AsyncGuardAnalyzer"));
    }

    [Fact]
    public async Task The_type_provider_is_safe_under_concurrent_first_use()
    {
        var compilation = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create("b", references: Basic.Reference.Assemblies.Net100.References.All);
        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() =>
        {
            var types = AsyncTypes.For(compilation)!;
            var taskOfInt = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task`1")!.Construct(compilation.GetSpecialType(SpecialType.System_Int32));
            return (types, types.IsAwaitable(taskOfInt), types.DualPaths, types.TokenMembers(compilation.GetTypeByMetadataName("System.Threading.CancellationTokenSource")!), types.PeerSuppressions);
        })));
        Assert.All(results, r => Assert.Same(results[0].PeerSuppressions, r.PeerSuppressions));
        Assert.All(results, r => Assert.Same(results[0].types, r.types));
        Assert.All(results, r => Assert.True(r.Item2));
        Assert.All(results, r => Assert.Same(results[0].DualPaths, r.DualPaths));
        Assert.All(results, r => Assert.Equal(results[0].Item4, r.Item4));
    }
}
