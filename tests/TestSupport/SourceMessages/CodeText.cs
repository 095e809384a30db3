using System.Text;

namespace Solo5Net.TestSupport.SourceMessages;

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

    /// <summary>Each character of code from <paramref name="start"/> on (literals and comments
    /// skipped), with the bracket depth once it is counted: an opening bracket is yielded at its
    /// inner depth, a closing one at its outer depth. <paramref name="literalAtStart"/> false
    /// takes the first character as code even where a literal could start.</summary>
    private static IEnumerable<(int Index, char Char, int Depth)> Code(string text, int start, bool literalAtStart = true)
    {
        int depth = 0;
        for (int i = start; i < text.Length;)
        {
            int skipped = literalAtStart || i > start ? SkipInert(text, i) : i;
            if (skipped != i) { i = skipped; continue; }
            char c = text[i];
            if (c is '(' or '[' or '{') depth++;
            else if (IsClosing(c)) depth--;
            yield return (i, c, depth);
            i++;
        }
    }

    private static bool IsClosing(char c) => c is ')' or ']' or '}';

    /// <summary>The index after the hole "{…}" starting at <paramref name="open"/>: nested braces, parentheses and literals skipped.</summary>
    private static int SkipHole(string text, int open)
    {
        foreach (var (i, c, depth) in Code(text, open, literalAtStart: false))
            if (IsClosing(c) && depth == 0) return i + 1;
        return text.Length;
    }

    /// <summary>The expression from <paramref name="start"/> to the first ';' outside literals and brackets.</summary>
    public static string UpToStatementEnd(string text, int start)
    {
        foreach (var (i, c, depth) in Code(text, start))
            if (c == ';' && depth <= 0) return text[start..i];
        return text[start..];
    }

    /// <summary>The top-level arguments of the call whose '(' is at <paramref name="open"/>.</summary>
    public static List<string> Arguments(string text, int open)
    {
        foreach (var (i, c, depth) in Code(text, open))
            if (IsClosing(c) && depth == 0)
                return SplitTopLevel(text[(open + 1)..i], ',').Where(a => a.Trim().Length > 0).ToList();
        return [];
    }

    /// <summary><paramref name="expression"/> split at <paramref name="separator"/> outside brackets and literals.</summary>
    public static List<string> SplitTopLevel(string expression, char separator)
    {
        var pieces = new List<string>();
        int start = 0;
        foreach (var (i, c, depth) in Code(expression, 0))
        {
            if (c != separator || depth != 0) continue;
            pieces.Add(expression[start..i]);
            start = i + 1;
        }
        pieces.Add(expression[start..]);
        return pieces;
    }

    /// <summary>The two branches of a top-level "c ? a : b" (null if there is none; "??" and "?." are not one).</summary>
    public static string[]? SplitConditional(string expression)
    {
        int question = -1, nested = 0;
        foreach (var (i, c, depth) in Code(expression, 0))
        {
            if (depth != 0) continue;
            if (c == '?')
            {
                bool notConditional = i + 1 < expression.Length && expression[i + 1] is '?' or '.' or '['
                    || i > 0 && expression[i - 1] == '?';
                if (!notConditional)
                {
                    if (question < 0) question = i; else nested++;
                }
            }
            else if (c == ':' && question >= 0)
            {
                if (nested > 0) nested--;
                else return [expression[(question + 1)..i], expression[(i + 1)..]];
            }
        }
        return null;
    }
}
