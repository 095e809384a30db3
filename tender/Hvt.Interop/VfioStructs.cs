using System.Runtime.InteropServices;

namespace Solo5Net.Interop;

// Blittable layouts of the Linux VFIO uapi (include/uapi/linux/vfio.h). Each starts with argsz,
// which the caller sets to the size it provides; the kernel may ask for more (capability chains).

[StructLayout(LayoutKind.Explicit, Size = 8)]
internal struct VfioGroupStatusRaw
{
    [FieldOffset(0)] public uint ArgSz;
    [FieldOffset(4)] public uint Flags;
}

[StructLayout(LayoutKind.Explicit, Size = 16)]
internal struct VfioDeviceInfoRaw
{
    [FieldOffset(0)] public uint ArgSz;
    [FieldOffset(4)] public uint Flags;
    [FieldOffset(8)] public uint NumRegions;
    [FieldOffset(12)] public uint NumIrqs;
}

[StructLayout(LayoutKind.Explicit, Size = 32)]
internal struct VfioRegionInfoRaw
{
    [FieldOffset(0)] public uint ArgSz;
    [FieldOffset(4)] public uint Flags;
    [FieldOffset(8)] public uint Index;
    [FieldOffset(12)] public uint CapOffset;
    [FieldOffset(16)] public ulong Size;
    [FieldOffset(24)] public ulong Offset;
}

[StructLayout(LayoutKind.Explicit, Size = 16)]
internal struct VfioIrqInfoRaw
{
    [FieldOffset(0)] public uint ArgSz;
    [FieldOffset(4)] public uint Flags;
    [FieldOffset(8)] public uint Index;
    [FieldOffset(12)] public uint Count;
}

/// <summary>Header of struct vfio_irq_set; the data (here: int eventfds) follows at offset 20.</summary>
[StructLayout(LayoutKind.Explicit, Size = 20)]
internal struct VfioIrqSetHeaderRaw
{
    [FieldOffset(0)] public uint ArgSz;
    [FieldOffset(4)] public uint Flags;
    [FieldOffset(8)] public uint Index;
    [FieldOffset(12)] public uint Start;
    [FieldOffset(16)] public uint Count;
}

[StructLayout(LayoutKind.Explicit, Size = 32)]
internal struct VfioDmaMapRaw
{
    [FieldOffset(0)] public uint ArgSz;
    [FieldOffset(4)] public uint Flags;
    [FieldOffset(8)] public ulong Vaddr;
    [FieldOffset(16)] public ulong Iova;
    [FieldOffset(24)] public ulong Size;
}

[StructLayout(LayoutKind.Explicit, Size = 24)]
internal struct VfioDmaUnmapRaw
{
    [FieldOffset(0)] public uint ArgSz;
    [FieldOffset(4)] public uint Flags;
    [FieldOffset(8)] public ulong Iova;
    [FieldOffset(16)] public ulong Size;
}

/// <summary>Flags of VFIO_DEVICE_GET_REGION_INFO (and vfio-user's DEVICE_GET_REGION_INFO).</summary>
[Flags]
public enum VfioRegionFlags : uint
{
    None = 0, Read = 1, Write = 2, Mmap = 4, Caps = 8,
}

/// <summary>One mmap-able part of a region (sparse-mmap capability), offsets relative to the region.</summary>
public readonly record struct VfioSparseArea(ulong Offset, ulong Size);

/// <summary>A device region: BAR 0–5, ROM 6, config space 7, VGA 8. <paramref name="Offset"/> is the
/// file offset of the region in the device fd (pread/pwrite/mmap). <paramref name="SparseAreas"/> is
/// null when the whole region is mmap-able (if <see cref="VfioRegionFlags.Mmap"/>), else the only
/// mmap-able parts.</summary>
public sealed record VfioRegionInfo(uint Index, VfioRegionFlags Flags, ulong Size, ulong Offset,
    IReadOnlyList<VfioSparseArea>? SparseAreas)
{
    /// <summary>The parts of the region that may be mmap'd (empty if none).</summary>
    public IReadOnlyList<VfioSparseArea> MappableAreas =>
        (Flags & VfioRegionFlags.Mmap) == 0 || Size == 0 ? []
        : SparseAreas ?? [new VfioSparseArea(0, Size)];
}

public readonly record struct VfioDeviceInfo(uint Flags, uint NumRegions, uint NumIrqs)
{
    public bool SupportsReset => (Flags & 1) != 0;
    public bool IsPci => (Flags & 2) != 0;
}

public readonly record struct VfioIrqInfo(uint Index, uint Flags, uint Count)
{
    public bool SupportsEventfd => (Flags & 1) != 0;
    public bool AutoMasked => (Flags & 4) != 0;
}
