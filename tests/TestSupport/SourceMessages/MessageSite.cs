namespace Solo5Net.TestSupport.SourceMessages;

/// <summary>A place in the source where a message is made: the expression that builds it, the text
/// the printed line puts before it, and whether only its lines that end in a newline count (a
/// StringBuilder's Append: the rest of such a line comes later).</summary>
public sealed record MessageSite(string Expression, string Prefix = "", bool WholeLinesOnly = false);
