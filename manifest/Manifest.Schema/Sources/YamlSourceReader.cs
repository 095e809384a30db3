using System.Diagnostics.CodeAnalysis;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Solo5Net.Manifest;

/// <summary>Reads YAML text (one document, no anchors or aliases) into a <see cref="SourceNode"/> tree.</summary>
public sealed class YamlSourceReader
{
    /// <summary>Far deeper than any manifest; bounds the recursion on hostile input.</summary>
    private const int MaxDepth = 32;

    private readonly IParser _parser;
    private readonly string _sourceName;
    private int _line = 1;   // of the last event read: where a parser failure without a position is reported

    private YamlSourceReader(string text, string sourceName)
    {
        _parser = new Parser(new StringReader(text));
        _sourceName = sourceName;
    }

    public static SourceNode Read(string text, string sourceName) => new YamlSourceReader(text, sourceName).ReadStream();

    private SourceNode ReadStream()
    {
        try
        {
            Consume<StreamStart>();
            if (TryConsume<StreamEnd>(out _))
                throw Error("the file holds no manifest");
            Consume<DocumentStart>();
            var root = ReadNode(0);
            Consume<DocumentEnd>();
            if (TryConsume<DocumentStart>(out _))
                throw Error("only one YAML document is allowed");
            Consume<StreamEnd>();
            return root;
        }
        catch (YamlException e)
        {
            throw new ManifestSourceException(_sourceName, (int)Math.Max(1, e.Start.Line), null, "invalid YAML: " + OneLine(e.Message));
        }
        catch (Exception e) when (e is not ManifestException)
        {
            // YamlDotNet's scanner fails on some malformed input with exceptions of its own state checks.
            throw Error("invalid YAML: " + OneLine(e.Message));
        }
    }

    private SourceNode ReadNode(int depth)
    {
        if (depth > MaxDepth)
            throw Error($"nesting deeper than {MaxDepth} levels");
        if (TryConsume<Scalar>(out var scalar))
        {
            RejectAnchor(scalar);
            var kind = scalar.Style is ScalarStyle.Plain ? ScalarKind.Plain : ScalarKind.String;
            return new ScalarNode(_line, scalar.Value, kind);
        }
        if (TryConsume<SequenceStart>(out var sequenceStart))
        {
            RejectAnchor(sequenceStart);
            var line = _line;
            var items = new List<SourceNode>();
            while (!TryConsume<SequenceEnd>(out _))
                items.Add(ReadNode(depth + 1));
            return new SequenceNode(line, items);
        }
        if (TryConsume<MappingStart>(out var mappingStart))
        {
            RejectAnchor(mappingStart);
            var line = _line;
            var entries = new List<MappingEntry>();
            while (!TryConsume<MappingEnd>(out _))
            {
                var key = ReadNode(depth + 1);
                if (key is not ScalarNode keyScalar)
                    throw new ManifestSourceException(_sourceName, key.Line, null, "mapping keys must be plain names");
                entries.Add(new MappingEntry(keyScalar.Text, keyScalar.Line, ReadNode(depth + 1)));
            }
            return new MappingNode(line, entries);
        }
        Consume<ParsingEvent>();
        throw Error("YAML aliases are not supported");
    }

    private void RejectAnchor(NodeEvent node)
    {
        if (!node.Anchor.IsEmpty) throw Error("YAML anchors are not supported");
    }

    private bool TryConsume<T>([NotNullWhen(true)] out T? parsed) where T : ParsingEvent
    {
        if (!_parser.TryConsume<T>(out var found))
        {
            parsed = null;
            return false;
        }
        parsed = found;
        _line = (int)found.Start.Line;
        return true;
    }

    private void Consume<T>() where T : ParsingEvent => _line = (int)_parser.Consume<T>().Start.Line;

    private ManifestSourceException Error(string problem) => new(_sourceName, _line, null, problem);

    private static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).Trim();
}
