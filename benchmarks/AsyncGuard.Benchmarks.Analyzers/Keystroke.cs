using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace AsyncGuard.Benchmarks.Analyzers;

/// <summary>One measured edit: the document, the compiler's time on it and each package's.</summary>
public sealed class KeystrokeEdit
{
    public required string Document { get; init; }
    public int Position { get; init; }

    /// <summary>`SemanticModel.GetDiagnostics()` of the edited document on a fresh compilation, no analyzers.</summary>
    public double CompilerMs { get; set; }

    /// <summary>Per package: wall time of the document's analyzer diagnostics (syntax + semantic) on its own fresh compilation.</summary>
    public Dictionary<string, double> WallMs { get; } = new();

    /// <summary>Per package: wall time of the document's analyzer diagnostics right after the compiler's, on the same compilation.</summary>
    public Dictionary<string, double> AfterCompilerMs { get; } = new();

    /// <summary>Per package: the compiler's diagnostics of the document on the package's own compilation, just before its analyzers ran.</summary>
    public Dictionary<string, double> OwnCompilerMs { get; } = new();

    /// <summary>Per package: the analyzers' own execution time in that call (telemetry).</summary>
    public Dictionary<string, double> AnalyzerMs { get; } = new();

    public Dictionary<string, int> Diagnostics { get; } = new();

    /// <summary>IDE pass, per package: the compiler's diagnostic analyzer alone on the document (first call on the package's CompilationWithAnalyzers).</summary>
    public Dictionary<string, double> IdeCompilerMs { get; } = new();

    /// <summary>IDE pass, per package: the package's analyzers on the document, second call on the same CompilationWithAnalyzers.</summary>
    public Dictionary<string, double> IdeAnalyzersMs { get; } = new();

    /// <summary>Added view, per package: the compiler analyzer's calls on the CompilationWithAnalyzers that holds it, the resident analyzer and the package's analyzers.</summary>
    public Dictionary<string, double> AddedCompilerMs { get; } = new();

    /// <summary>Added view, per package: the analyzers' calls (resident analyzer and the package's analyzers together), after the compiler analyzer's.</summary>
    public Dictionary<string, double> AddedWithMs { get; } = new();

    /// <summary>Added view, per package: the resident analyzer's calls alone, on another fresh compilation holding only it and the compiler analyzer.</summary>
    public Dictionary<string, double> AddedWithoutMs { get; } = new();

    /// <summary>One pass: our own compiler analyzer alone, the document's syntax and semantic analysis on a fresh compilation.</summary>
    public double OnePassCompilerMs { get; set; }

    /// <summary>One pass, per package: our own compiler analyzer and the package's analyzers in one call each (syntax, semantic).</summary>
    public Dictionary<string, double> OnePassMs { get; } = new();
}

public sealed class KeystrokePackage
{
    public required string Name { get; init; }
    public required string Version { get; init; }
    public double MedianWallMs { get; set; }
    public double MedianAfterCompilerMs { get; set; }
    public double MedianOwnCompilerMs { get; set; }
    public double MedianAnalyzerMs { get; set; }

    /// <summary>
    /// The keystroke: median over edits of (compiler + this package's analyzers) / compiler, both on one fresh compilation
    /// (the compiler's diagnostics of the document first, then the analyzers' on the same compilation, as the IDE asks).
    /// </summary>
    public double MedianRatio { get; set; }
    public double P25Ratio { get; set; }
    public double P75Ratio { get; set; }

    /// <summary>Median over edits of (this package's wall alone on a fresh compilation / the compiler's alone on another).</summary>
    public double MedianColdRatio { get; set; }

    /// <summary>
    /// The IDE's keystroke (headline): median over edits of (compiler analyzer + package's analyzers) / compiler analyzer,
    /// two calls on one CompilationWithAnalyzers that holds both, as the IDE's document analysis makes them.
    /// </summary>
    public double MedianIdeRatio { get; set; }
    public double P25IdeRatio { get; set; }
    public double P75IdeRatio { get; set; }
    public double MedianIdeCompilerMs { get; set; }
    public double MedianIdeAnalyzersMs { get; set; }

    /// <summary>
    /// Added to a project that already runs analyzers: median over edits of (compiler analyzer + (resident and package's
    /// analyzers − resident alone)) / compiler analyzer, paired per edit; a package that does nothing measures about 1.0x.
    /// </summary>
    public double MedianAddedRatio { get; set; }
    public double P25AddedRatio { get; set; }
    public double P75AddedRatio { get; set; }

    /// <summary>Median over edits of the package's added milliseconds (resident and package − resident alone).</summary>
    public double MedianAddedMs { get; set; }
    public double MedianAddedCompilerMs { get; set; }
    public double MedianAddedWithoutMs { get; set; }

    /// <summary>Median over edits of (AsyncGuard's analyzers / this package's analyzers) in the IDE pass, paired per edit.</summary>
    public double? AsyncGuardOverPeerIde { get; set; }

    /// <summary>One pass: median over edits of (own compiler analyzer + package, one call) / (own compiler analyzer alone, another fresh compilation).</summary>
    public double MedianOnePassRatio { get; set; }
    public double MedianOnePassMs { get; set; }

    /// <summary>Median over edits of (AsyncGuard's wall / this package's wall), paired per edit; null for AsyncGuard itself.</summary>
    public double? AsyncGuardOverPeer { get; set; }
    public double MedianDiagnostics { get; set; }
    public int AnalyzerExceptions { get; set; }
    [JsonObjectCreationHandling(JsonObjectCreationHandling.Populate)]
    public List<string> ExceptionSamples { get; } = new();
}

public sealed class KeystrokeResult
{
    public required string Corpus { get; init; }
    public required string Kind { get; init; }
    public int Files { get; init; }
    public int Lines { get; init; }
    public int Edits { get; init; }
    public int WarmupEdits { get; init; }
    public double MedianCompilerMs { get; set; }
    public int BaseCompilerErrors { get; set; }

    /// <summary>Whether the compiler's own diagnostic analyzer was found (else the IDE pass is not measured).</summary>
    public bool IdeCompilerAnalyzer { get; set; }
    public double MedianOnePassCompilerMs { get; set; }
    [JsonObjectCreationHandling(JsonObjectCreationHandling.Populate)]
    public List<KeystrokePackage> Packages { get; } = new();
    [JsonObjectCreationHandling(JsonObjectCreationHandling.Populate)]
    public List<KeystrokeEdit> Samples { get; } = new();
}

public sealed class KeystrokeReport
{
    public required string Command { get; init; }
    public required Dictionary<string, string> Machine { get; init; }
    public required Settings Settings { get; init; }
    public required List<LoadedPackage> Loaded { get; init; }
    [JsonObjectCreationHandling(JsonObjectCreationHandling.Populate)]
    public List<KeystrokeResult> Corpora { get; } = new();
}

/// <summary>
/// The editor's keystroke (issue 17): one document of a large project gets a small edit, the project gets a fresh
/// compilation (<see cref="Compilation.ReplaceSyntaxTree"/> of the incrementally re-parsed document, as the IDE does), and
/// that document's analyzer diagnostics are computed — syntax diagnostics plus
/// <see cref="CompilationWithAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(SemanticModel, TextSpan?, CancellationToken)"/>
/// for its tree — next to the compiler's own diagnostics of the same document (<see cref="SemanticModel.GetDiagnostics"/>)
/// on another fresh compilation. Per-compilation work of an analyzer (type lookups, caches) is paid on every keystroke here.
/// Each package's ratio is paired per edit (its wall / the compiler's, same edit), then the median over edits is reported,
/// because absolute times drift on a shared machine.
/// </summary>
public sealed class KeystrokeRunner
{
    private readonly Runner _runner;
    private readonly Settings _settings;
    private readonly IReadOnlyList<AnalyzerPackage> _packages;

    public KeystrokeRunner(Runner runner, Settings settings, IReadOnlyList<AnalyzerPackage> packages)
    {
        _runner = runner;
        _settings = settings;
        _packages = packages;
    }

    public async Task<KeystrokeResult> MeasureAsync(Corpus corpus, int edits, int seed, CancellationToken cancellationToken)
    {
        var active = _packages.Where(p => !p.Analyzers.IsEmpty).ToList();
        var result = new KeystrokeResult
        {
            Corpus = corpus.Name, Kind = corpus.Kind, Files = corpus.Files.Count, Lines = corpus.Lines, Edits = edits, WarmupEdits = _settings.Warmup,
        };

        // The project as it stands before the keystrokes: parsed once; each edit replaces one tree of it.
        var trees = _runner.ParseAll(corpus, cancellationToken);
        var compilerBase = _runner.CreateCompilation("Keystroke_" + corpus.Name, trees, null);
        var packageBase = active.ToDictionary(p => p, p => _runner.CreateCompilation("Keystroke_" + corpus.Name, trees, p));
        result.BaseCompilerErrors = compilerBase.GetParseDiagnostics(cancellationToken).Count(d => d.Severity == DiagnosticSeverity.Error);

        var plan = PlanEdits(trees, edits + _settings.Warmup, seed);
        if (plan.Count == 0)
        {
            throw new InvalidOperationException($"{corpus.Name}: no method body to edit");
        }

        var exceptions = active.ToDictionary(p => p, _ => new ConcurrentQueue<string>());
        var ideCompiler = CompilerAnalyzers.Ide();
        var ownCompiler = CompilerAnalyzers.Own();
        var resident = FloorAnalyzers.Resident();
        result.IdeCompilerAnalyzer = ideCompiler is not null;
        var compilerExceptions = new ConcurrentQueue<string>();
        for (int i = 0; i < plan.Count; i++)
        {
            bool measured = i >= _settings.Warmup;
            var (tree, position) = plan[i];
            if (!_settings.Quiet)
            {
                Console.Error.WriteLine($"  {corpus.Name}: {(measured ? $"edit {i - _settings.Warmup + 1}/{edits}" : "warm-up edit")} in {tree.FilePath}");
            }

            // The keystroke: a statement typed at the start of a method body, re-parsed incrementally.
            var text = tree.GetText(cancellationToken);
            var edited = tree.WithChangedText(text.WithChanges(new TextChange(new TextSpan(position, 0), Inv($" _ = {i};"))));

            var sample = new KeystrokeEdit { Document = tree.FilePath, Position = position };

            // Untimed first touch of the edited document (its incremental re-parse and what every later compilation of it
            // reuses): whoever came first would pay it, so nobody is timed on it.
            compilerBase.ReplaceSyntaxTree(tree, edited).GetSemanticModel(edited).GetDiagnostics(cancellationToken: cancellationToken);

            var compilation = compilerBase.ReplaceSyntaxTree(tree, edited);
            Runner.Settle();
            var sw = Stopwatch.StartNew();
            compilation.GetSemanticModel(edited).GetDiagnostics(cancellationToken: cancellationToken);
            sample.CompilerMs = sw.Elapsed.TotalMilliseconds;
            compilation = null;

            // One pass, the compiler alone: our own compiler analyzer on a fresh compilation.
            {
                var own = ImmutableArray.Create(ownCompiler);
                var withOwn = compilerBase.ReplaceSyntaxTree(tree, edited).WithAnalyzers(own, Options(ImmutableArray<AdditionalText>.Empty, compilerExceptions, "compiler"));
                Runner.Settle();
                var (ownMs, _) = await DocumentPassAsync(withOwn, edited, own, cancellationToken).ConfigureAwait(false);
                sample.OnePassCompilerMs = ownMs;
            }

            for (int k = 0; k < active.Count; k++)
            {
                var package = active[(k + i) % active.Count];
                // Cold: the analyzers alone on a fresh compilation (they pay for the binding they ask for).
                var (wall, analyzers, count) = await AnalyzeDocumentAsync(packageBase[package].ReplaceSyntaxTree(tree, edited), edited, package, exceptions[package], cancellationToken).ConfigureAwait(false);
                sample.WallMs[package.Name] = wall;
                sample.Diagnostics[package.Name] = count;

                // The keystroke as the IDE asks it: the compiler's diagnostics of the document, then the analyzers', one compilation.
                var (afterCompiler, afterAnalyzers, _, ownCompilerMs) = await AnalyzeDocumentAsync(packageBase[package].ReplaceSyntaxTree(tree, edited), edited, package, exceptions[package], compilerFirst: true, cancellationToken).ConfigureAwait(false);
                sample.AfterCompilerMs[package.Name] = afterCompiler;
                sample.OwnCompilerMs[package.Name] = ownCompilerMs;
                sample.AnalyzerMs[package.Name] = afterAnalyzers;

                // The IDE's keystroke: one CompilationWithAnalyzers holding the compiler's diagnostic analyzer and the
                // package's analyzers; the compiler analyzer's document call first, then the package's.
                if (ideCompiler is not null)
                {
                    var compilerOnly = ImmutableArray.Create(ideCompiler);
                    var withBoth = packageBase[package].ReplaceSyntaxTree(tree, edited)
                        .WithAnalyzers(package.Analyzers.Insert(0, ideCompiler), Options(package.AdditionalFiles, exceptions[package], package.Name));
                    Runner.Settle();
                    var (ideCompilerMs, _) = await DocumentPassAsync(withBoth, edited, compilerOnly, cancellationToken).ConfigureAwait(false);
                    var (ideAnalyzersMs, _) = await DocumentPassAsync(withBoth, edited, package.Analyzers, cancellationToken).ConfigureAwait(false);
                    sample.IdeCompilerMs[package.Name] = ideCompilerMs;
                    sample.IdeAnalyzersMs[package.Name] = ideAnalyzersMs;

                    // Added to a project that already runs analyzers (the SDK's own are on by default): the IDE's analyzer
                    // call exists already and pays the document's second binding; the package joins that call. Two fresh
                    // compilations, the order alternating per edit: compiler analyzer + resident + package, and compiler
                    // analyzer + resident; the package's share is the difference of the analyzer calls.
                    var residentOnly = ImmutableArray.Create<DiagnosticAnalyzer>(resident);
                    var residentAndPackage = package.Analyzers.Insert(0, resident);
                    for (int pass = 0; pass < 2; pass++)
                    {
                        bool withPackage = (pass + i) % 2 == 0;
                        var addedAnalyzers = withPackage ? residentAndPackage : residentOnly;
                        var added = packageBase[package].ReplaceSyntaxTree(tree, edited)
                            .WithAnalyzers(addedAnalyzers.Insert(0, ideCompiler), Options(package.AdditionalFiles, exceptions[package], package.Name));
                        Runner.Settle();
                        var (addedCompilerMs, _) = await DocumentPassAsync(added, edited, compilerOnly, cancellationToken).ConfigureAwait(false);
                        var (addedAnalyzersMs, _) = await DocumentPassAsync(added, edited, addedAnalyzers, cancellationToken).ConfigureAwait(false);
                        if (withPackage)
                        {
                            sample.AddedCompilerMs[package.Name] = addedCompilerMs;
                            sample.AddedWithMs[package.Name] = addedAnalyzersMs;
                        }
                        else
                        {
                            sample.AddedWithoutMs[package.Name] = addedAnalyzersMs;
                        }
                    }
                }

                // One pass: our own compiler analyzer and the package's analyzers in the same calls.
                {
                    var all = package.Analyzers.Insert(0, ownCompiler);
                    var withAll = packageBase[package].ReplaceSyntaxTree(tree, edited).WithAnalyzers(all, Options(package.AdditionalFiles, exceptions[package], package.Name));
                    Runner.Settle();
                    var (onePassMs, _) = await DocumentPassAsync(withAll, edited, all, cancellationToken).ConfigureAwait(false);
                    sample.OnePassMs[package.Name] = onePassMs;
                }
            }

            if (measured)
            {
                result.Samples.Add(sample);
            }
        }

        result.MedianCompilerMs = Runner.Median(result.Samples.Select(s => s.CompilerMs).ToList());
        result.MedianOnePassCompilerMs = Runner.Median(result.Samples.Select(s => s.OnePassCompilerMs).ToList());
        if (!compilerExceptions.IsEmpty)
        {
            throw new InvalidOperationException("the compiler analyzer threw: " + compilerExceptions.First());
        }
        foreach (var package in active)
        {
            var ratios = result.Samples.Select(s => (s.OwnCompilerMs[package.Name] + s.AfterCompilerMs[package.Name]) / s.OwnCompilerMs[package.Name]).ToList();
            var entry = new KeystrokePackage
            {
                Name = package.Name,
                Version = package.Version,
                MedianWallMs = Runner.Median(result.Samples.Select(s => s.WallMs[package.Name]).ToList()),
                MedianAnalyzerMs = Runner.Median(result.Samples.Select(s => s.AnalyzerMs[package.Name]).ToList()),
                MedianRatio = Runner.Median(ratios),
                P25Ratio = Percentile(ratios, 0.25),
                P75Ratio = Percentile(ratios, 0.75),
                MedianColdRatio = Runner.Median(result.Samples.Select(s => s.WallMs[package.Name] / s.CompilerMs).ToList()),
                MedianAfterCompilerMs = Runner.Median(result.Samples.Select(s => s.AfterCompilerMs[package.Name]).ToList()),
                MedianOwnCompilerMs = Runner.Median(result.Samples.Select(s => s.OwnCompilerMs[package.Name]).ToList()),
                MedianDiagnostics = Runner.Median(result.Samples.Select(s => (double)s.Diagnostics[package.Name]).ToList()),
                AnalyzerExceptions = exceptions[package].Count,
            };
            entry.ExceptionSamples.AddRange(exceptions[package].Distinct().Take(3));
            var onePass = result.Samples.Select(s => s.OnePassMs[package.Name] / s.OnePassCompilerMs).ToList();
            entry.MedianOnePassRatio = Runner.Median(onePass);
            entry.MedianOnePassMs = Runner.Median(result.Samples.Select(s => s.OnePassMs[package.Name]).ToList());
            if (result.IdeCompilerAnalyzer)
            {
                var ide = result.Samples.Select(s => (s.IdeCompilerMs[package.Name] + s.IdeAnalyzersMs[package.Name]) / s.IdeCompilerMs[package.Name]).ToList();
                entry.MedianIdeRatio = Runner.Median(ide);
                entry.P25IdeRatio = Percentile(ide, 0.25);
                entry.P75IdeRatio = Percentile(ide, 0.75);
                entry.MedianIdeCompilerMs = Runner.Median(result.Samples.Select(s => s.IdeCompilerMs[package.Name]).ToList());
                entry.MedianIdeAnalyzersMs = Runner.Median(result.Samples.Select(s => s.IdeAnalyzersMs[package.Name]).ToList());
                var added = result.Samples.Select(s => (s.AddedCompilerMs[package.Name] + s.AddedWithMs[package.Name] - s.AddedWithoutMs[package.Name]) / s.AddedCompilerMs[package.Name]).ToList();
                entry.MedianAddedRatio = Runner.Median(added);
                entry.P25AddedRatio = Percentile(added, 0.25);
                entry.P75AddedRatio = Percentile(added, 0.75);
                entry.MedianAddedMs = Runner.Median(result.Samples.Select(s => s.AddedWithMs[package.Name] - s.AddedWithoutMs[package.Name]).ToList());
                entry.MedianAddedCompilerMs = Runner.Median(result.Samples.Select(s => s.AddedCompilerMs[package.Name]).ToList());
                entry.MedianAddedWithoutMs = Runner.Median(result.Samples.Select(s => s.AddedWithoutMs[package.Name]).ToList());
            }
            if (package.Name != AnalyzerPackages.AsyncGuard && active.Any(p => p.Name == AnalyzerPackages.AsyncGuard))
            {
                entry.AsyncGuardOverPeer = Runner.Median(result.Samples.Select(s => s.AfterCompilerMs[AnalyzerPackages.AsyncGuard] / s.AfterCompilerMs[package.Name]).ToList());
                if (result.IdeCompilerAnalyzer)
                {
                    entry.AsyncGuardOverPeerIde = Runner.Median(result.Samples.Select(s => s.IdeAnalyzersMs[AnalyzerPackages.AsyncGuard] / s.IdeAnalyzersMs[package.Name]).ToList());
                }
            }
            result.Packages.Add(entry);
        }
        return result;
    }

    private async Task<(double WallMs, double AnalyzerMs, int Diagnostics)> AnalyzeDocumentAsync(
        Compilation compilation, SyntaxTree tree, AnalyzerPackage package, ConcurrentQueue<string> exceptions, CancellationToken cancellationToken)
    {
        var (wall, analyzers, count, _) = await AnalyzeDocumentAsync(compilation, tree, package, exceptions, compilerFirst: false, cancellationToken).ConfigureAwait(false);
        return (wall, analyzers, count);
    }

    /// <summary>
    /// The document's analyzer diagnostics on <paramref name="compilation"/>; with <paramref name="compilerFirst"/>, the
    /// compiler's own diagnostics of the document are computed (and timed) on the same compilation first.
    /// </summary>
    private async Task<(double WallMs, double AnalyzerMs, int Diagnostics, double CompilerMs)> AnalyzeDocumentAsync(
        Compilation compilation, SyntaxTree tree, AnalyzerPackage package, ConcurrentQueue<string> exceptions, bool compilerFirst, CancellationToken cancellationToken)
    {
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(package.AdditionalFiles),
            onAnalyzerException: (ex, analyzer, _) => exceptions.Enqueue($"{package.AnalyzerName(analyzer)}: {ex.GetType().Name}: {ex.Message}"),
            concurrentAnalysis: _settings.Concurrent,
            logAnalyzerExecutionTime: true,
            reportSuppressedDiagnostics: false);
        var withAnalyzers = compilation.WithAnalyzers(package.Analyzers, options);
        Runner.Settle();
        double compilerMs = 0;
        if (compilerFirst)
        {
            var compilerWatch = Stopwatch.StartNew();
            withAnalyzers.Compilation.GetSemanticModel(tree).GetDiagnostics(cancellationToken: cancellationToken);
            compilerMs = compilerWatch.Elapsed.TotalMilliseconds;
        }
        var sw = Stopwatch.StartNew();
        var syntax = await withAnalyzers.GetAnalyzerSyntaxDiagnosticsAsync(tree, cancellationToken).ConfigureAwait(false);
        var model = withAnalyzers.Compilation.GetSemanticModel(tree);
        var semantic = await withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(model, null, cancellationToken).ConfigureAwait(false);
        sw.Stop();
        double analyzers = 0;
        foreach (var analyzer in package.Analyzers)
        {
            var info = await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, cancellationToken).ConfigureAwait(false);
            analyzers += info.ExecutionTime.TotalMilliseconds;
        }
        return (sw.Elapsed.TotalMilliseconds, analyzers, syntax.Length + semantic.Length, compilerMs);
    }

    private CompilationWithAnalyzersOptions Options(ImmutableArray<AdditionalText> additionalFiles, ConcurrentQueue<string> exceptions, string owner) =>
        new(new AnalyzerOptions(additionalFiles),
            onAnalyzerException: (ex, analyzer, _) => exceptions.Enqueue($"{owner} {analyzer.GetType().Name}: {ex.GetType().Name}: {ex.Message}"),
            concurrentAnalysis: _settings.Concurrent,
            logAnalyzerExecutionTime: false,
            reportSuppressedDiagnostics: false);

    /// <summary>
    /// The document's syntax then semantic analysis by <paramref name="analyzers"/> (a subset of the ones
    /// <paramref name="withAnalyzers"/> holds), the way the IDE's document analysis asks: <c>GetAnalysisResultAsync</c> for
    /// the tree, then for its semantic model with no span. Returns the wall time and the diagnostics found.
    /// </summary>
    private static async Task<(double Ms, int Diagnostics)> DocumentPassAsync(
        CompilationWithAnalyzers withAnalyzers, SyntaxTree tree, ImmutableArray<DiagnosticAnalyzer> analyzers, CancellationToken cancellationToken)
    {
        var sw = Stopwatch.StartNew();
        var syntax = await withAnalyzers.GetAnalysisResultAsync(tree, analyzers, cancellationToken).ConfigureAwait(false);
        var model = withAnalyzers.Compilation.GetSemanticModel(tree);
        var semantic = await withAnalyzers.GetAnalysisResultAsync(model, null, analyzers, cancellationToken).ConfigureAwait(false);
        sw.Stop();
        return (sw.Elapsed.TotalMilliseconds, syntax.GetAllDiagnostics().Length + semantic.GetAllDiagnostics().Length);
    }

    /// <summary>
    /// Deterministic edit sites: a random document (seeded), then a random block body of a method, constructor, accessor
    /// or local function in it; the edit goes right after its opening brace.
    /// </summary>
    internal static List<(SyntaxTree Tree, int Position)> PlanEdits(IReadOnlyList<SyntaxTree> trees, int count, int seed)
    {
        var bodies = new List<(SyntaxTree Tree, List<int> Positions)>();
        foreach (var tree in trees)
        {
            var positions = tree.GetRoot().DescendantNodes()
                .OfType<BlockSyntax>()
                .Where(b => b.Parent is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or LocalFunctionStatementSyntax && !b.OpenBraceToken.IsMissing)
                .Select(b => b.OpenBraceToken.Span.End)
                .ToList();
            if (positions.Count > 0)
            {
                bodies.Add((tree, positions));
            }
        }

        var plan = new List<(SyntaxTree, int)>();
        if (bodies.Count == 0)
        {
            return plan;
        }
        var random = new Random(seed);
        for (int i = 0; i < count; i++)
        {
            var (tree, positions) = bodies[random.Next(bodies.Count)];
            plan.Add((tree, positions[random.Next(positions.Count)]));
        }
        return plan;
    }

    private static double Percentile(List<double> values, double p)
    {
        if (values.Count == 0)
        {
            return 0;
        }
        var sorted = values.OrderBy(v => v).ToArray();
        double index = p * (sorted.Length - 1);
        int lo = (int)Math.Floor(index);
        int hi = (int)Math.Ceiling(index);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (index - lo);
    }

    public static string ToMarkdown(KeystrokeReport report)
    {
        var md = new StringBuilder();
        md.AppendLine("## Keystroke benchmark results").AppendLine();
        md.AppendLine(Inv($"- Command: `{report.Command}`"));
        md.AppendLine(Inv($"- Machine: {report.Machine["os"]} {report.Machine["arch"]}, {report.Machine["cores"]} cores, {report.Machine["runtime"]}, Roslyn {report.Machine["roslyn"]}, load average at start {report.Machine["loadAverage"]}, {report.Machine["date"]}"));
        md.AppendLine(Inv($"- Method: per edit, one document gets ` _ = i;` typed at the start of a method body (incremental re-parse), the project a fresh compilation (`ReplaceSyntaxTree`). IDE keystroke (headline): per package, one `CompilationWithAnalyzers` with the compiler's diagnostic analyzer ({CompilerAnalyzers.IdeTypeName}) and the package's analyzers; `GetAnalysisResultAsync` for the tree and then its semantic model, first for the compiler analyzer alone, then for the package's analyzers; ratio = (both calls) / compiler call, paired per edit, median over edits. One pass: our own compiler analyzer (syntax tree + semantic model actions) with the package's analyzers in one call each, over our own compiler analyzer alone on another fresh compilation. Second view ratio: on one fresh compilation per package, the compiler's own diagnostics of that document (`SemanticModel.GetDiagnostics`), then the package's document diagnostics (`GetAnalyzerSyntaxDiagnosticsAsync` + `GetAnalyzerSemanticDiagnosticsAsync` for the tree); ratio = (compiler + analyzers) / compiler, paired per edit, median over edits. Cold ratio: the package alone on a fresh compilation / the compiler alone on another. Analysis {(report.Settings.Concurrent ? "concurrent" : "sequential (one thread)")}; rules at {(report.Settings.AllRules ? "all enabled" : "their default severities")}."));
        md.AppendLine("- Packages: " + string.Join("; ", report.Loaded.Select(l => l.Error is null
            ? Inv($"{l.Name} {l.Version} ({l.Analyzers} analyzers)")
            : $"{l.Name}: NOT LOADED ({l.Error})")));
        md.AppendLine();
        foreach (var c in report.Corpora)
        {
            md.AppendLine(Inv($"### {c.Corpus}: {c.Lines:N0} lines in {c.Files} files, {c.Edits} edits ({c.WarmupEdits} warm-up)")).AppendLine();
            md.AppendLine(Inv($"Compiler alone, the edited document's diagnostics on a fresh compilation: **{c.MedianCompilerMs:0.0} ms** (median); our own compiler analyzer alone (one-pass denominator): {c.MedianOnePassCompilerMs:0.0} ms.")).AppendLine();
            if (c.IdeCompilerAnalyzer)
            {
                md.AppendLine("**The IDE's keystroke (headline)**: one `CompilationWithAnalyzers` holding the compiler's diagnostic analyzer and the package's analyzers; the compiler analyzer's document call, then the package's (each: syntax, then semantic).").AppendLine();
                md.AppendLine("| Package | **IDE: (compiler analyzer + package) / compiler analyzer**, per edit | p25-p75 | Compiler analyzer ms | Package's analyzers ms after it | AsyncGuard / package, analyzers ms (per edit) | One pass: (own compiler analyzer + package) / own compiler analyzer alone | One pass ms |");
                md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
                foreach (var p in c.Packages)
                {
                    string vs = p.AsyncGuardOverPeerIde is double r ? Inv($"{r:0.00}x") : "-";
                    md.AppendLine(Inv($"| {p.Name} {p.Version} | **{p.MedianIdeRatio:0.00}x** | {p.P25IdeRatio:0.00}-{p.P75IdeRatio:0.00}x | {p.MedianIdeCompilerMs:0.0} | {p.MedianIdeAnalyzersMs:0.0} | {vs} | {p.MedianOnePassRatio:0.00}x | {p.MedianOnePassMs:0.0} |"));
                }
                md.AppendLine();
                md.AppendLine("**Added to a project that already runs analyzers** (the SDK's own are on by default, so the IDE's analyzer call and the document's second binding exist without the package): per edit, two fresh compilations, each with the compiler analyzer and one resident do-nothing operation analyzer, one of them with the package's analyzers as well; the compiler analyzer's call, then the analyzers' call; ratio = (compiler analyzer + (resident and package − resident alone)) / compiler analyzer.").AppendLine();
                md.AppendLine("| Package | **Added: (compiler analyzer + package's share) / compiler analyzer**, per edit | p25-p75 | Compiler analyzer ms | Resident alone ms | Package's share ms |");
                md.AppendLine("|---|---:|---:|---:|---:|---:|");
                foreach (var p in c.Packages)
                {
                    md.AppendLine(Inv($"| {p.Name} {p.Version} | **{p.MedianAddedRatio:0.00}x** | {p.P25AddedRatio:0.00}-{p.P75AddedRatio:0.00}x | {p.MedianAddedCompilerMs:0.0} | {p.MedianAddedWithoutMs:0.0} | {p.MedianAddedMs:0.0} |"));
                }
                md.AppendLine();
                md.AppendLine("**Second view**: the compiler's diagnostics by `SemanticModel.GetDiagnostics` on the package's compilation, then the package's document diagnostics; the analyzers' call regenerates the document's compilation events, as the IDE's analyzer call does.").AppendLine();
            }
            md.AppendLine("| Package | **Keystroke: (compiler + analyzers) / compiler**, one compilation, per edit | p25-p75 | Compiler ms (same compilation) | Analyzers ms after it (wall) | Analyzer ms (telemetry) | AsyncGuard / package, analyzers after compiler (per edit) | Cold: analyzers alone / compiler alone, fresh compilations | Cold analyzers wall ms | Diagnostics (median) |");
            md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var p in c.Packages)
            {
                string vs = p.AsyncGuardOverPeer is double r ? Inv($"{r:0.00}x") : "-";
                md.AppendLine(Inv($"| {p.Name} {p.Version} | **{p.MedianRatio:0.00}x** | {p.P25Ratio:0.00}-{p.P75Ratio:0.00}x | {p.MedianOwnCompilerMs:0.0} | {p.MedianAfterCompilerMs:0.0} | {p.MedianAnalyzerMs:0.0} | {vs} | {p.MedianColdRatio:0.00}x | {p.MedianWallMs:0.0} | {p.MedianDiagnostics:0} |"));
                if (p.AnalyzerExceptions > 0)
                {
                    md.AppendLine($"| {p.Name} | **{p.AnalyzerExceptions} analyzer exceptions**: {string.Join(" / ", p.ExceptionSamples).Replace("|", "\\|", StringComparison.Ordinal)} | | | | | |");
                }
            }
            md.AppendLine();
        }
        return md.ToString();
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
