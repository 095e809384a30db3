using Solo5Net.Hvt.Modules.Pci.Dma;

namespace Solo5Net.Hvt.Modules.Pci.Backends;

/// <summary>Something that translates device DMA addresses: the VFIO container (one IOMMU domain
/// for every host device) or one vfio-user server. Every DMA window is mapped into every target
/// with IOVA = guest-physical address, so one device can DMA into another's window.</summary>
public interface IDmaTarget
{
    string Description { get; }
    void MapDma(DmaMemory memory, ulong iova);
    void UnmapDma(ulong iova, ulong size);
}
