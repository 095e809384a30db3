using System.Text.RegularExpressions;

namespace Solo5Net.Tests.Tender.Repository;

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
        "tender/Hvt.Modules.Pci", "tender/Hvt.Modules.Dumpcore", "tender/Hvt.Modules.Gdb", "tender/Hvt.Modules.Instructions",
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
