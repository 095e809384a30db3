using System.Globalization;
using Solo5Net.Abi;

namespace Solo5Net.Manifest;

public enum ManifestSourceFormat
{
    /// <summary>Solo5Net's YAML: version, devices (PCI_BASIC with match and dma); "type" optional.</summary>
    Yaml,
    /// <summary>Solo5's manifest.json: type, version and devices all required (PCI_BASIC fields allowed too).</summary>
    Json,
}

/// <summary>
/// Turns a parsed source tree into a <see cref="ManifestModel"/>, stopping at the first problem
/// with a message naming file, line and field.
/// </summary>
public sealed class ManifestValidator
{
    public const string ManifestType = "solo5.manifest";

    /// <summary>The largest dma a PCI_BASIC device may ask for.</summary>
    public const ulong MaxDmaSize = 4UL << 30;

    private static readonly string[] RootKeys = ["type", "version", "devices"];
    private static readonly string[] DeviceKeys = ["name", "type", "match", "dma", "dma_bits"];
    private static readonly string[] MatchKeys = ["vendor", "device", "class", "subclass"];

    private readonly string _source;
    private readonly ManifestSourceFormat _format;

    private ManifestValidator(string sourceName, ManifestSourceFormat format)
    {
        _source = sourceName;
        _format = format;
    }

    public static ManifestModel Validate(SourceNode root, string sourceName, ManifestSourceFormat format) =>
        new ManifestValidator(sourceName, format).ReadRoot(root);

    private ManifestModel ReadRoot(SourceNode root)
    {
        var map = Mapping(root, null, "the manifest must be a mapping with keys version and devices");
        var keys = Keys(map, null, RootKeys);
        if (_format == ManifestSourceFormat.Json)
            foreach (var required in RootKeys)
                if (!keys.ContainsKey(required))
                    throw Error(map.Line, required, "required key is missing");

        if (keys.TryGetValue("type", out var type))
        {
            var text = Text(type.Value, "type");
            if (text != ManifestType) throw Error(type.Value.Line, "type", $"must be \"{ManifestType}\", not \"{text}\"");
        }

        if (!keys.TryGetValue("version", out var version))
            throw Error(map.Line, "version", "required key is missing");
        if (version.Value is ScalarNode { Kind: ScalarKind.String })
            throw Error(version.Value.Line, "version", "must be the integer 1, not a string");
        var v = Integer(version.Value, "version", "must be the integer 1");
        if (v != MftLayout.Version) throw Error(version.Value.Line, "version", $"unsupported version {v}, expected {MftLayout.Version}");

        var devices = new List<DeviceDeclaration>();
        if (keys.TryGetValue("devices", out var list) && !IsEmptyPlain(list.Value))
        {
            if (list.Value is not SequenceNode sequence)
                throw Error(list.Value.Line, "devices", "must be a list of devices");
            var firstLine = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < sequence.Items.Count; i++)
            {
                if (i == MftLayout.MaxDevices)
                    throw Error(sequence.Items[i].Line, "devices", $"too many entries, maximum {MftLayout.MaxDevices}");
                var device = ReadDevice(sequence.Items[i], $"devices[{i}]");
                if (firstLine.TryGetValue(device.Name, out var earlier))
                    throw Error(NameLine(sequence.Items[i]), $"devices[{i}].name", $"'{device.Name}' is already declared on line {earlier}");
                firstLine[device.Name] = NameLine(sequence.Items[i]);
                devices.Add(device);
            }
        }
        return new ManifestModel(_source, devices);
    }

    private DeviceDeclaration ReadDevice(SourceNode node, string path)
    {
        var map = Mapping(node, path, "must be a mapping with keys name and type");
        var keys = Keys(map, path, DeviceKeys);

        if (!keys.TryGetValue("name", out var nameEntry)) throw Error(map.Line, path + ".name", "required key is missing");
        var name = Text(nameEntry.Value, path + ".name");
        CheckName(name, nameEntry.Value.Line, path + ".name");

        if (!keys.TryGetValue("type", out var typeEntry)) throw Error(map.Line, path + ".type", "required key is missing");
        var typeName = Text(typeEntry.Value, path + ".type");
        var type = MftDeviceType.Parse(typeName)
            ?? throw Error(typeEntry.Value.Line, path + ".type", $"unknown device type '{typeName}' (expected BLOCK_BASIC, NET_BASIC or PCI_BASIC)");

        var match = PciMatch.Any;
        ulong dma = 0;
        if (keys.TryGetValue("match", out var matchEntry))
        {
            RequirePci(type, matchEntry, path + ".match");
            match = ReadMatch(matchEntry.Value, path + ".match");
        }
        if (keys.TryGetValue("dma", out var dmaEntry))
        {
            RequirePci(type, dmaEntry, path + ".dma");
            dma = ReadDma(dmaEntry.Value, path + ".dma");
        }
        byte dmaBits = 0;
        if (keys.TryGetValue("dma_bits", out var bitsEntry))
        {
            RequirePci(type, bitsEntry, path + ".dma_bits");
            dmaBits = ReadDmaBits(bitsEntry.Value, path + ".dma_bits");
        }
        return new DeviceDeclaration(name, type, map.Line) { Match = match, DmaMin = dma, DmaBits = dmaBits };
    }

    private void CheckName(string name, int line, string field)
    {
        if (name.Length == 0) throw Error(line, field, "must not be empty");
        if (name.Length > MftLayout.MaxNameLength)
            throw Error(line, field, $"'{name}' is {name.Length} characters long, maximum {MftLayout.MaxNameLength}");
        if (!name.All(char.IsAsciiLetterOrDigit))
            throw Error(line, field, $"'{name}' may contain only letters and digits (A-Z, a-z, 0-9)");
    }

    private void RequirePci(uint type, MappingEntry entry, string field)
    {
        if (type != MftDeviceType.PciBasic)
            throw Error(entry.Line, field, $"only PCI_BASIC devices take '{entry.Key}'");
    }

    private PciMatch ReadMatch(SourceNode node, string path)
    {
        var map = Mapping(node, path, "must be a mapping with keys vendor, device, class, subclass");
        var keys = Keys(map, path, MatchKeys);
        return new PciMatch(
            Vendor: (ushort?)MatchValue(keys, "vendor", path, 0xFFFF),
            Device: (ushort?)MatchValue(keys, "device", path, 0xFFFF),
            Class: (byte?)MatchValue(keys, "class", path, 0xFF),
            Subclass: (byte?)MatchValue(keys, "subclass", path, 0xFF));
    }

    private ulong? MatchValue(Dictionary<string, MappingEntry> keys, string key, string path, ulong max)
    {
        if (!keys.TryGetValue(key, out var entry)) return null;
        var field = $"{path}.{key}";
        var expected = max == 0xFF ? "must be an integer from 0x00 to 0xFF, or any" : "must be an integer from 0x0000 to 0xFFFF, or any";
        if (entry.Value is ScalarNode { Kind: ScalarKind.Plain or ScalarKind.String, Text: "any" }) return null;
        var value = Integer(entry.Value, field, expected);
        if (value > max) throw Error(entry.Value.Line, field, $"0x{value:X} is out of range: {expected}");
        return value;
    }

    private ulong ReadDma(SourceNode node, string field)
    {
        const string expected = "must be a size such as 4096, 64K, 10M or 1G";
        if (node is not ScalarNode { Kind: ScalarKind.Plain or ScalarKind.String or ScalarKind.Number } scalar)
            throw Error(node.Line, field, expected);
        if (!SourceNumbers.TryParseSize(scalar.Text, out var bytes))
            throw Error(node.Line, field, $"'{scalar.Text}' {expected}");
        if (bytes > MaxDmaSize)
            throw Error(node.Line, field, $"{scalar.Text} exceeds the maximum of {SourceNumbers.FormatSize(MaxDmaSize)}");
        return bytes;
    }

    private byte ReadDmaBits(SourceNode node, string field)
    {
        var expected = $"must be the device's DMA address width in bits, an integer from {HvtMftPciBasic.MinDmaBits} to {HvtMftPciBasic.MaxDmaBits}";
        var value = Integer(node, field, expected);
        if (value is < HvtMftPciBasic.MinDmaBits or > HvtMftPciBasic.MaxDmaBits)
            throw Error(node.Line, field, $"{value} is out of range: {expected}");
        return (byte)value;
    }

    private MappingNode Mapping(SourceNode node, string? field, string problem) =>
        node as MappingNode ?? throw Error(node.Line, field, problem);

    /// <summary>The keys of a mapping, rejecting duplicates and keys not in <paramref name="allowed"/>.</summary>
    private Dictionary<string, MappingEntry> Keys(MappingNode map, string? path, string[] allowed)
    {
        var keys = new Dictionary<string, MappingEntry>(StringComparer.Ordinal);
        foreach (var entry in map.Entries)
        {
            var field = path is null ? entry.Key : $"{path}.{entry.Key}";
            if (!allowed.Contains(entry.Key))
                throw Error(entry.Line, field, $"unknown key (expected {string.Join(", ", allowed)})");
            if (!keys.TryAdd(entry.Key, entry))
                throw Error(entry.Line, field, $"duplicate key (first on line {keys[entry.Key].Line})");
        }
        return keys;
    }

    private string Text(SourceNode node, string field)
    {
        if (node is ScalarNode { Kind: ScalarKind.String } s) return s.Text;
        if (_format == ManifestSourceFormat.Yaml && node is ScalarNode { Kind: ScalarKind.Plain } p) return p.Text;
        throw Error(node.Line, field, "must be a string");
    }

    private ulong Integer(SourceNode node, string field, string expected)
    {
        if (node is ScalarNode { Kind: ScalarKind.Plain or ScalarKind.Number or ScalarKind.String } s
            && SourceNumbers.TryParseInteger(s.Text, out var value))
            return value;
        var shown = node is ScalarNode scalar ? $"'{scalar.Text}' " : "";
        throw Error(node.Line, field, shown + expected);
    }

    private static bool IsEmptyPlain(SourceNode node) =>
        node is ScalarNode { Kind: ScalarKind.Plain } s && (s.Text.Length == 0 || s.Text is "~" or "null");

    private static int NameLine(SourceNode device) =>
        device is MappingNode map ? map.Entries.FirstOrDefault(e => e.Key == "name")?.Value.Line ?? map.Line : device.Line;

    private ManifestSourceException Error(int line, string? field, string problem) => new(_source, line, field, problem);
}
