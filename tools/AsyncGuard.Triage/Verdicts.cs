using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace AsyncGuard.Triage;

public sealed record Verdict(string Key, string Value, string Reason, string Source);

/// <summary>
/// Hand verdicts: every *.tsv of the given folders, one "key TAB right|wrong|debatable TAB reason" a line
/// (lines starting with '#' and blank lines are skipped). A key has one verdict: a second, different one is a conflict.
/// </summary>
public sealed class Verdicts
{
    public static readonly string[] Values = { "right", "wrong", "debatable" };

    public Dictionary<string, Verdict> ByKey { get; } = new(StringComparer.Ordinal);
    public List<string> Problems { get; } = new();
    public List<string> Files { get; } = new();

    public static Verdicts Load(IEnumerable<string> folders)
    {
        var v = new Verdicts();
        foreach (string folder in folders.Distinct())
        {
            if (!Directory.Exists(folder))
            {
                continue;
            }
            foreach (string file in Directory.GetFiles(folder, "*.tsv").OrderBy(f => f, StringComparer.Ordinal))
            {
                v.Files.Add(file);
                int n = 0;
                foreach (string raw in File.ReadLines(file))
                {
                    n++;
                    string line = raw.TrimEnd('\r');
                    if (line.Length == 0 || line.StartsWith('#') || line.StartsWith("key\t", StringComparison.Ordinal))
                    {
                        continue;
                    }
                    string[] f = line.Split('\t');
                    string value = f.Length > 1 ? f[1].Trim().ToLowerInvariant() : string.Empty;
                    if (f.Length < 2 || !Values.Contains(value))
                    {
                        v.Problems.Add($"{file}:{n}: expected 'key<TAB>right|wrong|debatable<TAB>reason'");
                        continue;
                    }
                    var verdict = new Verdict(f[0].Trim(), value, f.Length > 2 ? f[2].Trim() : string.Empty, $"{Path.GetFileName(file)}:{n}");
                    if (v.ByKey.TryGetValue(verdict.Key, out Verdict? earlier))
                    {
                        if (earlier.Value != verdict.Value)
                        {
                            v.Problems.Add($"conflict for {verdict.Key}: {earlier.Value} ({earlier.Source}) vs {verdict.Value} ({verdict.Source}); first kept");
                        }
                        continue;
                    }
                    v.ByKey.Add(verdict.Key, verdict);
                }
            }
        }
        return v;
    }
}
