namespace Solo5Net.Hvt.Modules.Pci.Options;

/// <summary>What the operator asked for one PCI_BASIC manifest entry.</summary>
public sealed class PciDeviceRequest(string name)
{
    public string Name { get; } = name;
    public PciDeviceSource? Source { get; set; }
    /// <summary>--pci-dma size in bytes, or null to use the manifest's dma_min.</summary>
    public ulong? DmaSize { get; set; }
}
