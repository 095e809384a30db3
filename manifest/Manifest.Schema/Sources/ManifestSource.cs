namespace Solo5Net.Manifest;

/// <summary>Entry point for manifest source files: YAML (.yaml, .yml) or Solo5's manifest.json (.json).</summary>
public static class ManifestSource
{
    /// <summary>Files larger than this are not manifests (63 devices fit in a few KiB).</summary>
    public const long MaxFileSize = 1 << 20;

    /// <summary>Reads and validates a source file; the format follows from its extension.</summary>
    public static ManifestModel Load(string path)
    {
        var format = FormatOf(path);
        string text;
        try
        {
            var info = new FileInfo(path);
            if (info.Exists && info.Length > MaxFileSize)
                throw new ManifestException($"{path}: file is larger than {MaxFileSize} bytes, not a manifest");
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ManifestException($"{path}: Could not open: {e.Message}");
        }
        return Parse(text, path, format);
    }

    public static ManifestModel Parse(string text, string sourceName, ManifestSourceFormat format)
    {
        var root = format == ManifestSourceFormat.Json
            ? JsonSourceReader.Read(text, sourceName)
            : YamlSourceReader.Read(text, sourceName);
        return ManifestValidator.Validate(root, sourceName, format);
    }

    public static ManifestSourceFormat FormatOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".yaml" or ".yml" => ManifestSourceFormat.Yaml,
        ".json" => ManifestSourceFormat.Json,
        _ => throw new ManifestException($"{path}: unknown manifest format (expected a .yaml, .yml or .json file)"),
    };
}
