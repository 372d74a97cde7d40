using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace AsyncGuard.Triage;

public static class Program
{
    private const string Usage = """
        AsyncGuard.Triage: AsyncGuard diagnostics on a development corpus of real repositories, with hand verdicts.

          run    --analyzers <AsyncGuard.Analyzers.dll> [--tag T] [--repo R]... [--all] [--check] [--context N]
                 Replays every captured compilation (<corpus>/cmd/<repo>/*.rsp) in process with that analyzer dll,
                 writes <corpus>/findings/<tag>/ (findings.tsv, AGxxxx.md with context, unjudged.tsv, crashes.md,
                 summary.md) and prints the summary. With --repo, only those repositories are re-run; the others'
                 findings of the same tag are kept.
          report --tag T            Re-reads findings.tsv, merges the current verdicts, rewrites the .md files.
          ledger --tag T [--before B] [--out FILE]   Markdown tables for docs/accuracy.md.

        Common options:
          --corpus DIR     corpus root (default /work/corpus)
          --verdicts DIR   verdict folder (repeatable); default: tools/triage/verdicts of the git checkout holding
                           the current directory, else of the checkout this tool was built in
          --all            also rules that are off by default (run), and show them (report)
        """;

    public static int Main(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            Console.WriteLine(Usage);
            return args.Length == 0 ? 1 : 0;
        }
        var options = Options.Parse(args.Skip(1).ToArray());
        try
        {
            return args[0] switch
            {
                "run" => Run(options),
                "report" => ReportOnly(options),
                "ledger" => Ledger(options),
                _ => Fail($"unknown command {args[0]}"),
            };
        }
        catch (ArgumentException ex)
        {
            return Fail(ex.Message);
        }
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        Console.Error.WriteLine(Usage);
        return 2;
    }

    private static int Run(Options o)
    {
        string dll = o.Single("analyzers") ?? throw new ArgumentException("--analyzers <dll> is required");
        dll = Path.GetFullPath(dll);
        if (!File.Exists(dll))
        {
            throw new ArgumentException($"no such file {dll}");
        }
        string tag = o.Single("tag") ?? DefaultTag(dll);
        string corpus = o.Single("corpus") ?? "/work/corpus";
        int contextLines = int.Parse(o.Single("context") ?? "3");
        bool all = o.Has("all");
        Dictionary<string, string> kinds = ReadKinds(corpus);
        var repos = o.Many("repo");
        string cmdRoot = Path.Combine(corpus, "cmd");
        var selected = Directory.GetDirectories(cmdRoot).Select(Path.GetFileName).OfType<string>()
            .Where(r => repos.Count == 0 || repos.Contains(r)).OrderBy(r => r, StringComparer.Ordinal).ToList();
        foreach (string r in repos.Where(r => !selected.Contains(r)))
        {
            throw new ArgumentException($"no captured compilations for repository {r} under {cmdRoot}");
        }
        // A repository being added has its cmd folder before its sources are extracted or its command lines are
        // complete: skip it (its earlier findings, if any, are kept) instead of replaying a partial capture.
        foreach (string r in selected.ToList())
        {
            string? why = !Directory.Exists(Path.Combine(corpus, "src", r)) ? $"no sources under {Path.Combine(corpus, "src", r)}"
                : !Directory.GetFiles(Path.Combine(cmdRoot, r), "*.rsp").Any(IsCapture) ? $"no complete command line (*.rsp) under {Path.Combine(cmdRoot, r)}"
                : null;
            if (why is not null)
            {
                Console.WriteLine($"  {r}: skipped, {why}");
                selected.Remove(r);
            }
        }

        string outDir = Path.Combine(corpus, "findings", tag);
        Directory.CreateDirectory(outDir);
        string findingsPath = Path.Combine(outDir, "findings.tsv");
        var kept = repos.Count == 0 ? new List<Finding>() : Finding.Read(findingsPath).Where(f => !selected.Contains(f.Repo)).ToList();
        var crashesKept = repos.Count == 0 ? new List<string>() : ReadCrashLines(outDir).Where(l => !selected.Any(r => l.StartsWith($"| {r} |", StringComparison.Ordinal))).ToList();

        Console.WriteLine($"analyzers: {dll}");
        Console.WriteLine($"tag: {tag}  ->  {outDir}");
        var replayer = new Replayer(dll, all);
        var fresh = new List<Finding>();
        var crashes = new List<Crash>();
        var total = Stopwatch.StartNew();
        foreach (string repo in selected)
        {
            string repoRoot = Path.Combine(corpus, "src", repo);
            string kind = kinds.TryGetValue(repo, out string? k) ? k : "unknown";
            foreach (string rsp in Directory.GetFiles(Path.Combine(cmdRoot, repo), "*.rsp").OrderBy(f => f, StringComparer.Ordinal))
            {
                if (!IsCapture(rsp))
                {
                    Console.WriteLine($"  {repo}/{Path.GetFileNameWithoutExtension(rsp)}: skipped, empty command line");
                    continue;
                }
                ReplayResult r = replayer.Run(repo, rsp, o.Has("check"));
                fresh.AddRange(Finding.From(r.Diagnostics, repo, kind, r.Project, repoRoot, replayer.Descriptors, contextLines));
                crashes.AddRange(r.Crashes);
                Console.WriteLine($"  {repo}/{r.Project}: {r.Diagnostics.Count} diagnostics, {r.Crashes.Count} crashes" +
                                  (r.CompileErrors >= 0 ? $", {r.CompileErrors} compile errors" : "") + $", {r.Elapsed.TotalSeconds:0.0} s");
                foreach (string p in r.Problems.Take(8))
                {
                    Console.WriteLine($"    ! {p}");
                }
            }
        }
        var findings = Finding.Dedupe(kept.Concat(fresh));
        Finding.Write(findingsPath, findings);
        WriteCrashes(outDir, tag, crashesKept, crashes);
        Console.WriteLine($"replayed in {total.Elapsed.TotalSeconds:0} s; {findings.Count} findings ({findings.Count(f => f.DefaultOn)} default-on), {crashes.Count} analyzer crashes (AD0001)");
        Verdicts verdicts = LoadVerdicts(o);
        Console.WriteLine(Report.WriteAll(outDir, tag, findings, verdicts, all));
        if (crashes.Count > 0)
        {
            Console.WriteLine($"ANALYZER CRASHES: see {Path.Combine(outDir, "crashes.md")}");
        }
        return 0;
    }

    /// <summary>A captured command line: its first line (the directory or the first argument) is there.</summary>
    private static bool IsCapture(string rsp) => File.ReadLines(rsp).Any(l => l.Trim().Length > 0);

    private static int ReportOnly(Options o)
    {
        string tag = o.Single("tag") ?? throw new ArgumentException("--tag is required");
        string outDir = Path.Combine(o.Single("corpus") ?? "/work/corpus", "findings", tag);
        var findings = Finding.Read(Path.Combine(outDir, "findings.tsv"));
        if (findings.Count == 0)
        {
            throw new ArgumentException($"no findings in {outDir}");
        }
        Console.WriteLine(Report.WriteAll(outDir, tag, findings, LoadVerdicts(o), o.Has("all")));
        return 0;
    }

    private static int Ledger(Options o)
    {
        string tag = o.Single("tag") ?? throw new ArgumentException("--tag is required");
        string root = Path.Combine(o.Single("corpus") ?? "/work/corpus", "findings");
        var after = Finding.Read(Path.Combine(root, tag, "findings.tsv"));
        string? beforeTag = o.Single("before");
        var before = beforeTag is null ? null : Finding.Read(Path.Combine(root, beforeTag, "findings.tsv"));
        string text = Report.Ledger(tag, after, LoadVerdicts(o), beforeTag, before);
        if (o.Single("out") is { } outFile)
        {
            File.WriteAllText(outFile, text);
        }
        else
        {
            Console.Write(text);
        }
        return 0;
    }

    private static Verdicts LoadVerdicts(Options o)
    {
        var folders = o.Many("verdicts");
        if (folders.Count == 0)
        {
            // The checkout holding the current folder; outside any checkout, the one this tool was built in (run from
            // elsewhere, the tool used to find no verdicts and show every finding as unjudged).
            string? checkout = CheckoutAbove(Directory.GetCurrentDirectory()) ?? CheckoutAbove(AppContext.BaseDirectory);
            if (checkout is not null)
            {
                folders.Add(Path.Combine(checkout, "tools", "triage", "verdicts"));
            }
        }
        Verdicts v = Verdicts.Load(folders.Select(Path.GetFullPath));
        Console.WriteLine($"verdict folders: {string.Join(", ", folders.Select(Path.GetFullPath).Distinct())}");
        return v;
    }

    private static string? CheckoutAbove(string folder)
    {
        for (var d = new DirectoryInfo(folder); d is not null; d = d.Parent)
        {
            if (Directory.Exists(Path.Combine(d.FullName, ".git")) || File.Exists(Path.Combine(d.FullName, ".git")))
            {
                return d.FullName;
            }
        }

        return null;
    }

    private static string DefaultTag(string dll)
    {
        Match m = Regex.Match(dll, "^/work/wt/([^/]+)/");
        return m.Success ? m.Groups[1].Value : Path.GetFileName(Path.GetDirectoryName(dll)) ?? "run";
    }

    private static Dictionary<string, string> ReadKinds(string corpus)
    {
        var kinds = new Dictionary<string, string>(StringComparer.Ordinal);
        string manifest = Path.Combine(corpus, "bin", "corpus.tsv");
        if (File.Exists(manifest))
        {
            foreach (string line in File.ReadLines(manifest).Where(l => l.Length > 0 && !l.StartsWith('#')))
            {
                string[] f = line.Split('\t');
                if (f.Length > 1)
                {
                    kinds[f[0]] = f[1];
                }
            }
        }
        return kinds;
    }

    private static IEnumerable<string> ReadCrashLines(string outDir)
    {
        string path = Path.Combine(outDir, "crashes.md");
        return File.Exists(path) ? File.ReadLines(path).Where(l => l.StartsWith("| ", StringComparison.Ordinal) && !l.StartsWith("| repo |", StringComparison.Ordinal)) : Enumerable.Empty<string>();
    }

    private static void WriteCrashes(string outDir, string tag, List<string> kept, List<Crash> crashes)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"# Analyzer crashes (AD0001): {tag}");
        sb.AppendLine();
        sb.AppendLine("| repo | project | analyzer | exception | message | stack top | diagnostic |");
        sb.AppendLine("|---|---|---|---|---|---|---|");
        foreach (string l in kept)
        {
            sb.AppendLine(l);
        }
        foreach (Crash c in crashes)
        {
            sb.AppendLine($"| {c.Repo} | {c.Project} | {c.Analyzer} | {c.ExceptionType} | {Cell(c.Message)} | {Cell(c.StackTop)} | {Cell(c.Where)} |");
        }
        File.WriteAllText(Path.Combine(outDir, "crashes.md"), sb.ToString());
    }

    private static string Cell(string s) => s.Replace("|", "\\|").Replace("\r", " ").Replace("\n", " ");

    private sealed class Options
    {
        private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);

        public static Options Parse(string[] args)
        {
            var o = new Options();
            for (int i = 0; i < args.Length; i++)
            {
                if (!args[i].StartsWith("--", StringComparison.Ordinal))
                {
                    throw new ArgumentException($"unexpected argument {args[i]}");
                }
                string name = args[i].Substring(2);
                bool flag = name is "all" or "check";
                string value = flag ? "true" : i + 1 < args.Length ? args[++i] : throw new ArgumentException($"--{name} needs a value");
                if (!o._values.TryGetValue(name, out var list))
                {
                    o._values[name] = list = new List<string>();
                }
                list.Add(value);
            }
            return o;
        }

        public bool Has(string name) => _values.ContainsKey(name);

        public string? Single(string name) => _values.TryGetValue(name, out var l) ? l[^1] : null;

        public List<string> Many(string name) => _values.TryGetValue(name, out var l) ? new List<string>(l) : new List<string>();
    }
}
