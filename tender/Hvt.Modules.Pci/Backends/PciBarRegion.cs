namespace Solo5Net.Hvt.Modules.Pci.Backends;

/// <summary>A device BAR as the backend sees it: its size, kind, and which parts may be mmap'd
/// (offsets relative to the BAR; everything else is trapped and forwarded).</summary>
public sealed record PciBarRegion(int Index, ulong Size, bool IsIo, bool Is64Bit, bool Prefetchable,
    IReadOnlyList<(ulong Offset, ulong Size)> MappableAreas);
