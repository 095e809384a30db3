using Solo5Net.Abi;
using Solo5Net.Hvt.Modules.Pci.Abi;
using Solo5Net.Hvt.Modules.Pci.Options;

namespace Solo5Net.Hvt.Modules.Pci.Layout;

/// <summary>
/// Hands out guest-physical windows above 4 GiB in call order (docs/abi.md §4): for each device in
/// manifest order its DMA window (2 MiB aligned), then each memory BAR (aligned to its size, ≥ 4 KiB).
/// A device with a narrow DMA address width whose window would not end below its limit there gets
/// the window in low guest-physical space instead: from the end of guest memory (rounded up to
/// 2 MiB) upwards, below 4 GiB. Also hands out guest I/O port ranges for I/O BARs, from 0xC000,
/// aligned to their size.
/// </summary>
/// <param name="lowWindowsBase">Where low windows may begin: the end of guest memory rounded up to
/// 2 MiB (<c>ModuleSetupContext.WindowsBase</c>); without it there is no room below 4 GiB.</param>
public sealed class PciWindowAllocator(ulong lowWindowsBase = PciAbi.LowWindowsLimit)
{
    public const ushort FirstIoPort = 0xC000;
    private const int FullWidth = 64;
    private ulong _next = HvtGuestLayout.PciWindowBase;
    private ulong _nextLow = Alignment.Up(lowWindowsBase, PciAbi.DmaAlignment);
    private uint _nextPort = FirstIoPort;

    public ulong AllocateDma(ulong size) => Allocate(size, PciAbi.DmaAlignment);

    /// <summary>
    /// The GPA of <paramref name="device"/>'s DMA window of <paramref name="size"/> bytes, ending at or
    /// below 2^<paramref name="addressBits"/> (1–64): at the usual place above 4 GiB if it fits there,
    /// else in low space; refused, naming the sizes, when neither fits.
    /// </summary>
    public ulong AllocateDma(string device, ulong size, int addressBits)
    {
        if (addressBits is < 1 or > FullWidth) throw new ArgumentOutOfRangeException(nameof(addressBits));
        if (addressBits == FullWidth) return AllocateDma(size);
        var limit = 1UL << addressBits;
        if (Alignment.Up(_next, PciAbi.DmaAlignment) + size <= limit) return AllocateDma(size);

        var gpa = _nextLow;
        var end = gpa + size;
        var lowLimit = Math.Min(limit, PciAbi.LowWindowsLimit);
        if (end > lowLimit)
            throw new PciException($"{device}: the device addresses {addressBits} bits of DMA (below {SizeParser.Describe(limit)}), " +
                $"but its {SizeParser.Describe(size)} DMA window, placed above guest memory and the windows before it " +
                $"({SizeParser.Describe(gpa)}), would end at {SizeParser.Describe(end)}, above {SizeParser.Describe(lowLimit)}; " +
                $"give the guest less memory (--mem) or the device less DMA memory ({PciOptions.DmaOption}{device}=SIZE)");
        _nextLow = Alignment.Up(end, PciAbi.DmaAlignment);
        return gpa;
    }

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
