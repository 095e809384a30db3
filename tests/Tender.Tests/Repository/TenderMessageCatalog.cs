using System.Text;
using System.Text.RegularExpressions;

namespace Solo5Net.Tests.Tender.Repository;

/// <summary>One line the tender can print, as the source builds it: literal text and holes (the
/// interpolated or concatenated values), with the place it comes from.</summary>
public sealed record TenderMessage(string File, int Line, IReadOnlyList<string?> Parts)
{
    /// <summary>The literal parts with "…" for each hole: what a reader recognises.</summary>
    public string Skeleton => string.Concat(Parts.Select(p => p ?? "…"));

    /// <summary>Letters of literal text: a message made only of holes and punctuation ("{a}: {b}")
    /// is a prefix wrapper, documented as a rule rather than as an entry.</summary>
    public int LiteralLetters => Parts.Where(p => p != null).Sum(p => p!.Count(char.IsLetter));

    /// <summary>Matches a documented entry: the literal parts in order, each hole standing for any text
    /// (the entry writes a placeholder such as NAME or N there).</summary>
    public bool IsDocumentedBy(string entry) =>
        Regex.IsMatch(entry, "^" + string.Concat(Parts.Select(p => p == null ? ".*?" : Regex.Escape(p))) + "$", RegexOptions.Singleline);

    public override string ToString() => $"{File}:{Line}: {Skeleton}";
}

/// <summary>
/// Collects the tender's user-facing messages from its source: the message argument of every
/// exception type the tender prints as it is (<see cref="PrintedExceptions"/>), of a target-typed
/// <c>new(…)</c> of one, and of every report call (<c>Warn</c>, <c>Report</c>, a report delegate's
/// <c>Invoke</c>), constants resolved, ternaries split, multi-line messages split into lines; also
/// every literal line a StringBuilder appends with a newline. A small C# literal reader: string,
/// verbatim and interpolated literals, holes with nested strings and braces.
/// </summary>
public static partial class TenderMessageCatalog
{
    /// <summary>Exceptions whose message reaches stderr as "hvt-tender: MESSAGE" (or after a prefix).
    /// SystemCallException ("CALL: ERRNAME (N)") and other .NET exceptions ("internal error: …") are
    /// documented as two general forms instead.</summary>
    public static readonly string[] PrintedExceptions =
    [
        "TenderException", "InvalidOptionException", "PciException", "GuestAccessException", "PciAccessRefusedException",
        "ElfFormatException", "ManifestInvalidException", "ManifestException",
        "VfioUserException", "VfioUserProtocolException", "VfioUserTimeoutException",
    ];

    /// <summary>The source the tender is built from, where its messages are made: the tender and its
    /// modules, the image reader of Manifest.Schema, and the vfio-user client's protocol library.</summary>
    public static readonly string[] SourceFolders =
    [
        "tender/Hvt.Core", "tender/Hvt.Tender", "tender/Hvt.Modules.Block", "tender/Hvt.Modules.Net",
        "tender/Hvt.Modules.Pci", "tender/Hvt.Modules.Dumpcore",
        "manifest/Manifest.Schema/Elf", "manifest/Manifest.Schema/Notes", "manifest/Manifest.Schema/Binary",
        "devices/VfioUser.Protocol",
    ];

    /// <summary>Files whose messages the tender cannot print: they write manifests (solo5-manifest gen) or serve devices.</summary>
    public static readonly string[] NotTenderFiles =
    [
        "manifest/Manifest.Schema/Notes/Solo5NoteEncoder.cs",
        "manifest/Manifest.Schema/Notes/Solo5NoteKind.cs",          // note names, not messages
        "tender/Hvt.Core/Security/SeccompPolicy.cs",                // system call names, not messages
        "tender/Hvt.Tender/CommandLine/Usage.cs",                   // the --help text (docs/tender.md)
    ];

    [GeneratedRegex(@"\bnew\s+(\w+)\s*\(|\bnew\s*\((?=\s*\$?@?"")|\b(Warn|warn|Report|Invoke|base)\s*\(|\.Append\s*\((?=\s*\$?@?"")|\bwarning\s*=(?!=)")]
    private static partial Regex Trigger();

    [GeneratedRegex(@"\bconst\s+string\s+(\w+)\s*=")]
    private static partial Regex ConstDeclaration();

    public static List<TenderMessage> Collect(string root)
    {
        var files = SourceFolders
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(root, folder), "*.cs", SearchOption.AllDirectories))
            .Select(path => Path.GetRelativePath(root, path).Replace('\\', '/'))
            .Where(file => !file.Contains("/obj/") && !file.Contains("/bin/") && !NotTenderFiles.Contains(file))
            .Order(StringComparer.Ordinal).ToList();
        var texts = files.ToDictionary(f => f, f => File.ReadAllText(Path.Combine(root, f)));
        var constants = new Dictionary<string, string>();
        foreach (var (_, text) in texts)
            foreach (Match m in ConstDeclaration().Matches(text))
                constants.TryAdd(m.Groups[1].Value, CodeText.UpToStatementEnd(text, m.Index + m.Length));

        var messages = new List<TenderMessage>();
        foreach (var (file, text) in texts)
            messages.AddRange(CollectFile(file, text, constants));
        return messages;
    }

    public static List<TenderMessage> CollectFile(string file, string text, IReadOnlyDictionary<string, string> constants)
    {
        var code = new CodeText(text);
        var found = new List<TenderMessage>();
        foreach (Match m in Trigger().Matches(text))
        {
            if (code.IsInsideLiteralOrComment(m.Index)) continue;
            var arguments = m.Value.EndsWith('=')
                ? [CodeText.UpToStatementEnd(text, m.Index + m.Length)]     // "warning = …": a message kept for later
                : CodeText.Arguments(text, m.Index + m.Value.LastIndexOf('('));
            if (arguments.Count == 0) continue;
            string argument;
            bool appendLine = false;
            if (m.Groups[1].Success)
            {
                var type = m.Groups[1].Value;
                if (!PrintedExceptions.Contains(type) && type != "StringBuilder") continue;
                // VfioUserException(command, errno, detail): the detail is the third argument.
                if (type == "VfioUserException")
                {
                    if (arguments.Count < 3) continue;
                    argument = arguments[2];
                }
                else argument = arguments[0];
            }
            else if (m.Value.StartsWith(".Append", StringComparison.Ordinal)) { argument = arguments[0]; appendLine = true; }
            else argument = arguments[0];

            int line = text.AsSpan(0, m.Index).Count('\n') + 1;
            foreach (var alternative in Alternatives(argument.Trim(), constants))
            {
                if (alternative.All(p => p == null)) continue;       // no literal at all: a variable passed on
                if (appendLine && !alternative.Any(p => p != null && p.EndsWith('\n'))) continue;
                foreach (var lineParts in SplitLines(alternative))
                    found.Add(new TenderMessage(file, line, lineParts));
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

/// <summary>A C# literal read from source: its text parts and holes.</summary>
public sealed record CodeLiteral(int Length, List<string?> Parts);

/// <summary>Just enough of C#'s lexical rules to find arguments and read string literals.</summary>
public sealed class CodeText
{
    private readonly bool[] _inert;   // true inside a literal or comment

    public CodeText(string text)
    {
        _inert = new bool[text.Length];
        for (int i = 0; i < text.Length;)
        {
            int end = SkipInert(text, i);
            if (end == i) { i++; continue; }
            for (int j = i; j < end && j < text.Length; j++) _inert[j] = true;
            i = end;
        }
    }

    public bool IsInsideLiteralOrComment(int index) => _inert[index];

    /// <summary>Where a literal or comment starting at <paramref name="i"/> ends (i itself if none starts there).</summary>
    public static int SkipInert(string text, int i)
    {
        if (i + 1 < text.Length && text[i] == '/' && text[i + 1] == '/')
        {
            int nl = text.IndexOf('\n', i);
            return nl < 0 ? text.Length : nl;
        }
        if (i + 1 < text.Length && text[i] == '/' && text[i + 1] == '*')
        {
            int close = text.IndexOf("*/", i + 2, StringComparison.Ordinal);
            return close < 0 ? text.Length : close + 2;
        }
        if (text[i] == '\'')
        {
            int j = i + 1;
            while (j < text.Length && text[j] != '\'') j += text[j] == '\\' ? 2 : 1;
            return Math.Min(j + 1, text.Length);
        }
        if (text[i] is '"' or '$' or '@' && TryReadLiteral(text, i, out var literal)) return i + literal.Length;
        return i;
    }

    /// <summary>Reads a "…", @"…", $"…" or $@"…" literal at the start of <paramref name="text"/>.</summary>
    public static bool TryReadLiteral(string text, out CodeLiteral literal) => TryReadLiteral(text, 0, out literal);

    /// <summary>Reads a literal starting at <paramref name="start"/>; its Length counts from there.</summary>
    public static bool TryReadLiteral(string text, int start, out CodeLiteral literal)
    {
        literal = new CodeLiteral(0, []);
        int i = start;
        bool interpolated = false, verbatim = false;
        while (i < text.Length && i < start + 2 && text[i] is '$' or '@')
        {
            if (text[i] == '$') interpolated = true; else verbatim = true;
            i++;
        }
        if (i >= text.Length || text[i] != '"') return false;
        if (i + 2 < text.Length && text[i + 1] == '"' && text[i + 2] == '"') return false;   // raw literals: not used for messages
        i++;
        var parts = new List<string?>();
        var current = new StringBuilder();
        while (i < text.Length)
        {
            char c = text[i];
            if (c == '"')
            {
                if (verbatim && i + 1 < text.Length && text[i + 1] == '"') { current.Append('"'); i += 2; continue; }
                i++;
                if (current.Length > 0) parts.Add(current.ToString());
                literal = new CodeLiteral(i - start, parts);
                return true;
            }
            if (c == '\\' && !verbatim && i + 1 < text.Length)
            {
                current.Append(text[i + 1] switch { 'n' => '\n', 't' => '\t', '0' => '\0', 'r' => '\r', var other => other });
                i += 2;
                continue;
            }
            if (interpolated && c == '{')
            {
                if (i + 1 < text.Length && text[i + 1] == '{') { current.Append('{'); i += 2; continue; }
                if (current.Length > 0) { parts.Add(current.ToString()); current.Clear(); }
                parts.Add(null);
                i = SkipHole(text, i);
                continue;
            }
            if (interpolated && c == '}' && i + 1 < text.Length && text[i + 1] == '}') { current.Append('}'); i += 2; continue; }
            if (c == '\n' && !verbatim) return false;
            current.Append(c);
            i++;
        }
        return false;
    }

    /// <summary>The index after the hole "{…}" starting at <paramref name="open"/>: nested braces, parentheses and literals skipped.</summary>
    private static int SkipHole(string text, int open)
    {
        int depth = 0;
        for (int i = open; i < text.Length;)
        {
            int skipped = i > open ? SkipInert(text, i) : i;
            if (skipped != i) { i = skipped; continue; }
            char c = text[i];
            if (c is '{' or '(' or '[') depth++;
            else if (c is '}' or ')' or ']') { depth--; if (depth == 0) return i + 1; }
            i++;
        }
        return text.Length;
    }

    /// <summary>The expression from <paramref name="start"/> to the first ';' outside literals and brackets.</summary>
    public static string UpToStatementEnd(string text, int start)
    {
        int depth = 0;
        for (int i = start; i < text.Length;)
        {
            int skipped = SkipInert(text, i);
            if (skipped != i) { i = skipped; continue; }
            char c = text[i];
            if (c is '(' or '[' or '{') depth++;
            else if (c is ')' or ']' or '}') depth--;
            else if (c == ';' && depth <= 0) return text[start..i];
            i++;
        }
        return text[start..];
    }

    /// <summary>The top-level arguments of the call whose '(' is at <paramref name="open"/>.</summary>
    public static List<string> Arguments(string text, int open)
    {
        int depth = 0;
        for (int i = open; i < text.Length;)
        {
            int skipped = SkipInert(text, i);
            if (skipped != i) { i = skipped; continue; }
            char c = text[i];
            if (c is '(' or '[' or '{') depth++;
            else if (c is ')' or ']' or '}')
            {
                depth--;
                if (depth == 0) return SplitTopLevel(text[(open + 1)..i], ',').Where(a => a.Trim().Length > 0).ToList();
            }
            i++;
        }
        return [];
    }

    /// <summary><paramref name="expression"/> split at <paramref name="separator"/> outside brackets and literals.</summary>
    public static List<string> SplitTopLevel(string expression, char separator)
    {
        var pieces = new List<string>();
        int depth = 0, start = 0;
        for (int i = 0; i < expression.Length;)
        {
            int skipped = SkipInert(expression, i);
            if (skipped != i) { i = skipped; continue; }
            char c = expression[i];
            if (c is '(' or '[' or '{') depth++;
            else if (c is ')' or ']' or '}') depth--;
            else if (c == separator && depth == 0)
            {
                pieces.Add(expression[start..i]);
                start = i + 1;
            }
            i++;
        }
        pieces.Add(expression[start..]);
        return pieces;
    }

    /// <summary>The two branches of a top-level "c ? a : b" (null if there is none; "??" and "?." are not one).</summary>
    public static string[]? SplitConditional(string expression)
    {
        int depth = 0, question = -1, nested = 0;
        for (int i = 0; i < expression.Length;)
        {
            int skipped = SkipInert(expression, i);
            if (skipped != i) { i = skipped; continue; }
            char c = expression[i];
            if (c is '(' or '[' or '{') depth++;
            else if (c is ')' or ']' or '}') depth--;
            else if (depth == 0 && c == '?')
            {
                bool notConditional = i + 1 < expression.Length && expression[i + 1] is '?' or '.' or '['
                    || i > 0 && expression[i - 1] == '?';
                if (!notConditional)
                {
                    if (question < 0) question = i; else nested++;
                }
            }
            else if (depth == 0 && c == ':' && question >= 0)
            {
                if (nested > 0) nested--;
                else return [expression[(question + 1)..i], expression[(i + 1)..]];
            }
            i++;
        }
        return null;
    }
}
