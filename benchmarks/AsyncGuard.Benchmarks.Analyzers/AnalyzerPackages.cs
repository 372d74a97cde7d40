using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace AsyncGuard.Benchmarks.Analyzers;

/// <summary>A set of analyzers measured together (one NuGet package, or AsyncGuard's own project).</summary>
public sealed class AnalyzerPackage
{
    public AnalyzerPackage(string name, string version, ImmutableArray<DiagnosticAnalyzer> analyzers,
        ImmutableArray<AdditionalText> additionalFiles, string source)
    {
        Name = name;
        Version = version;
        Analyzers = analyzers;
        AdditionalFiles = additionalFiles;
        Source = source;
        var owner = new Dictionary<string, DiagnosticDescriptor>(StringComparer.Ordinal);
        var byAnalyzer = new Dictionary<DiagnosticAnalyzer, ImmutableArray<DiagnosticDescriptor>>();
        foreach (var analyzer in analyzers)
        {
            var supported = analyzer.SupportedDiagnostics;
            byAnalyzer[analyzer] = supported;
            foreach (var d in supported)
            {
                owner.TryAdd(d.Id, d);
            }
        }
        Descriptors = owner;
        SupportedByAnalyzer = byAnalyzer;
        var duplicated = analyzers.GroupBy(a => a.GetType().Name).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        _names = analyzers.ToDictionary(a => a, a => duplicated.Contains(a.GetType().Name) ? a.GetType().FullName ?? a.GetType().Name : a.GetType().Name);
    }

    private readonly Dictionary<DiagnosticAnalyzer, string> _names;

    public string Name { get; }
    public string Version { get; }
    public string Source { get; }
    public ImmutableArray<DiagnosticAnalyzer> Analyzers { get; }
    public ImmutableArray<AdditionalText> AdditionalFiles { get; }

    /// <summary>Every diagnostic id the package supports, with its descriptor.</summary>
    public IReadOnlyDictionary<string, DiagnosticDescriptor> Descriptors { get; }

    public IReadOnlyDictionary<DiagnosticAnalyzer, ImmutableArray<DiagnosticDescriptor>> SupportedByAnalyzer { get; }

    /// <summary>Analyzers whose supported ids include <paramref name="id"/>.</summary>
    public IEnumerable<DiagnosticAnalyzer> AnalyzersFor(string id) =>
        Analyzers.Where(a => SupportedByAnalyzer[a].Any(d => d.Id == id));

    /// <summary>The analyzer's type name, or its full name when another analyzer in the package has the same simple name.</summary>
    public string AnalyzerName(DiagnosticAnalyzer analyzer) =>
        _names.TryGetValue(analyzer, out var name) ? name : analyzer.GetType().FullName ?? analyzer.GetType().Name;
}

/// <summary>Finds and loads AsyncGuard's analyzers and the peer packages' analyzers.</summary>
public static class AnalyzerPackages
{
    public const string AsyncGuard = "AsyncGuard";

    /// <summary>The one analyzer an AsyncGuard build with a rule host ships.</summary>
    private const string RuleHost = "AsyncGuard.Analyzers.Core.AsyncGuardRules";

    /// <summary>A second AsyncGuard build measured beside the first (--baseline), e.g. main before a change.</summary>
    public const string AsyncGuardBaseline = "AsyncGuard-baseline";
    public const string VsThreading = "vs-threading";
    public const string AsyncFixer = "AsyncFixer";
    public const string Meziantou = "Meziantou";

    private sealed record PeerSpec(string Name, string PackageId, string Version, string[] AnalyzerDlls, string? AdditionalFilesDir);

    // Paths inside the packages; Meziantou ships one build per Roslyn version and the host runs Roslyn 4.14.
    private static readonly PeerSpec[] Peers =
    {
        new(VsThreading, "Microsoft.VisualStudio.Threading.Analyzers", "18.12.1",
            new[] { "analyzers/cs/Microsoft.VisualStudio.Threading.Analyzers.dll", "analyzers/cs/Microsoft.VisualStudio.Threading.Analyzers.CSharp.dll" },
            "buildTransitive/AdditionalFiles"),
        new(AsyncFixer, "AsyncFixer", "2.1.0", new[] { "analyzers/dotnet/cs/AsyncFixer.dll" }, null),
        new(Meziantou, "Meziantou.Analyzer", "3.0.321", new[] { "analyzers/dotnet/roslyn4.14/cs/Meziantou.Analyzer.dll" }, null),
    };

    public static IReadOnlyList<string> PeerNames => Peers.Select(p => p.Name).ToArray();

    /// <summary>
    /// AsyncGuard.Analyzers is a ProjectReference, so it sits beside this program and in its deps.json.
    /// Every concrete DiagnosticAnalyzer type in it is used: rules added later are picked up without code changes.
    /// </summary>
    public static AnalyzerPackage LoadAsyncGuard(string? overridePath, bool rulesApart = false)
    {
        Assembly assembly = overridePath is null
            ? Assembly.Load(new AssemblyName("AsyncGuard.Analyzers"))
            : new IsolatedLoadContext(Path.GetDirectoryName(Path.GetFullPath(overridePath))!).LoadFromAssemblyPath(Path.GetFullPath(overridePath));
        var analyzers = Instantiate(assembly, rulesApart);
        string version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString() ?? "?";
        int plus = version.IndexOf('+');
        return new AnalyzerPackage(AsyncGuard, plus > 0 ? version[..plus] : version, analyzers,
            ImmutableArray<AdditionalText>.Empty, assembly.Location);
    }

    /// <summary>Another build of AsyncGuard.Analyzers.dll, measured as its own package beside the current one.</summary>
    public static AnalyzerPackage LoadAsyncGuardBaseline(string path, bool rulesApart = false)
    {
        var loaded = LoadAsyncGuard(path, rulesApart);
        return new AnalyzerPackage(AsyncGuardBaseline, loaded.Version, loaded.Analyzers, loaded.AdditionalFiles, loaded.Source);
    }

    /// <summary>Loads one peer package from the NuGet packages folder, in a load context of its own.</summary>
    public static AnalyzerPackage LoadPeer(string name)
    {
        var spec = Peers.Single(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
        string root = PackageRoot(spec);
        string folder = Path.GetDirectoryName(Path.Combine(root, spec.AnalyzerDlls[0]))!;
        var context = new IsolatedLoadContext(folder);
        var analyzers = ImmutableArray.CreateBuilder<DiagnosticAnalyzer>();
        foreach (string dll in spec.AnalyzerDlls)
        {
            string path = Path.Combine(root, dll);
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"{spec.PackageId} {spec.Version}: {path} not found (run 'dotnet restore' on the benchmark project).", path);
            }
            analyzers.AddRange(Instantiate(context.LoadFromAssemblyPath(path)));
        }

        // A package's build props may add additional files (vs-threading does); a real install sees them too.
        var additional = ImmutableArray<AdditionalText>.Empty;
        if (spec.AdditionalFilesDir is not null && Directory.Exists(Path.Combine(root, spec.AdditionalFilesDir)))
        {
            additional = Directory.EnumerateFiles(Path.Combine(root, spec.AdditionalFilesDir), "*", SearchOption.AllDirectories)
                .OrderBy(p => p, StringComparer.Ordinal)
                .Select(p => (AdditionalText)new FileAdditionalText(p))
                .ToImmutableArray();
        }
        return new AnalyzerPackage(spec.Name, spec.Version, analyzers.ToImmutable(), additional, root);
    }

    /// <summary>
    /// The packages folder the build restored into (stamped into this assembly by the csproj, so an isolated
    /// NUGET_PACKAGES works), else NUGET_PACKAGES, else ~/.nuget/packages.
    /// </summary>
    private static string PackageRoot(PeerSpec spec)
    {
        var candidates = new List<string>();
        string? stamped = typeof(AnalyzerPackages).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "NuGetPackageRoot")?.Value;
        if (!string.IsNullOrEmpty(stamped))
        {
            candidates.Add(stamped);
        }
        string? env = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        if (!string.IsNullOrEmpty(env))
        {
            candidates.Add(env);
        }
        candidates.Add(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"));

        foreach (string candidate in candidates)
        {
            string dir = Path.Combine(candidate, spec.PackageId.ToLowerInvariant(), spec.Version);
            if (Directory.Exists(dir))
            {
                return dir;
            }
        }
        throw new DirectoryNotFoundException(
            $"{spec.PackageId} {spec.Version} not found in: {string.Join(", ", candidates)} (run 'dotnet restore' on the benchmark project).");
    }

    /// <summary>
    /// The analyzers the package ships (its [DiagnosticAnalyzer] types). With <paramref name="rulesApart"/>, for a build that
    /// ships its rules through one host (AsyncGuard since issue 17's keystroke work), the hosted rule classes one by one
    /// instead (per-rule times); builds without a host ship their rule classes directly either way.
    /// </summary>
    private static ImmutableArray<DiagnosticAnalyzer> Instantiate(Assembly assembly, bool rulesApart = false)
    {
        Type[] types;
        try
        {
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            // Types that need assemblies we do not load (e.g. Workspaces) are skipped; analyzers never need them.
            types = e.Types.Where(t => t is not null).ToArray()!;
        }

        bool apart = rulesApart && types.Any(t => t.FullName == RuleHost);
        var result = ImmutableArray.CreateBuilder<DiagnosticAnalyzer>();
        foreach (var type in types.OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            if (type.IsAbstract || !typeof(DiagnosticAnalyzer).IsAssignableFrom(type) || type.GetConstructor(Type.EmptyTypes) is null)
            {
                continue;
            }
            var languages = type.GetCustomAttribute<DiagnosticAnalyzerAttribute>()?.Languages;
            bool take = apart
                ? type.FullName != RuleHost
                : languages is not null && languages.Contains(LanguageNames.CSharp);
            if (!take)
            {
                continue;
            }
            result.Add((DiagnosticAnalyzer)Activator.CreateInstance(type)!);
        }
        return result.ToImmutable();
    }

    /// <summary>
    /// Loads an analyzer folder on its own, sharing Roslyn and the framework with the host so analyzer types
    /// are the host's DiagnosticAnalyzer; everything else (the package's own dependencies) comes from the folder.
    /// </summary>
    private sealed class IsolatedLoadContext : AssemblyLoadContext
    {
        private readonly string _folder;

        public IsolatedLoadContext(string folder) : base("analyzers:" + folder, isCollectible: false) => _folder = folder;

        protected override Assembly? Load(AssemblyName name)
        {
            string simple = name.Name ?? string.Empty;
            if (simple.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal)
                || simple.StartsWith("System.", StringComparison.Ordinal)
                || simple is "System" or "netstandard" or "mscorlib")
            {
                return null;
            }
            string dir = string.IsNullOrEmpty(name.CultureName) ? _folder : Path.Combine(_folder, name.CultureName);
            string path = Path.Combine(dir, simple + ".dll");
            return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }
    }

    private sealed class FileAdditionalText : AdditionalText
    {
        private readonly SourceText _text;

        public FileAdditionalText(string path)
        {
            Path = path;
            _text = SourceText.From(File.ReadAllText(path));
        }

        public override string Path { get; }

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }
}
