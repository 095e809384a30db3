using System;
using System.Runtime.InteropServices;

namespace Solo5Net.Abi
{
    /// <summary>struct hvt_pci_info (docs/abi.md §3): 192 bytes in the read-only boot area, one per
    /// attached PCI_BASIC device; the manifest entry's b holds its GPA.</summary>
    [StructLayout(LayoutKind.Explicit, Size = Size)]
    public unsafe struct HvtPciInfo
    {
        public const int Size = 192;
        public const uint CurrentVersion = 1;
        public const int BarCount = 6;
        public const int BarsOffset = 48;

        [FieldOffset(0)] public uint Version;
        /// <summary><see cref="HvtPciInfoFlags"/> bits.</summary>
        [FieldOffset(4)] public uint Flags;
        [FieldOffset(8)] public ushort Segment;
        [FieldOffset(10)] public byte Bus;
        [FieldOffset(11)] public byte Devfn;
        [FieldOffset(12)] public ushort VendorId;
        [FieldOffset(14)] public ushort DeviceId;
        [FieldOffset(16)] public ushort SubsystemVendorId;
        [FieldOffset(18)] public ushort SubsystemId;
        [FieldOffset(20)] public byte Revision;
        [FieldOffset(21)] public byte ProgIf;
        [FieldOffset(22)] public byte Subclass;
        [FieldOffset(23)] public byte ClassCode;
        /// <summary>GPA of the DMA window, which is also the IOVA the device uses.</summary>
        [FieldOffset(24)] public ulong DmaBase;
        [FieldOffset(32)] public ulong DmaSize;
        /// <summary>GPA of this device's <see cref="HvtPciIrqStatus"/> page when the tender serves its
        /// MSI-X (<see cref="HvtPciInfoFlags.Msix"/>, host feature <see cref="HvtFeatures.PciMsix"/>); else 0.</summary>
        [FieldOffset(40)] public ulong IrqStatus;
        /// <summary>BarCount <see cref="HvtPciBar"/> entries.</summary>
        [FieldOffset(BarsOffset)] [CArray(typeof(HvtPciBar), BarCount)] [CName("bar")]
        public fixed byte Bars[BarCount * HvtPciBar.Size];
    }

    /// <summary>One bar[i] of hvt_pci_info (24 bytes).</summary>
    [StructLayout(LayoutKind.Explicit, Size = Size)]
    public struct HvtPciBar
    {
        public const int Size = 24;

        /// <summary>GPA of a memory BAR's window, or the first port of an I/O BAR.</summary>
        [FieldOffset(0)] public ulong Base;
        /// <summary>0 when the BAR is not implemented.</summary>
        [FieldOffset(8)] [CName("size")] public ulong Length;
        /// <summary><see cref="HvtPciBarFlags"/> bits.</summary>
        [FieldOffset(16)] public uint Flags;
    }

    /// <summary>hvt_pci_info.flags.</summary>
    [Flags]
    [CName("PCI_INFO")]
    public enum HvtPciInfoFlags : uint
    {
        None = 0,
        /// <summary>The device is served by a vfio-user process.</summary>
        VfioUser = 1u << 0,
        /// <summary>An interrupt is wired to POLL.</summary>
        Irq = 1u << 1,
        /// <summary>The tender serves the device's MSI-X: table, PBA and the irq_status page (docs/abi.md §7).</summary>
        Msix = 1u << 2,
    }

    /// <summary>hvt_pci_info.bar[i].flags.</summary>
    [Flags]
    [CName("PCI_BAR")]
    public enum HvtPciBarFlags : uint
    {
        None = 0,
        Present = 1u << 0,
        Io = 1u << 1,
        [CName("PCI_BAR_64BIT")] Is64Bit = 1u << 2,
        Prefetchable = 1u << 3,
        /// <summary>Guest accesses go straight to the device.</summary>
        Mapped = 1u << 4,
        /// <summary>Each access exits to the tender, which forwards it.</summary>
        Trapped = 1u << 5,
    }

    /// <summary>
    /// struct hvt_pci_irq_status (docs/abi.md §7): the first bytes of a device's 4 KiB interrupt-status
    /// page, guest-readable and guest-writable RAM. The tender sets bit v of fired (an atomic OR) when
    /// it delivers MSI-X vector v, only while the guest is inside POLL; the guest reads a word and
    /// writes 0 back after Yield.
    /// </summary>
    [StructLayout(LayoutKind.Explicit, Size = Size)]
    public unsafe struct HvtPciIrqStatus
    {
        public const int Size = 256;
        /// <summary>Bytes the page takes in the guest-physical space (the rest of it is reserved).</summary>
        public const int PageSize = 4096;
        /// <summary>MSI-X's own limit: a table has at most 2048 vectors.</summary>
        public const int MaxVectors = 2048;
        public const int FiredWords = MaxVectors / 64;

        /// <summary>Bit v (word v / 64, bit v % 64) = vector v fired since the guest last cleared it.</summary>
        [FieldOffset(0)] public fixed ulong Fired[FiredWords];
    }
}
