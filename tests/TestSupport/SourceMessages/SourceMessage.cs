using System.Text.RegularExpressions;

namespace Solo5Net.TestSupport.SourceMessages;

/// <summary>One line a program can print, as its source builds it: literal text and holes (the
/// interpolated or concatenated values), with the place it comes from.</summary>
public sealed record SourceMessage(string File, int Line, IReadOnlyList<string?> Parts)
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
