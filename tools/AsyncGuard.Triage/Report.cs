using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace AsyncGuard.Triage;

/// <summary>Counts over a set of findings with the verdicts that apply to them.</summary>
public sealed class Stats
{
    public int Diagnostics;
    public int Right;
    public int Wrong;
    public int Debatable;

    public int Judged => Right + Wrong + Debatable;

    public string Precision => Right + Wrong == 0 ? "–" : Percent((double)Right / (Right + Wrong));

    public string DebatableShare => Judged == 0 ? "–" : Percent((double)Debatable / Judged);

    public static string Percent(double x) => (100 * x).ToString("0", CultureInfo.InvariantCulture) + "%";

    public static Stats Of(IEnumerable<Finding> findings, Verdicts verdicts)
    {
        var s = new Stats();
        foreach (Finding f in findings)
        {
            s.Diagnostics++;
            if (verdicts.ByKey.TryGetValue(f.Key, out Verdict? v))
            {
                switch (v.Value)
                {
                    case "right": s.Right++; break;
                    case "wrong": s.Wrong++; break;
                    default: s.Debatable++; break;
                }
            }
        }
        return s;
    }

    public string Row() => $"{Diagnostics} | {Judged} | {Right} | {Wrong} | {Debatable} | {Precision} | {DebatableShare}";

    public const string Columns = "diagnostics | judged | right | wrong | debatable | precision | debatable share";
    public const string Align = "---:|---:|---:|---:|---:|---:|---:";
}

public static class Report
{
    /// <summary>Writes summary.md, one AGxxxx.md per rule (with context), unjudged.tsv; returns the summary text.</summary>
    public static string WriteAll(string dir, string tag, IReadOnlyList<Finding> findings, Verdicts verdicts, bool includeOff)
    {
        Directory.CreateDirectory(dir);
        foreach (string old in Directory.GetFiles(dir, "AG*.md"))
        {
            File.Delete(old);
        }
        var shown = findings.Where(f => includeOff || f.DefaultOn).ToList();
        foreach (var rule in shown.GroupBy(f => f.Rule))
        {
            File.WriteAllText(Path.Combine(dir, rule.Key + ".md"), RuleFile(tag, rule.Key, rule.ToList(), verdicts));
        }
        using (var w = new StreamWriter(Path.Combine(dir, "unjudged.tsv")))
        {
            w.WriteLine("# Unjudged findings: copy lines into your verdict file and fill in right|wrong|debatable and a reason.");
            foreach (Finding f in shown.Where(f => !verdicts.ByKey.ContainsKey(f.Key)))
            {
                w.WriteLine($"{f.Key}\t?\t{f.Repo}/{f.File}:{f.Line}");
            }
        }
        string summary = Summary(tag, shown, verdicts);
        File.WriteAllText(Path.Combine(dir, "summary.md"), summary);
        return summary;
    }

    public static string Summary(string tag, IReadOnlyList<Finding> findings, Verdicts verdicts)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"# AsyncGuard triage: {tag}");
        sb.AppendLine();
        sb.AppendLine($"Verdicts: {verdicts.ByKey.Count} keys from {verdicts.Files.Count} files.");
        foreach (string p in verdicts.Problems)
        {
            sb.AppendLine($"- verdict problem: {p}");
        }
        sb.AppendLine();
        sb.AppendLine("## Per rule");
        sb.AppendLine();
        sb.AppendLine($"| rule | {Stats.Columns} | unjudged |");
        sb.AppendLine($"|---|{Stats.Align}|---:|");
        foreach (var g in findings.GroupBy(f => f.Rule).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            Stats s = Stats.Of(g, verdicts);
            sb.AppendLine($"| {g.Key}{(g.First().DefaultOn ? "" : " (off)")} | {s.Row()} | {s.Diagnostics - s.Judged} |");
        }
        Stats all = Stats.Of(findings.Where(f => f.DefaultOn), verdicts);
        sb.AppendLine($"| **default-on** | {all.Row()} | {all.Diagnostics - all.Judged} |");
        foreach (var k in findings.Where(f => f.DefaultOn).GroupBy(f => f.Kind).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            Stats s = Stats.Of(k, verdicts);
            sb.AppendLine($"| default-on, {k.Key} | {s.Row()} | {s.Diagnostics - s.Judged} |");
        }
        sb.AppendLine();
        sb.AppendLine("## Per repository and rule");
        sb.AppendLine();
        sb.AppendLine($"| repository | rule | {Stats.Columns} |");
        sb.AppendLine($"|---|---|{Stats.Align}|");
        foreach (var g in findings.GroupBy(f => (f.Repo, f.Rule)).OrderBy(g => g.Key.Repo, StringComparer.Ordinal).ThenBy(g => g.Key.Rule, StringComparer.Ordinal))
        {
            sb.AppendLine($"| {g.Key.Repo} | {g.Key.Rule} | {Stats.Of(g, verdicts).Row()} |");
        }
        sb.AppendLine();

        // Judged keys of the repositories in this run that no longer appear: wrong ones gone are fixed noise,
        // right ones gone are lost recall.
        var present = new HashSet<string>(findings.Select(f => f.Key), StringComparer.Ordinal);
        var repos = new HashSet<string>(findings.Select(f => f.Repo), StringComparer.Ordinal);
        var rules = new HashSet<string>(findings.Select(f => f.Rule), StringComparer.Ordinal);
        var gone = verdicts.ByKey.Values
            .Where(v => !present.Contains(v.Key))
            .Where(v => v.Key.Split('|') is { Length: >= 2 } p && repos.Contains(p[1]))
            .OrderBy(v => v.Key, StringComparer.Ordinal).ToList();
        sb.AppendLine("## Judged findings no longer reported");
        sb.AppendLine();
        sb.AppendLine($"wrong gone: {gone.Count(v => v.Value == "wrong")}, debatable gone: {gone.Count(v => v.Value == "debatable")}, " +
                      $"**right gone (lost recall): {gone.Count(v => v.Value == "right")}**");
        foreach (Verdict v in gone.Where(v => v.Value == "right"))
        {
            sb.AppendLine($"- right gone: `{v.Key}` ({v.Reason})");
        }
        sb.AppendLine();
        sb.AppendLine("## Unjudged");
        sb.AppendLine();
        foreach (var g in findings.Where(f => !verdicts.ByKey.ContainsKey(f.Key)).GroupBy(f => f.Rule).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            sb.AppendLine($"- {g.Key}: {g.Count()} ({string.Join(", ", g.GroupBy(f => f.Repo).Select(r => $"{r.Key} {r.Count()}"))})");
        }
        return sb.ToString();
    }

    private static string RuleFile(string tag, string rule, List<Finding> findings, Verdicts verdicts)
    {
        Stats s = Stats.Of(findings, verdicts);
        var sb = new StringBuilder();
        sb.AppendLine($"# {rule} on the corpus ({tag})");
        sb.AppendLine();
        sb.AppendLine($"{s.Diagnostics} findings; judged {s.Judged}: right {s.Right}, wrong {s.Wrong}, debatable {s.Debatable}; precision {s.Precision}. " +
                      "Unjudged first in each repository. Paths are under /work/corpus/src/<repo>/.");
        sb.AppendLine();
        foreach (var repo in findings.GroupBy(f => f.Repo).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            sb.AppendLine($"## {repo.Key} ({repo.Count()})");
            sb.AppendLine();
            foreach (Finding f in repo.OrderBy(f => verdicts.ByKey.ContainsKey(f.Key) ? 1 : 0).ThenBy(f => f.File, StringComparer.Ordinal).ThenBy(f => f.Line))
            {
                verdicts.ByKey.TryGetValue(f.Key, out Verdict? v);
                sb.AppendLine($"### [{v?.Value ?? "unjudged"}] {f.Repo}/{f.File}:{f.Line}:{f.Column} — {f.Member}");
                sb.AppendLine();
                sb.AppendLine($"key: `{f.Key}`  ");
                sb.AppendLine($"message: {f.Message}");
                if (v is not null)
                {
                    sb.AppendLine($"verdict: **{v.Value}** — {v.Reason} ({v.Source})");
                }
                sb.AppendLine();
                sb.AppendLine("```csharp");
                sb.Append(f.Context);
                sb.AppendLine("```");
                sb.AppendLine();
            }
        }
        return sb.ToString();
    }

    /// <summary>The markdown tables of docs/accuracy.md: default-on rules, before (optional) and after.</summary>
    public static string Ledger(string tag, IReadOnlyList<Finding> after, Verdicts verdicts, string? beforeTag, IReadOnlyList<Finding>? before)
    {
        var sb = new StringBuilder();
        after = after.Where(f => f.DefaultOn).ToList();
        before = before?.Where(f => f.DefaultOn).ToList();
        void RuleTable(string title, IReadOnlyList<Finding> fs)
        {
            sb.AppendLine($"### {title}");
            sb.AppendLine();
            sb.AppendLine($"| rule | {Stats.Columns} |");
            sb.AppendLine($"|---|{Stats.Align}|");
            foreach (var g in fs.GroupBy(f => f.Rule).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                sb.AppendLine($"| {g.Key} | {Stats.Of(g, verdicts).Row()} |");
            }
            foreach (var k in fs.GroupBy(f => f.Kind).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                sb.AppendLine($"| *all, {k.Key} code* | {Stats.Of(k, verdicts).Row()} |");
            }
            sb.AppendLine($"| **all** | {Stats.Of(fs, verdicts).Row()} |");
            sb.AppendLine();
        }
        if (before is not null)
        {
            RuleTable($"Before: {beforeTag}", before);
        }
        RuleTable(before is null ? $"Findings: {tag}" : $"After: {tag}", after);

        sb.AppendLine($"### Per repository and rule: {tag}");
        sb.AppendLine();
        if (before is not null)
        {
            sb.AppendLine("| repository | kind | rule | diagnostics before | precision before | " + Stats.Columns + " |");
            sb.AppendLine("|---|---|---|---:|---:|" + Stats.Align + "|");
        }
        else
        {
            sb.AppendLine("| repository | kind | rule | " + Stats.Columns + " |");
            sb.AppendLine("|---|---|---|" + Stats.Align + "|");
        }
        var keys = after.Select(f => (f.Repo, f.Kind, f.Rule)).Concat(before?.Select(f => (f.Repo, f.Kind, f.Rule)) ?? Enumerable.Empty<(string, string, string)>())
            .Distinct().OrderBy(k => k.Item1, StringComparer.Ordinal).ThenBy(k => k.Item3, StringComparer.Ordinal);
        foreach (var (repo, kind, rule) in keys)
        {
            Stats a = Stats.Of(after.Where(f => f.Repo == repo && f.Rule == rule), verdicts);
            if (before is not null)
            {
                Stats b = Stats.Of(before.Where(f => f.Repo == repo && f.Rule == rule), verdicts);
                sb.AppendLine($"| {repo} | {kind} | {rule} | {b.Diagnostics} | {b.Precision} | {a.Row()} |");
            }
            else
            {
                sb.AppendLine($"| {repo} | {kind} | {rule} | {a.Row()} |");
            }
        }
        sb.AppendLine();
        return sb.ToString();
    }
}
