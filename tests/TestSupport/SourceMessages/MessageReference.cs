using System.Text.RegularExpressions;

namespace Solo5Net.TestSupport.SourceMessages;

/// <summary>A document's table of messages: each row whose first cell is a code span is an entry,
/// the message written out with a placeholder (NAME, N, …) for each value.</summary>
public static partial class MessageReference
{
    // The first cell of a table row, a code span: | `text` | or | ``text with a ` in it`` |
    [GeneratedRegex(@"^\|\s*(?:``\s?(?<text>.+?)\s?``|`(?<text>[^`]+)`)\s*\|")]
    public static partial Regex EntryCell();

    /// <summary>The entries among <paramref name="lines"/>, with their line numbers counted from <paramref name="firstLine"/>.</summary>
    public static List<(int Line, string Text)> Entries(IEnumerable<string> lines, int firstLine = 1) =>
        lines.Select((line, i) => (Line: firstLine + i, Match: EntryCell().Match(line)))
            .Where(e => e.Match.Success)
            .Select(e => (e.Line, e.Match.Groups["text"].Value))
            .ToList();

    /// <summary>The messages no entry documents.</summary>
    public static List<string> Undocumented(IEnumerable<SourceMessage> messages, IReadOnlyList<(int Line, string Text)> entries) =>
        messages.Where(m => !entries.Any(e => m.IsDocumentedBy(e.Text))).Select(m => m.ToString()).ToList();

    /// <summary>The entries of <paramref name="document"/> that match none of the messages.</summary>
    public static List<string> Stale(string document, IReadOnlyList<(int Line, string Text)> entries, IReadOnlyList<SourceMessage> messages) =>
        entries.Where(e => !messages.Any(m => m.IsDocumentedBy(e.Text))).Select(e => $"{document}:{e.Line}: {e.Text}").ToList();
}
