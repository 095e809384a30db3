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
}
