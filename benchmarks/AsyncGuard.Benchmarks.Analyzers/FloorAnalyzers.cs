using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace AsyncGuard.Benchmarks.Analyzers;

/// <summary>
/// `--floor`: two packages of one analyzer each that do nothing but register (a syntax-node action on invocations, an
/// operation action on invocations) and report nothing, and one of 35 such analyzers (as many classes as AsyncGuard has). They show what the analyzer driver itself costs in a scenario
/// (in the keystroke it is most of the ratio), so a package's figure can be read as "floor + its own work".
/// </summary>
public static class FloorAnalyzers
{
    public const string SyntaxFloor = "floor-syntax";
    public const string OperationFloor = "floor-operation";
    public const string ManyFloor = "floor-35";

    // Enabled by default: the driver skips an analyzer none of whose diagnostics is enabled.
    private static readonly DiagnosticDescriptor Never = new(
        "FLOOR0001", "Never reported", "Never reported", "Benchmark", DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public static IEnumerable<AnalyzerPackage> Load() => new[]
    {
        Package(SyntaxFloor, new FloorAnalyzer(operation: false)),
        Package(OperationFloor, new FloorAnalyzer(operation: true)),
        // As many analyzer classes as AsyncGuard has (35), half syntax-node, half operation: the driver's per-analyzer share.
        Package(ManyFloor, Enumerable.Range(0, 35).Select(i => (DiagnosticAnalyzer)new FloorAnalyzer(operation: i % 2 == 1)).ToArray()),
    };

    /// <summary>
    /// The keystroke's resident analyzer: one do-nothing operation analyzer standing for the analyzers a project runs
    /// already (the SDK's), so that the IDE's analyzer call and its second binding of the document exist without the package.
    /// </summary>
    public static DiagnosticAnalyzer Resident() => new FloorAnalyzer(operation: true);

    private static AnalyzerPackage Package(string name, params DiagnosticAnalyzer[] analyzers) =>
        new(name, "-", ImmutableArray.Create(analyzers), ImmutableArray<AdditionalText>.Empty, "built in");

#pragma warning disable RS1001 // a benchmark probe, not a shipped analyzer
    private sealed class FloorAnalyzer(bool operation) : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Never);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            if (operation)
            {
                context.RegisterOperationAction(static _ => { }, OperationKind.Invocation);
            }
            else
            {
                context.RegisterSyntaxNodeAction(static _ => { }, SyntaxKind.InvocationExpression);
            }
        }
    }
#pragma warning restore RS1001
}
