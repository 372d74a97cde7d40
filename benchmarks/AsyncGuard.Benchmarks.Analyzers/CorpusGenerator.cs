using System;
using System.Collections.Generic;
using System.Text;

namespace AsyncGuard.Benchmarks.Analyzers;

/// <summary>One source file of a corpus.</summary>
public sealed record SourceFile(string Path, string Text)
{
    public int Lines { get; } = CountLines(Text);

    internal static int CountLines(string text)
    {
        int n = 0;
        foreach (char c in text)
        {
            if (c == '\n')
            {
                n++;
            }
        }
        return text.Length > 0 && text[^1] != '\n' ? n + 1 : n;
    }
}

/// <summary>
/// Deterministic generator of realistic async C#: a repository and a service per file, with awaits in loops,
/// LINQ, lambdas, local functions, using/try blocks, HttpClient/Stream/File calls and CancellationToken
/// parameters, plus about one async misuse per 50 lines (the kinds async analyzers look for).
/// Same seed and size give byte-identical output on every machine (own PRNG, no culture-dependent formatting).
/// </summary>
public sealed class CorpusGenerator
{
    public const int MisuseEveryLines = 50;

    private static readonly string[] Nouns =
        { "Order", "Customer", "Invoice", "Product", "Shipment", "Payment", "Account", "Ticket", "Report", "Review" };

    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Linq;
        using System.Net.Http;
        using System.Text;
        using System.Threading;
        using System.Threading.Tasks;
        using Bench.Shared;


        """;

    private ulong _state;
    private int _lines;
    private int _misuses;
    private int _misuseKind;
    private int _method;

    public CorpusGenerator(int seed) => _state = (ulong)seed * 0x9E3779B97F4A7C15UL + 1;

    /// <summary>Number of misuses emitted so far (all kinds).</summary>
    public int Misuses => _misuses;

    /// <summary>A corpus of about <paramref name="targetLines"/> lines over files of 150-400 lines.</summary>
    public static List<SourceFile> Generate(int targetLines, int seed = 42) => Generate(targetLines, seed, out _);

    /// <inheritdoc cref="Generate(int, int)"/>
    public static List<SourceFile> Generate(int targetLines, int seed, out int misuses)
    {
        var gen = new CorpusGenerator(seed);
        var files = new List<SourceFile> { SharedFile() };
        int total = files[0].Lines;
        for (int i = 0; total < targetLines; i++)
        {
            int size = Math.Min(gen.Next(150, 401), Math.Max(150, targetLines - total));
            var sb = new StringBuilder(Usings);
            gen.WriteUnit(sb, i, size);
            var file = new SourceFile($"Area{i:D4}.cs", sb.ToString());
            files.Add(file);
            total += file.Lines;
        }
        misuses = gen.Misuses;
        return files;
    }

    /// <summary>
    /// The same ~4k lines of code twice: as one file, and as four ~1k-line files (same namespaces and classes),
    /// so the only difference is how the code is split into syntax trees.
    /// </summary>
    public static (List<SourceFile> Single, List<SourceFile> Split, int Misuses) GenerateSplitPair(int unitLines = 1000, int units = 4, int seed = 7)
    {
        var gen = new CorpusGenerator(seed);
        var bodies = new List<string>();
        int bodyLines = unitLines - SourceFile.CountLines(Usings);
        for (int u = 0; u < units; u++)
        {
            var body = new StringBuilder();
            for (int c = 0; SourceFile.CountLines(body.ToString()) < bodyLines; c++)
            {
                int left = bodyLines - SourceFile.CountLines(body.ToString());
                gen.WriteUnit(body, u * 100 + c, Math.Min(gen.Next(150, 401), Math.Max(150, left)));
            }
            bodies.Add(body.ToString());
        }

        var single = new List<SourceFile> { SharedFile(), new("Single4k.cs", Usings + string.Concat(bodies)) };
        var split = new List<SourceFile> { SharedFile() };
        for (int u = 0; u < bodies.Count; u++)
        {
            split.Add(new SourceFile($"Split{u}.cs", Usings + bodies[u]));
        }
        return (single, split, gen.Misuses);
    }

    private static SourceFile SharedFile() => new("Shared.cs", """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;

        namespace Bench.Shared
        {
            public interface ILog
            {
                void Write(string message);
            }

            public sealed class ConsoleLog : ILog
            {
                public void Write(string message) => Console.WriteLine(message);
            }

            public abstract record Entity(int Id);

            public interface IRepository<T> where T : Entity
            {
                Task<T?> FindAsync(int id, CancellationToken cancellationToken);
                Task SaveAsync(T entity, CancellationToken cancellationToken);
                IReadOnlyCollection<T> Snapshot();
            }

            public static class Retry
            {
                public static async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> action, int attempts, CancellationToken cancellationToken)
                {
                    for (int attempt = 1; ; attempt++)
                    {
                        try
                        {
                            return await action(cancellationToken).ConfigureAwait(false);
                        }
                        catch (Exception) when (attempt < attempts && !cancellationToken.IsCancellationRequested)
                        {
                            await Task.Delay(TimeSpan.FromMilliseconds(50 * attempt), cancellationToken).ConfigureAwait(false);
                        }
                    }
                }
            }
        }

        """);

    private ulong NextRaw()
    {
        // xorshift64*: tiny, fast and stable across runtimes (System.Random's seeded sequence is not a contract).
        _state ^= _state >> 12;
        _state ^= _state << 25;
        _state ^= _state >> 27;
        return _state * 0x2545F4914F6CDD1DUL;
    }

    private int Next(int minInclusive, int maxExclusive) =>
        minInclusive + (int)(NextRaw() % (ulong)(maxExclusive - minInclusive));

    /// <summary>Writes one namespace block (a record, a repository and a service) of about <paramref name="targetLines"/> lines.</summary>
    private void WriteUnit(StringBuilder sb, int index, int targetLines)
    {
        string noun = Nouns[index % Nouns.Length];
        string item = $"{noun}{index}";
        string repo = $"{noun}Repository{index}";
        string svc = $"{noun}Service{index}";
        int start = SourceFile.CountLines(sb.ToString());

        var w = new Writer(sb);
        w.Line($"namespace Bench.{noun}s{index}");
        w.Open();
        w.Line($"public sealed record {item}(int Id, string Name, decimal Price, DateTime Created, string[] Tags) : Entity(Id);");
        w.Line();
        w.Line($"public sealed class {repo} : IRepository<{item}>");
        w.Open();
        w.Block($$"""
            private readonly Dictionary<int, {{item}}> _items = new();
            private readonly SemaphoreSlim _gate = new(1, 1);
            private readonly string _folder;

            public {{repo}}(string folder) => _folder = folder;

            public async Task<{{item}}?> FindAsync(int id, CancellationToken cancellationToken)
            {
                await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    return _items.TryGetValue(id, out var found) ? found : null;
                }
                finally
                {
                    _gate.Release();
                }
            }

            public async Task SaveAsync({{item}} entity, CancellationToken cancellationToken)
            {
                await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    _items[entity.Id] = entity;
                    string path = Path.Combine(_folder, entity.Id + ".txt");
                    await File.WriteAllTextAsync(path, entity.Name, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    _gate.Release();
                }
            }

            public IReadOnlyCollection<{{item}}> Snapshot() => _items.Values.ToList();
            """);
        w.Close();
        w.Line();
        w.Line($"public sealed class {svc}");
        w.Open();
        w.Block($$"""
            private readonly HttpClient _http;
            private readonly IRepository<{{item}}> _repository;
            private readonly ILog _log;

            public {{svc}}(HttpClient http, IRepository<{{item}}> repository, ILog log)
            {
                _http = http;
                _repository = repository;
                _log = log;
            }

            public event EventHandler? Changed;

            private async Task<{{item}}?> LoadAsync(int id, CancellationToken cancellationToken)
            {
                var cached = await _repository.FindAsync(id, cancellationToken).ConfigureAwait(false);
                if (cached is not null)
                {
                    return cached;
                }
                string json = await _http.GetStringAsync("items/" + id, cancellationToken).ConfigureAwait(false);
                var created = new {{item}}(id, json.Trim(), json.Length, DateTime.UtcNow, json.Split(','));
                await _repository.SaveAsync(created, cancellationToken).ConfigureAwait(false);
                Changed?.Invoke(this, EventArgs.Empty);
                return created;
            }
            """);

        // Closing braces of class and namespace take 2 lines; keep adding members until the unit is full.
        int used() => SourceFile.CountLines(sb.ToString()) - start;
        while (used() < targetLines - 2)
        {
            w.Line();
            if (_misuses < (_lines + used()) / MisuseEveryLines)
            {
                WriteMisuse(w, item);
                _misuses++;
            }
            else
            {
                WriteCleanMember(w, item);
            }
        }
        w.Close();
        w.Close();
        _lines += used();
    }

    private string M(string stem) => $"{stem}{_method++}";

    private void WriteCleanMember(Writer w, string item)
    {
        switch (Next(0, 9))
        {
            case 0:
                w.Block($$"""
                    public async Task<List<{{item}}>> {{M("LoadMany")}}Async(IReadOnlyList<int> ids, CancellationToken cancellationToken)
                    {
                        var results = new List<{{item}}>(ids.Count);
                        foreach (int id in ids)
                        {
                            cancellationToken.ThrowIfCancellationRequested();
                            var loaded = await LoadAsync(id, cancellationToken).ConfigureAwait(false);
                            if (loaded is null)
                            {
                                _log.Write("missing " + id);
                                continue;
                            }
                            results.Add(loaded);
                        }
                        return results;
                    }
                    """);
                break;
            case 1:
                w.Block($$"""
                    public IReadOnlyList<string> {{M("Summarize")}}(decimal threshold)
                    {
                        return _repository.Snapshot()
                            .Where(i => i.Price > threshold && i.Tags.Length > 0)
                            .GroupBy(i => i.Tags[0])
                            .Select(g => new { Tag = g.Key, Total = g.Sum(x => x.Price), Count = g.Count() })
                            .OrderByDescending(x => x.Total)
                            .ThenBy(x => x.Tag, StringComparer.Ordinal)
                            .Select(x => $"{x.Tag}: {x.Count} items, {x.Total}")
                            .ToList();
                    }
                    """);
                break;
            case 2:
                w.Block($$"""
                    public async Task<int> {{M("LoadParallel")}}Async(IEnumerable<int> ids, CancellationToken cancellationToken)
                    {
                        var tasks = ids.Distinct().Select(async id =>
                        {
                            var loaded = await LoadAsync(id, cancellationToken).ConfigureAwait(false);
                            return loaded?.Name.Length ?? 0;
                        });
                        int[] lengths = await Task.WhenAll(tasks).ConfigureAwait(false);
                        return lengths.Sum();
                    }
                    """);
                break;
            case 3:
                w.Block($$"""
                    public async Task<int> {{M("CountLines")}}Async(string path, CancellationToken cancellationToken)
                    {
                        int count = 0;
                        using (var reader = new StreamReader(path))
                        {
                            string? line;
                            while ((line = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false)) is not null)
                            {
                                if (IsData(line))
                                {
                                    count++;
                                }
                            }
                        }
                        return count;

                        static bool IsData(string text) => text.Length > 0 && text[0] != '#';
                    }
                    """);
                break;
            case 4:
                w.Block($$"""
                    public async Task<string> {{M("Download")}}Async(string url, CancellationToken cancellationToken)
                    {
                        using var response = await _http.GetAsync(url, cancellationToken).ConfigureAwait(false);
                        try
                        {
                            response.EnsureSuccessStatusCode();
                            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                            using var reader = new StreamReader(stream, Encoding.UTF8);
                            return await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
                        }
                        catch (HttpRequestException ex)
                        {
                            _log.Write("download failed: " + ex.Message);
                            throw;
                        }
                        finally
                        {
                            _log.Write("download done: " + url);
                        }
                    }
                    """);
                break;
            case 5:
                w.Block($$"""
                    public async Task {{M("Export")}}Async(string path, CancellationToken cancellationToken)
                    {
                        var lines = new List<string>();
                        foreach (var entry in _repository.Snapshot().OrderBy(i => i.Id))
                        {
                            lines.Add(string.Join(";", entry.Id, entry.Name, entry.Price));
                        }
                        await File.WriteAllLinesAsync(path, lines, cancellationToken).ConfigureAwait(false);
                        string[] check = await File.ReadAllLinesAsync(path, cancellationToken).ConfigureAwait(false);
                        if (check.Length != lines.Count)
                        {
                            throw new IOException("short write: " + path);
                        }
                    }
                    """);
                break;
            case 6:
                w.Block($$"""
                    public static async Task<long> {{M("Copy")}}Async(Stream source, Stream destination, CancellationToken cancellationToken)
                    {
                        var buffer = new byte[81920];
                        long total = 0;
                        int read;
                        while ((read = await source.ReadAsync(buffer.AsMemory(0, buffer.Length), cancellationToken).ConfigureAwait(false)) > 0)
                        {
                            await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                            total += read;
                        }
                        await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
                        return total;
                    }
                    """);
                break;
            case 7:
                w.Block($$"""
                    public Task<{{item}}> {{M("LoadWithRetry")}}Async(int id, CancellationToken cancellationToken)
                    {
                        return Retry.RunAsync(async token =>
                        {
                            var loaded = await LoadAsync(id, token).ConfigureAwait(false);
                            return loaded ?? throw new KeyNotFoundException("no item " + id);
                        }, attempts: 3, cancellationToken);
                    }
                    """);
                break;
            default:
                w.Block($$"""
                    public static string {{M("Describe")}}({{item}} entry)
                    {
                        var sb = new StringBuilder();
                        sb.Append(entry.Name).Append(" (").Append(entry.Id).Append(')');
                        string band = entry.Price switch
                        {
                            < 10m => "cheap",
                            < 100m => "regular",
                            _ => "premium",
                        };
                        sb.Append(' ').Append(band);
                        foreach (string tag in entry.Tags.Where(t => !string.IsNullOrWhiteSpace(t)))
                        {
                            sb.Append(" #").Append(tag.Trim());
                        }
                        return sb.ToString();
                    }
                    """);
                break;
        }
    }

    /// <summary>Misuse kinds, in rotation. Each member below contains exactly one of them.</summary>
    public static readonly string[] MisuseKinds =
    {
        "task.Result in sync code", "task.Wait()", "GetAwaiter().GetResult()", "Thread.Sleep in async method",
        "async void method", "unobserved task", "token not forwarded", "sync File I/O in async method",
        "async void lambda", "sync Stream.Read in async method", ".Result in async method",
        "ValueTask awaited twice",
    };

    private void WriteMisuse(Writer w, string item)
    {
        int kind = _misuseKind++ % MisuseKinds.Length;
        switch (kind)
        {
            case 0:
                w.Block($$"""
                    public string {{M("FetchName")}}(int id)
                    {
                        var loaded = LoadAsync(id, CancellationToken.None).Result;
                        return loaded?.Name ?? string.Empty;
                    }
                    """);
                break;
            case 1:
                w.Block($$"""
                    public void {{M("Flush")}}(CancellationToken cancellationToken)
                    {
                        var pending = _repository.Snapshot().Select(i => _repository.SaveAsync(i, cancellationToken)).ToArray();
                        Task.WhenAll(pending).Wait();
                    }
                    """);
                break;
            case 2:
                w.Block($$"""
                    public int {{M("CountRemote")}}(string url)
                    {
                        string body = _http.GetStringAsync(url).GetAwaiter().GetResult();
                        return body.Split('\n').Length;
                    }
                    """);
                break;
            case 3:
                w.Block($$"""
                    public async Task {{M("Poll")}}Async(int id, CancellationToken cancellationToken)
                    {
                        for (int attempt = 0; attempt < 3; attempt++)
                        {
                            if (await LoadAsync(id, cancellationToken).ConfigureAwait(false) is not null)
                            {
                                return;
                            }
                            Thread.Sleep(200);
                        }
                    }
                    """);
                break;
            case 4:
                w.Block($$"""
                    public async void {{M("Refresh")}}(int id)
                    {
                        var loaded = await LoadAsync(id, CancellationToken.None).ConfigureAwait(false);
                        _log.Write("refreshed " + loaded?.Name);
                    }
                    """);
                break;
            case 5:
                w.Block($$"""
                    public void {{M("Touch")}}({{item}} entry, CancellationToken cancellationToken)
                    {
                        _repository.SaveAsync(entry with { Created = DateTime.UtcNow }, cancellationToken);
                        _log.Write("touched " + entry.Id);
                    }
                    """);
                break;
            case 6:
                w.Block($$"""
                    public async Task<string> {{M("Probe")}}Async(string url, CancellationToken cancellationToken)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        await Task.Delay(100).ConfigureAwait(false);
                        return await _http.GetStringAsync(url).ConfigureAwait(false);
                    }
                    """);
                break;
            case 7:
                w.Block($$"""
                    public async Task<int> {{M("Import")}}Async(string path, CancellationToken cancellationToken)
                    {
                        string text = File.ReadAllText(path);
                        int imported = 0;
                        foreach (string name in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                        {
                            await _repository.SaveAsync(new {{item}}(imported, name, 0m, DateTime.UtcNow, Array.Empty<string>()), cancellationToken).ConfigureAwait(false);
                            imported++;
                        }
                        return imported;
                    }
                    """);
                break;
            case 8:
                w.Block($$"""
                    public void {{M("SaveAll")}}(List<{{item}}> entries, CancellationToken cancellationToken)
                    {
                        entries.ForEach(async entry => await _repository.SaveAsync(entry, cancellationToken).ConfigureAwait(false));
                    }
                    """);
                break;
            case 9:
                w.Block($$"""
                    public async Task<int> {{M("Checksum")}}Async(Stream stream, CancellationToken cancellationToken)
                    {
                        var buffer = new byte[4096];
                        int sum = 0;
                        int read;
                        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
                        {
                            for (int i = 0; i < read; i++)
                            {
                                sum = unchecked(sum * 31 + buffer[i]);
                            }
                            await Task.Yield();
                        }
                        cancellationToken.ThrowIfCancellationRequested();
                        return sum;
                    }
                    """);
                break;
            case 10:
                w.Block($$"""
                    public async Task<int> {{M("Total")}}Async(IEnumerable<int> ids, CancellationToken cancellationToken)
                    {
                        var first = LoadAsync(ids.First(), cancellationToken);
                        int total = first.Result?.Name.Length ?? 0;
                        foreach (int id in ids.Skip(1))
                        {
                            total += (await LoadAsync(id, cancellationToken).ConfigureAwait(false))?.Name.Length ?? 0;
                        }
                        return total;
                    }
                    """);
                break;
            default:
                w.Block($$"""
                    public async Task<int> {{M("Measure")}}Async(int id, CancellationToken cancellationToken)
                    {
                        var pending = NameLengthAsync();
                        int first = await pending.ConfigureAwait(false);
                        return first + await pending.ConfigureAwait(false);

                        async ValueTask<int> NameLengthAsync() => (await LoadAsync(id, cancellationToken).ConfigureAwait(false))?.Name.Length ?? 0;
                    }
                    """);
                break;
        }
    }

    /// <summary>Indentation-aware line writer (4 spaces per level).</summary>
    private sealed class Writer
    {
        private readonly StringBuilder _sb;
        private int _depth;

        public Writer(StringBuilder sb) => _sb = sb;

        public void Line(string text = "")
        {
            if (text.Length > 0)
            {
                _sb.Append(' ', _depth * 4).Append(text);
            }
            _sb.Append('\n');
        }

        public void Open()
        {
            Line("{");
            _depth++;
        }

        public void Close()
        {
            _depth--;
            Line("}");
        }

        public void Block(string text)
        {
            foreach (string line in text.Split('\n'))
            {
                Line(line.TrimEnd('\r'));
            }
        }
    }
}
