using Solo5Net.Hvt.Modules.Pci.Backends;
using Solo5Net.Hvt.Modules.Pci.Options;

namespace Solo5Net.Hvt.Modules.Pci.Layout;

/// <summary>
/// BAR sizes come from the device's backend (a vfio-user peer, or the host kernel for VFIO) and are
/// checked before any window is placed or mapped, so that a size no PCI device can have is refused by
/// name instead of overflowing the window arithmetic. A BAR is a power of two of at least 16 bytes
/// (memory) or 4 bytes (I/O); I/O BARs are at most 256 bytes, memory BARs at most
/// <see cref="MaxMemoryBarSize"/> (the guest's windows above 4 GiB are mapped by 23 page tables of
/// 1 GiB each, docs/hvt-abi.md §1.1).
/// </summary>
public static class BarSizeCheck
{
    public const ulong MaxMemoryBarSize = 16UL << 30;
    public const ulong MaxIoBarSize = 256;

    public static void Require(string name, string description, IEnumerable<PciBarRegion> bars)
    {
        foreach (var bar in bars)
        {
            var kind = bar.IsIo ? "I/O" : "memory";
            ulong minimum = bar.IsIo ? 4UL : 16UL, maximum = bar.IsIo ? MaxIoBarSize : MaxMemoryBarSize;
            if (bar.Size < minimum || (bar.Size & (bar.Size - 1)) != 0)
                throw new PciException($"{name}: {description} reports {kind} BAR{bar.Index} of 0x{bar.Size:x} bytes, " +
                    $"which is not a power of two of at least {minimum} bytes; refusing the device");
            if (bar.Size > maximum)
                throw new PciException($"{name}: {description} reports {kind} BAR{bar.Index} of {SizeParser.Describe(bar.Size)}, " +
                    $"more than the {SizeParser.Describe(maximum)} the tender can place for a guest; refusing the device");
        }
    }
}
