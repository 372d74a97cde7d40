using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Xunit;

namespace AsyncGuard.Analyzers.Tests.Infrastructure;

/// <summary>Every shipped analyzer and fixer, present and future, over broken and half-typed code.</summary>
public sealed class AllRulesRobustnessTests
{
    [Fact]
    public void The_assemblies_ship_analyzers_and_fixers()
    {
        Assert.NotEmpty(RobustnessRunner.AllAnalyzers);
        Assert.NotEmpty(RobustnessRunner.AllFixers);
    }

    [Theory]
    [MemberData(nameof(BrokenSources.All), MemberType = typeof(BrokenSources))]
    public async Task No_analyzer_throws_on_broken_code(int index, string source)
    {
        foreach (var outputKind in new[] { OutputKind.DynamicallyLinkedLibrary, OutputKind.ConsoleApplication })
        {
            var compilation = RobustnessRunner.Compile(new[] { ($"Broken{index}.cs", source) }, outputKind);
            var diagnostics = await RobustnessRunner.RunAsync(RobustnessRunner.Shipped, compilation);
            Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
        }
    }

    [Theory]
    [MemberData(nameof(BrokenSources.All), MemberType = typeof(BrokenSources))]
    public async Task No_fixer_throws_on_broken_code(int index, string source)
    {
        var (document, diagnostics) = await FixHarness.AnalyzeAsync(source, $"Broken{index}.cs", OutputKind.ConsoleApplication);
        foreach (var diagnostic in diagnostics)
        {
            foreach (var fixer in RobustnessRunner.AllFixers.Where(f => f.FixableDiagnosticIds.Contains(diagnostic.Id)))
            {
                foreach (var action in await FixHarness.GetActionsAsync(fixer, document, diagnostic))
                {
                    // Applying must not throw; the result of broken input is not judged.
                    await FixHarness.ApplyAsync(action, document);
                }
            }
        }
    }
}
