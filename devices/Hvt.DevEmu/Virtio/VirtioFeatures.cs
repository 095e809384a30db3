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
}
