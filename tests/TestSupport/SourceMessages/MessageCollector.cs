using System.Text.RegularExpressions;

namespace Solo5Net.TestSupport.SourceMessages;

/// <summary>
/// Collects a program's messages from its source files. <c>trigger</c> finds the places where a
/// message may be made (outside literals and comments): a call whose '(' ends the match, or an
/// assignment whose '=' ends it; <c>siteOf</c> picks the message among that call's arguments (null:
/// no message there). The message's possible texts follow from the expression: constants resolved,
/// the branches of a top-level conditional each a text, any other operand a hole, and a multi-line
/// text one message per line.
/// </summary>
public sealed partial class MessageCollector(Regex trigger, Func<Match, IReadOnlyList<string>, MessageSite?> siteOf)
{
    [GeneratedRegex(@"\bconst\s+string\s+(\w+)\s*=")]
    private static partial Regex ConstDeclaration();

    /// <summary>The C# files below <paramref name="folders"/> (relative to <paramref name="root"/>, in
    /// ordinal order, build outputs and <paramref name="excluded"/> left out), as paths relative to root.</summary>
    public static List<string> SourceFiles(string root, IEnumerable<string> folders, IEnumerable<string> excluded) =>
        folders.SelectMany(folder => Directory.EnumerateFiles(Path.Combine(root, folder), "*.cs", SearchOption.AllDirectories))
            .Select(path => Path.GetRelativePath(root, path).Replace('\\', '/'))
            .Where(file => !file.Contains("/obj/") && !file.Contains("/bin/") && !excluded.Contains(file))
            .Order(StringComparer.Ordinal).ToList();

    /// <summary>The messages of <paramref name="files"/> (relative to <paramref name="root"/>), with the
    /// string constants of all of them resolved.</summary>
    public List<SourceMessage> Collect(string root, IEnumerable<string> files)
    {
        var texts = files.ToDictionary(f => f, f => File.ReadAllText(Path.Combine(root, f)));
        var constants = new Dictionary<string, string>();
        foreach (var (_, text) in texts)
            foreach (Match m in ConstDeclaration().Matches(text))
                constants.TryAdd(m.Groups[1].Value, CodeText.UpToStatementEnd(text, m.Index + m.Length));
        return texts.SelectMany(t => CollectFile(t.Key, t.Value, constants)).ToList();
    }

    public List<SourceMessage> CollectFile(string file, string text, IReadOnlyDictionary<string, string> constants)
    {
        var code = new CodeText(text);
        var found = new List<SourceMessage>();
        foreach (Match m in trigger.Matches(text))
        {
            if (code.IsInsideLiteralOrComment(m.Index)) continue;
            var arguments = m.Value.EndsWith('=')
                ? [CodeText.UpToStatementEnd(text, m.Index + m.Length)]     // "x = …": a message kept for later
                : CodeText.Arguments(text, m.Index + m.Value.LastIndexOf('('));
            if (arguments.Count == 0 || siteOf(m, arguments) is not { } site) continue;
            int line = text.AsSpan(0, m.Index).Count('\n') + 1;
            foreach (var alternative in Alternatives(site.Expression.Trim(), constants))
            {
                if (alternative.All(p => p == null)) continue;       // no literal at all: a variable passed on
                if (site.WholeLinesOnly && !alternative.Any(p => p != null && p.EndsWith('\n'))) continue;
                var parts = site.Prefix.Length == 0 ? alternative : Merge([site.Prefix, .. alternative]);
                foreach (var lineParts in SplitLines(parts))
                    found.Add(new SourceMessage(file, line, lineParts));
            }
        }
        return found;
    }

    /// <summary>The message's possible texts: one, or one per branch of a top-level conditional.</summary>
    private static IEnumerable<List<string?>> Alternatives(string expression, IReadOnlyDictionary<string, string> constants)
    {
        var branches = CodeText.SplitConditional(expression);
        if (branches != null)
        {
            foreach (var branch in branches)
                foreach (var alternative in Alternatives(branch.Trim(), constants))
                    yield return alternative;
            yield break;
        }
        yield return Parts(expression, constants, depth: 0);
    }

    /// <summary>A concatenation of literals and other expressions as literal parts and holes.</summary>
    private static List<string?> Parts(string expression, IReadOnlyDictionary<string, string> constants, int depth)
    {
        var parts = new List<string?>();
        foreach (var operand in CodeText.SplitTopLevel(expression, '+'))
        {
            var term = operand.Trim();
            if (CodeText.TryReadLiteral(term, out var literal) && literal.Length == term.Length)
                parts.AddRange(literal.Parts);
            else if (depth < 4 && constants.TryGetValue(LastIdentifier(term), out var value) && IsIdentifier(term))
                parts.AddRange(Parts(value.Trim(), constants, depth + 1));
            else
                parts.Add(null);
        }
        return Merge(parts);
    }

    private static string LastIdentifier(string term) => term[(term.LastIndexOf('.') + 1)..];

    private static bool IsIdentifier(string term) => term.Length > 0 && term.All(c => char.IsLetterOrDigit(c) || c is '_' or '.');

    private static IEnumerable<List<string?>> SplitLines(List<string?> parts)
    {
        var current = new List<string?>();
        foreach (var part in parts)
        {
            if (part == null) { current.Add(null); continue; }
            var pieces = part.Split('\n');
            for (int i = 0; i < pieces.Length; i++)
            {
                if (i > 0)
                {
                    if (current.Count > 0) yield return Merge(current);
                    current = [];
                }
                if (pieces[i].Length > 0) current.Add(pieces[i]);
            }
        }
        if (current.Count > 0) yield return Merge(current);
    }

    private static List<string?> Merge(List<string?> parts)
    {
        var merged = new List<string?>();
        foreach (var part in parts)
        {
            if (merged.Count > 0 && part == null && merged[^1] == null) continue;
            if (merged.Count > 0 && part != null && merged[^1] != null) merged[^1] += part;
            else merged.Add(part);
        }
        return merged;
    }
}
