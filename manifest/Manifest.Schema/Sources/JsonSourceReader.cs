using System.Text;
using System.Text.Json;

namespace Solo5Net.Manifest;

/// <summary>Reads strict JSON (no comments, no trailing commas) into a <see cref="SourceNode"/> tree.</summary>
public static class JsonSourceReader
{
    private const int MaxDepth = 16;

    public static SourceNode Read(string text, string sourceName)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var lines = new LineIndex(bytes);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = MaxDepth });
        try
        {
            if (!reader.Read())
                throw new ManifestSourceException(sourceName, 1, null, "the file holds no manifest");
            var root = ReadValue(ref reader, lines);
            if (reader.Read())
                throw new ManifestSourceException(sourceName, lines.LineOf(reader.TokenStartIndex), null, "invalid JSON: text after the end of the document");
            return root;
        }
        catch (JsonException e)
        {
            var line = (int)(e.LineNumber ?? 0) + 1;
            throw new ManifestSourceException(sourceName, line, null, "invalid JSON: " + WithoutPosition(e.Message));
        }
    }

    private static SourceNode ReadValue(ref Utf8JsonReader reader, LineIndex lines)
    {
        var line = lines.LineOf(reader.TokenStartIndex);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var entries = new List<MappingEntry>();
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var key = reader.GetString()!;
                    var keyLine = lines.LineOf(reader.TokenStartIndex);
                    reader.Read();
                    entries.Add(new MappingEntry(key, keyLine, ReadValue(ref reader, lines)));
                }
                return new MappingNode(line, entries);
            case JsonTokenType.StartArray:
                var items = new List<SourceNode>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    items.Add(ReadValue(ref reader, lines));
                return new SequenceNode(line, items);
            case JsonTokenType.String:
                return new ScalarNode(line, reader.GetString()!, ScalarKind.String);
            case JsonTokenType.Number:
                return new ScalarNode(line, Encoding.UTF8.GetString(reader.ValueSpan), ScalarKind.Number);
            case JsonTokenType.True:
            case JsonTokenType.False:
                return new ScalarNode(line, reader.GetBoolean() ? "true" : "false", ScalarKind.Boolean);
            default:
                return new ScalarNode(line, "null", ScalarKind.Null);
        }
    }

    private static string WithoutPosition(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (cut >= 0 ? message[..cut] : message).Trim();
    }

    /// <summary>Maps a byte offset to its 1-based line.</summary>
    private sealed class LineIndex
    {
        private readonly List<long> _lineStarts = [0];

        public LineIndex(ReadOnlySpan<byte> text)
        {
            for (var i = 0; i < text.Length; i++)
                if (text[i] == (byte)'\n') _lineStarts.Add(i + 1);
        }

        public int LineOf(long offset)
        {
            var index = _lineStarts.BinarySearch(offset);
            return (index >= 0 ? index : ~index - 1) + 1;
        }
    }
}
