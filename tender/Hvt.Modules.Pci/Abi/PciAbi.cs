namespace Solo5Net.Hvt.Modules.Pci.Abi;

/// <summary>How the tender places PCI windows and which configuration accesses it forwards (docs/abi.md §4, §5).
/// The numbers the guest sees (hypercalls, hvt_pci_info, the window base) are in Solo5Net.Abi.</summary>
public static class PciAbi
{
    public const ulong DmaAlignment = 2 << 20;
    /// <summary>DMA windows below 4 GiB end here: x86 IOMMUs reserve 0xFEE00000–0xFEEFFFFF for MSI
    /// writes, so no IOVA there can be mapped.</summary>
    public const ulong LowWindowsLimit = 0xFEE0_0000;
    public const ulong MinBarAlignment = 4096;
    public const int ConfigSpaceSize = 4096;
    /// <summary>MSI-X vectors the tender serves per device at most (docs/abi.md §7); a device with
    /// more sees this many in its capability's table size.</summary>
    public const int MaxMsixVectors = 64;
}
