namespace Solo5Net.DevEmu.Virtio;

/// <summary>
/// The split virtqueue's two rings (docs/virtio-net.md §4), all little-endian. Driver area (avail
/// ring, 2-byte aligned): flags le16, idx le16, ring[size] le16 (heads of chains). Device area
/// (used ring, 4-byte aligned): flags le16, idx le16, ring[size] of { id le32, len le32 }.
/// The event-index fields after each ring exist only with RING_EVENT_IDX, which the model does not offer.
/// </summary>
public static class VirtqLayout
{
    public const int FlagsOffset = 0, IndexOffset = 2, RingOffset = 4;
    public const int AvailEntrySize = 2, UsedEntrySize = 8;
    public const ushort AvailNoInterrupt = 1;
    public const ushort UsedNoNotify = 1;
    public const int MaxQueueSize = 32768;
    public const int DescriptorAlignment = 16, AvailAlignment = 2, UsedAlignment = 4;

    public static ulong AvailEntry(ulong driverArea, int slot) => driverArea + RingOffset + (ulong)(slot * AvailEntrySize);

    public static ulong UsedEntry(ulong deviceArea, int slot) => deviceArea + RingOffset + (ulong)(slot * UsedEntrySize);

    public static ulong DescriptorTableBytes(int size) => (ulong)size * VirtqDescriptor.Size;

    public static ulong AvailRingBytes(int size) => RingOffset + (ulong)size * AvailEntrySize;

    public static ulong UsedRingBytes(int size) => RingOffset + (ulong)size * UsedEntrySize;
}
