using Solo5Net.Abi;
using Solo5Net.Hvt.Modules.Pci.Abi;

namespace Solo5Net.Hvt.Modules.Pci.Layout;

/// <summary>
/// Hands out guest-physical windows above 4 GiB in call order (docs/abi.md §4): for each device in
/// manifest order its DMA window (2 MiB aligned), then each memory BAR (aligned to its size, ≥ 4 KiB).
/// Also hands out guest I/O port ranges for I/O BARs, from 0xC000, aligned to their size.
/// </summary>
public sealed class PciWindowAllocator
{
    public const ushort FirstIoPort = 0xC000;
    private ulong _next = HvtGuestLayout.PciWindowBase;
    private uint _nextPort = FirstIoPort;

    public ulong AllocateDma(ulong size) => Allocate(size, PciAbi.DmaAlignment);

    /// <summary>The GPA of a memory BAR of <paramref name="size"/> bytes (a power of two).</summary>
    /// A 32-bit BAR register holds only the low half of the GPA; a window whose low half would be 0
    /// is skipped, because devices (and QEMU's models) read a zero BAR as "not placed".
    public ulong AllocateBar(ulong size)
    {
        var windowSize = Alignment.Up(size, PciAbi.MinBarAlignment);
        var alignment = Math.Max(size, PciAbi.MinBarAlignment);
        if ((Alignment.Up(_next, alignment) & 0xFFFF_FFFF) == 0) _next = Alignment.Up(_next, alignment) + alignment;
        return Allocate(windowSize, alignment);
    }

    /// <summary>The first port of an I/O BAR of <paramref name="size"/> bytes (≤ 256 for PCI).</summary>
    public ushort AllocatePorts(ulong size)
    {
        var aligned = (uint)Alignment.Up(_nextPort, Math.Max(size, 4));
        if (size > 0x10000 || aligned + size > 0x10000)
            throw new PciException($"no room for an I/O BAR of {size} bytes in the guest port space");
        _nextPort = aligned + (uint)size;
        return (ushort)aligned;
    }

    private ulong Allocate(ulong size, ulong alignment)
    {
        var gpa = Alignment.Up(_next, alignment);
        _next = gpa + size;
        return gpa;
    }

}
