using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AsyncGuard.Benchmarks.Analyzers;

/// <summary>
/// The compiler's own diagnostics of a document as an analyzer, for the keystroke scenario's IDE passes (issue 17).
/// <para>
/// <see cref="Ide"/> is the compiler's diagnostic analyzer that the IDE runs: the C# compiler assembly carries an
/// internal <c>CSharpCompilerDiagnosticAnalyzer</c> (a <c>[DiagnosticAnalyzer]</c> type, loaded by the IDE from the
/// compiler's analyzer reference), created here by reflection because it is not public. <c>CompilationWithAnalyzers</c>
/// recognises that type: a single-file call whose only analyzer is it runs on the root compilation with two synthesized
/// events (no event generation), which is how the editor gets compiler errors quickly.
/// </para>
/// <para>
/// <see cref="Own"/> is our own stand-in, written for the "one pass" variant: a syntax tree action reporting the tree's
/// syntax diagnostics and a semantic model action reporting the model's declaration and method-body diagnostics for the
/// filter span, each wrapped in a descriptor of its own (an analyzer may only report the ids it declares). The driver
/// treats it as any other analyzer, so it never gets the compiler analyzer's fast path.
/// </para>
/// </summary>
public static class CompilerAnalyzers
{
    public const string IdeTypeName = "Microsoft.CodeAnalysis.Diagnostics.CSharp.CSharpCompilerDiagnosticAnalyzer";

    /// <summary>The IDE's compiler analyzer, or null when this Roslyn has no such type (then the IDE pass is skipped).</summary>
    public static DiagnosticAnalyzer? Ide()
    {
        var type = typeof(CSharpCompilation).Assembly.GetType(IdeTypeName, throwOnError: false);
        if (type is null || !typeof(DiagnosticAnalyzer).IsAssignableFrom(type))
        {
            return null;
        }
        try
        {
            return (DiagnosticAnalyzer?)Activator.CreateInstance(type, nonPublic: true);
        }
        catch (MissingMethodException)
        {
            return null;
        }
    }

    public static DiagnosticAnalyzer Own() => new OwnCompilerAnalyzer();

    private static readonly DiagnosticDescriptor Syntax = new(
        "KEYCS0001", "Compiler syntax diagnostic", "{0}", "Compiler", DiagnosticSeverity.Warning, isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor Semantic = new(
        "KEYCS0002", "Compiler semantic diagnostic", "{0}", "Compiler", DiagnosticSeverity.Warning, isEnabledByDefault: true);

#pragma warning disable RS1001, RS1026 // a benchmark probe, not a shipped analyzer; the semantic model action must see the whole tree
    private sealed class OwnCompilerAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Syntax, Semantic);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.EnableConcurrentExecution();
            context.RegisterSyntaxTreeAction(static c =>
            {
                foreach (var d in c.Tree.GetDiagnostics(c.CancellationToken))
                {
                    c.ReportDiagnostic(Diagnostic.Create(Syntax, d.Location, d.Id));
                }
            });
            context.RegisterSemanticModelAction(static c =>
            {
                // GetDiagnostics(span) = syntax + declaration + method-body diagnostics; the syntax ones come from the tree action.
                var model = c.SemanticModel;
                Report(c, model.GetDeclarationDiagnostics(c.FilterSpan, c.CancellationToken));
                Report(c, model.GetMethodBodyDiagnostics(c.FilterSpan, c.CancellationToken));
            });
        }

        private static void Report(SemanticModelAnalysisContext c, ImmutableArray<Diagnostic> diagnostics)
        {
            foreach (var d in diagnostics)
            {
                if (d.Location.IsInSource)
                {
                    c.ReportDiagnostic(Diagnostic.Create(Semantic, d.Location, d.Id));
                }
            }
        }
    }
#pragma warning restore RS1001, RS1026
}
