using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace AsyncGuard.Analyzers.Tests.Verifiers;

/// <summary>
/// Offline test settings: the net10.0 reference assemblies come from Basic.Reference.Assemblies, nothing is downloaded.
/// </summary>
internal static class TestReferences
{
    public static readonly ReferenceAssemblies None = new("net10.0");

    public static readonly IReadOnlyList<MetadataReference> Net100 = Basic.Reference.Assemblies.Net100.References.All.ToArray();

    public static Solution AddTo(Solution solution, ProjectId projectId) => solution.AddMetadataReferences(projectId, Net100);
}

public sealed class AnalyzerTest<TAnalyzer> : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public AnalyzerTest()
    {
        ReferenceAssemblies = TestReferences.None;
        TestState.AdditionalReferences.AddRange(TestReferences.Net100);
    }
}

public sealed class CodeFixTest<TAnalyzer, TCodeFix> : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    public CodeFixTest()
    {
        ReferenceAssemblies = TestReferences.None;
        SolutionTransforms.Add((solution, projectId) => TestReferences.AddTo(solution, projectId));
    }
}

/// <summary>Short forms so that a rule's tests read like its doc page. Markup: <c>{|AG0101:t.Result|}</c>.</summary>
public static class Verify<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    /// <summary>Diagnostics exactly as marked in <paramref name="source"/>; compiler errors fail the test.</summary>
    public static Task Diagnostics(string source, OutputKind outputKind = OutputKind.DynamicallyLinkedLibrary)
    {
        var test = new AnalyzerTest<TAnalyzer> { TestCode = source };
        test.TestState.OutputKind = outputKind;
        return test.RunAsync();
    }

    /// <summary>
    /// Diagnostics exactly as marked in <paramref name="source"/> under an .editorconfig holding <paramref name="options"/>
    /// (lines such as <c>dotnet_diagnostic.AG0102.report_read_streams = true</c>) for every C# file.
    /// </summary>
    public static Task DiagnosticsWithOptions(string source, params string[] options)
    {
        var test = new AnalyzerTest<TAnalyzer> { TestCode = source };
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*.cs]\n" + string.Join("\n", options) + "\n"));
        return test.RunAsync();
    }

    /// <summary>No diagnostic of the analyzer on <paramref name="source"/>.</summary>
    public static Task NoDiagnostics(string source, OutputKind outputKind = OutputKind.DynamicallyLinkedLibrary) => Diagnostics(source, outputKind);

    /// <summary>For broken code: compiler errors are allowed, only the analyzer's diagnostics are compared.</summary>
    public static Task DiagnosticsInBrokenCode(string source)
    {
        var test = new AnalyzerTest<TAnalyzer> { TestCode = source, CompilerDiagnostics = CompilerDiagnostics.None };
        return test.RunAsync();
    }

    /// <summary>
    /// Applies the fix to each marked diagnostic and checks the result; Fix All in document, project and solution
    /// scope must give <paramref name="batchFixed"/> (the same as <paramref name="fixedSource"/> unless given).
    /// </summary>
    public static Task Fix<TCodeFix>(string source, string fixedSource, string? batchFixed = null, OutputKind outputKind = OutputKind.DynamicallyLinkedLibrary, int? iterations = null)
        where TCodeFix : CodeFixProvider, new()
    {
        var test = new CodeFixTest<TAnalyzer, TCodeFix> { TestCode = source, FixedCode = fixedSource };
        if (batchFixed != null)
        {
            test.BatchFixedCode = batchFixed;
        }

        if (iterations is { } n)
        {
            test.NumberOfIncrementalIterations = n;
            test.NumberOfFixAllIterations = 1;
        }

        test.TestState.OutputKind = outputKind;
        test.FixedState.OutputKind = outputKind;
        test.BatchFixedState.OutputKind = outputKind;
        return test.RunAsync();
    }

    /// <summary>The diagnostics are reported, but no fix is offered.</summary>
    public static Task NoFix<TCodeFix>(string source)
        where TCodeFix : CodeFixProvider, new()
    {
        var test = new CodeFixTest<TAnalyzer, TCodeFix> { TestCode = source, FixedCode = source };
        return test.RunAsync();
    }
}
