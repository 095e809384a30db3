namespace Solo5Net.DevEmu.Pci;

/// <summary>One base address register: its index, size (a power of two) and kind.</summary>
public sealed record BarSpec(int Index, ulong Size, bool IsIo = false, bool Is64Bit = false, bool Prefetchable = false)
{
    /// <summary>The read-only low bits of the BAR register (space, type, prefetchable).</summary>
    public uint TypeBits => IsIo ? 0x1u : (Is64Bit ? 0x4u : 0) | (Prefetchable ? 0x8u : 0);

    public void Validate()
    {
        if (Index is < 0 or > 5) throw new ArgumentOutOfRangeException(nameof(Index), "BAR index must be 0..5");
        if (Size == 0 || (Size & (Size - 1)) != 0) throw new ArgumentException($"BAR{Index} size {Size} is not a power of two");
        if (IsIo && (Size < 4 || Size > 256)) throw new ArgumentException($"I/O BAR{Index} must be 4..256 bytes");
        if (!IsIo && Size < 16) throw new ArgumentException($"memory BAR{Index} must be at least 16 bytes");
        if (Is64Bit && (IsIo || Index == 5)) throw new ArgumentException($"BAR{Index} cannot be 64-bit");
    }
}
