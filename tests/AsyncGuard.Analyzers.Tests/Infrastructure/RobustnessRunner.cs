using System.Collections.Immutable;
using System.Reflection;
using AsyncGuard.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AsyncGuard.Analyzers.Tests.Infrastructure;

/// <summary>Runs analyzers over arbitrary (also broken) source and reports analyzer exceptions as AD0001 diagnostics.</summary>
internal static class RobustnessRunner
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    public static CSharpCompilation Compile(IEnumerable<(string Path, string Source)> files, OutputKind outputKind = OutputKind.DynamicallyLinkedLibrary) =>
        CSharpCompilation.Create(
            "Robustness",
            files.Select(f => CSharpSyntaxTree.ParseText(f.Source, ParseOptions, f.Path)),
            TestReferences.Net100,
            new CSharpCompilationOptions(outputKind, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));

    public static Task<ImmutableArray<Diagnostic>> RunAsync(DiagnosticAnalyzer analyzer, string source, OutputKind outputKind = OutputKind.DynamicallyLinkedLibrary) =>
        RunAsync(ImmutableArray.Create(analyzer), Compile(new[] { ("Test0.cs", source) }, outputKind));

    public static async Task<ImmutableArray<Diagnostic>> RunAsync(ImmutableArray<DiagnosticAnalyzer> analyzers, Compilation compilation)
    {
        var exceptions = new List<Diagnostic>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: (exception, analyzer, diagnostic) =>
            {
                lock (exceptions)
                {
                    exceptions.Add(diagnostic);
                }
            },
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false,
            reportSuppressedDiagnostics: false);
        var diagnostics = await compilation.WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync();
        return diagnostics.AddRange(exceptions);
    }

    /// <summary>
    /// Every rule of the package, present and future, each as its own analyzer: the rule classes that the shipped host
    /// (<see cref="AsyncGuard.Analyzers.Core.AsyncGuardRules"/>) runs, found as the non-abstract analyzers of the assembly
    /// other than the host (RuleHostTests checks that the host's list holds exactly these).
    /// </summary>
    public static ImmutableArray<DiagnosticAnalyzer> AllAnalyzers { get; } = typeof(AsyncGuard.Analyzers.Core.RuleHelp).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t != typeof(AsyncGuard.Analyzers.Core.AsyncGuardRules))
        .OrderBy(t => t.Name, StringComparer.Ordinal)
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    /// <summary>What the package ships: the analyzers of the assembly marked [DiagnosticAnalyzer] (the one host of every rule).</summary>
    public static ImmutableArray<DiagnosticAnalyzer> Shipped { get; } = typeof(AsyncGuard.Analyzers.Core.RuleHelp).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() != null)
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    public static ImmutableArray<CodeFixProvider> AllFixers { get; } = typeof(AsyncGuard.CodeFixes.Core.SyntaxRewritePlan).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t) && t.GetCustomAttribute<ExportCodeFixProviderAttribute>() != null)
        .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
        .ToImmutableArray();
}
