namespace Solo5Net.Manifest;

/// <summary>A manifest source file is malformed: "file:line: field: problem".</summary>
public sealed class ManifestSourceException : ManifestException
{
    public string SourceName { get; }
    public int Line { get; }
    public string? Field { get; }
    public string Problem { get; }

    public ManifestSourceException(string sourceName, int line, string? field, string problem)
        : base(field is null ? $"{sourceName}:{line}: {problem}" : $"{sourceName}:{line}: {field}: {problem}")
    {
        SourceName = sourceName;
        Line = line;
        Field = field;
        Problem = problem;
    }
}
