using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace AsyncGuard.Triage;

/// <summary>One analyzer crash (AD0001) seen while replaying a project.</summary>
public sealed record Crash(string Repo, string Project, string Analyzer, string ExceptionType, string Message, string StackTop, string Where);

/// <summary>What one replayed compilation produced.</summary>
public sealed class ReplayResult
{
    public required string Project { get; init; }
    public List<Diagnostic> Diagnostics { get; } = new();
    public List<Crash> Crashes { get; } = new();
    public List<string> Problems { get; } = new();
    public int CompileErrors { get; set; } = -1;
    public TimeSpan Elapsed { get; set; }
}

/// <summary>
/// Replays a compiler command line captured from a real build (one argument a line, first line "#dir project-dir")
/// in process: the same sources, references, parse and compilation options, .editorconfig/globalconfig files and
/// source generators; then runs only the AsyncGuard analyzers over the result.
/// </summary>
public sealed class Replayer
{
    private static readonly ConcurrentDictionary<string, PortableExecutableReference> s_references = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, ImmutableArray<ISourceGenerator>> s_generators = new(StringComparer.Ordinal);
    private static readonly FolderLoader s_loader = new();

    private readonly ImmutableArray<DiagnosticAnalyzer> _analyzers;
    private readonly ImmutableDictionary<string, ReportDiagnostic> _enable;

    public Replayer(string analyzerDll, bool allRules)
    {
        var reference = new AnalyzerFileReference(Path.GetFullPath(analyzerDll), s_loader);
        _analyzers = reference.GetAnalyzers(LanguageNames.CSharp);
        if (_analyzers.IsEmpty)
        {
            throw new InvalidOperationException($"no C# analyzers in {analyzerDll}");
        }
        Descriptors = _analyzers.SelectMany(a => a.SupportedDiagnostics)
            .GroupBy(d => d.Id).ToImmutableDictionary(g => g.Key, g => g.First());
        _enable = allRules
            ? Descriptors.Values.Where(d => !d.IsEnabledByDefault)
                .ToImmutableDictionary(d => d.Id, d => ReportDiagnostic.Warn)
            : ImmutableDictionary<string, ReportDiagnostic>.Empty;
    }

    /// <summary>Every rule of the loaded analyzers, by id.</summary>
    public ImmutableDictionary<string, DiagnosticDescriptor> Descriptors { get; }

    public ReplayResult Run(string repo, string rspPath, bool checkErrors)
    {
        var watch = Stopwatch.StartNew();
        string[] lines = File.ReadAllLines(rspPath);
        string project = Path.GetFileNameWithoutExtension(rspPath);
        var result = new ReplayResult { Project = project };
        string baseDir = lines.Length > 0 && lines[0].StartsWith("#dir ", StringComparison.Ordinal) ? lines[0].Substring(5).Trim() : Path.GetDirectoryName(rspPath)!;
        var args = lines.Skip(1).Where(l => l.Length > 0).Select(Unquote).ToList();
        CSharpCommandLineArguments parsed = CSharpCommandLineParser.Default.Parse(args, baseDir, sdkDirectory: null);
        foreach (Diagnostic error in parsed.Errors.Where(e => e.Severity == DiagnosticSeverity.Error))
        {
            result.Problems.Add("command line: " + error.GetMessage());
        }

        // Sources, with the build's parse options and encoding.
        var trees = new List<SyntaxTree>();
        foreach (CommandLineSourceFile file in parsed.SourceFiles)
        {
            if (!File.Exists(file.Path))
            {
                result.Problems.Add("missing source " + file.Path);
                continue;
            }
            using var stream = File.OpenRead(file.Path);
            SourceText text = SourceText.From(stream, parsed.Encoding, parsed.ChecksumAlgorithm);
            trees.Add(CSharpSyntaxTree.ParseText(text, parsed.ParseOptions, file.Path));
        }

        var references = new List<MetadataReference>();
        foreach (CommandLineReference r in parsed.MetadataReferences)
        {
            if (!File.Exists(r.Reference))
            {
                result.Problems.Add("missing reference " + r.Reference);
                continue;
            }
            PortableExecutableReference reference = s_references.GetOrAdd(r.Reference, p => MetadataReference.CreateFromFile(p));
            references.Add(r.Properties.Equals(MetadataReferenceProperties.Assembly) ? reference : reference.WithProperties(r.Properties));
        }

        // .editorconfig / globalconfig, as the compiler reads them.
        var configs = new List<AnalyzerConfig>();
        foreach (string path in parsed.AnalyzerConfigPaths)
        {
            if (File.Exists(path))
            {
                configs.Add(AnalyzerConfig.Parse(SourceText.From(File.ReadAllText(path)), path));
            }
        }
        AnalyzerConfigSet configSet = AnalyzerConfigSet.Create(configs);
        var optionsProvider = new ConfigOptionsProvider(configSet);
        var treeOptions = new TreeOptionsProvider(configSet);

        ImmutableArray<AdditionalText> additional = parsed.AdditionalFiles
            .Where(f => File.Exists(f.Path))
            .Select(f => (AdditionalText)new FileText(f.Path)).ToImmutableArray();

        CSharpCompilationOptions options = parsed.CompilationOptions
            .WithSyntaxTreeOptionsProvider(treeOptions)
            .WithSpecificDiagnosticOptions(parsed.CompilationOptions.SpecificDiagnosticOptions.SetItems(_enable))
            .WithGeneralDiagnosticOption(ReportDiagnostic.Default);
        Compilation compilation = CSharpCompilation.Create(parsed.CompilationName, trees, references, options);

        // The build's source generators (the project's own analyzers are not run: only AsyncGuard is).
        var generators = new List<ISourceGenerator>();
        foreach (CommandLineAnalyzerReference a in parsed.AnalyzerReferences)
        {
            generators.AddRange(s_generators.GetOrAdd(a.FilePath, p => LoadGenerators(p, result.Problems)));
        }
        if (generators.Count > 0)
        {
            GeneratorDriver driver = CSharpGeneratorDriver.Create(generators, additional, parsed.ParseOptions, optionsProvider);
            driver.RunGeneratorsAndUpdateCompilation(compilation, out compilation, out ImmutableArray<Diagnostic> generatorDiagnostics);
            foreach (Diagnostic d in generatorDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(3))
            {
                result.Problems.Add("generator: " + d);
            }
        }

        if (checkErrors)
        {
            var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            result.CompileErrors = errors.Count;
            foreach (Diagnostic e in errors.Take(5))
            {
                result.Problems.Add("compile error: " + e);
            }
        }

        var crashes = new ConcurrentBag<(Exception, DiagnosticAnalyzer, Diagnostic)>();
        var withAnalyzers = compilation.WithAnalyzers(_analyzers, new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(additional, optionsProvider),
            onAnalyzerException: (ex, analyzer, diagnostic) => crashes.Add((ex, analyzer, diagnostic)),
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false,
            reportSuppressedDiagnostics: false));
        ImmutableArray<Diagnostic> diagnostics = withAnalyzers.GetAnalyzerDiagnosticsAsync(CancellationToken.None).GetAwaiter().GetResult();
        result.Diagnostics.AddRange(diagnostics.Where(d => d.Id != "AD0001"));
        foreach ((Exception ex, DiagnosticAnalyzer analyzer, Diagnostic diagnostic) in crashes)
        {
            Exception inner = ex is TargetInvocationException { InnerException: { } ie } ? ie : ex;
            string stackTop = string.Join(" <- ", (inner.StackTrace ?? string.Empty)
                .Split('\n').Select(s => s.Trim()).Where(s => s.Length > 0).Take(4));
            result.Crashes.Add(new Crash(repo, project, analyzer.GetType().Name, inner.GetType().Name,
                inner.Message.Replace('\n', ' '), stackTop, diagnostic.GetMessage().Replace('\n', ' ')));
        }
        result.Elapsed = watch.Elapsed;
        return result;
    }

    private static ImmutableArray<ISourceGenerator> LoadGenerators(string path, List<string> problems)
    {
        try
        {
            if (!File.Exists(path))
            {
                return ImmutableArray<ISourceGenerator>.Empty;
            }
            return new AnalyzerFileReference(path, s_loader).GetGenerators(LanguageNames.CSharp);
        }
        catch (Exception ex)
        {
            problems.Add($"generator {Path.GetFileName(path)} not loaded: {ex.GetType().Name}: {ex.Message}");
            return ImmutableArray<ISourceGenerator>.Empty;
        }
    }

    private static string Unquote(string arg)
    {
        string a = arg.Trim();
        return a.Length >= 2 && a[0] == '"' && a[a.Length - 1] == '"' ? a.Substring(1, a.Length - 2) : a;
    }

    private sealed class FileText : AdditionalText
    {
        private SourceText? _text;

        public FileText(string path) => Path = path;

        public override string Path { get; }

        public override SourceText GetText(CancellationToken cancellationToken = default)
            => _text ??= SourceText.From(File.ReadAllText(Path));
    }

    private sealed class ConfigOptions : AnalyzerConfigOptions
    {
        private readonly ImmutableDictionary<string, string> _values;

        public ConfigOptions(ImmutableDictionary<string, string> values) => _values = values;

        public override bool TryGetValue(string key, out string value)
        {
            if (_values.TryGetValue(key, out string? found))
            {
                value = found;
                return true;
            }
            value = string.Empty;
            return false;
        }

        public override IEnumerable<string> Keys => _values.Keys;
    }

    private sealed class ConfigOptionsProvider : AnalyzerConfigOptionsProvider
    {
        private readonly AnalyzerConfigSet _set;
        private readonly ConcurrentDictionary<string, ConfigOptions> _byPath = new(StringComparer.Ordinal);

        public ConfigOptionsProvider(AnalyzerConfigSet set)
        {
            _set = set;
            GlobalOptions = new ConfigOptions(set.GlobalConfigOptions.AnalyzerOptions);
        }

        public override AnalyzerConfigOptions GlobalOptions { get; }

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => For(tree.FilePath);

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => For(textFile.Path);

        private ConfigOptions For(string path)
            => _byPath.GetOrAdd(path, p => new ConfigOptions(_set.GetOptionsForSourcePath(p).AnalyzerOptions));
    }

    private sealed class TreeOptionsProvider : SyntaxTreeOptionsProvider
    {
        private readonly AnalyzerConfigSet _set;
        private readonly ConcurrentDictionary<string, AnalyzerConfigOptionsResult> _byPath = new(StringComparer.Ordinal);

        public TreeOptionsProvider(AnalyzerConfigSet set) => _set = set;

        private AnalyzerConfigOptionsResult For(SyntaxTree tree) => _byPath.GetOrAdd(tree.FilePath, p => _set.GetOptionsForSourcePath(p));

        public override GeneratedKind IsGenerated(SyntaxTree tree, CancellationToken cancellationToken)
        {
            if (For(tree).AnalyzerOptions.TryGetValue("generated_code", out string? value) && bool.TryParse(value, out bool generated))
            {
                return generated ? GeneratedKind.MarkedGenerated : GeneratedKind.NotGenerated;
            }
            return GeneratedKind.Unknown;
        }

        public override bool TryGetDiagnosticValue(SyntaxTree tree, string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity)
            => For(tree).TreeOptions.TryGetValue(diagnosticId, out severity);

        public override bool TryGetGlobalDiagnosticValue(string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity)
            => _set.GlobalConfigOptions.TreeOptions.TryGetValue(diagnosticId, out severity);
    }

    /// <summary>
    /// One load context per folder, sharing Roslyn and the framework with the host, so analyzers and generators
    /// built against older Roslyn versions bind to the host's.
    /// </summary>
    private sealed class FolderLoader : IAnalyzerAssemblyLoader
    {
        private readonly ConcurrentDictionary<string, FolderContext> _contexts = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, Assembly> _loaded = new(StringComparer.Ordinal);

        public void AddDependencyLocation(string fullPath)
        {
        }

        public Assembly LoadFromPath(string fullPath)
        {
            return _loaded.GetOrAdd(fullPath, p =>
            {
                FolderContext context = _contexts.GetOrAdd(Path.GetDirectoryName(p)!, d => new FolderContext(d));
                lock (context)
                {
                    return context.LoadFromAssemblyPath(p);
                }
            });
        }

        private sealed class FolderContext : AssemblyLoadContext
        {
            private readonly string _folder;

            public FolderContext(string folder) : base("triage:" + folder) => _folder = folder;

            protected override Assembly? Load(AssemblyName name)
            {
                string simple = name.Name ?? string.Empty;
                if (simple.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal)
                    || simple.StartsWith("System.", StringComparison.Ordinal)
                    || simple is "System" or "netstandard" or "mscorlib")
                {
                    // Host's copy when it has one (Roslyn, the framework); else the folder's.
                    try
                    {
                        return Default.LoadFromAssemblyName(name);
                    }
                    catch (FileNotFoundException)
                    {
                    }
                }
                string dir = string.IsNullOrEmpty(name.CultureName) ? _folder : Path.Combine(_folder, name.CultureName);
                string path = Path.Combine(dir, simple + ".dll");
                return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
            }
        }
    }
}
