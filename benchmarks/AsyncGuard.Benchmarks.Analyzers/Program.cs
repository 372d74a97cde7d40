using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncGuard.Benchmarks.Analyzers;

public static class Program
{
    private const string Usage = """
        AsyncGuard analyzer benchmark: the compiler alone vs AsyncGuard vs vs-threading, AsyncFixer and Meziantou.

        dotnet run -c Release --project benchmarks/AsyncGuard.Benchmarks.Analyzers -- [options]

          --sizes LIST        generated corpus sizes in lines, e.g. 1k,10k,100k (default) or 2500,20000
          --runs N            measured runs per input, median reported (default 5)
          --runs-large N      measured runs for inputs of 50k lines or more (default: --runs)
          --warmup N          warm-up runs before the first input, not reported (default 1)
          --warmup-each       do the warm-up runs before every input, not just the first
          --smoke             quick check for CI: --sizes 1k --runs 1 --warmup 0 --no-split, allocations on 1k
                              (all AsyncGuard analyzers together, not one by one)
          --corpus DIR        measure every .cs file under DIR (bin/obj skipped) as one compilation; repeatable;
                              replaces the generated sizes unless --sizes is also given
          --implicit-usings   with --corpus: add the SDK's implicit global usings (for projects that rely on them)
          --reference PATH    with --corpus: also reference this dll, or every dll in this folder; repeatable
          --packages LIST     subset of asyncguard,vs-threading,asyncfixer,meziantou (default: all)
          --asyncguard DLL    measure this AsyncGuard.Analyzers.dll instead of the project-referenced build
          --baseline DLL      also measure this other AsyncGuard.Analyzers.dll (e.g. main before a change) as the
                              package AsyncGuard-baseline, in the same runs: per-rule ratios paired per run
          --all-rules         enable every rule of every package (default: each rule's default severity)
          --concurrent        concurrent analysis and concurrent build, as in a real build (default: one thread,
                              which gives steadier per-analyzer attribution)
          --no-split          skip the 4k single file vs 4x1k files check
          --rules-apart       AsyncGuard's rule classes as separate analyzers (per-rule times) instead of the one host
                              the package ships (also for --baseline)
          --warm-setup        bind references and merge the declaration table of each fresh compilation before a
                              package is timed: that setup is the compiler's (every build does it), and without this
                              the first analyzer to ask for a type is charged for it (4-6 ms on a 29k-line project)
          --no-alloc          skip the allocation measurement
          --alloc-size N      generated size for the allocation measurement (default 10k)
          --top N             per-analyzer rows shown for each peer package (default 10; JSON has all)
          --seed N            generator seed (default 42)
          --emit DIR          also write the generated sources to DIR/<input>/ for inspection
          --render FILE       re-derive ratios, rule pairs, scaling and targets from a saved results.json with the
                              current peer map and loaded packages, and write the tables again (no measuring)
          --keystroke [N]     the editor's keystroke instead of whole compilations: N edits (default 48) of one document
                              each, a fresh compilation, that document's analyzer diagnostics / the compiler's own
                              diagnostics of it, paired per edit, median; on --corpus folders, else the generated
                              100k input (or --sizes); writes keystroke.md/json
          --out DIR           where results.md and results.json go (default ./artifacts/benchmarks/analyzers)
          --floor             also do-nothing analyzers (one syntax-node, one operation action, and 35 of them): the
                              driver's own cost in the scenario, the floor every package's figure stands on
          --quiet             no progress lines on stderr

        Exit code: 0 ok; 1 a package failed to load, an analyzer threw, or generated code did not compile; 2 bad arguments.
        """;

    public static async Task<int> Main(string[] args)
    {
        using var cts = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cts.Cancel();
        };

        Options options;
        try
        {
            options = Options.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine("error: " + e.Message);
            Console.Error.WriteLine(Usage);
            return 2;
        }
        if (options.Help)
        {
            Console.WriteLine(Usage);
            return 0;
        }

        try
        {
            return await RunAsync(options, args, cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            Console.Error.WriteLine("canceled");
            return 130;
        }
        catch (Exception e) when (e is IOException or System.Text.Json.JsonException)
        {
            Console.Error.WriteLine("error: " + e.Message);
            return 2;
        }
    }

    private static async Task<int> RunAsync(Options o, string[] args, CancellationToken cancellationToken)
    {
        var total = Stopwatch.StartNew();
        var settings = new Settings(o.Runs, o.RunsLarge ?? o.Runs, o.Warmup, o.WarmupEach, o.Concurrent, o.AllRules, o.Quiet)
        {
            WarmSetup = o.WarmSetup,
            ExtraReferences = o.References
                .SelectMany<string, string>(r => Directory.Exists(r) ? Directory.EnumerateFiles(r, "*.dll").OrderBy(f => f, StringComparer.Ordinal) : new[] { r })
                .ToArray(),
        };
        int failures = 0;

        // Load what was asked for; a package that fails to load is reported and counted, the rest still run.
        var packages = new List<AnalyzerPackage>();
        var loaded = new List<LoadedPackage>();
        foreach (string name in o.Packages)
        {
            try
            {
                var package = name.Equals(AnalyzerPackages.AsyncGuard, StringComparison.OrdinalIgnoreCase)
                    ? AnalyzerPackages.LoadAsyncGuard(o.AsyncGuardDll, o.RulesApart)
                    : AnalyzerPackages.LoadPeer(name);
                packages.Add(package);
                loaded.Add(new LoadedPackage(package.Name, package.Version, package.Analyzers.Length, package.Descriptors.Count, package.Source, null));
                Progress(o, $"loaded {package.Name} {package.Version}: {package.Analyzers.Length} analyzers, {package.Descriptors.Count} ids");
            }
            catch (Exception e) when (e is IOException or BadImageFormatException or TypeLoadException or InvalidOperationException or MemberAccessException
                or System.Reflection.TargetInvocationException)
            {
                failures++;
                loaded.Add(new LoadedPackage(name, "?", 0, 0, "", e.Message));
                Console.Error.WriteLine($"error: could not load {name}: {e.Message}");
            }
        }
        if (o.BaselineDll is not null)
        {
            try
            {
                var baseline = AnalyzerPackages.LoadAsyncGuardBaseline(o.BaselineDll, o.RulesApart);
                packages.Add(baseline);
                loaded.Add(new LoadedPackage(baseline.Name, baseline.Version, baseline.Analyzers.Length, baseline.Descriptors.Count, baseline.Source, null));
                Progress(o, $"loaded {baseline.Name} from {baseline.Source}: {baseline.Analyzers.Length} analyzers");
            }
            catch (Exception e) when (e is IOException or BadImageFormatException or TypeLoadException or InvalidOperationException or MemberAccessException
                or System.Reflection.TargetInvocationException)
            {
                failures++;
                loaded.Add(new LoadedPackage(AnalyzerPackages.AsyncGuardBaseline, "?", 0, 0, "", e.Message));
                Console.Error.WriteLine($"error: could not load the baseline {o.BaselineDll}: {e.Message}");
            }
        }
        if (o.Floor)
        {
            foreach (var floor in FloorAnalyzers.Load())
            {
                packages.Add(floor);
                loaded.Add(new LoadedPackage(floor.Name, floor.Version, floor.Analyzers.Length, floor.Descriptors.Count, floor.Source, null));
            }
        }
        var asyncGuard = packages.FirstOrDefault(p => p.Name == AnalyzerPackages.AsyncGuard);
        if (o.RenderFile is not null)
        {
            var saved = Report.FromJson(await File.ReadAllTextAsync(o.RenderFile, cancellationToken).ConfigureAwait(false));
            Report.Derive(saved, packages);
            return await WriteAsync(saved, o, total, failures, cancellationToken).ConfigureAwait(false);
        }
        if (o.Keystroke > 0)
        {
            return await RunKeystrokeAsync(o, args, settings, packages, loaded, total, failures, cancellationToken).ConfigureAwait(false);
        }
        if (asyncGuard is { Analyzers.IsEmpty: true })
        {
            Console.Error.WriteLine("note: AsyncGuard.Analyzers contains no DiagnosticAnalyzer yet; only the compiler and the peers are measured.");
        }

        var corpora = new List<Corpus>();
        foreach (int size in o.Sizes)
        {
            var files = CorpusGenerator.Generate(size, o.Seed, out int misuses);
            corpora.Add(new Corpus(SizeName(size), "generated", files, misuses));
        }
        if (o.Split)
        {
            var (single, split, misuses) = CorpusGenerator.GenerateSplitPair(seed: o.Seed + 1);
            corpora.Add(new Corpus("4k-single", "split", single, misuses));
            corpora.Add(new Corpus("4x1k", "split", split, misuses));
        }
        foreach (string dir in o.CorpusDirs)
        {
            corpora.Add(new Corpus(Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(dir))), "corpus", ReadFolder(dir, o.ImplicitUsings)));
        }
        if (o.EmitDir is not null)
        {
            foreach (var c in corpora.Where(c => c.Kind != "corpus"))
            {
                string dir = Path.Combine(o.EmitDir, c.Name);
                Directory.CreateDirectory(dir);
                foreach (var f in c.Files)
                {
                    await File.WriteAllTextAsync(Path.Combine(dir, f.Path), f.Text, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        var report = new BenchmarkReport
        {
            Command = "dotnet run -c Release --project benchmarks/AsyncGuard.Benchmarks.Analyzers --" + (args.Length > 0 ? " " + string.Join(' ', args) : ""),
            Machine = Report.Machine(),
            Settings = settings,
            Loaded = loaded,
        };
        var runner = new Runner(settings, packages);
        foreach (var corpus in corpora)
        {
            Progress(o, $"measuring {corpus.Name} ({corpus.Lines:N0} lines, {corpus.Files.Count} files)");
            var result = await runner.MeasureAsync(corpus, cancellationToken).ConfigureAwait(false);
            report.Corpora.Add(result);
            if (corpus.Kind != "corpus" && result.CompilerErrors > 0)
            {
                failures++;
                Console.Error.WriteLine($"error: generated input {corpus.Name} has {result.CompilerErrors} compiler errors, e.g.:");
                result.CompilerErrorSamples.ForEach(e => Console.Error.WriteLine("  " + e));
            }
            else if (result.CompilerErrors > 0)
            {
                Console.Error.WriteLine($"warning: {corpus.Name} has {result.CompilerErrors} compiler errors (missing references?); analyzers see partly unbound code. e.g. {result.CompilerErrorSamples.FirstOrDefault()}");
            }
            foreach (var p in result.Packages.Where(p => p.AnalyzerExceptions > 0))
            {
                failures++;
                Console.Error.WriteLine($"error: {p.Name} threw {p.AnalyzerExceptions} analyzer exceptions on {corpus.Name}: {string.Join(" / ", p.ExceptionSamples)}");
            }
        }

        if (o.Alloc && asyncGuard is not null)
        {
            var allocCorpus = corpora.FirstOrDefault(c => c.Kind == "generated" && c.Lines >= o.AllocSize * 0.95)
                ?? (o.CorpusDirs.Count > 0 ? corpora.First(c => c.Kind == "corpus") : new Corpus(SizeName(o.AllocSize), "generated", CorpusGenerator.Generate(o.AllocSize, o.Seed)));
            Progress(o, $"allocations on {allocCorpus.Name}");
            report.Allocation = await runner.MeasureAllocationsAsync(allocCorpus, asyncGuard, perAnalyzer: !o.Smoke, cancellationToken).ConfigureAwait(false);
        }

        Report.Derive(report, packages);
        return await WriteAsync(report, o, total, failures, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The keystroke scenario (issue 17) on each --corpus folder, or on the generated sizes (100k by default).</summary>
    private static async Task<int> RunKeystrokeAsync(Options o, string[] args, Settings settings, List<AnalyzerPackage> packages,
        List<LoadedPackage> loaded, Stopwatch total, int failures, CancellationToken cancellationToken)
    {
        var corpora = new List<Corpus>();
        foreach (string dir in o.CorpusDirs)
        {
            corpora.Add(new Corpus(Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(dir))), "corpus", ReadFolder(dir, o.ImplicitUsings)));
        }
        foreach (int size in o.CorpusDirs.Count > 0 ? o.Sizes : o.SizesGiven ? o.Sizes : new List<int> { 100_000 })
        {
            corpora.Add(new Corpus(SizeName(size), "generated", CorpusGenerator.Generate(size, o.Seed, out _)));
        }

        var report = new KeystrokeReport
        {
            Command = "dotnet run -c Release --project benchmarks/AsyncGuard.Benchmarks.Analyzers --" + (args.Length > 0 ? " " + string.Join(' ', args) : ""),
            Machine = Report.Machine(),
            Settings = settings,
            Loaded = loaded,
        };
        var runner = new KeystrokeRunner(new Runner(settings, packages), settings, packages);
        foreach (var corpus in corpora)
        {
            Progress(o, $"keystrokes on {corpus.Name} ({corpus.Lines:N0} lines, {corpus.Files.Count} files)");
            var result = await runner.MeasureAsync(corpus, o.Keystroke, o.Seed, cancellationToken).ConfigureAwait(false);
            report.Corpora.Add(result);
            foreach (var p in result.Packages.Where(p => p.AnalyzerExceptions > 0))
            {
                failures++;
                Console.Error.WriteLine($"error: {p.Name} threw {p.AnalyzerExceptions} analyzer exceptions on {corpus.Name}: {string.Join(" / ", p.ExceptionSamples)}");
            }
        }

        Directory.CreateDirectory(o.OutDir);
        string markdown = KeystrokeRunner.ToMarkdown(report);
        string mdPath = Path.Combine(o.OutDir, "keystroke.md");
        string jsonPath = Path.Combine(o.OutDir, "keystroke.json");
        await File.WriteAllTextAsync(mdPath, markdown, cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(jsonPath, System.Text.Json.JsonSerializer.Serialize(report, KeystrokeJson), cancellationToken).ConfigureAwait(false);
        Console.WriteLine(markdown);
        Console.WriteLine($"wrote {mdPath} and {jsonPath} in {total.Elapsed.TotalSeconds:0.0} s");
        if (failures > 0)
        {
            Console.Error.WriteLine($"{failures} problem(s), see above");
            return 1;
        }
        return 0;
    }

    private static readonly System.Text.Json.JsonSerializerOptions KeystrokeJson = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase,
    };

    private static async Task<int> WriteAsync(BenchmarkReport report, Options o, Stopwatch total, int failures, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(o.OutDir);
        string markdown = Report.ToMarkdown(report, o.Top);
        string mdPath = Path.Combine(o.OutDir, "results.md");
        string jsonPath = Path.Combine(o.OutDir, "results.json");
        await File.WriteAllTextAsync(mdPath, markdown, cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(jsonPath, Report.ToJson(report), cancellationToken).ConfigureAwait(false);

        Console.WriteLine(markdown);
        Console.WriteLine($"wrote {mdPath} and {jsonPath} in {total.Elapsed.TotalSeconds:0.0} s");
        if (failures > 0)
        {
            Console.Error.WriteLine($"{failures} problem(s), see above");
            return 1;
        }
        return 0;
    }

    private static List<SourceFile> ReadFolder(string dir, bool implicitUsings)
    {
        if (!Directory.Exists(dir))
        {
            throw new DirectoryNotFoundException("no such folder: " + dir);
        }
        string root = Path.GetFullPath(dir);
        var files = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(p => !Path.GetRelativePath(root, p).Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar)
                .Any(part => part.Equals("bin", StringComparison.OrdinalIgnoreCase) || part.Equals("obj", StringComparison.OrdinalIgnoreCase)))
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => new SourceFile(Path.GetRelativePath(root, p), File.ReadAllText(p)))
            .ToList();
        if (files.Count == 0)
        {
            throw new FileNotFoundException("no .cs files under " + dir);
        }
        if (implicitUsings)
        {
            files.Add(new SourceFile("ImplicitUsings.g.cs", """
                global using System;
                global using System.Collections.Generic;
                global using System.IO;
                global using System.Linq;
                global using System.Net.Http;
                global using System.Threading;
                global using System.Threading.Tasks;

                """));
        }
        return files;
    }

    internal static string SizeName(int lines) =>
        lines % 1000 == 0 ? (lines / 1000).ToString(CultureInfo.InvariantCulture) + "k" : lines.ToString(CultureInfo.InvariantCulture);

    private static void Progress(Options o, string message)
    {
        if (!o.Quiet)
        {
            Console.Error.WriteLine(message);
        }
    }

    private sealed class Options
    {
        public List<int> Sizes { get; private set; } = new() { 1_000, 10_000, 100_000 };
        public int Runs { get; private set; } = 5;
        public int? RunsLarge { get; private set; }
        public int Warmup { get; private set; } = 1;
        public bool WarmupEach { get; private set; }
        public List<string> CorpusDirs { get; } = new();
        public List<string> References { get; } = new();
        public bool ImplicitUsings { get; private set; }
        public List<string> Packages { get; private set; } = new() { AnalyzerPackages.AsyncGuard, AnalyzerPackages.VsThreading, AnalyzerPackages.AsyncFixer, AnalyzerPackages.Meziantou };
        public string? AsyncGuardDll { get; private set; }
        public string? BaselineDll { get; private set; }
        public bool AllRules { get; private set; }
        public bool WarmSetup { get; private set; }
        public bool Concurrent { get; private set; }
        public bool Split { get; private set; } = true;

        public bool RulesApart { get; private set; }
        public bool Alloc { get; private set; } = true;
        public int AllocSize { get; private set; } = 10_000;
        public int Top { get; private set; } = 10;
        public int Seed { get; private set; } = 42;
        public string? EmitDir { get; private set; }
        public string? RenderFile { get; private set; }
        public string OutDir { get; private set; } = Path.Combine("artifacts", "benchmarks", "analyzers");
        public bool Quiet { get; private set; }
        public bool Floor { get; private set; }
        public bool Help { get; private set; }
        public bool Smoke { get; private set; }
        public int Keystroke { get; private set; }
        public bool SizesGiven { get; private set; }

        public static Options Parse(string[] args)
        {
            var o = new Options();
            bool sizesGiven = false;
            bool smoke = false;
            for (int i = 0; i < args.Length; i++)
            {
                string arg = args[i];
                string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{arg} needs a value");
                switch (arg)
                {
                    case "--sizes":
                        o.Sizes = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(ParseSize).ToList();
                        sizesGiven = true;
                        break;
                    case "--runs": o.Runs = Positive(Value(), arg, allowZero: false); break;
                    case "--runs-large": o.RunsLarge = Positive(Value(), arg, allowZero: false); break;
                    case "--warmup": o.Warmup = Positive(Value(), arg, allowZero: true); break;
                    case "--warmup-each": o.WarmupEach = true; break;
                    case "--smoke": smoke = true; break;
                    case "--corpus":
                        o.CorpusDirs.Add(Existing(Value(), arg, directory: true));
                        break;
                    case "--reference":
                        o.References.Add(Existing(Value(), arg, directory: null));
                        break;
                    case "--implicit-usings": o.ImplicitUsings = true; break;
                    case "--packages":
                        o.Packages = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(CanonicalPackage).Distinct().ToList();
                        break;
                    case "--asyncguard": o.AsyncGuardDll = Value(); break;
                    case "--baseline": o.BaselineDll = Existing(Value(), arg, directory: false); break;
                    case "--all-rules": o.AllRules = true; break;
                    case "--warm-setup": o.WarmSetup = true; break;
                    case "--concurrent": o.Concurrent = true; break;
                    case "--no-split": o.Split = false; break;
                    case "--rules-apart": o.RulesApart = true; break;
                    case "--no-alloc": o.Alloc = false; break;
                    case "--alloc-size": o.AllocSize = ParseSize(Value()); break;
                    case "--top": o.Top = Positive(Value(), arg, allowZero: true); break;
                    case "--seed": o.Seed = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                    case "--emit": o.EmitDir = Value(); break;
                    case "--render": o.RenderFile = Existing(Value(), arg, directory: false); break;
                    case "--out": o.OutDir = Value(); break;
                    case "--keystroke":
                        // The count is optional: `--keystroke` alone means 48 edits.
                        o.Keystroke = i + 1 < args.Length && !args[i + 1].StartsWith('-') ? Positive(args[++i], arg, allowZero: false) : 48;
                        break;
                    case "--quiet": o.Quiet = true; break;
                    case "--floor": o.Floor = true; break;
                    case "-h" or "--help": o.Help = true; break;
                    default: throw new ArgumentException("unknown option " + arg);
                }
            }
            o.Smoke = smoke;
            o.SizesGiven = sizesGiven;
            if (smoke)
            {
                if (!sizesGiven)
                {
                    o.Sizes = new() { 1_000 };
                }
                o.Runs = 1;
                o.RunsLarge = 1;
                o.Warmup = 0;
                o.Split = false;
                o.AllocSize = o.Sizes.Min();
            }
            if (o.CorpusDirs.Count > 0 && !sizesGiven)
            {
                o.Sizes.Clear();
                o.Split = false;
            }
            return o;
        }

        private static string CanonicalPackage(string name) =>
            new[] { AnalyzerPackages.AsyncGuard }.Concat(AnalyzerPackages.PeerNames)
                .FirstOrDefault(n => n.Equals(name, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"unknown package '{name}' (asyncguard, vs-threading, asyncfixer, meziantou)");

        private static string Existing(string path, string option, bool? directory)
        {
            bool ok = directory switch
            {
                true => Directory.Exists(path),
                false => File.Exists(path),
                null => Directory.Exists(path) || File.Exists(path),
            };
            return ok ? path : throw new ArgumentException($"{option}: '{path}' does not exist");
        }

        private static int ParseSize(string text)
        {
            string t = text.Trim().ToLowerInvariant();
            int factor = t.EndsWith('k') ? 1000 : 1;
            if (!int.TryParse(factor == 1 ? t : t[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n <= 0)
            {
                throw new ArgumentException($"bad size '{text}'");
            }
            return checked(n * factor);
        }

        private static int Positive(string text, string option, bool allowZero) =>
            int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && (allowZero || n > 0)
                ? n
                : throw new ArgumentException($"{option}: bad number '{text}'");
    }
}
