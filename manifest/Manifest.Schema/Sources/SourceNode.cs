namespace Solo5Net.Manifest;

/// <summary>
/// A manifest source file parsed into a small tree that remembers the line of every node, so
/// validation can name file, line and field whatever the syntax (YAML or JSON).
/// </summary>
public abstract record SourceNode(int Line);

public enum ScalarKind
{
    /// <summary>A YAML plain (unquoted) scalar: could be text or a number.</summary>
    Plain,
    /// <summary>A quoted YAML scalar or a JSON string.</summary>
    String,
    /// <summary>A JSON number.</summary>
    Number,
    /// <summary>A JSON true/false.</summary>
    Boolean,
    /// <summary>A JSON null.</summary>
    Null,
}

public sealed record ScalarNode(int Line, string Text, ScalarKind Kind) : SourceNode(Line);

public sealed record SequenceNode(int Line, IReadOnlyList<SourceNode> Items) : SourceNode(Line);

public sealed record MappingEntry(string Key, int Line, SourceNode Value);

/// <summary>A mapping with its keys in file order; duplicates are kept so validation can report them.</summary>
public sealed record MappingNode(int Line, IReadOnlyList<MappingEntry> Entries) : SourceNode(Line);
