using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace AsyncGuard.Triage;

/// <summary>
/// One diagnostic on corpus code. <see cref="Key"/> is stable across analyzer versions and rebuilds of the same
/// corpus commit: rule | repo | repo-relative file | enclosing member | hash of the whitespace-normalised line text
/// (plus "#n" for the n-th identical one in the same member). Keys and verdicts may be committed; code may not.
/// </summary>
public sealed class Finding
{
    public required string Rule { get; init; }
    public required string Repo { get; init; }
    public required string Kind { get; init; }
    public required string Project { get; init; }
    public required string File { get; init; }
    public required int Line { get; init; }
    public required int Column { get; init; }
    public required string Member { get; init; }
    public required string LineHash { get; init; }
    public string Key { get; set; } = string.Empty;
    public required string Message { get; init; }
    public required bool DefaultOn { get; init; }
    /// <summary>Lines around the diagnostic, the diagnostic's line marked with "&gt;". Never committed.</summary>
    public required string Context { get; init; }

    public string BaseKey => $"{Rule}|{Repo}|{File}|{Member}|{LineHash}";

    public static string Header => "key\trule\trepo\tkind\tproject\tfile\tline\tcolumn\tmember\tdefault_on\tmessage\tcontext";

    public string ToTsv() => string.Join('\t', Key, Rule, Repo, Kind, Project, File, Line, Column, Member, DefaultOn ? "1" : "0",
        Escape(Message), Escape(Context));

    public static Finding FromTsv(string line)
    {
        string[] f = line.Split('\t');
        string[] keyParts = f[0].Split('|');
        return new Finding
        {
            Key = f[0], Rule = f[1], Repo = f[2], Kind = f[3], Project = f[4], File = f[5],
            Line = int.Parse(f[6]), Column = int.Parse(f[7]), Member = f[8], DefaultOn = f[9] == "1",
            Message = Unescape(f[10]), Context = Unescape(f[11]),
            LineHash = keyParts.Length > 4 ? keyParts[4].Split('#')[0] : string.Empty,
        };
    }

    private static string Escape(string s) => s.Replace("\\", "\\\\").Replace("\t", "\\t").Replace("\r", "").Replace("\n", "\\n");

    private static string Unescape(string s)
    {
        var sb = new StringBuilder(s.Length);
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] == '\\' && i + 1 < s.Length)
            {
                char c = s[++i];
                sb.Append(c switch { 'n' => '\n', 't' => '\t', _ => c });
            }
            else
            {
                sb.Append(s[i]);
            }
        }
        return sb.ToString();
    }

    /// <summary>Builds findings from one project's diagnostics (deduplication and "#n" keys are done over the whole run).</summary>
    public static IEnumerable<Finding> From(IEnumerable<Diagnostic> diagnostics, string repo, string kind, string project,
        string repoRoot, IReadOnlyDictionary<string, DiagnosticDescriptor> descriptors, int contextLines)
    {
        foreach (Diagnostic d in diagnostics)
        {
            Location location = d.Location;
            SyntaxTree? tree = location.SourceTree;
            if (tree is null || !location.IsInSource)
            {
                yield return new Finding
                {
                    Rule = d.Id, Repo = repo, Kind = kind, Project = project, File = "", Line = 0, Column = 0,
                    Member = "", LineHash = Hash(d.GetMessage()), Message = d.GetMessage(),
                    DefaultOn = descriptors.TryGetValue(d.Id, out var dd0) && dd0.IsEnabledByDefault, Context = "",
                };
                continue;
            }
            SourceText text = tree.GetText();
            LinePosition start = location.GetLineSpan().StartLinePosition;
            string lineText = text.Lines[start.Line].ToString();
            SyntaxNode node = tree.GetRoot().FindNode(location.SourceSpan, getInnermostNodeForTie: true);
            var context = new StringBuilder();
            int from = Math.Max(0, start.Line - contextLines), to = Math.Min(text.Lines.Count - 1, start.Line + contextLines);
            for (int i = from; i <= to; i++)
            {
                context.Append(i == start.Line ? "> " : "  ").Append((i + 1).ToString().PadLeft(5)).Append("  ")
                    .Append(text.Lines[i].ToString().TrimEnd()).Append('\n');
            }
            yield return new Finding
            {
                Rule = d.Id, Repo = repo, Kind = kind, Project = project, File = Relative(tree.FilePath, repoRoot),
                Line = start.Line + 1, Column = start.Character + 1, Member = EnclosingMember(node),
                LineHash = Hash(lineText), Message = d.GetMessage(),
                DefaultOn = descriptors.TryGetValue(d.Id, out var dd) && dd.IsEnabledByDefault,
                Context = context.ToString(),
            };
        }
    }

    /// <summary>Drops the same diagnostic seen from several projects or target frameworks and assigns the keys.</summary>
    public static List<Finding> Dedupe(IEnumerable<Finding> findings)
    {
        var result = findings
            .GroupBy(f => (f.Rule, f.Repo, f.File, f.Line, f.Column, f.Message))
            .Select(g => g.First())
            .OrderBy(f => f.Rule, StringComparer.Ordinal).ThenBy(f => f.Repo, StringComparer.Ordinal)
            .ThenBy(f => f.File, StringComparer.Ordinal).ThenBy(f => f.Line).ThenBy(f => f.Column)
            .ToList();
        foreach (var group in result.GroupBy(f => f.BaseKey))
        {
            int n = 0;
            foreach (Finding f in group)
            {
                f.Key = ++n == 1 ? f.BaseKey : f.BaseKey + "#" + n;
            }
        }
        return result;
    }

    public static string Hash(string lineText)
    {
        string normalised = Regex.Replace(lineText, @"\s+", " ").Trim();
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(normalised));
        return Convert.ToHexString(hash, 0, 4).ToLowerInvariant();
    }

    private static string Relative(string path, string repoRoot)
    {
        string full = path;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (ArgumentException)
        {
        }
        return full.StartsWith(repoRoot + "/", StringComparison.Ordinal) ? full.Substring(repoRoot.Length + 1) : path.Replace('\\', '/');
    }

    /// <summary>Type(s) and member that contain the node, e.g. "ServerSession.ReceiveReplyAsync"; lambdas and local functions belong to their member.</summary>
    public static string EnclosingMember(SyntaxNode node)
    {
        string? member = null;
        var types = new List<string>();
        foreach (SyntaxNode a in node.AncestorsAndSelf())
        {
            if (member is null)
            {
                member = a switch
                {
                    MethodDeclarationSyntax m => m.Identifier.ValueText,
                    ConstructorDeclarationSyntax c => c.Modifiers.Any(SyntaxKind.StaticKeyword) ? ".cctor" : ".ctor",
                    DestructorDeclarationSyntax => "Finalize",
                    PropertyDeclarationSyntax p => p.Identifier.ValueText,
                    IndexerDeclarationSyntax => "this[]",
                    EventDeclarationSyntax e => e.Identifier.ValueText,
                    OperatorDeclarationSyntax o => "operator " + o.OperatorToken.ValueText,
                    ConversionOperatorDeclarationSyntax c => "operator " + c.Type,
                    BaseFieldDeclarationSyntax f => string.Join(",", f.Declaration.Variables.Select(v => v.Identifier.ValueText)),
                    EnumMemberDeclarationSyntax e => e.Identifier.ValueText,
                    GlobalStatementSyntax => "<top-level>",
                    _ => null,
                };
            }
            switch (a)
            {
                case BaseTypeDeclarationSyntax t:
                    // C# 14 extension blocks have no name of their own.
                    types.Add(t.Identifier.ValueText.Length == 0 ? "extension" : t.Identifier.ValueText);
                    break;
                case DelegateDeclarationSyntax dd:
                    types.Add(dd.Identifier.ValueText);
                    break;
            }
        }
        types.Reverse();
        string type = string.Join(".", types);
        return member is null ? type : type.Length == 0 ? member : type + "." + member;
    }

    public static List<Finding> Read(string path)
        => !System.IO.File.Exists(path)
            ? new List<Finding>()
            : System.IO.File.ReadLines(path).Skip(1).Where(l => l.Length > 0).Select(FromTsv).ToList();

    public static void Write(string path, IEnumerable<Finding> findings)
    {
        using var w = new StreamWriter(path);
        w.WriteLine(Header);
        foreach (Finding f in findings)
        {
            w.WriteLine(f.ToTsv());
        }
    }
}
