using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AsyncGuard.Benchmarks.Analyzers;

public sealed record RulePair(
    string Corpus, string Rule, string RuleAnalyzer, double RuleMs, string Peer, string PeerRule, string PeerAnalyzer,
    double PeerMs, bool PeerEnabledByDefault, int PeerAnalyzerIds, string Title, string PeerTitle)
{
    public double? Ratio => PeerMs > 0 ? RuleMs / PeerMs : null;
}

public sealed record PackageRatio(string Corpus, string Peer, double AsyncGuardMs, double PeerMs)
{
    public double? Ratio => PeerMs > 0 ? AsyncGuardMs / PeerMs : null;
}

public sealed record ScalingRow(string Measure, Dictionary<string, double> MsPer1kLines, double? LargestOverSmallest);

public sealed record SplitRow(string Measure, double SingleMs, double SplitMs)
{
    public double? Ratio => SplitMs > 0 ? SingleMs / SplitMs : null;
}

public sealed record TargetCheck(string Target, string Measured, bool Met);

/// <summary>Everything one invocation measured, plus the comparisons derived from it.</summary>
public sealed class BenchmarkReport
{
    public required string Command { get; init; }
    public required Dictionary<string, string> Machine { get; init; }
    public required Settings Settings { get; init; }
    public required List<LoadedPackage> Loaded { get; init; }
    [JsonObjectCreationHandling(JsonObjectCreationHandling.Populate)]
    public List<CorpusResult> Corpora { get; } = new();
    public List<PackageRatio> PackageRatios { get; } = new();
    public List<RulePair> RulePairs { get; } = new();
    public List<string> UnmatchedMapEntries { get; } = new();
    public List<ScalingRow> Scaling { get; } = new();
    public List<SplitRow> Split { get; } = new();
    public AllocationResult? Allocation { get; set; }
    public List<TargetCheck> Targets { get; } = new();
}

public sealed record LoadedPackage(string Name, string Version, int Analyzers, int DiagnosticIds, string Source, string? Error);

public static class Report
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static Dictionary<string, string> Machine() => new()
    {
        ["os"] = RuntimeInformation.OSDescription,
        ["arch"] = RuntimeInformation.OSArchitecture.ToString(),
        ["cores"] = Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture),
        ["memoryGiB"] = (GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024)).ToString("0.0", CultureInfo.InvariantCulture),
        ["runtime"] = RuntimeInformation.FrameworkDescription,
        ["roslyn"] = typeof(Microsoft.CodeAnalysis.Compilation).Assembly.GetName().Version?.ToString() ?? "?",
        ["gc"] = System.Runtime.GCSettings.IsServerGC ? "server" : "workstation",
        ["date"] = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
        ["loadAverage"] = LoadAverage(),
    };

    private static string LoadAverage()
    {
        try
        {
            return System.IO.File.Exists("/proc/loadavg") ? string.Join(' ', System.IO.File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
        }
        catch (System.IO.IOException)
        {
            return "n/a";
        }
    }

    /// <summary>Ratios, rule pairs, scaling and target checks, all from this one invocation's numbers.</summary>
    public static void Derive(BenchmarkReport report, IReadOnlyList<AnalyzerPackage> packages)
    {
        var ag = packages.FirstOrDefault(p => p.Name == AnalyzerPackages.AsyncGuard);
        foreach (var corpus in report.Corpora)
        {
            var agResult = corpus.Packages.FirstOrDefault(p => p.Name == AnalyzerPackages.AsyncGuard);
            foreach (var peer in corpus.Packages.Where(p => p.Name != AnalyzerPackages.AsyncGuard && p.AnalyzerCount > 0))
            {
                if (agResult is { AnalyzerCount: > 0 })
                {
                    report.PackageRatios.Add(new PackageRatio(corpus.Name, peer.Name, agResult.MedianMs, peer.MedianMs));
                }
            }
        }

        // Rule pairs on the largest generated corpus (or the first input in corpus mode).
        var reference = ReferenceCorpus(report);
        foreach (var (rule, peers) in PeerMap.Rules)
        {
            if (ag is null || !ag.Descriptors.TryGetValue(rule, out var agDescriptor))
            {
                report.UnmatchedMapEntries.Add($"{rule}: not an AsyncGuard rule yet");
                continue;
            }
            foreach (var (peerName, peerId) in peers)
            {
                var peer = packages.FirstOrDefault(p => p.Name == peerName);
                if (peer is null || !peer.Descriptors.TryGetValue(peerId, out var peerDescriptor))
                {
                    report.UnmatchedMapEntries.Add($"{rule} ~ {peerName} {peerId}: id not found in the loaded {peerName} analyzers");
                    continue;
                }
                if (reference is null)
                {
                    continue;
                }
                var agAnalyzers = ag.AnalyzersFor(rule).Select(ag.AnalyzerName).ToHashSet();
                var peerAnalyzers = peer.AnalyzersFor(peerId).ToList();
                var peerNames = peerAnalyzers.Select(peer.AnalyzerName).ToHashSet();
                var agRow = reference.Packages.FirstOrDefault(p => p.Name == ag.Name)?.Analyzers.Where(a => agAnalyzers.Contains(a.Name)).ToList() ?? new();
                var peerRow = reference.Packages.FirstOrDefault(p => p.Name == peer.Name)?.Analyzers.Where(a => peerNames.Contains(a.Name)).ToList() ?? new();
                if (agRow.Count == 0 || peerRow.Count == 0)
                {
                    report.UnmatchedMapEntries.Add($"{rule} ~ {peerName} {peerId}: not measured on {reference.Name}");
                    continue;
                }
                report.RulePairs.Add(new RulePair(
                    reference.Name, rule, string.Join("+", agRow.Select(a => a.Name)), agRow.Sum(a => a.MedianMs),
                    peer.Name, peerId, string.Join("+", peerRow.Select(a => a.Name)), peerRow.Sum(a => a.MedianMs),
                    peerDescriptor.IsEnabledByDefault || report.Settings.AllRules,
                    peerAnalyzers.Sum(a => peer.SupportedByAnalyzer[a].Select(d => d.Id).Distinct().Count()),
                    agDescriptor.Title.ToString(CultureInfo.InvariantCulture), peerDescriptor.Title.ToString(CultureInfo.InvariantCulture)));
            }
        }

        // Scaling over the generated sizes: time per 1k lines should stay flat.
        var generated = report.Corpora.Where(c => c.Kind == "generated").OrderBy(c => c.Lines).ToList();
        if (generated.Count >= 2)
        {
            report.Scaling.Add(ScalingFor("compiler (GetDiagnostics)", generated, c => c.MedianCompileMs));
            foreach (var name in generated[0].Packages.Where(p => p.AnalyzerCount > 0).Select(p => p.Name))
            {
                report.Scaling.Add(ScalingFor(name, generated, c => c.Packages.FirstOrDefault(p => p.Name == name)?.MedianMs ?? 0));
            }
            // Per-rule rows from what was measured (a re-rendered file may predate the rules loaded now).
            var measuredAg = generated[0].Packages.FirstOrDefault(p => p.Name == AnalyzerPackages.AsyncGuard);
            foreach (var analyzer in measuredAg?.Analyzers.Select(a => a.Name).OrderBy(n => n, StringComparer.Ordinal) ?? Enumerable.Empty<string>())
            {
                if (generated.All(c => c.Packages.Any(p => p.Name == AnalyzerPackages.AsyncGuard && p.Analyzers.Any(a => a.Name == analyzer))))
                {
                    report.Scaling.Add(ScalingFor("AsyncGuard " + analyzer, generated,
                        c => c.Packages.Single(p => p.Name == AnalyzerPackages.AsyncGuard).Analyzers.Single(a => a.Name == analyzer).MedianMs));
                }
            }
        }

        var single = report.Corpora.FirstOrDefault(c => c.Name == "4k-single");
        var split = report.Corpora.FirstOrDefault(c => c.Name == "4x1k");
        if (single is not null && split is not null)
        {
            report.Split.Add(new SplitRow("compiler (GetDiagnostics)", single.MedianCompileMs, split.MedianCompileMs));
            foreach (var p in single.Packages.Where(p => p.AnalyzerCount > 0))
            {
                var other = split.Packages.FirstOrDefault(s => s.Name == p.Name);
                if (other is not null)
                {
                    report.Split.Add(new SplitRow(p.Name, p.MedianMs, other.MedianMs));
                }
            }
        }

        AddTargets(report, reference, generated, ag);
    }

    private static CorpusResult? ReferenceCorpus(BenchmarkReport report) =>
        report.Corpora.Where(c => c.Kind == "generated").OrderByDescending(c => c.Lines).FirstOrDefault()
        ?? report.Corpora.FirstOrDefault();

    private static ScalingRow ScalingFor(string measure, List<CorpusResult> generated, Func<CorpusResult, double> ms)
    {
        var per1k = generated.ToDictionary(c => c.Name, c => ms(c) / (c.Lines / 1000.0));
        double first = per1k[generated[0].Name];
        double last = per1k[generated[^1].Name];
        return new ScalingRow(measure, per1k, first > 0 ? last / first : null);
    }

    private static void AddTargets(BenchmarkReport report, CorpusResult? reference, List<CorpusResult> generated, AnalyzerPackage? ag)
    {
        if (reference is null || ag is null || ag.Analyzers.IsEmpty)
        {
            return;
        }
        var agResult = reference.Packages.FirstOrDefault(p => p.Name == ag.Name);
        if (agResult is null || agResult.Analyzers.Count == 0)
        {
            return;
        }
        report.Targets.Add(new TargetCheck($"AsyncGuard total <= 10% of compile ({reference.Name})",
            $"{agResult.PercentOfCompile:0.00}%", agResult.PercentOfCompile <= 10));
        var worst = agResult.Analyzers.OrderByDescending(a => a.PercentOfCompile).First();
        report.Targets.Add(new TargetCheck($"each AsyncGuard rule <= 2% of compile ({reference.Name})",
            $"max {worst.PercentOfCompile:0.00}% ({worst.Name})", worst.PercentOfCompile <= 2));
        var vs = reference.Packages.FirstOrDefault(p => p.Name == AnalyzerPackages.VsThreading && p.AnalyzerCount > 0);
        if (vs is not null && vs.MedianMs > 0)
        {
            double r = agResult.MedianMs / vs.MedianMs;
            report.Targets.Add(new TargetCheck("AsyncGuard total <= 0.5x vs-threading total", $"{r:0.00}x", r <= 0.5));
        }
        foreach (var pair in report.RulePairs.Where(p => p.Ratio is not null && p.PeerEnabledByDefault))
        {
            report.Targets.Add(new TargetCheck($"{pair.Rule} below {pair.Peer} {pair.PeerRule}", $"{pair.Ratio:0.00}x", pair.Ratio < 1));
        }
        if (generated.Count >= 2)
        {
            var row = report.Scaling.FirstOrDefault(s => s.Measure == AnalyzerPackages.AsyncGuard);
            if (row?.LargestOverSmallest is double lin)
            {
                report.Targets.Add(new TargetCheck($"AsyncGuard time/line at {generated[^1].Name} <= 1.2x of {generated[0].Name}", $"{lin:0.00}x", lin <= 1.2));
            }
        }
        var split = report.Split.FirstOrDefault(s => s.Measure == AnalyzerPackages.AsyncGuard);
        if (split?.Ratio is double sr)
        {
            report.Targets.Add(new TargetCheck("AsyncGuard 4k single file <= 1.3x of 4x1k files", $"{sr:0.00}x", sr <= 1.3));
        }
    }

    public static string ToJson(BenchmarkReport report) => JsonSerializer.Serialize(report, Json);

    /// <summary>A saved results.json, with the derived tables cleared so they can be derived again.</summary>
    public static BenchmarkReport FromJson(string json)
    {
        var report = JsonSerializer.Deserialize<BenchmarkReport>(json, Json) ?? throw new JsonException("empty results file");
        report.PackageRatios.Clear();
        report.RulePairs.Clear();
        report.UnmatchedMapEntries.Clear();
        report.Scaling.Clear();
        report.Split.Clear();
        report.Targets.Clear();
        return report;
    }

    /// <summary>
    /// With --baseline: each rule of this build against the same rule of the baseline build, measured in the same runs
    /// (package order rotates per run). The ratio is taken per run, then the median over runs, so load that drifts
    /// between runs cancels out.
    /// </summary>
    private static void AppendBaselineComparison(StringBuilder md, BenchmarkReport report)
    {
        foreach (var c in report.Corpora)
        {
            var current = c.Packages.FirstOrDefault(p => p.Name == AnalyzerPackages.AsyncGuard && p.AnalyzerCount > 0);
            var baseline = c.Packages.FirstOrDefault(p => p.Name == AnalyzerPackages.AsyncGuardBaseline && p.AnalyzerCount > 0);
            if (current is null || baseline is null)
            {
                continue;
            }

            md.AppendLine(Inv($"### {c.Name}: AsyncGuard against AsyncGuard-baseline, per rule (ratio paired per run, median of {c.Runs})")).AppendLine();
            md.AppendLine("| Rule | Baseline ms | This build ms | Baseline % of compile | This build % of compile | This / baseline (paired) | Over +10% |");
            md.AppendLine("|---|---:|---:|---:|---:|---:|---|");
            md.AppendLine(BaselineRow("**all rules**", baseline.SamplesMs, current.SamplesMs, baseline.MedianMs, current.MedianMs, c.MedianCompileMs));
            foreach (var a in current.Analyzers)
            {
                var id = a.Ids.FirstOrDefault() ?? a.Name;
                var b = baseline.Analyzers.FirstOrDefault(x => x.Ids.FirstOrDefault() == id);
                md.AppendLine(b is null
                    ? Inv($"| {id} | (new) | {a.MedianMs:0.00} | - | {a.PercentOfCompile:0.000}% | - | |")
                    : BaselineRow(id, b.SamplesMs, a.SamplesMs, b.MedianMs, a.MedianMs, c.MedianCompileMs));
            }
            md.AppendLine();
        }
    }

    private static string BaselineRow(string rule, List<double> baseSamples, List<double> samples, double baseMedian, double median, double compileMs)
    {
        var ratios = new List<double>();
        for (int i = 0; i < Math.Min(baseSamples.Count, samples.Count); i++)
        {
            if (baseSamples[i] > 0)
            {
                ratios.Add(samples[i] / baseSamples[i]);
            }
        }
        if (ratios.Count == 0 || baseMedian < 0.01)
        {
            // Rules off by default (or that never run on this input) measure nothing: no ratio.
            return Inv($"| {rule} | {baseMedian:0.00} | {median:0.00} | {Runner.Percent(baseMedian, compileMs):0.000}% | {Runner.Percent(median, compileMs):0.000}% | - | |");
        }
        double ratio = Runner.Median(ratios);
        return Inv($"| {rule} | {baseMedian:0.00} | {median:0.00} | {Runner.Percent(baseMedian, compileMs):0.000}% | {Runner.Percent(median, compileMs):0.000}% | {ratio:0.00}x | {(ratio > 1.10 ? "**yes**" : "")} |");
    }

    public static string ToMarkdown(BenchmarkReport report, int topAnalyzers)
    {
        var md = new StringBuilder();
        var s = report.Settings;
        md.AppendLine("## Analyzer benchmark results").AppendLine();
        md.AppendLine(Inv($"- Command: `{report.Command}`"));
        md.AppendLine(Inv($"- Machine: {report.Machine["os"]} {report.Machine["arch"]}, {report.Machine["cores"]} cores, {report.Machine["memoryGiB"]} GiB, {report.Machine["runtime"]}, Roslyn {report.Machine["roslyn"]}, {report.Machine["gc"]} GC, load average at start {report.Machine["loadAverage"]}, {report.Machine["date"]}"));
        md.AppendLine(Inv($"- Method: {s.Warmup} warm-up run{(s.WarmupEach ? " per input" : " (before the first input; the JIT is process-wide)")}, then the median of {s.Runs} runs ({s.RunsLarge} for inputs of {Settings.LargeLines:N0}+ lines), each on a fresh compilation (fresh parse); analysis {(s.Concurrent ? "concurrent" : "sequential (one thread)")}; rules at {(s.AllRules ? "all enabled" : "their default severities")}."));
        md.AppendLine("- Times are the analyzers' execution time from CompilationWithAnalyzers telemetry (`logAnalyzerExecutionTime`); \"% of compile\" divides by the compiler alone (`GetDiagnostics`, no analyzers) on the same input; \"wall\" is the whole `GetAnalyzerDiagnosticsAsync` call, compiler work included.");
        md.AppendLine("- Packages: " + string.Join("; ", report.Loaded.Select(l => l.Error is null
            ? Inv($"{l.Name} {l.Version} ({l.Analyzers} analyzers, {l.DiagnosticIds} ids)")
            : $"{l.Name}: NOT LOADED ({l.Error})")));
        md.AppendLine();

        foreach (var c in report.Corpora)
        {
            string planted = c.PlantedMisuses is int m ? Inv($", {m} planted misuses") : "";
            md.AppendLine(Inv($"### {c.Name}: {c.Lines:N0} lines in {c.Files} files{planted}, median of {c.Runs}")).AppendLine();
            md.AppendLine(Inv($"Compiler alone: **{c.MedianCompileMs:0.0} ms** (parse {c.MedianParseMs:0.0} ms, not included; {c.CompilerErrors} errors, {c.CompilerWarnings} warnings).")).AppendLine();
            md.AppendLine("| Package | Analyzer | Median ms | Diagnostics | % of compile |");
            md.AppendLine("|---|---|---:|---:|---:|");
            foreach (var p in c.Packages)
            {
                if (p.AnalyzerCount == 0)
                {
                    md.AppendLine($"| {p.Name} {p.Version} | (no analyzers found) | - | - | - |");
                    continue;
                }
                md.AppendLine(Inv($"| **{p.Name} {p.Version}** | **all {p.AnalyzerCount} analyzers** (wall {p.MedianWallMs:0.0} ms) | **{p.MedianMs:0.0}** | **{p.Diagnostics}** | **{p.PercentOfCompile:0.00}%** |"));
                var shown = p.Name == AnalyzerPackages.AsyncGuard ? p.Analyzers : p.Analyzers.Take(topAnalyzers).ToList();
                foreach (var a in shown)
                {
                    md.AppendLine(Inv($"| {p.Name} | {a.Name} ({Ids(a.Ids)}) | {a.MedianMs:0.00} | {a.Diagnostics} | {a.PercentOfCompile:0.00}% |"));
                }
                var rest = p.Analyzers.Except(shown).ToList();
                if (rest.Count > 0)
                {
                    md.AppendLine(Inv($"| {p.Name} | {rest.Count} other analyzers | {rest.Sum(a => a.MedianMs):0.00} | {rest.Sum(a => a.Diagnostics)} | {Runner.Percent(rest.Sum(a => a.MedianMs), c.MedianCompileMs):0.00}% |"));
                }
                if (p.AnalyzerExceptions > 0)
                {
                    md.AppendLine($"| {p.Name} | **{p.AnalyzerExceptions} analyzer exceptions**: {Escape(string.Join(" / ", p.ExceptionSamples))} | | | |");
                }
            }
            md.AppendLine();
        }

        AppendBaselineComparison(md, report);

        if (report.PackageRatios.Count > 0)
        {
            md.AppendLine("### AsyncGuard / peer, package totals").AppendLine();
            md.AppendLine("| Input | Peer | AsyncGuard ms | Peer ms | AsyncGuard / peer |");
            md.AppendLine("|---|---|---:|---:|---:|");
            foreach (var r in report.PackageRatios)
            {
                md.AppendLine(Inv($"| {r.Corpus} | {r.Peer} | {r.AsyncGuardMs:0.0} | {r.PeerMs:0.0} | {Ratio(r.Ratio)} |"));
            }
            md.AppendLine();
        }

        if (report.RulePairs.Count > 0)
        {
            md.AppendLine(Inv($"### AsyncGuard / peer, equivalent rules ({report.RulePairs[0].Corpus})")).AppendLine();
            md.AppendLine("A peer analyzer often implements several ids; its time covers all of them (\"ids\" column).").AppendLine();
            md.AppendLine("| Rule | AsyncGuard ms | Peer rule | Peer analyzer (ids) | Peer ms | AsyncGuard / peer |");
            md.AppendLine("|---|---:|---|---|---:|---:|");
            foreach (var r in report.RulePairs)
            {
                string ratio = r.PeerEnabledByDefault ? Ratio(r.Ratio) : "n/a (peer rule off by default; try --all-rules)";
                md.AppendLine(Inv($"| {r.Rule} | {r.RuleMs:0.00} | {r.Peer} {r.PeerRule}: {Escape(r.PeerTitle)} | {r.PeerAnalyzer} ({r.PeerAnalyzerIds}) | {r.PeerMs:0.00} | {ratio} |"));
            }
            md.AppendLine();
        }
        if (report.UnmatchedMapEntries.Count > 0)
        {
            md.AppendLine("Peer map entries not compared: " + string.Join("; ", report.UnmatchedMapEntries) + ".").AppendLine();
        }

        if (report.Scaling.Count > 0)
        {
            var names = report.Scaling[0].MsPer1kLines.Keys.ToList();
            md.AppendLine("### Scaling: ms per 1k lines").AppendLine();
            md.AppendLine("| Measure | " + string.Join(" | ", names) + $" | {names[^1]} / {names[0]} |");
            md.AppendLine("|---|" + string.Concat(Enumerable.Repeat("---:|", names.Count + 1)));
            foreach (var row in report.Scaling)
            {
                md.AppendLine($"| {row.Measure} | " + string.Join(" | ", names.Select(n => Inv($"{row.MsPer1kLines[n]:0.00}"))) + $" | {Ratio(row.LargestOverSmallest)} |");
            }
            md.AppendLine();
        }
        if (report.Split.Count > 0)
        {
            md.AppendLine("### One 4k-line file vs four 1k-line files (same code)").AppendLine();
            md.AppendLine("| Measure | 4k single ms | 4x1k ms | single / split |");
            md.AppendLine("|---|---:|---:|---:|");
            foreach (var row in report.Split)
            {
                md.AppendLine(Inv($"| {row.Measure} | {row.SingleMs:0.0} | {row.SplitMs:0.0} | {Ratio(row.Ratio)} |"));
            }
            md.AppendLine();
        }

        if (report.Allocation is { } al)
        {
            md.AppendLine(Inv($"### Allocations ({al.Corpus}, {al.Lines:N0} lines; GC.GetTotalAllocatedBytes, all threads, best of 2)")).AppendLine();
            md.AppendLine("| Pass | Bytes | Bytes / line | Own bytes / line (minus no-op pass) |");
            md.AppendLine("|---|---:|---:|---:|");
            md.AppendLine(Inv($"| compiler alone | {al.CompilerBytes:N0} | {al.CompilerBytes / (double)al.Lines:N0} | |"));
            md.AppendLine(Inv($"| compiler + no-op syntax analyzer (driver floor) | {al.DriverFloorBytes:N0} | {al.DriverFloorBytes / (double)al.Lines:N0} | |"));
            if (al.AsyncGuardBytes > 0)
            {
                md.AppendLine(Inv($"| compiler + all AsyncGuard analyzers | {al.AsyncGuardBytes:N0} | {al.AsyncGuardBytes / (double)al.Lines:N0} | {al.AsyncGuardOwnBytesPerLine:N1} |"));
                foreach (var e in al.PerAnalyzer)
                {
                    md.AppendLine(Inv($"| compiler + {e.Analyzer} | {e.Bytes:N0} | {e.Bytes / (double)al.Lines:N0} | {e.OwnBytesPerLine:N1} |"));
                }
            }
            md.AppendLine().AppendLine("\"Own\" includes what the driver builds because of the rule's registrations (semantic models, IOperation trees), so it is an upper bound on the rule's own allocations.").AppendLine();
        }

        if (report.Targets.Count > 0)
        {
            md.AppendLine("### Targets (issue 3)").AppendLine();
            md.AppendLine("| Target | Measured | Met |");
            md.AppendLine("|---|---:|---|");
            foreach (var t in report.Targets)
            {
                md.AppendLine($"| {t.Target} | {t.Measured} | {(t.Met ? "yes" : "**no**")} |");
            }
            md.AppendLine();
        }
        return md.ToString();
    }

    private static string Ids(string[] ids) => ids.Length <= 4 ? string.Join(", ", ids) : string.Join(", ", ids.Take(3)) + Inv($", +{ids.Length - 3}");

    private static string Ratio(double? r) => r switch
    {
        null => "n/a",
        < 0.1 => Inv($"{r.Value:0.000}x"),
        _ => Inv($"{r.Value:0.00}x"),
    };

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
