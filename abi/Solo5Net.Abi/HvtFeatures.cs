using System;

namespace Solo5Net.Abi
{
    /// <summary>hvt_boot_info.host_features bits (docs/hvt-abi.md §3, §5.1; docs/abi.md §1).</summary>
    [Flags]
    [CName("HVT_FEATURE")]
    public enum HvtFeatures : uint
    {
        None = 0,
        /// <summary>Ring I/O is active: net_ring holds the ring's GPA.</summary>
        RingIo = 1u << 0,
        /// <summary>The tender implements PCI_BASIC.</summary>
        Pci = 1u << 1,
        /// <summary>The tender serves MSI-X for PCI_BASIC devices and reports fired vectors in each such
        /// device's irq_status page (docs/abi.md §7).</summary>
        PciMsix = 1u << 2,
    }
}
