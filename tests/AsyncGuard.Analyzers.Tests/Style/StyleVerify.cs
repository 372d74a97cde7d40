using System.Collections.Immutable;
using AsyncGuard.Analyzers.Tests.Verifiers;
using Verifiers = AsyncGuard.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace AsyncGuard.Analyzers.Tests.Style;

/// <summary>The style rules are off by default: every test turns its rule on through .editorconfig (plus options).</summary>
internal static class StyleVerify<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public static string EditorConfig(string id, string? extra) =>
        $"root = true\n[*.cs]\ndotnet_diagnostic.{id}.severity = suggestion\n" + (extra is null ? "" : extra + "\n");

    public static Task Diagnostics(string source, OutputKind outputKind = OutputKind.DynamicallyLinkedLibrary, string? options = null, IEnumerable<MetadataReference>? references = null)
    {
        var test = new Verifiers.AnalyzerTest<TAnalyzer> { TestCode = source };
        test.TestState.OutputKind = outputKind;
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", EditorConfig(Id, options)));
        if (references != null)
        {
            test.TestState.AdditionalReferences.AddRange(references);
        }

        return test.RunAsync();
    }

    public static Task Fix<TCodeFix>(string source, string fixedSource, string? batchFixed = null, string? options = null, int? iterations = null)
        where TCodeFix : CodeFixProvider, new()
    {
        var test = new Verifiers.CodeFixTest<TAnalyzer, TCodeFix> { TestCode = source, FixedCode = fixedSource };
        if (batchFixed != null)
        {
            test.BatchFixedCode = batchFixed;
        }

        if (iterations is { } n)
        {
            test.NumberOfIncrementalIterations = n;
            test.NumberOfFixAllIterations = 1;
        }

        // Diagnostics left in the fixed code (no fix offered there) are part of the expectation.
        test.FixedState.MarkupHandling = MarkupMode.Allow;
        test.BatchFixedState.MarkupHandling = MarkupMode.Allow;
        var config = ("/.editorconfig", EditorConfig(Id, options));
        test.TestState.AnalyzerConfigFiles.Add(config);
        test.FixedState.AnalyzerConfigFiles.Add(config);
        test.BatchFixedState.AnalyzerConfigFiles.Add(config);
        return test.RunAsync();
    }

    /// <summary>A tiny assembly with the given name, to make a project look like it references a test framework.</summary>
    public static MetadataReference AssemblyNamed(string name)
    {
        var compilation = CSharpCompilation.Create(name, new[] { CSharpSyntaxTree.ParseText("namespace Fake { public sealed class Marker { } }") },
            TestReferences.Net100, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        if (!result.Success)
        {
            throw new InvalidOperationException(string.Join("\n", result.Diagnostics));
        }

        return MetadataReference.CreateFromImage(stream.ToArray());
    }

    private static string Id => new TAnalyzer().SupportedDiagnostics[0].Id;
}
