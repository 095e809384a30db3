namespace Solo5Net.DevEmu.Virtio;

/// <summary>Feature bits (docs/virtio-net.md §2): device-independent ones from bit 24 up, the net
/// device's below. Only the bits the model knows are named.</summary>
public static class VirtioFeatures
{
    public const ulong NetMtu = 1UL << 3;
    public const ulong NetMac = 1UL << 5;
    public const ulong NetStatus = 1UL << 16;
    public const ulong RingIndirectDescriptors = 1UL << 28;
    public const ulong RingEventIndex = 1UL << 29;
    public const ulong Version1 = 1UL << 32;
    public const ulong AccessPlatform = 1UL << 33;

    /// <summary>What the virtio-net model offers unless told otherwise.</summary>
    public const ulong NetDefault = Version1 | AccessPlatform | NetMac | NetMtu | NetStatus;

    private static readonly (string Name, ulong Bit)[] Names =
        [("version-1", Version1), ("access-platform", AccessPlatform), ("mac", NetMac), ("mtu", NetMtu), ("status", NetStatus)];

    /// <summary>Parses a comma-separated list of feature names (e.g. "version-1,mac"), each one the
    /// model can offer; FormatException naming the culprit otherwise.</summary>
    public static ulong Parse(string text)
    {
        ulong features = 0;
        foreach (var name in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var match = Names.FirstOrDefault(n => n.Name == name);
            if (match.Name is null)
                throw new FormatException($"invalid --features '{text}': unknown feature '{name}' (known: {string.Join(',', Names.Select(n => n.Name))})");
            features |= match.Bit;
        }
        return features;
    }
}
