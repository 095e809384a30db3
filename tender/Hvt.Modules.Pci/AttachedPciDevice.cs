using Solo5Net.Abi;
using Solo5Net.Interop;
using Solo5Net.Hvt.Modules.Pci.Abi;
using Solo5Net.Hvt.Modules.Pci.Backends;
using Solo5Net.Hvt.Modules.Pci.Dma;
using Solo5Net.Hvt.Modules.Pci.Interrupts;

namespace Solo5Net.Hvt.Modules.Pci;

/// <summary>One PCI_BASIC manifest entry with its device and everything set up for it.</summary>
/// <param name="dmaAddressBits">Bits of DMA address the device decodes (docs/abi.md §2; 64 when the manifest declares none).</param>
public sealed class AttachedPciDevice(string name, int handle, IPciDevice device, PciIdentity identity, ulong dmaSize,
    int dmaAddressBits = 64)
{
    public string Name { get; } = name;
    public int Handle { get; } = handle;
    public IPciDevice Device { get; } = device;
    public PciIdentity Identity { get; } = identity;
    public ulong DmaSize { get; } = dmaSize;
    public int DmaAddressBits { get; } = dmaAddressBits;
    public DmaMemory? Dma { get; set; }
    public ulong DmaGpa { get; set; }
    public PciBarInfo[] Bars { get; } = new PciBarInfo[HvtPciInfo.BarCount];
    /// <summary>The device's interrupts (created at attach, wired when the guest's turn comes).</summary>
    public InterruptRouter? Interrupts { get; set; }
    /// <summary>The interrupt-status page when the tender serves the device's MSI-X (docs/abi.md §7).</summary>
    public SharedWords? IrqStatus { get; set; }
    public ulong IrqStatusGpa { get; set; }

    public bool HasMemoryBar => Bars.Any(b => (b.Flags & HvtPciBarFlags.Present) != 0 && (b.Flags & HvtPciBarFlags.Io) == 0);

    public PciInfoBlock InfoBlock() => new()
    {
        Flags = Device.SourceFlags | (Interrupts is { HasInterrupt: true } ? HvtPciInfoFlags.Irq : 0)
            | (IrqStatus != null ? HvtPciInfoFlags.Msix : 0),
        Segment = Device.Segment, Bus = Device.Bus, DevFn = Device.DevFn,
        VendorId = Identity.VendorId, DeviceId = Identity.DeviceId,
        SubsystemVendorId = Identity.SubsystemVendorId, SubsystemId = Identity.SubsystemId,
        Revision = Identity.Revision, ProgIf = Identity.ProgIf, Subclass = Identity.Subclass, ClassCode = Identity.ClassCode,
        DmaBase = Dma != null ? DmaGpa : 0, DmaSize = Dma?.Size ?? 0,
        IrqStatus = IrqStatus != null ? IrqStatusGpa : 0,
        Bars = Bars,
    };

    /// <summary>Releases the device side (interrupt, BAR mappings, reset, connection). DMA memory is
    /// freed separately, after every DMA target has unmapped it.</summary>
    public void ReleaseDevice()
    {
        Device.Dispose();
        Interrupts?.Dispose();
    }

    /// <summary>Frees the DMA memory and the interrupt-status page, once no device can reach them.</summary>
    public void ReleaseMemory()
    {
        Dma?.Dispose();
        IrqStatus?.Dispose();
    }
}
