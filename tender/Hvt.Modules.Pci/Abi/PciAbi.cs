namespace Solo5Net.Hvt.Modules.Pci.Abi;

/// <summary>Numbers of the PCI_BASIC extension (docs/abi.md).</summary>
public static class PciAbi
{
    public const uint MftDevPciBasic = 3;
    public const int HostFeatureBit = 1;               // HVT_FEATURE_PCI = 1 << 1
    public const int HypercallConfigRead = 9;
    public const int HypercallConfigWrite = 10;
    public const ulong WindowBase = 0x1_0000_0000;     // HVT_PCI_WINDOW_BASE
    public const ulong DmaAlignment = 2 << 20;
    public const ulong MinBarAlignment = 4096;
    public const int ConfigSpaceSize = 4096;
    public const int BarCount = 6;
}
