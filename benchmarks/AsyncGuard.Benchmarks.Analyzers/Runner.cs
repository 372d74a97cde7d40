using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Text.Json.Serialization;
using System.Threading.Tasks;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace AsyncGuard.Benchmarks.Analyzers;

/// <param name="RunsLarge">Measured runs for inputs of at least <see cref="LargeLines"/> lines (they take minutes each).</param>
public sealed record Settings(int Runs, int RunsLarge, int Warmup, bool WarmupEach, bool Concurrent, bool AllRules, bool Quiet)
{
    public const int LargeLines = 50_000;

    public int RunsFor(int lines) => lines >= LargeLines ? RunsLarge : Runs;

    /// <summary>
    /// Build the compilation's own symbol tables (references bound, declaration table merged) before timing a package, so
    /// the first analyzer that asks for a type is not charged for work the compiler does for every build anyway.
    /// </summary>
    public bool WarmSetup { get; init; }

    /// <summary>Dlls referenced besides the .NET 10 reference assemblies (for --corpus code).</summary>
    public IReadOnlyList<string> ExtraReferences { get; init; } = Array.Empty<string>();
}

/// <summary>An input: one compilation's worth of files.</summary>
public sealed class Corpus
{
    public Corpus(string name, string kind, IReadOnlyList<SourceFile> files, int? misuses = null)
    {
        Name = name;
        Misuses = misuses;
        Kind = kind;
        Files = files;
        Lines = files.Sum(f => f.Lines);
        Texts = files.Select(f => (f.Path, SourceText.From(f.Text))).ToArray();
    }

    public string Name { get; }

    /// <summary>"generated", "split" (the 4k pair) or "corpus" (a user's folder).</summary>
    public string Kind { get; }

    public IReadOnlyList<SourceFile> Files { get; }
    public int Lines { get; }

    /// <summary>Misuses the generator planted (null for a user's folder).</summary>
    public int? Misuses { get; }
    internal (string Path, SourceText Text)[] Texts { get; }
}

public sealed class AnalyzerResult
{
    public required string Name { get; init; }
    public required string[] Ids { get; init; }
    public double MedianMs { get; set; }
    public int Diagnostics { get; set; }
    public double PercentOfCompile { get; set; }

    /// <summary>The analyzer's time in each measured run, in run order (pairs with the compile samples and other packages' samples).</summary>
    [JsonObjectCreationHandling(JsonObjectCreationHandling.Populate)]
    public List<double> SamplesMs { get; } = new();
}

public sealed class PackageResult
{
    public required string Name { get; init; }
    public required string Version { get; init; }
    public int AnalyzerCount { get; init; }

    /// <summary>Median over runs of the sum of the package's analyzer execution times (telemetry).</summary>
    public double MedianMs { get; set; }

    /// <summary>Median wall time of GetAnalyzerDiagnosticsAsync on a fresh compilation (includes the compiler's own work).</summary>
    public double MedianWallMs { get; set; }

    public int Diagnostics { get; set; }
    public double PercentOfCompile { get; set; }
    public int AnalyzerExceptions { get; set; }
    [JsonObjectCreationHandling(JsonObjectCreationHandling.Populate)]
    public List<string> ExceptionSamples { get; } = new();
    public Dictionary<string, int> DiagnosticsById { get; set; } = new();
    [JsonObjectCreationHandling(JsonObjectCreationHandling.Populate)]
    public List<double> SamplesMs { get; } = new();
    [JsonObjectCreationHandling(JsonObjectCreationHandling.Populate)]
    public List<AnalyzerResult> Analyzers { get; } = new();
}

public sealed class CorpusResult
{
    public required string Name { get; init; }
    public required string Kind { get; init; }
    public int Files { get; init; }
    public int Lines { get; init; }
    public int? PlantedMisuses { get; init; }
    public int Runs { get; set; }
    public double MedianParseMs { get; set; }
    public double MedianCompileMs { get; set; }
    [JsonObjectCreationHandling(JsonObjectCreationHandling.Populate)]
    public List<double> CompileSamplesMs { get; } = new();
    public int CompilerErrors { get; set; }
    public int CompilerWarnings { get; set; }
    [JsonObjectCreationHandling(JsonObjectCreationHandling.Populate)]
    public List<string> CompilerErrorSamples { get; } = new();
    [JsonObjectCreationHandling(JsonObjectCreationHandling.Populate)]
    public List<PackageResult> Packages { get; } = new();
}

/// <summary>Runs the compiler alone and each package through CompilationWithAnalyzers on fresh compilations.</summary>
public sealed class Runner
{
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest, DocumentationMode.Parse);
    private readonly Settings _settings;
    private readonly IReadOnlyList<AnalyzerPackage> _packages;
    private bool _warmedUp;

    private readonly MetadataReference[] _references;

    public Runner(Settings settings, IReadOnlyList<AnalyzerPackage> packages)
    {
        _settings = settings;
        _packages = packages;
        // Metadata references are immutable and shared by every compilation (as a build would share them).
        _references = Net100.References.All
            .Concat(settings.ExtraReferences.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)))
            .ToArray();
    }

    public async Task<CorpusResult> MeasureAsync(Corpus corpus, CancellationToken cancellationToken)
    {
        var result = new CorpusResult
        {
            Name = corpus.Name, Kind = corpus.Kind, Files = corpus.Files.Count, Lines = corpus.Lines, PlantedMisuses = corpus.Misuses,
        };
        var active = _packages.Where(p => !p.Analyzers.IsEmpty).ToList();
        foreach (var p in _packages)
        {
            result.Packages.Add(new PackageResult { Name = p.Name, Version = p.Version, AnalyzerCount = p.Analyzers.Length });
        }

        var parse = new List<double>();
        var wall = active.ToDictionary(p => p, _ => new List<double>());
        var perAnalyzer = active.ToDictionary(p => p, p => p.Analyzers.ToDictionary(a => a, _ => new List<double>()));
        var lastDiagnostics = new Dictionary<AnalyzerPackage, ImmutableArray<Diagnostic>>();
        var exceptions = active.ToDictionary(p => p, _ => new ConcurrentQueue<string>());

        // The JIT is process-wide: by default only the first input pays for warm-up runs.
        int warmup = _warmedUp && !_settings.WarmupEach ? 0 : _settings.Warmup;
        _warmedUp = true;
        int runs = _settings.RunsFor(corpus.Lines);
        result.Runs = runs;
        var clock = Stopwatch.StartNew();
        for (int run = 0; run < warmup + runs; run++)
        {
            bool measured = run >= warmup;
            Log($"  {corpus.Name}: {(measured ? $"run {run - warmup + 1}/{runs}" : "warm-up")} (at {clock.Elapsed.TotalSeconds:0} s)");

            var (compilation, parseMs) = CreateCompilation(corpus, null, cancellationToken);
            Settle();
            var sw = Stopwatch.StartNew();
            var compilerDiagnostics = compilation.GetDiagnostics(cancellationToken);
            sw.Stop();
            if (measured)
            {
                parse.Add(parseMs);
                result.CompileSamplesMs.Add(sw.Elapsed.TotalMilliseconds);
            }
            if (run == 0)
            {
                var errors = compilerDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
                result.CompilerErrors = errors.Count;
                result.CompilerWarnings = compilerDiagnostics.Count(d => d.Severity == DiagnosticSeverity.Warning);
                result.CompilerErrorSamples.AddRange(errors.Take(5).Select(d => d.ToString()));
            }
            compilation = null;

            // Rotate the package order each run so no package always runs right after the compiler (or a GC).
            for (int k = 0; k < active.Count; k++)
            {
                var package = active[(k + run) % active.Count];
                var (ms, telemetry, diagnostics) = await RunPackageAsync(corpus, package, exceptions[package], cancellationToken).ConfigureAwait(false);
                if (measured)
                {
                    wall[package].Add(ms);
                    foreach (var (analyzer, time) in telemetry)
                    {
                        perAnalyzer[package][analyzer].Add(time);
                    }
                }
                lastDiagnostics[package] = diagnostics;
            }
        }

        result.MedianParseMs = Median(parse);
        result.MedianCompileMs = Median(result.CompileSamplesMs);
        foreach (var package in active)
        {
            var pr = result.Packages.Single(r => r.Name == package.Name);
            for (int i = 0; i < wall[package].Count; i++)
            {
                pr.SamplesMs.Add(perAnalyzer[package].Values.Sum(v => v[i]));
            }
            pr.MedianMs = Median(pr.SamplesMs);
            pr.MedianWallMs = Median(wall[package]);
            pr.PercentOfCompile = Percent(pr.MedianMs, result.MedianCompileMs);
            pr.AnalyzerExceptions = exceptions[package].Count;
            pr.ExceptionSamples.AddRange(exceptions[package].Distinct().Take(3));

            var diagnostics = lastDiagnostics[package];
            pr.Diagnostics = diagnostics.Length;
            pr.DiagnosticsById = diagnostics.GroupBy(d => d.Id).OrderBy(g => g.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Count());
            var counted = new HashSet<string>(StringComparer.Ordinal);
            foreach (var analyzer in package.Analyzers)
            {
                // A diagnostic id is credited to the first analyzer that declares it.
                var ids = package.SupportedByAnalyzer[analyzer].Select(d => d.Id).Distinct().ToArray();
                int count = ids.Where(counted.Add).Sum(id => pr.DiagnosticsById.GetValueOrDefault(id));
                double median = Median(perAnalyzer[package][analyzer]);
                var entry = new AnalyzerResult
                {
                    Name = package.AnalyzerName(analyzer),
                    Ids = ids,
                    MedianMs = median,
                    Diagnostics = count,
                    PercentOfCompile = Percent(median, result.MedianCompileMs),
                };
                entry.SamplesMs.AddRange(perAnalyzer[package][analyzer]);
                pr.Analyzers.Add(entry);
            }
            pr.Analyzers.Sort((a, b) => b.MedianMs.CompareTo(a.MedianMs));
        }
        return result;
    }

    private async Task<(double WallMs, List<(DiagnosticAnalyzer, double)> Telemetry, ImmutableArray<Diagnostic> Diagnostics)> RunPackageAsync(
        Corpus corpus, AnalyzerPackage package, ConcurrentQueue<string> exceptions, CancellationToken cancellationToken)
    {
        var (compilation, _) = CreateCompilation(corpus, package, cancellationToken);
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(package.AdditionalFiles),
            onAnalyzerException: (ex, analyzer, _) => exceptions.Enqueue($"{package.AnalyzerName(analyzer)}: {ex.GetType().Name}: {ex.Message}"),
            concurrentAnalysis: _settings.Concurrent,
            logAnalyzerExecutionTime: true,
            reportSuppressedDiagnostics: false);
        if (_settings.WarmSetup)
        {
            // The compiler's shared setup, not any analyzer's work: bind the references, merge the declaration table.
            _ = compilation.GetTypeByMetadataName("System.Object");
            _ = compilation.Assembly.GlobalNamespace.GetMembers();
        }
        var withAnalyzers = compilation.WithAnalyzers(package.Analyzers, options);
        Settle();
        var sw = Stopwatch.StartNew();
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(cancellationToken).ConfigureAwait(false);
        sw.Stop();
        var telemetry = new List<(DiagnosticAnalyzer, double)>(package.Analyzers.Length);
        foreach (var analyzer in package.Analyzers)
        {
            var info = await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, cancellationToken).ConfigureAwait(false);
            telemetry.Add((analyzer, info.ExecutionTime.TotalMilliseconds));
        }
        return (sw.Elapsed.TotalMilliseconds, telemetry, diagnostics);
    }

    /// <summary>A fresh compilation from freshly parsed trees, so no run reuses another's lazily built state.</summary>
    internal (CSharpCompilation Compilation, double ParseMs) CreateCompilation(Corpus corpus, AnalyzerPackage? package, CancellationToken cancellationToken)
    {
        var sw = Stopwatch.StartNew();
        var trees = ParseAll(corpus, cancellationToken);
        sw.Stop();
        return (CreateCompilation("Bench_" + corpus.Name, trees, package), sw.Elapsed.TotalMilliseconds);
    }

    internal SyntaxTree[] ParseAll(Corpus corpus, CancellationToken cancellationToken)
    {
        var trees = new SyntaxTree[corpus.Texts.Length];
        for (int i = 0; i < trees.Length; i++)
        {
            trees[i] = CSharpSyntaxTree.ParseText(corpus.Texts[i].Text, ParseOptions, corpus.Texts[i].Path, cancellationToken);
        }
        return trees;
    }

    /// <summary>One compilation of the given trees with the benchmark's references and options (all rules on for a package with --all-rules).</summary>
    internal CSharpCompilation CreateCompilation(string name, IEnumerable<SyntaxTree> trees, AnalyzerPackage? package)
    {
        var options = new CSharpCompilationOptions(
            OutputKind.DynamicallyLinkedLibrary,
            nullableContextOptions: NullableContextOptions.Enable,
            concurrentBuild: _settings.Concurrent);
        if (package is not null && _settings.AllRules)
        {
            options = options.WithSpecificDiagnosticOptions(
                package.Descriptors.Keys.Select(id => KeyValuePair.Create(id, ReportDiagnostic.Warn)));
        }
        return CSharpCompilation.Create(name, trees, _references, options);
    }

    /// <summary>
    /// Allocation of AsyncGuard's analyzers on one corpus: total bytes allocated (all threads) by a full
    /// analyzer pass, minus the same pass with a no-op syntax-node analyzer (the driver's own floor).
    /// </summary>
    public async Task<AllocationResult> MeasureAllocationsAsync(Corpus corpus, AnalyzerPackage asyncGuard, bool perAnalyzer, CancellationToken cancellationToken)
    {
        var result = new AllocationResult { Corpus = corpus.Name, Lines = corpus.Lines };
        result.CompilerBytes = await MinBytesAsync(() =>
        {
            var (c, _) = CreateCompilation(corpus, null, cancellationToken);
            return () => { c.GetDiagnostics(cancellationToken); return Task.CompletedTask; };
        }).ConfigureAwait(false);

        var noop = new NoOpAnalyzer();
        var noopPackage = new AnalyzerPackage("no-op", "-", ImmutableArray.Create<DiagnosticAnalyzer>(noop), ImmutableArray<AdditionalText>.Empty, "benchmark");
        result.DriverFloorBytes = await MinBytesAsync(() => AnalyzerPass(corpus, noopPackage, noopPackage.Analyzers, cancellationToken)).ConfigureAwait(false);

        if (asyncGuard.Analyzers.IsEmpty)
        {
            return result;
        }
        result.AsyncGuardBytes = await MinBytesAsync(() => AnalyzerPass(corpus, asyncGuard, asyncGuard.Analyzers, cancellationToken)).ConfigureAwait(false);
        foreach (var analyzer in perAnalyzer ? asyncGuard.Analyzers : ImmutableArray<DiagnosticAnalyzer>.Empty)
        {
            long bytes = await MinBytesAsync(() => AnalyzerPass(corpus, asyncGuard, ImmutableArray.Create(analyzer), cancellationToken)).ConfigureAwait(false);
            result.PerAnalyzer.Add(new AllocationEntry(asyncGuard.AnalyzerName(analyzer), bytes, (bytes - result.DriverFloorBytes) / (double)corpus.Lines));
        }
        return result;
    }

    private Func<Task> AnalyzerPass(Corpus corpus, AnalyzerPackage package, ImmutableArray<DiagnosticAnalyzer> analyzers, CancellationToken cancellationToken)
    {
        var (c, _) = CreateCompilation(corpus, package, cancellationToken);
        var withAnalyzers = c.WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(package.AdditionalFiles), null, _settings.Concurrent, logAnalyzerExecutionTime: false));
        return () => withAnalyzers.GetAllDiagnosticsAsync(cancellationToken);
    }

    /// <summary>Twice (the first pays for JIT and static caches), keeping the smaller figure.</summary>
    private static async Task<long> MinBytesAsync(Func<Func<Task>> prepare)
    {
        long best = long.MaxValue;
        for (int i = 0; i < 2; i++)
        {
            var action = prepare();
            Settle();
            long before = GC.GetTotalAllocatedBytes(precise: true);
            await action().ConfigureAwait(false);
            long after = GC.GetTotalAllocatedBytes(precise: true);
            best = Math.Min(best, after - before);
        }
        return best;
    }

    internal static void Settle()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
    }

    internal static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return 0;
        }
        var sorted = values.OrderBy(v => v).ToArray();
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    internal static double Percent(double part, double whole) => whole > 0 ? part / whole * 100 : 0;

    private void Log(string message)
    {
        if (!_settings.Quiet)
        {
            Console.Error.WriteLine(message);
        }
    }

    /// <summary>Registers the cheapest real callback, so the driver walks every tree as it would for a syntax rule.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class NoOpAnalyzer : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor Rule = new("BENCH0000", "no-op", "no-op", "Benchmark", DiagnosticSeverity.Warning, isEnabledByDefault: true);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterSyntaxNodeAction(static _ => { }, Microsoft.CodeAnalysis.CSharp.SyntaxKind.InvocationExpression);
        }
    }
}

public sealed record AllocationEntry(string Analyzer, long Bytes, double OwnBytesPerLine);

public sealed class AllocationResult
{
    public required string Corpus { get; init; }
    public int Lines { get; init; }
    public long CompilerBytes { get; set; }
    public long DriverFloorBytes { get; set; }
    public long AsyncGuardBytes { get; set; }

    /// <summary>AsyncGuard's pass minus the no-op pass, per source line.</summary>
    public double AsyncGuardOwnBytesPerLine => AsyncGuardBytes == 0 ? 0 : (AsyncGuardBytes - DriverFloorBytes) / (double)Lines;

    [JsonObjectCreationHandling(JsonObjectCreationHandling.Populate)]
    public List<AllocationEntry> PerAnalyzer { get; } = new();
}
